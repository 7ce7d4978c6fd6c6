/** Spark's `TABLE t`, a query of a table's rows (alone, in parentheses or after a set operation), as `SELECT * FROM t`. */
import { SET_OPERATIONS } from "./relation-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** whether the token at `k` ends a set operation's words (UNION, UNION ALL, EXCEPT DISTINCT, …), after which a query of its own starts */
const afterSetOperation = (tokens: Token[], k: number) => {
  const word = isWord(tokens[k], "ALL") || isWord(tokens[k], "DISTINCT") ? tokens[k - 1] : tokens[k];
  return word?.kind === "ident" && SET_OPERATIONS.has(word.value.toUpperCase());
};

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
