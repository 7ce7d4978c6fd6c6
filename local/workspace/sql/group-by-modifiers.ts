/**
 * Spark's older GROUP BY forms, written as DuckDB reads them: `GROUP BY a, b WITH ROLLUP` (WITH CUBE) as `GROUP BY ROLLUP (a, b)`
 * (CUBE), and `GROUP BY a, b GROUPING SETS (…)`, whose list only names the grouped columns, as `GROUP BY GROUPING SETS (…)`.
 */
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

export function groupByModifiers(tokens: Token[]): Token[] {
  const out: Token[] = [];
  /** per open parenthesis (and the query outside any), where its GROUP BY list starts in `out` */
  const lists: (number | undefined)[] = [undefined];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isOp(t, "(")) lists.push(undefined);
    else if (isOp(t, ")")) lists.pop();
    const start = lists[lists.length - 1];
    if (isWord(t, "GROUP") && isWord(tokens[k + 1], "BY")) {
      out.push(t, tokens[k + 1]);
      k++;
      lists[lists.length - 1] = out.length;
      continue;
    }
    if (start !== undefined && isWord(t, "WITH") && (isWord(tokens[k + 1], "ROLLUP") || isWord(tokens[k + 1], "CUBE"))) {
      const list = out.splice(start);
      out.push(tokens[k + 1], madeToken("op", "(", t.pos), ...list, madeToken("op", ")", t.pos));
      lists[lists.length - 1] = undefined;
      k++;
      continue;
    }
    if (start !== undefined && start < out.length && isWord(t, "GROUPING") && isWord(tokens[k + 1], "SETS")) {
      out.splice(start);
      lists[lists.length - 1] = undefined;
    }
    out.push(t);
  }
  return out;
}
