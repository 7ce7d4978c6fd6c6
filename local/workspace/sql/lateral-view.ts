/**
 * Spark's `LATERAL VIEW [OUTER] generator(args) tableAlias [AS] col1, col2, …` after a FROM item, as
 * the lateral join DuckDB runs: `, LATERAL (SELECT generator(args)) AS tableAlias(col1, col2, …)`.
 * The generator is translated as in a select list (explode, posexplode, inline, stack, …); OUTER
 * takes its `_outer` form, which keeps a row of NULLs where the generator makes none.
 */
import { Cursor } from "./cursor.js";
import { sqlErrors } from "../errors.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const OUTER_FORMS = new Set(["explode", "posexplode", "inline"]);
/** words after the table alias that begin the next clause, not a column alias */
const CLAUSE_WORDS = new Set([
  "LATERAL", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY",
  "SORT", "CLUSTER", "DISTRIBUTE", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "NATURAL", "ON", "USING",
]);

const isName = (t: Token | undefined) => (t?.kind === "ident" && !CLAUSE_WORDS.has(t.value.toUpperCase())) || t?.kind === "qident";

/** the tokens with each LATERAL VIEW written as a lateral join */
export function lateralViews(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    if (!isWord(out[k], "LATERAL") || !isWord(out[k + 1], "VIEW")) continue;
    const pos = out[k].pos;
    const token = (kind: Token["kind"], value: string): Token => madeToken(kind, value, pos);
    let j = k + 2;
    const outer = isWord(out[j], "OUTER");
    if (outer) j++;
    const name = out[j];
    if (name?.kind !== "ident" || !isOp(out[j + 1], "(")) throw sqlErrors.syntax(`'${name?.value ?? "LATERAL VIEW"}'`, "(expected LATERAL VIEW generator(…) tableAlias)");
    const close = Cursor.matchParen(out, j + 1);
    const call = out.slice(j + 1, close + 1);
    j = close + 1;
    if (!isName(out[j]) || isWord(out[j], "AS")) throw sqlErrors.syntax(`'${out[j]?.value ?? ""}'`, "(LATERAL VIEW takes a table alias after the generator)");
    const alias = out[j++];
    const columns: Token[] = [];
    if (isWord(out[j], "AS")) j++;
    while (isName(out[j])) {
      columns.push(out[j++]);
      if (!isOp(out[j], ",") || !isName(out[j + 1])) break;
      j++;
    }
    const generator = outer && OUTER_FORMS.has(name.value.toLowerCase()) ? `${name.value}_outer` : name.value;
    const list = columns.flatMap((c, n) => (n > 0 ? [token("op", ","), c] : [c]));
    const join = [
      token("op", ","), token("ident", "LATERAL"), token("op", "("), token("ident", "SELECT"), token("ident", generator), ...call, token("op", ")"),
      token("ident", "AS"), alias, ...(columns.length > 0 ? [token("op", "("), ...list, token("op", ")")] : []),
    ];
    out.splice(k, j - k, ...join);
    k += join.length - 1;
  }
  return out;
}
