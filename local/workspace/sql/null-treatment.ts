/**
 * `f(x) IGNORE NULLS OVER (…)` and `f(x) RESPECT NULLS OVER (…)`, Spark's place for a window function's
 * null treatment (first_value, last_value, nth_value, lag, lead), written where DuckDB reads it: inside the
 * call, `f(x IGNORE NULLS) OVER (…)`. An aggregate's (`first(x) IGNORE NULLS` with no OVER), which DuckDB
 * refuses, is its ignoreNulls argument: `first(x, true)`, and RESPECT NULLS its default, `first(x)`.
 */
import { Cursor } from "./cursor.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the aggregates whose second argument says whether NULLs are skipped */
const IGNORE_NULLS_ARGUMENT = new Set(["first", "last", "first_value", "last_value", "any_value"]);

export function nullTreatmentInCalls(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 1; k < out.length; k++) {
    if (!isOp(out[k - 1], ")") || !(isWord(out[k], "IGNORE") || isWord(out[k], "RESPECT")) || !isWord(out[k + 1], "NULLS")) continue;
    const open = Cursor.matchBack(out, k - 1);
    const name = out[open - 1];
    if (open < 1 || !(name?.kind === "ident" || name?.kind === "qident")) continue;
    const words = out.splice(k, 2);
    if (!isWord(out[k], "OVER") && IGNORE_NULLS_ARGUMENT.has(name.value.toLowerCase())) {
      if (isWord(words[0], "IGNORE")) out.splice(k - 1, 0, madeToken("op", ",", words[0].pos), madeToken("ident", "true", words[0].pos));
      continue;
    }
    out.splice(k - 1, 0, ...words);
  }
  return out;
}
