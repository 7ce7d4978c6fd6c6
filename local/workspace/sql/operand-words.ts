/**
 * Which words of a query are its syntax rather than an operand, for the rewrites that find an
 * operand's edges in the tokens (sql/ansi-division.ts, sql/concat-operator.ts) and the translator's
 * subscripts (sql/translate.ts): no operand ends at such a word, so an operator after it is no binary
 * one (`SELECT - x`, the column of `SELECT div`), and a parenthesis after it is no call's (`WHERE (x)[0]`).
 * END ends CASE … END, an operand, but calls nothing either.
 */
import { isOp, isWord, type Token } from "./tokenizer.js";

/** Spark's keywords an operand, a name or a clause follows, never one of Spark's operands */
const SYNTAX_WORDS = new Set([
  "SELECT", "DISTINCT", "ALL", "FROM", "WHERE", "HAVING", "QUALIFY", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN",
  "ON", "AS", "VALUES", "SET", "RETURN", "CASE", "WHEN", "THEN", "ELSE", "AND", "OR", "NOT", "IN", "IS", "LIKE", "ILIKE", "RLIKE",
  "BETWEEN", "ESCAPE", "ANY", "SOME", "INTERVAL", "OVER", "FILTER",
]);

/**
 * Keywords that are syntax only where the words around them make a clause (ORDER BY, GROUP BY's BY, LEFT JOIN, WINDOW w AS,
 * WITHIN GROUP): elsewhere Spark takes them as names, so `left DIV 2` and `order || 'x'` divide and join a column's values
 */
const CLAUSE_WORDS: Record<string, (tokens: readonly Token[], k: number) => boolean> = {
  ...Object.fromEntries(["ORDER", "SORT", "CLUSTER", "DISTRIBUTE"].map((w) => [w, (tokens: readonly Token[], k: number) => isWord(tokens[k + 1], "BY")])),
  GROUP: (tokens, k) => isWord(tokens[k + 1], "BY") || isWord(tokens[k - 1], "WITHIN"),
  // the BY of GROUP BY, ORDER BY, PARTITION BY: an operand starts after it (`GROUP BY id / 2`, written as the select list's `id / 2` is)
  BY: (tokens, k) => ["GROUP", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "PARTITION"].some((w) => isWord(tokens[k - 1], w)),
  ...Object.fromEntries(["LEFT", "RIGHT", "FULL"].map((w) => [w, (tokens: readonly Token[], k: number) => ["OUTER", "SEMI", "ANTI", "JOIN"].some((j) => isWord(tokens[k + 1], j))])),
  ...Object.fromEntries(["INNER", "CROSS"].map((w) => [w, (tokens: readonly Token[], k: number) => isWord(tokens[k + 1], "JOIN")])),
  WINDOW: (tokens, k) => (tokens[k + 1]?.kind === "ident" || tokens[k + 1]?.kind === "qident") && isWord(tokens[k + 2], "AS"),
};

/** whether the word at `k` is one of those keywords that Spark reads as a name there, no clause being made (`SELECT left FROM t`) */
export function isClauseWordAsName(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  const makesClause = t?.kind === "ident" ? CLAUSE_WORDS[t.value.toUpperCase()] : undefined;
  return makesClause !== undefined && !makesClause(tokens, k);
}

/** whether the word at `k` is one of Spark's keywords that no operand ends at */
export function isSyntaxWordAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t?.kind !== "ident") return false;
  const makesClause = CLAUSE_WORDS[t.value.toUpperCase()];
  return makesClause ? makesClause(tokens, k) : SYNTAX_WORDS.has(t.value.toUpperCase());
}

/** whether the token at `k` names something (a column, a field, or a function when "(" follows): a quoted name, or a word that is no syntax there nor END */
export function isNameAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  return t?.kind === "qident" || (t?.kind === "ident" && !isSyntaxWordAt(tokens, k) && !isWord(t, "END"));
}

/** whether an operand ends at the token at `k`, so that an operator after it is binary: a literal, a name, ")", "]" or the END of CASE … END */
export function endsOperandAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined) return false;
  if (t.kind === "number" || t.kind === "string") return true;
  return isOp(t, ")") || isOp(t, "]") || isWord(t, "END") || isNameAt(tokens, k);
}

/** the keywords of a date's or a timestamp's typed literal */
export const DATETIME_LITERAL_WORDS = ["DATE", "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ"];

/** whether a date's or a timestamp's typed literal starts at `k`, its keyword followed by a string: `DATE '2024-01-02'` */
export const isDatetimeLiteralAt = (tokens: readonly Token[], k: number): boolean =>
  DATETIME_LITERAL_WORDS.some((word) => isWord(tokens[k], word)) && tokens[k + 1]?.kind === "string";
