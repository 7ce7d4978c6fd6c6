/**
 * Spark's lambda arguments (`x -> …`, `(x, i) -> …`) as tokens: their parameters, and their bodies
 * with each use of a parameter rewritten, for the higher-order functions' rewrites (sql/higher-order-calls.ts).
 */
import type { Tokens } from "./statements.js";
import { madeToken, type Token } from "./tokenizer.js";

/** a lambda argument `x -> …` or `(x, i) -> …` (tokens ending with eof): its parameters' names and, with two, the second's */
export function lambda(arg: Tokens): { params: string[]; index?: string } | undefined {
  const isOp = (k: number, v: string) => arg[k]?.kind === "op" && arg[k].value === v;
  const isName = (k: number) => arg[k]?.kind === "ident" || arg[k]?.kind === "qident";
  if (isName(0) && isOp(1, "->")) return { params: [arg[0].value] };
  if (!isOp(0, "(")) return undefined;
  const params: string[] = [];
  let k = 1;
  while (isName(k)) {
    params.push(arg[k].value);
    k++;
    if (isOp(k, ",")) k++;
    else break;
  }
  if (params.length === 0 || !isOp(k, ")") || !isOp(k + 1, "->")) return undefined;
  return { params, index: params[1] };
}

/** a two-parameter lambda whose second parameter is Spark's 0-based index: each use of it in the body as CAST(i - 1 AS INT) */
export function zeroBasedIndex(fn: Token[], index: string, pos: number): Token[] {
  const mk = (kind: Token["kind"], value: string): Token => madeToken(kind, value, pos);
  return substituteParams(fn, { [index.toLowerCase()]: (t) => [mk("ident", "CAST"), mk("op", "("), t, mk("op", "-"), mk("number", "1"), mk("ident", "AS"), mk("ident", "INT"), mk("op", ")")] });
}

/** a lambda with each use of a parameter in its body (not a field `.x`, not a call `x(`) replaced by the tokens `uses` gives for it, by lower-cased name */
export function substituteParams(fn: Token[], uses: Record<string, (use: Token) => Token[]>): Token[] {
  const arrow = fn.findIndex((t) => t.kind === "op" && t.value === "->");
  return fn.flatMap((t, k) => {
    const use = k > arrow && (t.kind === "ident" || t.kind === "qident") && Object.hasOwn(uses, t.value.toLowerCase()) &&
      !(fn[k - 1]?.kind === "op" && fn[k - 1].value === ".") && !(fn[k + 1]?.kind === "op" && fn[k + 1].value === "(");
    return use ? uses[t.value.toLowerCase()](t) : [t];
  });
}
