/**
 * PIVOT (agg AS alias FOR … IN (v AS name, …)) with one aggregate: Spark names each column after the value alone (`name`), where
 * DuckDB names it `name_alias`; so a lone aggregate's alias is left out. With several aggregates both name `name_alias`.
 */
import { isOp, isWord, type Token } from "./tokenizer.js";

export function pivotAlias(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    if (!isWord(out[k], "PIVOT") || !isOp(out[k + 1], "(")) continue;
    let depth = 0;
    let commas = 0;
    let forAt = -1;
    for (let j = k + 2; j < out.length && forAt < 0; j++) {
      if (isOp(out[j], "(")) depth++;
      else if (isOp(out[j], ")")) depth--;
      else if (depth === 0 && isOp(out[j], ",")) commas++;
      else if (depth === 0 && isWord(out[j], "FOR")) forAt = j;
    }
    if (forAt < 0 || commas > 0) continue;
    const alias = out[forAt - 1];
    if ((alias.kind === "ident" || alias.kind === "qident") && isWord(out[forAt - 2], "AS")) out.splice(forAt - 2, 2);
    else if ((alias.kind === "ident" || alias.kind === "qident") && isOp(out[forAt - 2], ")")) out.splice(forAt - 1, 1);
  }
  return out;
}
