/**
 * A tokenizer for the Spark SQL subset. It keeps what the translator needs to re-emit DuckDB SQL:
 * Spark strings ('…' or "…", backslash escapes, a doubled quote) become plain values, backticked identifiers are
 * marked as quoted, and numeric suffixes (10L, 1.5BD, 2D) are kept apart from the digits.
 */
import { sqlErrors } from "../errors.js";

export type TokenKind = "ident" | "qident" | "string" | "number" | "op" | "eof";

export interface Token {
  kind: TokenKind;
  /** identifiers: the name (unquoted); strings: the unescaped value; numbers: the digits; ops: the text */
  value: string;
  /** numeric suffix upper-cased (L, S, Y, D, F, BD) or "" */
  suffix: string;
  /** string literal prefix: "X" for hex binary literals, "R" for raw strings, or "" */
  prefix: string;
  /** offset in the statement text, for error messages */
  pos: number;
}

/** A token the translation writes itself, with no suffix or prefix, at `pos` for its error messages. */
export function madeToken(kind: TokenKind, value: string, pos: number): Token {
  return { kind, value, suffix: "", prefix: "", pos };
}

/** whether `t` is the unquoted word `word` (upper case), as keywords are matched */
export function isWord(t: Token | undefined, word: string): boolean {
  return t?.kind === "ident" && t.value.toUpperCase() === word;
}

/** whether `t` is the operator or punctuation `value` */
export function isOp(t: Token | undefined, value: string): boolean {
  return t?.kind === "op" && t.value === value;
}


const OPERATORS = ["<=>", ":=", "::", "<>", "!=", "==", "<=", ">=", "||", "->", "=>", "&&"];
const SINGLE = "()[],.;+-*/%<>=!&|^~:?{}@";

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", "0": "\0", Z: "\x1a", "%": "\\%", _: "\\_" };

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, pos: number, suffix = "", prefix = "") =>
    out.push({ kind, value, pos, suffix, prefix });
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) throw sqlErrors.syntax("end of input", "Unclosed bracketed comment.");
      i = end + 2;
      continue;
    }
    const start = i;
    // string literals, optionally prefixed: X'0A' (binary), r'raw' (no escapes)
    const prefixed = /[xXrR]/.test(c) && (sql[i + 1] === "'" || sql[i + 1] === '"');
    if (c === "'" || c === '"' || prefixed) {
      const prefix = prefixed ? c.toUpperCase() : "";
      if (prefixed) i++;
      const q = sql[i];
      i++;
      let value = "";
      for (;;) {
        if (i >= sql.length) throw sqlErrors.syntax("end of input", "Unclosed string literal.");
        const ch = sql[i];
        if (ch === "\\" && prefix !== "R") {
          const next = sql[i + 1] ?? "";
          if (next === "u" && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            value += ESCAPES[next] ?? next;
            i += 2;
          }
          continue;
        }
        if (ch === q && sql[i + 1] === q && prefix === "") {
          // a doubled quote is the quote itself, as in current Spark ('it''s' is it's)
          value += q;
          i += 2;
          continue;
        }
        if (ch === q) {
          i++;
          break;
        }
        value += ch;
        i++;
      }
      push("string", value, start, "", prefix);
      continue;
    }
    if (c === "`") {
      let value = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw sqlErrors.syntax("end of input", "Unclosed backquoted identifier.");
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") {
            value += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i++];
      }
      push("qident", value, start);
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(sql[i + 1] ?? ""))) {
      while (i < sql.length && isDigit(sql[i])) i++;
      if (sql[i] === "." && isDigit(sql[i + 1] ?? "")) {
        i++;
        while (i < sql.length && isDigit(sql[i])) i++;
      } else if (sql[i] === "." && !isIdentStart(sql[i + 1] ?? "")) {
        i++;
      }
      if (/[eE]/.test(sql[i] ?? "") && /[0-9+-]/.test(sql[i + 1] ?? "")) {
        i += 2;
        while (i < sql.length && isDigit(sql[i])) i++;
      }
      const digits = sql.slice(start, i);
      const rest = sql.slice(i);
      const suffix = /^(BD|[LSYDF])(?![A-Za-z0-9_])/i.exec(rest)?.[1]?.toUpperCase() ?? "";
      i += suffix.length;
      if (isIdentPart(sql[i] ?? "")) {
        // 1abc is an identifier in Spark (e.g. a column named 1st_col)
        while (i < sql.length && isIdentPart(sql[i])) i++;
        push("ident", sql.slice(start, i), start);
        continue;
      }
      push("number", digits, start, suffix);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < sql.length && isIdentPart(sql[i])) i++;
      push("ident", sql.slice(start, i), start);
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (op) {
      push("op", op, start);
      i += op.length;
      continue;
    }
    if (SINGLE.includes(c)) {
      push("op", c, start);
      i++;
      continue;
    }
    throw sqlErrors.syntax(`'${c}'`, `Unexpected character at position ${i}.`);
  }
  push("eof", "", sql.length);
  return out;
}

/** Splits a command into statements at top-level semicolons (strings and comments respected). */
export function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === "eof" || (t.kind === "op" && t.value === ";")) {
      if (current.length > 0) statements.push([...current, madeToken("eof", "", t.pos)]);
      current = [];
      continue;
    }
    current.push(t);
  }
  return statements;
}
