/**
 * Spark's array_sort(arr, (l, r) -> …) with a comparator (negative: l sorts first, 0: equal,
 * positive: r first), which DuckDB's list_sort cannot take, as DuckDB's list functions: each element's
 * place is the number of elements that sort before it, by the comparator, an equal one before it
 * when it comes first in the array (a stable sort, as Spark's is), and the elements are listed by
 * their places. A comparison that answers NULL fails with Spark's COMPARATOR_RETURNS_NULL
 * (engine/spark-functions.ts spark_sorts_before).
 */
import { lambda, substituteParams } from "./lambdas.js";
import type { Tokens } from "./statements.js";
import { madeToken, tokenize, type Token } from "./tokenizer.js";

const ARRAY = "spark_sort_array_placeholder";
const BODY = "spark_sort_body_placeholder";
/** `a` bound once as spark_sorted; element j sorts before element i (both counted from 1) when spark_sorts_before says so */
const TEMPLATE =
  `list_extract(list_transform(list_value(${ARRAY}), spark_sorted -> list_transform(list_sort(list_transform(range(1, len(spark_sorted) + 1), ` +
  `spark_i -> list_value(len(list_filter(range(1, len(spark_sorted) + 1), spark_j -> CASE WHEN spark_j = spark_i THEN false ` +
  `ELSE spark_sorts_before((${BODY}), list_extract(spark_sorted, spark_j), list_extract(spark_sorted, spark_i), spark_j < spark_i) END)), spark_i))), ` +
  `spark_p -> list_extract(spark_sorted, list_extract(spark_p, 2)))), 1)`;

/**
 * The tokens of array_sort(arr, comparator)'s rewrite, given the call's arguments (each ending with
 * eof); undefined, and nothing to rewrite, when they are not an array and a lambda of two parameters.
 */
export function comparatorSort(args: Tokens[], pos: number): Token[] | undefined {
  const fn = args.length === 2 ? lambda(args[1]) : undefined;
  if (fn?.params.length !== 2) return undefined;
  const element = (index: string) => () => tokenize(`list_extract(spark_sorted, ${index})`).slice(0, -1).map((t) => madeToken(t.kind, t.value, pos));
  const body = substituteParams(args[1].slice(0, -1), { [fn.params[0].toLowerCase()]: element("spark_j"), [fn.params[1].toLowerCase()]: element("spark_i") });
  const result = body.slice(body.findIndex((t) => t.kind === "op" && t.value === "->") + 1);
  const placeholders: Record<string, Token[]> = { [ARRAY]: args[0].slice(0, -1), [BODY]: result };
  return tokenize(TEMPLATE)
    .slice(0, -1)
    .flatMap((t) => placeholders[t.value] ?? [madeToken(t.kind, t.value, pos)]);
}
