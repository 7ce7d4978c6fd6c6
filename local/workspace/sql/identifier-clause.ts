/**
 * The IDENTIFIER clause: `IDENTIFIER('s.t')`, `IDENTIFIER(:table)`, `IDENTIFIER('s.' || :t)` name a table,
 * a column or a function by a constant string, read as a (qualified) name wherever a name may be written.
 * Each part becomes a quoted name, so the string can name nothing but an object: `t; DROP …` is a syntax
 * error, never a statement.
 */
import { SqlError, sqlErrors } from "../errors.js";
import { Cursor } from "./cursor.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

export function resolveIdentifierClauses(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const isClause = isWord(tokens[k], "IDENTIFIER") && isOp(tokens[k + 1], "(") && !isOp(tokens[k - 1], ".");
    if (!isClause) {
      out.push(tokens[k]);
      continue;
    }
    const close = Cursor.matchParen(tokens, k + 1);
    const name = nameParts(constantString(tokens.slice(k + 2, close)));
    const pos = tokens[k].pos;
    name.forEach((part, i) => out.push(...(i > 0 ? [madeToken("op", ".", pos)] : []), madeToken("qident", part, pos)));
    k = close;
  }
  return out;
}

/** the string an argument of string literals joined by `||` makes, or Spark's NOT_A_CONSTANT_STRING for anything else */
function constantString(arg: Token[]): string {
  const joined = arg.every((t, i) => (i % 2 === 0 ? t.kind === "string" && t.prefix !== "X" : isOp(t, "||"))) && arg.length % 2 === 1;
  if (joined) return arg.filter((t) => t.kind === "string").map((t) => t.value).join("");
  throw notConstantString(arg);
}

/** Spark's subclass of NOT_A_CONSTANT_STRING for the argument, and what it adds to the message */
function whyNotConstant(arg: Token[]): { subclass: string; detail: string } {
  // a bound parameter of another type is `CAST(<value> AS <type>)`
  const isCast = isWord(arg[0], "CAST") && isOp(arg[1], "(") && isWord(arg[3], "AS") && isOp(arg[arg.length - 1], ")");
  if ((isCast && isWord(arg[2], "NULL")) || (arg.length === 1 && isWord(arg[0], "NULL"))) return { subclass: "NULL", detail: "The expression evaluates to NULL." };
  const wrongType = (type: string) => ({ subclass: "WRONG_TYPE", detail: `The data type of the expression is "${type}".` });
  if (isCast) return wrongType(arg.slice(4, -1).map((t) => t.value.toUpperCase()).join(""));
  if (arg.length === 1 && arg[0].kind === "number") return wrongType(arg[0].value.includes(".") ? "DECIMAL" : "INT");
  return {
    subclass: "NOT_CONSTANT",
    detail: "To be considered constant the expression must not depend on any columns, contain a subquery, or invoke a non deterministic function such as rand().",
  };
}

function notConstantString(arg: Token[]): SqlError {
  const { subclass, detail } = whyNotConstant(arg);
  const expression = arg.map((t) => (t.kind === "string" ? `'${t.value}'` : t.value)).join(" ");
  return new SqlError(
    "org.apache.spark.sql.AnalysisException",
    `NOT_A_CONSTANT_STRING.${subclass}`,
    `The expression \`${expression}\` used for the routine or clause \`IDENTIFIER\` must be a constant STRING which is NOT NULL. ${detail} SQLSTATE: 42601`,
  );
}

/** a qualified name's parts, as Spark reads a multi-part identifier: `a.b`, `` `a.b`.c `` (a doubled backtick is one) */
function nameParts(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === "`") {
      let part = "";
      for (i++; ; i++) {
        if (i >= text.length) throw sqlErrors.syntax(`'${text}'`, "(an IDENTIFIER's string has an unclosed backtick)");
        if (text[i] === "`" && text[i + 1] === "`") part += text[i++];
        else if (text[i] === "`") break;
        else part += text[i];
      }
      i++;
      parts.push(part);
    } else {
      const word = /^[A-Za-z0-9_]+/.exec(text.slice(i))?.[0];
      if (!word) throw sqlErrors.syntax(`'${text.slice(i) || text}'`, "(an IDENTIFIER's string must be a name, or names joined by '.')");
      parts.push(word);
      i += word.length;
    }
    skipSpace();
    if (i === text.length) return parts;
    if (text[i] !== ".") throw sqlErrors.syntax(`'${text.slice(i)}'`, "(an IDENTIFIER's string must be a name, or names joined by '.')");
    i++;
  }
}
