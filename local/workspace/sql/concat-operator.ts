/**
 * Spark's `a || b` is concat(a, b), which writes a TIMESTAMP as CAST(ts AS STRING) does, where DuckDB's
 * `||` adds the zone offset (`… 03:04:05+00`). Before translation, each `||` whose operands are clear
 * becomes spark_concat(a, b) (engine/spark-functions.ts), from the left so that a chain nests; one
 * whose operand is not clear (next to `*`, `/`, `%`, `+` or `-`, which bind as tightly or more) stays DuckDB's.
 */
import { leftOperandStart, operandEnd } from "./ansi-division.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const TIGHTER = ["*", "/", "%", "+", "-"];
const TYPED_LITERALS = ["DATE", "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ"];
const typedLiteralAt = (tokens: Token[], k: number) => TYPED_LITERALS.some((w) => isWord(tokens[k], w)) && tokens[k + 1]?.kind === "string";

/** the tokens with each `||` whose operands are clear written as spark_concat(a, b) */
export function concatOperators(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    if (!isOp(out[k], "||")) continue;
    const start = typedLiteralAt(out, k - 2) ? k - 2 : out[k - 1]?.kind === "string" ? (out[k - 2]?.kind === "string" ? -1 : k - 1) : leftOperandStart(out, k - 1);
    const end = typedLiteralAt(out, k + 1) ? k + 2 : operandEnd(out, k + 1);
    if (start < 0 || end < 0) continue;
    const before = out[start - 1];
    const after = out[end + 1];
    if (TIGHTER.some((op) => isOp(before, op) || isOp(after, op)) || isWord(after, "DIV")) continue;
    const pos = out[k].pos;
    out.splice(end + 1, 0, madeToken("op", ")", pos));
    out[k] = madeToken("op", ",", pos);
    out.splice(start, 0, madeToken("ident", "spark_concat", pos), madeToken("op", "(", pos));
    k += 2;
  }
  return out;
}
