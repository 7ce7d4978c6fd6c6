/**
 * Division by zero as a Databricks SQL warehouse (ANSI mode) answers it: `x / 0`, `x DIV 0` and
 * `x % 0` fail with DIVIDE_BY_ZERO, where DuckDB answers Infinity, NaN or NULL. Before translation,
 * the right operand of each `/`, `DIV` and `%` is wrapped in spark_divisor(…), which raises Spark's
 * error for a zero and is the operand otherwise (engine/spark-functions.ts). `a DIV b` becomes
 * spark_div(a, spark_divisor(b)), Spark's quotient truncated to a BIGINT, where a's start is clear.
 */
import { Cursor } from "./cursor.js";
import { parseSparkType } from "./spark-types.js";
import { endsOperandAt, isDatetimeLiteralAt, isNameAt } from "./operand-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the tokens with every divisor wrapped in spark_divisor(…); a divisor whose end is not clear is left as it is */
export function guardDivisors(tokens: Token[]): Token[] {
  const out = [...tokens];
  // from the end, so that wrapping a divisor moves no operator still to visit
  for (let k = out.length - 1; k >= 0; k--) {
    if (!(isOp(out[k], "/") || isOp(out[k], "%") || isDivOperator(out, k))) continue;
    // guarded already: a fragment of a translated query (a table function's argument) is translated again
    if (isWord(out[k + 1], "SPARK_DIVISOR")) continue;
    const end = operandEnd(out, k + 1);
    if (end < 0) continue;
    const pos = out[k].pos;
    const token = (kind: Token["kind"], value: string): Token => madeToken(kind, value, pos);
    out.splice(end + 1, 0, token("op", ")"));
    out.splice(k + 1, 0, token("ident", "spark_divisor"), token("op", "("));
    if (!isDivOperator(out, k)) continue;
    // a DIV b as spark_div(a, b): the quotient truncated to a BIGINT whatever the operands' types, where
    // DuckDB's // keeps a DECIMAL's or DOUBLE's fraction; a left operand whose start is not clear keeps //
    const start = leftOperandStart(out, k - 1);
    if (start < 0) continue;
    out.splice(end + 3, 0, token("op", ")"));
    out[k] = token("op", ",");
    out.splice(start, 0, token("ident", "spark_div"), token("op", "("));
    // the tokens before DIV moved two places on: visit them still
    k += 2;
  }
  return out;
}

/**
 * The first token of the operand of DIV that ends at `end`, when it is a literal, a (qualified) name, a
 * call or a parenthesis after nothing that binds as tightly as DIV (`*`, `/`, `%`, another DIV, a cast);
 * -1 otherwise.
 */
export function leftOperandStart(tokens: Token[], end: number): number {
  const start = operandStart(tokens, end);
  return start >= 0 && nothingBindsBefore(tokens, start) ? start : -1;
}

/** whether the token before `start` leaves an operand starting there to an operator of a product's precedence after it (it is no `*`, `/`, `%`, DIV, cast, field, subscript or CASE) */
export function nothingBindsBefore(tokens: Token[], start: number): boolean {
  const before = tokens[start - 1];
  if (before === undefined) return true;
  if (before.kind === "op" && ["*", "/", "%", "::", ".", "^", "~", "[", "]"].includes(before.value)) return false;
  return !isWord(before, "DIV") && !isWord(before, "CASE");
}

/** The first token of the operand that ends at `end`, whatever stands before it: a literal, a (qualified) name, a call, a parenthesis or CASE … END; -1 otherwise. */
export function operandStart(tokens: Token[], end: number): number {
  const t = tokens[end];
  let start: number;
  if (t?.kind === "number") start = end;
  else if (isWord(t, "END")) return Cursor.matchBack(tokens, end);
  else if (t?.kind === "string") {
    // a typed literal (DATE '…', INTERVAL '…') or literals side by side; after another word (SELECT 'a') the string alone
    if (isDatetimeLiteralAt(tokens, end - 1) || isWord(tokens[end - 1], "INTERVAL") || tokens[end - 1]?.kind === "string") return -1;
    start = end;
  } else if (isOp(t, ")")) {
    start = Cursor.matchBack(tokens, end);
    if (start < 0) return -1;
    if (isNameAt(tokens, start - 1)) start = qualifiedStart(tokens, start - 1);
  } else if (isNameAt(tokens, end)) start = qualifiedStart(tokens, end);
  else return -1;
  return start;
}

