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
  "SELECT", "DISTINCT", "ALL", "FROM", "WHERE", "GROUP", "BY", "HAVING", "QUALIFY", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "WINDOW",
  "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "ON", "AS", "VALUES",
  "SET", "RETURN", "CASE", "WHEN", "THEN", "ELSE", "AND", "OR", "NOT", "IN", "IS", "LIKE", "ILIKE", "RLIKE", "BETWEEN", "ESCAPE",
  "ANY", "SOME", "INTERVAL", "OVER", "FILTER",
]);

/** whether `t` is one of Spark's keywords that no operand ends at */
export function isSyntaxWord(t: Token | undefined): boolean {
  return t?.kind === "ident" && SYNTAX_WORDS.has(t.value.toUpperCase());
}

/** whether `t` names something (a column, a field, or a function when "(" follows): a quoted name, or a word that is no syntax nor END */
export function isName(t: Token | undefined): boolean {
  return t?.kind === "qident" || (t?.kind === "ident" && !isSyntaxWord(t) && !isWord(t, "END"));
}

/** whether an operand ends at `t`, so that an operator after it is binary: a literal, a name, ")", "]" or the END of CASE … END */
export function endsOperand(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === "number" || t.kind === "string") return true;
  return isOp(t, ")") || isOp(t, "]") || isWord(t, "END") || isName(t);
}
