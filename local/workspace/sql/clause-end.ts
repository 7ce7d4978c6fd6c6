/**
 * Where a clause's expressions end at their query's depth (a GROUP BY list, a WHERE condition): at the next word that begins
 * another clause, at the parenthesis that closes the query they are in, or at the statement's end.
 */
import { isOp, type Token } from "./tokenizer.js";

/** the index of the token after the clause that starts at `start`; `endsAt(k)` says whether the word at `k`, at the clause's depth, begins another */
export function clauseEnd(tokens: readonly Token[], start: number, endsAt: (k: number) => boolean): number {
  let depth = 0;
  let k = start;
  for (; k < tokens.length && tokens[k].kind !== "eof" && !isOp(tokens[k], ";"); k++) {
    const t = tokens[k];
    if (isOp(t, "(") || isOp(t, "[")) depth++;
    else if ((isOp(t, ")") || isOp(t, "]")) && --depth < 0) break;
    else if (depth === 0 && t.kind === "ident" && endsAt(k)) break;
  }
  return k;
}