/** the first token of the name that ends with the name at `k` (`t.a`, `c.s.t.f`) */
function qualifiedStart(tokens: Token[], k: number): number {
  while (isOp(tokens[k - 1], ".") && (tokens[k - 2]?.kind === "ident" || tokens[k - 2]?.kind === "qident")) k -= 2;
  return k;
}

/** whether the word DIV at `k` is the operator: an operand ends before it (`a DIV b`, `CASE … END DIV b`, not the column of `SELECT div`) */
export function isDivOperator(tokens: Token[], k: number): boolean {
  return isWord(tokens[k], "DIV") && endsOperandAt(tokens, k - 1);
}

/**
 * The last token of the operand that starts at `start` and binds tighter than `*` and `/`: a sign,
 * then a literal, a name, a call (with its OVER or FILTER clause), a parenthesis or CASE … END, then
 * any `.field`, `[i]` and `::type`; -1 for anything else.
 */
export function operandEnd(tokens: Token[], start: number): number {
  let k = start;
  while (isOp(tokens[k], "-") || isOp(tokens[k], "+")) k++;
  const t = tokens[k];
  let end: number;
  if (isOp(t, "(")) end = Cursor.matchParen(tokens, k);
  else if (isWord(t, "CASE")) end = caseEnd(tokens, k);
  else if (isDatetimeLiteralAt(tokens, k)) end = k + 1;
  // `div` or `%` before a clause is no operator (a column named div), nor before INTERVAL, whose end is unclear
  else if (t?.kind === "ident" && !isNameAt(tokens, k)) return -1;
  else if ((t?.kind === "ident" || t?.kind === "qident") && isOp(tokens[k + 1], "(")) {
    end = Cursor.matchParen(tokens, k + 1);
    for (const clause of ["FILTER", "OVER"]) {
      if (!isWord(tokens[end + 1], clause)) continue;
      end = isOp(tokens[end + 2], "(") ? Cursor.matchParen(tokens, end + 2) : end + 2;
    }
  } else if (t?.kind === "ident" || t?.kind === "qident" || t?.kind === "number" || t?.kind === "string") end = k;
  else return -1;
  if (end < 0) return -1;
  for (;;) {
    const next = tokens[end + 1];
    if (isOp(next, ".") && (tokens[end + 2]?.kind === "ident" || tokens[end + 2]?.kind === "qident")) end += 2;
    else if (isOp(next, "[")) end = bracketEnd(tokens, end + 1);
    else if (isOp(next, "::")) {
      const c = new Cursor(tokens);
      c.i = end + 2;
      parseSparkType(c);
      end = c.i - 1;
    } else return end;
    if (end < 0) return -1;
  }
}

/** the index of the token that closes the one opened at `k` (nested pairs skipped), -1 when none does */
function closingAt(tokens: Token[], k: number, opens: (t: Token) => boolean, closes: (t: Token) => boolean): number {
  let depth = 0;
  for (; k < tokens.length; k++) {
    if (opens(tokens[k])) depth++;
    else if (closes(tokens[k]) && --depth === 0) return k;
  }
  return -1;
}

const caseEnd = (tokens: Token[], k: number) => closingAt(tokens, k, (t) => isWord(t, "CASE"), (t) => isWord(t, "END"));
/** where the parenthesis opened at `k` closes; -1 where it does not, which the translator reports */
export const parenEnd = (tokens: Token[], k: number) => closingAt(tokens, k, (t) => isOp(t, "("), (t) => isOp(t, ")"));
const bracketEnd = (tokens: Token[], k: number) => closingAt(tokens, k, (t) => isOp(t, "["), (t) => isOp(t, "]"));
