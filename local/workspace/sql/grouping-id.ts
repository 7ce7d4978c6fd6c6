/**
 * grouping_id(…) as Spark answers it: without arguments over every column its query's GROUP BY names (inside ROLLUP, CUBE and
 * GROUPING SETS too, each once, in order), which DuckDB refuses; each call is written spark_grouping_id(grouping_id(…)), or
 * spark_grouping_id_all(…) for the form without arguments, so that its column is named as Spark names it (sql/subscripts.ts)
 * where DuckDB names it grouping(…). grouping(c) is written spark_grouping(grouping(c)), a TINYINT as Spark's, where DuckDB's
 * is a BIGINT.
 */
import { parenEnd } from "./ansi-division.js";
import { argBody, splitArgs } from "./call.js";
import { clauseEnd } from "./clause-end.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the words that end a GROUP BY list at its query's depth */
const AFTER_GROUP_BY = new Set(["HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "UNION", "INTERSECT", "EXCEPT", "CLUSTER", "DISTRIBUTE", "SORT", "OFFSET"]);

/** where the parenthesis opened at `open` closes (the last token's index when it never does: the translator reports that) */
function closeOf(tokens: Token[], open: number): number {
  const close = parenEnd(tokens, open);
  return close < 0 ? tokens.length - 1 : close;
}

/** the items of a list at its top level, split at commas */
const items = (tokens: Token[]): Token[][] => splitArgs(tokens).map(argBody).filter((item) => item.length > 0);

/** the grouped expressions of a GROUP BY list (or of a ROLLUP, CUBE or grouping set within it), added to `found` by their text once each */
function groupedExpressions(list: Token[], found: Map<string, Token[]>, inSets = false): void {
  for (const item of items(list)) {
    const construct = ["ROLLUP", "CUBE"].some((w) => isWord(item[0], w)) && isOp(item[1], "(") ? 1 : isWord(item[0], "GROUPING") && isWord(item[1], "SETS") ? 2 : 0;
    if (construct > 0) groupedExpressions(item.slice(construct + 1, closeOf(item, construct)), found, construct === 2 || inSets);
    else if (inSets && isOp(item[0], "(") && closeOf(item, 0) === item.length - 1) groupedExpressions(item.slice(1, -1), found, false);
    else found.set(item.map((t) => `${t.kind}:${t.value}`).join(" "), item);
  }
}

/** per query (by the index of the parenthesis before it, -1 for the statement's), its GROUP BY's grouped expressions */
function groupedByQuery(tokens: Token[]): Map<number, Token[][]> {
  const queries = new Map<number, Token[][]>();
  const open: number[] = [-1];
  for (let k = 0; k < tokens.length; k++) {
    if (isOp(tokens[k], "(")) open.push(k);
    else if (isOp(tokens[k], ")")) open.pop();
    else if (isWord(tokens[k], "GROUP") && isWord(tokens[k + 1], "BY")) {
      const end = clauseEnd(tokens, k + 2, (at) => AFTER_GROUP_BY.has(tokens[at].value.toUpperCase()));
      const found = new Map<string, Token[]>();
      groupedExpressions(tokens.slice(k + 2, end), found);
      queries.set(open[open.length - 1], [...found.values()]);
    }
  }
  return queries;
}

export function groupingIdCalls(tokens: Token[]): Token[] {
  if (!tokens.some((t) => isWord(t, "GROUPING_ID") || isWord(t, "GROUPING"))) return tokens;
  const grouped = groupedByQuery(tokens);
  const out: Token[] = [];
  /** the parentheses open at each token: a call's query is the innermost whose GROUP BY is known */
  const open: number[] = [-1];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isWord(t, "GROUPING") && isOp(tokens[k + 1], "(")) {
      const close = closeOf(tokens, k + 1);
      out.push(madeToken("ident", "spark_grouping", t.pos), madeToken("op", "(", t.pos), ...tokens.slice(k, close + 1), madeToken("op", ")", t.pos));
      k = close;
      continue;
    }
    if (isWord(t, "GROUPING_ID") && isOp(tokens[k + 1], "(")) {
      const empty = isOp(tokens[k + 2], ")");
      const query = [...open].reverse().find((p) => grouped.has(p));
      const columns = empty && query !== undefined ? grouped.get(query)! : undefined;
      if (!empty || columns) {
        const close = closeOf(tokens, k + 1);
        const args = columns ? columns.flatMap((c, n) => (n > 0 ? [madeToken("op", ",", t.pos), ...c] : c)) : tokens.slice(k + 2, close);
        out.push(madeToken("ident", empty ? "spark_grouping_id_all" : "spark_grouping_id", t.pos), madeToken("op", "(", t.pos));
        out.push(t, madeToken("op", "(", t.pos), ...args, madeToken("op", ")", t.pos), madeToken("op", ")", t.pos));
        k = close;
        continue;
      }
    }
    if (isOp(t, "(")) open.push(k);
    else if (isOp(t, ")")) open.pop();
    out.push(t);
  }
  return out;
}
