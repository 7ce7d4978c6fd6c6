/**
 * `f(x) IGNORE NULLS OVER (…)` and `f(x) RESPECT NULLS OVER (…)`, Spark's place for a window function's
 * null treatment (first_value, last_value, nth_value, lag, lead), written where DuckDB reads it: inside the
 * call, `f(x IGNORE NULLS) OVER (…)`.
 */
import { Cursor } from "./cursor.js";
import { isOp, isWord, type Token } from "./tokenizer.js";

export function nullTreatmentInCalls(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 1; k < out.length; k++) {
    if (!isOp(out[k - 1], ")") || !(isWord(out[k], "IGNORE") || isWord(out[k], "RESPECT")) || !isWord(out[k + 1], "NULLS")) continue;
    const open = Cursor.matchBack(out, k - 1);
    if (open < 1 || !(out[open - 1]?.kind === "ident" || out[open - 1]?.kind === "qident")) continue;
    const words = out.splice(k, 2);
    out.splice(k - 1, 0, ...words);
  }
  return out;
}
