/**
 * Spark's partition-wise clauses, on the local workspace's one partition: a query's `SORT BY x` sorts its one partition, so all
 * its rows (`ORDER BY x`); `DISTRIBUTE BY x` spreads rows over partitions and changes no value (left out); `CLUSTER BY x` is
 * both (`ORDER BY x`). In a window's specification they are the window's own words: DISTRIBUTE BY is PARTITION BY, SORT BY
 * is ORDER BY, and CLUSTER BY x is PARTITION BY x ORDER BY x.
 */
import { Cursor } from "./cursor.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const CLAUSES = ["SORT", "DISTRIBUTE", "CLUSTER"];
/** the words after which a clause's list of expressions has ended */
const LIST_END = new Set(["SORT", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "ROWS", "RANGE"]);

export function sortAndDistributeBy(tokens: Token[]): Token[] {
  if (!tokens.some((t, k) => CLAUSES.some((word) => isWord(t, word)) && isWord(tokens[k + 1], "BY"))) return tokens;
  const out: Token[] = [];
  const opens: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isOp(t, "(")) opens.push(k);
    if (isOp(t, ")")) opens.pop();
    const clause = CLAUSES.find((word) => isWord(t, word));
    if (!clause || !isWord(tokens[k + 1], "BY") || isOp(tokens[k - 1], ".")) {
      out.push(t);
      continue;
    }
    const inWindow = opens.length > 0 && isWindowSpec(tokens, opens[opens.length - 1]);
    const end = listEnd(tokens, k + 2);
    const list = tokens.slice(k + 2, end);
    const word = (value: string) => madeToken("ident", value, t.pos);
    const by = (value: string) => [word(value), word("BY")];
    if (clause === "SORT") out.push(...by("ORDER"), ...list);
    else if (clause === "DISTRIBUTE") out.push(...(inWindow ? [...by("PARTITION"), ...list] : []));
    else out.push(...(inWindow ? [...by("PARTITION"), ...list] : []), ...by("ORDER"), ...list.map((x) => ({ ...x })));
    k = end - 1;
  }
  return out;
}

/** whether the "(" at `open` holds a window's specification: OVER (…), or WINDOW w AS (…) and the others of its list */
function isWindowSpec(tokens: Token[], open: number): boolean {
  if (isWord(tokens[open - 1], "OVER")) return true;
  const query = ["SELECT", "WITH", "VALUES", "FROM", "TABLE"].some((word) => isWord(tokens[open + 1], word));
  return !query && isWord(tokens[open - 1], "AS") && (isWord(tokens[open - 3], "WINDOW") || isOp(tokens[open - 3], ","));
}

/** where a clause's list of expressions that starts at `from` ends: a clause's word, a ")" it did not open, or the statement's end */
function listEnd(tokens: Token[], from: number): number {
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j];
    if (isOp(t, "(")) j = Cursor.matchParen(tokens, j);
    else if (isOp(t, ")") || isOp(t, ";") || t.kind === "eof" || (t.kind === "ident" && LIST_END.has(t.value.toUpperCase()) && !isOp(tokens[j - 1], "."))) return j;
  }
  return tokens.length;
}
