/**
 * Spark's `a || b` is concat(a, b), which writes a TIMESTAMP as CAST(ts AS STRING) does, where DuckDB's
 * `||` adds the zone offset (`… 03:04:05+00`). Before translation, each `||` whose operands are clear
 * becomes concat(a, b) (sql/string-calls.ts, engine/spark-functions.ts), from the left so that a chain nests. Its left
 * operand reaches back over `*`, `/`, `%`, DIV, `+` and `-`, its right one on over `*`, `/`, `%` and DIV,
 * which Spark and DuckDB both apply first (`x + 1 || ts` is (x + 1) || ts, `ts || x * 2` ts || (x * 2)). A `+` or
 * `-` after the right operand applies to concat(a, b), as Spark applies `a || b + c`, (a || b) + c, where DuckDB's
 * `||` would take b + c. A `||` whose operands are not clear stays DuckDB's.
 */
import { Cursor } from "./cursor.js";
import { isDivOperator, operandEnd, operandStart } from "./ansi-division.js";
import { endsOperandAt, isDatetimeLiteralAt } from "./operand-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the operators of a product, which both Spark and DuckDB apply before `||` */
const PRODUCT = ["*", "/", "%"];
/** operators before a left operand that leave its start unclear: it may be a cast's type, a field, or bind otherwise in DuckDB */
const UNCLEAR_BEFORE = ["::", ".", "[", "]", "^", "~", "&", "|", "||"];

/** the tokens with each `||` whose operands are clear written as concat(a, b), which the translation rewrites (sql/string-calls.ts) */
export function concatOperators(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    if (!isOp(out[k], "||")) continue;
    const start = leftStart(out, k - 1);
    const end = rightEnd(out, k + 1);
    if (start < 0 || end < 0) continue;
    const pos = out[k].pos;
    out.splice(end + 1, 0, madeToken("op", ")", pos));
    out[k] = madeToken("op", ",", pos);
    out.splice(start, 0, madeToken("ident", "concat", pos), madeToken("op", "(", pos));
    k += 2;
  }
  return out;
}

/** the first token of one term that ends at `end`: a literal (typed, strings side by side, an interval of one unit), or what operandStart finds, a call with its clauses too; -1 when unclear */
export function termStart(tokens: Token[], end: number): number {
  const t = tokens[end];
  if (t?.kind === "string") {
    let start = end;
    while (tokens[start - 1]?.kind === "string" && tokens[start - 1].prefix !== "X" && tokens[start].prefix !== "X") start--;
    if (isDatetimeLiteralAt(tokens, start - 1)) return start - 1;
    return tokens[start - 1]?.kind === "ident" && isWord(tokens[start - 1], "INTERVAL") ? -1 : start;
  }
  if (isOp(t, ")")) {
    // a call's OVER (…) or FILTER (…) clause: the call's start
    const open = Cursor.matchBack(tokens, end);
    if (open > 1 && (isWord(tokens[open - 1], "OVER") || isWord(tokens[open - 1], "FILTER")) && isOp(tokens[open - 2], ")")) return termStart(tokens, open - 2);
  }
  // an interval of one unit, INTERVAL 1 DAY
  if (t?.kind === "ident" && (tokens[end - 1]?.kind === "number" || tokens[end - 1]?.kind === "string") && isWord(tokens[end - 2], "INTERVAL")) return end - 2;
  // a call over a named window, `f(x) OVER w`
  if (t?.kind === "ident" && isWord(tokens[end - 1], "OVER") && isOp(tokens[end - 2], ")")) return termStart(tokens, end - 2);
  return operandStart(tokens, end);
}

/** the first token of the left operand of a `||` whose last token is `end`: terms joined by `*`, `/`, `%`, DIV, `+` and `-`, any sign; -1 when unclear */
function leftStart(tokens: Token[], end: number): number {
  let start = termStart(tokens, end);
  for (;;) {
    if (start < 0) return -1;
    const before = tokens[start - 1];
    if (isOp(before, "+") || isOp(before, "-")) {
      // a sign, or a binary operator after an operand
      if (!endsOperandAt(tokens, start - 2)) {
        start--;
        continue;
      }
      start = termStart(tokens, start - 2);
      continue;
    }
    if (isProductOperatorAt(tokens, start - 1)) {
      start = termStart(tokens, start - 2);
      continue;
    }
    // an operand right before the start (INTERVAL 1 DAY) leaves it unclear too
    if (UNCLEAR_BEFORE.some((op) => isOp(before, op)) || endsOperandAt(tokens, start - 1)) return -1;
    return start;
  }
}

/** the last token of the right operand of a `||` that starts at `start`: terms joined by `*`, `/`, `%` and DIV (a `+` or `-` after them applies to the `||`); -1 when unclear */
function rightEnd(tokens: Token[], start: number): number {
  let end = termEnd(tokens, start);
  while (end >= 0 && isProductOperatorAt(tokens, end + 1)) end = termEnd(tokens, end + 2);
  return end;
}

/** whether the token at `k` is an operator of a product's precedence: `*`, `/`, `%` or DIV */
export const isProductOperatorAt = (tokens: Token[], k: number) => PRODUCT.some((op) => isOp(tokens[k], op)) || isDivOperator(tokens, k);

/** the last token of one term that starts at `start`: a typed literal, strings side by side, or what operandEnd reads */
export function termEnd(tokens: Token[], start: number): number {
  if (isDatetimeLiteralAt(tokens, start)) return start + 1;
  if (tokens[start]?.kind === "string" && tokens[start].prefix !== "X") {
    let end = start;
    while (tokens[end + 1]?.kind === "string" && tokens[end + 1].prefix !== "X") end++;
    return end;
  }
  return operandEnd(tokens, start);
}
