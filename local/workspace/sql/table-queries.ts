/** Spark's `TABLE t`, a query of a table's rows (alone, in parentheses or after a set operation), as `SELECT * FROM t`. */
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the set operations a query of its own may follow, ALL or DISTINCT after them too */
const SET_OPERATIONS = ["UNION", "EXCEPT", "INTERSECT", "MINUS"];
const afterSetOperation = (tokens: Token[], k: number) =>
  SET_OPERATIONS.some((word) => isWord(tokens[k], word) || ((isWord(tokens[k], "ALL") || isWord(tokens[k], "DISTINCT")) && isWord(tokens[k - 1], word)));

export function tableQueries(tokens: Token[]): Token[] {
  if (!tokens.some((t) => isWord(t, "TABLE"))) return tokens;
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    const startsQuery = prev === undefined || isOp(prev, "(") || afterSetOperation(tokens, k - 1);
    const named = tokens[k + 1]?.kind === "ident" || tokens[k + 1]?.kind === "qident";
    if (isWord(t, "TABLE") && startsQuery && named) out.push(madeToken("ident", "SELECT", t.pos), madeToken("op", "*", t.pos), madeToken("ident", "FROM", t.pos));
    else out.push(t);
  }
  return out;
}
