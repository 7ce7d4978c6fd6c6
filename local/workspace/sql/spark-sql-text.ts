/**
 * Spark SQL text of tokens, for what Delta keeps as text (a CHECK constraint's expression): it reads back as the same tokens. Strings
 * are written with their escapes (a backslash and a quote escaped, raw and hex literals with their prefix), quoted names in backticks,
 * numbers with their suffix; a space between tokens except around `.`, after `(` and `[`, before `)`, `]` and `,`, and between a
 * function's name and its arguments.
 */
import { isNameAt } from "./operand-words.js";
import type { Token } from "./tokenizer.js";

export function sparkSqlText(tokens: readonly Token[]): string {
  let text = "";
  for (let k = 0; k < tokens.length && tokens[k].kind !== "eof"; k++) {
    const [previous, t] = [tokens[k - 1], tokens[k]];
    const call = isOneOf(t, "(") && isNameAt(tokens, k - 1);
    const glued = k === 0 || call || isOneOf(previous, "(", "[", ".") || isOneOf(t, ")", "]", ",", ".", "[");
    text += (glued ? "" : " ") + tokenText(t);
  }
  return text;
}

function tokenText(t: Token): string {
  switch (t.kind) {
    case "string":
      return t.prefix === "R" || t.prefix === "X" ? `${t.prefix}'${t.value}'` : `'${t.value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
    case "qident":
      return "`" + t.value.replaceAll("`", "``") + "`";
    case "number":
      return t.value + t.suffix;
    default:
      return t.value;
  }
}

const isOneOf = (t: Token, ...ops: string[]) => t.kind === "op" && ops.includes(t.value);
