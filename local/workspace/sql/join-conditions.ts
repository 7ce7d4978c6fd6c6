/**
 * A join written without ON or USING (`a JOIN b`, `a LEFT JOIN b`), which Spark reads as a join whose condition always holds (every
 * row with every row) and DuckDB's parser refuses: written `… ON true`, a LATERAL one's too. A CROSS or NATURAL join is left as it is.
 */
import { AFTER_RELATION } from "./relation-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const JOIN_WORDS = ["LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "NATURAL", "ANTI", "SEMI"];
/** the words after a join's table that end it (a TABLESAMPLE belongs to the table; an ON or a USING is looked for first) */
const AFTER_TABLE = new Set([...AFTER_RELATION.filter((word) => word !== "TABLESAMPLE"), "OUTER"]);

export function conditionlessJoins(tokens: Token[]): Token[] {
  const ends: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(tokens[k], "JOIN")) continue;
    let before = k - 1;
    while (JOIN_WORDS.some((word) => isWord(tokens[before], word))) before--;
    if (tokens.slice(before + 1, k).some((t) => isWord(t, "CROSS") || isWord(t, "NATURAL"))) continue;
    const end = tableEnd(tokens, isWord(tokens[k + 1], "LATERAL") ? k + 2 : k + 1);
    if (end !== undefined) ends.push(end);
  }
  if (ends.length === 0) return tokens;
  // from the last place to the first, so that each is where it was found (an inner join's ends before an outer one's)
  const out = [...tokens];
  for (const end of [...ends].sort((a, b) => b - a)) out.splice(end, 0, madeToken("ident", "ON", tokens[end].pos), madeToken("ident", "true", tokens[end].pos));
  return out;
}

/**
 * where the table of a join that starts at `from` ends: the token after it, undefined where an ON or a USING follows it; the
 * commas between the rows of a VALUES table are its own
 */
function tableEnd(tokens: Token[], from: number): number | undefined {
  const rows = isWord(tokens[from], "VALUES");
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    const t = tokens[j];
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")") && depth-- === 0) return j;
    if (depth > 0) continue;
    if (isWord(t, "ON") || isWord(t, "USING")) return undefined;
    if (t.kind === "eof" || isOp(t, ";") || (isOp(t, ",") && !rows) || (t.kind === "ident" && AFTER_TABLE.has(t.value.toUpperCase()))) return j;
  }
  return undefined;
}
