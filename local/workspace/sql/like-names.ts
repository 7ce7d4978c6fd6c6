/**
 * LIKE and ILIKE in a result column's name as Spark writes them, where DuckDB writes its operators: `s LIKE a%` for `(s ~~ 'a%')`,
 * `(NOT s LIKE a%)` for `(s !~~ 'a%')`, `ilike(s, A%)` for `(s ~~* 'A%')` and `(NOT ilike(s, A%))` for `(s !~~* 'A%')`.
 */

const OPERATORS: ReadonlyArray<[string, (x: string, p: string) => string]> = [
  [" !~~* ", (x, p) => `(NOT ilike(${x}, ${p}))`],
  [" ~~* ", (x, p) => `ilike(${x}, ${p})`],
  [" !~~ ", (x, p) => `(NOT ${x} LIKE ${p})`],
  [" ~~ ", (x, p) => `${x} LIKE ${p}`],
];

/** for each character of `name`, whether it lies inside a quoted string or name */
function quotedAt(name: string): boolean[] {
  const quoted: boolean[] = [];
  let quote: string | undefined;
  for (let k = 0; k < name.length; k++) {
    const c = name[k];
    quoted[k] = quote !== undefined || c === "'" || c === '"';
    if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = undefined;
  }
  return quoted;
}

/** `name` with each LIKE and ILIKE operator DuckDB wrote, and the parentheses it wrote around it, as Spark writes them */
export function sparkLikeNames(name: string): string {
  for (;;) {
    const quoted = quotedAt(name);
    const found = OPERATORS.map(([op, spark]) => ({ spark, op, at: indexOutside(name, op, quoted) })).find((f) => f.at >= 0);
    if (!found) return name;
    const open = enclosing(name, quoted, found.at, -1);
    const close = enclosing(name, quoted, found.at + found.op.length, 1);
    if (open < 0 || close < 0) return name;
    name = name.slice(0, open) + found.spark(name.slice(open + 1, found.at), name.slice(found.at + found.op.length, close)) + name.slice(close + 1);
  }
}

function indexOutside(name: string, op: string, quoted: boolean[]): number {
  for (let at = name.indexOf(op); at >= 0; at = name.indexOf(op, at + 1)) if (!quoted[at + 1]) return at;
  return -1;
}

/** the parenthesis that opens (step -1) or closes (step 1) the group holding `from`, or -1 */
function enclosing(name: string, quoted: boolean[], from: number, step: 1 | -1): number {
  let depth = 0;
  for (let k = step < 0 ? from - 1 : from; k >= 0 && k < name.length; k += step) {
    if (quoted[k]) continue;
    const c = name[k];
    if (c === (step < 0 ? ")" : "(")) depth++;
    else if (c === (step < 0 ? "(" : ")")) {
      if (depth === 0) return k;
      depth--;
    }
  }
  return -1;
}
