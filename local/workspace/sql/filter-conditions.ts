/**
 * A query's WHERE and HAVING conditions checked for a BOOLEAN as Spark's analyzer checks a filter: each is written
 * spark_filter(condition, '<its Spark text>'), a macro whose BOOLEAN overload is the condition itself (so a filter is still pushed
 * into the scan and a join's equality still makes a hash join), and whose other overload raises FILTER_NOT_BOOLEAN (errors.ts),
 * where DuckDB casts `WHERE id` of an INT to a boolean and keeps the rows whose id is not 0. A DELETE's or an UPDATE's
 * condition is checked before the statement runs (exec/dml.ts); INSERT … REPLACE WHERE's condition and an aggregate's FILTER (WHERE …)
 * are left as they are.
 */
import { clauseEnd } from "./clause-end.js";
import { isClauseWordAsName } from "./operand-words.js";
import { sparkSqlText } from "./spark-sql-text.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/** the words that end a WHERE's or a HAVING's condition at its query's depth; ORDER, GROUP and the like only where they make a clause */
const AFTER_CONDITION = new Set(["GROUP", "HAVING", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "LIMIT", "OFFSET", "WINDOW", "QUALIFY", "UNION", "INTERSECT", "EXCEPT", "MINUS"]);

/** the words after which an operand follows: a clause's word after one of them is a column's name (`x > 1 AND offset > 3`) */
const BEFORE_OPERAND = new Set(["AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "ESCAPE", "WHERE", "HAVING", "CASE", "WHEN", "THEN", "ELSE", "ANY", "SOME", "ALL", "EXISTS", "DISTINCT", "INTERVAL"]);

/** whether the token at `k` ends an operand, so that a clause may begin after it: a literal, a name, `)` or `]` */
function operandEndsAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined) return false;
  if (t.kind === "op") return isOp(t, ")") || isOp(t, "]");
  return t.kind !== "ident" || !BEFORE_OPERAND.has(t.value.toUpperCase());
}

/** the index of the token after the condition that starts at `start`: a clause's word ends it only after a complete operand */
const conditionEnd = (tokens: readonly Token[], start: number) =>
  clauseEnd(tokens, start, (k) => AFTER_CONDITION.has(tokens[k].value.toUpperCase()) && !isClauseWordAsName(tokens, k) && operandEndsAt(tokens, k - 1));

export function filterConditions(tokens: Token[]): Token[] {
  if (!tokens.some((t) => isWord(t, "WHERE") || isWord(t, "HAVING"))) return tokens;
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    out.push(t);
    const aggregateFilter = isOp(tokens[k - 1], "(") && isWord(tokens[k - 2], "FILTER");
    if (!(isWord(t, "WHERE") || isWord(t, "HAVING")) || isWord(tokens[k - 1], "REPLACE") || aggregateFilter) continue;
    const end = conditionEnd(tokens, k + 1);
    if (end === k + 1) continue;
    const condition = filterConditions(tokens.slice(k + 1, end));
    const text = sparkSqlText(tokens.slice(k + 1, end));
    out.push(madeToken("ident", "spark_filter", t.pos), madeToken("op", "(", t.pos), ...condition, madeToken("op", ",", t.pos));
    out.push(madeToken("string", text, t.pos), madeToken("op", ")", t.pos));
    k = end - 1;
  }
  return out;
}
