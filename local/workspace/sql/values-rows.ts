/**
 * Inline tables (`VALUES …`) as Spark reads them, written for DuckDB: a row may be a single value
 * without parentheses (`VALUES 1, 2`, which DuckDB's parser refuses), and the columns are named
 * col1, col2, … (DuckDB's are col0, col1, …, so `SELECT col1` would read another column), with no
 * alias needed in FROM (DuckDB's parser needs one). Bare rows are parenthesised when they are literals
 * (a number with its sign, a string, NULL, TRUE, FALSE, a typed literal such as DATE '2024-01-01');
 * another form is left for DuckDB, which names what it cannot read.
 */
import { Cursor } from "./cursor.js";
import { AFTER_RELATION } from "./relation-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const TYPED_LITERALS = ["DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "INTERVAL", "X"];
/** words that may follow an inline table in FROM without being its alias */
const ALIAS = "__values";

/** the number of tokens of the literal at k, 0 when there is none */
function literalLength(tokens: Token[], k: number): number {
  const t = tokens[k];
  if (!t) return 0;
  if (isOp(t, "-") || isOp(t, "+")) return tokens[k + 1]?.kind === "number" ? 2 : 0;
  if (t.kind === "number" || t.kind === "string") return 1;
  if (isWord(t, "NULL") || isWord(t, "TRUE") || isWord(t, "FALSE")) return 1;
  if (TYPED_LITERALS.some((w) => isWord(t, w)) && tokens[k + 1]?.kind === "string") return 2;
  return 0;
}

/** the rows after VALUES at `from`, each parenthesised, and where they end; undefined when they are neither literals nor parenthesised */
function valuesRows(tokens: Token[], from: number): { rows: Token[][]; end: number } | undefined {
  const rows: Token[][] = [];
  let at = from;
  for (;;) {
    if (isOp(tokens[at], "(")) {
      const close = Cursor.matchParen(tokens, at);
      rows.push(tokens.slice(at, close + 1));
      at = close + 1;
    } else {
      const length = literalLength(tokens, at);
      if (length === 0) return undefined;
      const row = tokens.slice(at, at + length);
      rows.push([madeToken("op", "(", row[0].pos), ...row, madeToken("op", ")", row[0].pos)]);
      at += length;
    }
    if (!isOp(tokens[at], ",") || !(isOp(tokens[at + 1], "(") || literalLength(tokens, at + 1) > 0)) return { rows, end: at };
    at++;
  }
}

/** the columns of a parenthesised row: its top-level commas plus one */
function width(row: Token[]): number {
  let depth = 0;
  let columns = 1;
  for (const t of row) {
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) depth--;
    else if (depth === 1 && isOp(t, ",")) columns++;
  }
  return columns;
}

export function inlineTables(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    const inFrom = isWord(prev, "FROM") || isWord(prev, "JOIN");
    const standalone = k === 0 || isOp(prev, "(") || ["UNION", "EXCEPT", "INTERSECT", "ALL", "DISTINCT"].some((w) => isWord(prev, w));
    const parsed = isWord(t, "VALUES") && (inFrom || standalone) ? valuesRows(tokens, k + 1) : undefined;
    if (!parsed) {
      out.push(t);
      continue;
    }
    const { rows, end } = parsed;
    const at = (kind: Token["kind"], value: string) => madeToken(kind, value, t.pos);
    const columns = Array.from({ length: width(rows[0]) }, (_, c) => `col${c + 1}`);
    const columnList = [at("op", "("), ...columns.flatMap((c, n) => (n > 0 ? [at("op", ","), at("ident", c)] : [at("ident", c)])), at("op", ")")];
    const body = [t, ...rows.flatMap((row, n) => (n > 0 ? [at("op", ","), ...row] : row))];
    let next = end;
    if (inFrom) {
      out.push(...body);
      const aliasAt = isWord(tokens[next], "AS") ? next + 1 : next;
      const alias = tokens[aliasAt];
      const named = (alias?.kind === "ident" || alias?.kind === "qident") && !AFTER_RELATION.some((w) => isWord(alias, w));
      if (named && isOp(tokens[aliasAt + 1], "(")) {
        // the query names its columns
      } else if (named) {
        out.push(...tokens.slice(next, aliasAt + 1), ...columnList);
        next = aliasAt + 1;
      } else out.push(at("ident", "AS"), at("ident", ALIAS), ...columnList);
    } else {
      // a query of its own: a SELECT of its rows under the names Spark gives them, or those its alias gives (VALUES … AS v(a, b));
      // an ORDER BY, LIMIT or set operation after it applies to that SELECT
      const aliasAt = isWord(tokens[next], "AS") ? next + 1 : next;
      const alias = tokens[aliasAt];
      const named = (alias?.kind === "ident" || alias?.kind === "qident") && !AFTER_RELATION.some((w) => isWord(alias, w)) && isOp(tokens[aliasAt + 1], "(");
      const close = named ? Cursor.closingParen(tokens, aliasAt + 1) : -1;
      const naming = close > 0 ? [at("ident", "AS"), ...tokens.slice(aliasAt, close + 1)] : [at("ident", "AS"), at("ident", ALIAS), ...columnList];
      out.push(at("ident", "SELECT"), at("op", "*"), at("ident", "FROM"), at("op", "("), ...body, at("op", ")"), ...naming);
      if (close > 0) next = close + 1;
    }
    k = next - 1;
  }
  return out;
}
