/**
 * listagg and string_agg as Spark reads them: `listagg(x [, delimiter]) WITHIN GROUP (ORDER BY key …)` is DuckDB's
 * `listagg(x, delimiter ORDER BY key …)` (DuckDB takes WITHIN GROUP for its ordered-set aggregates only), and a call without a
 * delimiter joins the values with none, Spark's default, where DuckDB's is a comma.
 */
import { Cursor } from "./cursor.js";
import { splitArgs } from "./call.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const STRING_AGGREGATES = ["LISTAGG", "STRING_AGG"];

export function stringAggregates(tokens: Token[]): Token[] {
  if (!tokens.some((t) => STRING_AGGREGATES.some((name) => isWord(t, name)))) return tokens;
  const out = [...tokens];
  // from the last call to the first, so that the places of the calls before each one stay where they were found
  for (let k = out.length - 1; k >= 0; k--) {
    if (!STRING_AGGREGATES.some((name) => isWord(out[k], name)) || !isOp(out[k + 1], "(") || isOp(out[k - 1], ".")) continue;
    const close = Cursor.matchParen(out, k + 1);
    const pos = out[k + 1].pos;
    const order: Token[] = [];
    if (isWord(out[close + 1], "WITHIN") && isWord(out[close + 2], "GROUP") && isOp(out[close + 3], "(")) {
      const groupClose = Cursor.matchParen(out, close + 3);
      order.push(...out.slice(close + 4, groupClose));
      out.splice(close + 1, groupClose - close);
    }
    const delimiter = splitArgs(out.slice(k + 2, close)).length === 1 ? [madeToken("op", ",", pos), madeToken("string", "", pos)] : [];
    out.splice(close, 0, ...delimiter, ...order);
  }
  return out;
}
