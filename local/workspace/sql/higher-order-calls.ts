/**
 * The rewrites of Spark's higher-order functions, whose arguments hold a lambda (sql/lambdas.ts), as
 * DuckDB's list functions (sql/call-rewrites.ts): transform, filter, exists, forall, aggregate and
 * reduce over an array; zip_with, map_filter, transform_keys and transform_values, whose lambda takes a
 * pair; map_zip_with, whose lambda takes a key and its two values; array_sort with a comparator
 * (sql/array-sort.ts). Each leaves a call that is no such use as written (`FILTER (WHERE …)`,
 * `EXISTS (SELECT …)`, array_sort(arr)).
 */
import { comparatorSort } from "./array-sort.js";
import { argBody, type Call, tokenMakers } from "./call.js";
import { lambda, substituteParams, zeroBasedIndex } from "./lambdas.js";
import type { Token } from "./tokenizer.js";

/** Spark's higher-order functions over an array, and the DuckDB list function each is written with */
const LIST_FUNCTIONS = { transform: "list_transform", filter: "list_filter", exists: "list_transform", forall: "list_transform", aggregate: "list_reduce", reduce: "list_reduce" } as const;

/**
 * Spark's higher-order functions over an ARRAY with a lambda (`x -> …` or `(x, i) -> …`), as DuckDB's
 * list functions: transform → list_transform, filter → list_filter (an index `i` counts from 0 in
 * Spark, from 1 in DuckDB), exists and forall with Spark's NULLs, aggregate/reduce → list_reduce
 * with the start value (and the finish lambda applied to its result).
 */
export function arrayLambdaCall(name: keyof typeof LIST_FUNCTIONS) {
  return (call: Call): Token[] | undefined => {
    const { args, pos } = call;
    const { make, op, ident, callOf } = tokenMakers(call);
    const aggregate = name === "aggregate" || name === "reduce";
    if (args.length < 2 || !lambda(args[aggregate ? 2 : 1] ?? [])) return undefined;
    if (aggregate && (args.length < 3 || args.length > 4 || (args[3] && !lambda(args[3])))) return undefined;
    if (!aggregate && args.length !== 2) return undefined;
    if (aggregate) {
      const reduced = callOf("list_reduce", argBody(args[0]), argBody(args[2]), argBody(args[1]));
      // the finish lambda applied to the one value: list_transform([v], finish)[1]
      return args[3] ? callOf("list_extract", callOf("list_transform", callOf("list_value", reduced), argBody(args[3])), [make("number", "1")]) : reduced;
    }
    const fn = lambda(args[1])!;
    const list = callOf(LIST_FUNCTIONS[name], argBody(args[0]), fn.index ? zeroBasedIndex(argBody(args[1]), fn.index, pos) : argBody(args[1]));
    return name === "exists" || name === "forall" ? [ident(`spark_${name}`), op("("), ...list, op(")")] : list;
  };
}

/** the names arrayLambdaCall rewrites */
export const ARRAY_LAMBDA_FUNCTIONS = Object.keys(LIST_FUNCTIONS) as (keyof typeof LIST_FUNCTIONS)[];

/**
 * A lambda's rewrite over one struct per pair, `spark_pair`, of the list `pairs`: the lambda's body with each parameter's use
 * as the struct's field of the same place in `fields` (by name, or by position where `positional`), and makers of the field, of
 * a list function over the pairs and of a map's entry
 */
function overPairs(call: Call, fn: { params: string[] }, lambdaArg: Token[], fields: string[], positional: boolean, pairs: Token[]) {
  const { make: t, callOf } = tokenMakers(call);
  const field = (f: string) => () => callOf("struct_extract", [t("ident", "spark_pair")], [positional ? t("number", f) : t("string", f)]);
  const body = substituteParams(argBody(lambdaArg), Object.fromEntries(fn.params.map((p, n) => [p.toLowerCase(), field(fields[n]!)])));
  const result = body.slice(body.findIndex((x) => x.kind === "op" && x.value === "->") + 1);
  const over = (list: string, value: Token[]) => callOf(list, pairs, [t("ident", "spark_pair"), t("op", "->"), ...value]);
  const entry = (key: Token[], value: Token[]) => callOf("struct_pack", [t("qident", "key"), t("op", ":="), ...key], [t("qident", "value"), t("op", ":="), ...value]);
  return { result, field, over, entry };
}

/**
 * Spark's higher-order functions whose lambda takes two values, `(x, y) -> …`: zip_with(a, b, f) over
 * the pairs of two arrays (the shorter padded with NULLs), map_filter(m, p), transform_keys(m, f)
 * and transform_values(m, f) over a map's entries (k, v), as DuckDB's list functions over one
 * struct per pair whose fields the parameters' uses become.
 */
export function pairLambdaCall(name: "zip_with" | "map_filter" | "transform_keys" | "transform_values") {
  return (call: Call): Token[] | undefined => {
    const { args } = call;
    const zip = name === "zip_with";
    const fn = lambda(args[zip ? 2 : 1] ?? []);
    if (args.length !== (zip ? 3 : 2) || fn?.params.length !== 2) return undefined;
    const { callOf } = tokenMakers(call);
    const pairs = zip ? callOf("spark_zip", argBody(args[0]), argBody(args[1])) : callOf("map_entries", argBody(args[0]));
    const { result, field, over, entry } = overPairs(call, fn, args[zip ? 2 : 1], zip ? ["1", "2"] : ["key", "value"], zip, pairs);
    return name === "zip_with" ? over("list_transform", result) :
      name === "map_filter" ? callOf("map_from_entries", over("list_filter", result)) :
      name === "transform_keys" ? callOf("spark_map_from_entries", over("list_transform", entry(result, field("value")()))) :
      callOf("map_from_entries", over("list_transform", entry(field("key")(), result)));
  };
}

/**
 * map_zip_with(m1, m2, (k, v1, v2) -> …): a map of every key of m1, then of m2's others, each to the lambda's value of the key
 * and its value in each map (NULL where a map has no such key), written over the struct per key spark_map_zip makes
 * (engine/spark-functions.ts); NULL where either map is
 */
export function mapZipWithCall(call: Call): Token[] | undefined {
  const { args } = call;
  const fn = lambda(args[2] ?? []);
  if (args.length !== 3 || fn?.params.length !== 3) return undefined;
  const { callOf } = tokenMakers(call);
  const pairs = callOf("spark_map_zip", argBody(args[0]), argBody(args[1]));
  const { result, field, over, entry } = overPairs(call, fn, args[2], ["key", "value1", "value2"], false, pairs);
  return callOf("map_from_entries", over("list_transform", entry(field("key")(), result)));
}

/** array_sort(arr, (l, r) -> …) with a comparator, rewritten by sql/array-sort.ts */
export const arraySortCall = (call: Call): Token[] | undefined => comparatorSort(call.args, call.pos);
