/**
 * A join written without ON or USING (`a JOIN b`, `a LEFT JOIN b`), which Spark reads as a join whose condition always holds (every
 * row with every row) and DuckDB's parser refuses: written `… ON true`. A CROSS, NATURAL or LATERAL join is left as it is.
 */
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const JOIN_WORDS = ["LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "NATURAL", "ANTI", "SEMI"];
/** the words after a join's table that end it: another join, a clause, a set operation */
const AFTER_TABLE = new Set([
  ...JOIN_WORDS, "JOIN", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY", "SORT",
  "CLUSTER", "DISTRIBUTE", "OFFSET", "LATERAL", "PIVOT", "UNPIVOT",
]);

export function conditionlessJoins(tokens: Token[]): Token[] {
  let out: Token[] | undefined;
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], "JOIN") || isWord(tokens[k + 1], "LATERAL")) continue;
    let before = k - 1;
    while (JOIN_WORDS.some((word) => isWord(tokens[before], word))) before--;
    if (tokens.slice(before + 1, k).some((t) => isWord(t, "CROSS") || isWord(t, "NATURAL"))) continue;
    const end = tableEnd(tokens, k + 1);
    if (end === undefined) continue;
    out ??= [...tokens];
    const at = end + (out.length - tokens.length);
    out.splice(at, 0, madeToken("ident", "ON", tokens[end].pos), madeToken("ident", "true", tokens[end].pos));
  }
  return out ?? tokens;
}

/** where the table of a join that starts at `from` ends: the token after it, undefined where an ON or a USING follows it */
function tableEnd(tokens: Token[], from: number): number | undefined {
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j];
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")") && depth-- === 0) return j;
    if (depth > 0) continue;
    if (isWord(t, "ON") || isWord(t, "USING")) return undefined;
    if (t.kind === "eof" || isOp(t, ";") || isOp(t, ",") || (t.kind === "ident" && AFTER_TABLE.has(t.value.toUpperCase()))) return j;
  }
  return undefined;
}
