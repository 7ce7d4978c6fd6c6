/**
 * The rewrites of Spark's functions that make a STRUCT, a MAP or rows of values (sql/call-rewrites.ts):
 * named_struct, struct, arrays_zip, map, map_concat, stack and json_tuple.
 */
import { sqlErrors } from "../errors.js";
import { argBody, type Call, tokenMakers } from "./call.js";
import type { Tokens } from "./statements.js";
import { madeToken, type Token } from "./tokenizer.js";

/** named_struct('a', x, 'b', y) → spark_named_struct(struct_pack("a" := x, "b" := y)), the mark its column's name is read back by (sql/subscripts.ts) */
export function namedStruct(call: Call): Token[] {
  const { args } = call;
  if (args.length % 2 !== 0 || args.some((a, k) => k % 2 === 0 && (a.length !== 2 || a[0].kind !== "string"))) {
    throw sqlErrors.syntax("named_struct", "(expected named_struct('name', value, …))");
  }
  const { callOf } = tokenMakers(call);
  // each name's "," and ":=" at the name's position
  const fields = args.flatMap((a, k) =>
    k % 2 === 0 ? [...(k > 0 ? [madeToken("op", ",", a[0].pos)] : []), { ...a[0], kind: "qident" as const }, madeToken("op", ":=", a[0].pos)] : argBody(a),
  );
  return callOf("spark_named_struct", callOf("struct_pack", fields));
}

/**
 * Spark struct(a, t.b, x + 1, y AS z) → spark_struct(struct_pack("a" := a, "b" := t.b, "col3" := x + 1, "z" := y)):
 * fields named as Spark names them, in the mark its column's name is read back by
 */
export function struct(call: Call): Token[] {
  const { make, op, callOf } = tokenMakers(call);
  const fields = call.args.flatMap((a, k) => {
    const alias = a.length > 3 && a[a.length - 3].kind === "ident" && a[a.length - 3].value.toUpperCase() === "AS" && ["ident", "qident"].includes(a[a.length - 2].kind);
    const value = a.slice(0, alias ? -3 : -1);
    const name = alias ? a[a.length - 2].value : (columnName(value) ?? `col${k + 1}`);
    return [...(k > 0 ? [op(",")] : []), make("qident", name), op(":="), ...value];
  });
  return callOf("spark_struct", callOf("struct_pack", fields));
}

/** the column's name where the tokens are a column's reference (`a`, `t.b`), which Spark names a field it makes after */
function columnName(value: Token[]): string | undefined {
  const names = value.filter((t, n) => (n % 2 === 0 ? t.kind === "ident" || t.kind === "qident" : t.kind === "op" && t.value === "."));
  const literal = value.length === 1 && value[0].kind === "ident" && ["NULL", "TRUE", "FALSE"].includes(value[0].value.toUpperCase());
  return names.length === value.length && value.length % 2 === 1 && !literal ? value[value.length - 1].value : undefined;
}

/**
 * arrays_zip(a, b, …) → list_transform(spark_arrays_zip(a, b, …), z -> struct_pack("a" := z[1], "1" := z[2], …)): the n'th struct
 * holds each array's n'th element (NULL past a shorter one's end), each field named after its array's column or its place from 0,
 * as Spark names them; NULL where an array is (engine/collection-macros.ts). Each array is written once: an aggregate written twice
 * would be rewritten twice (sql/translate.ts).
 */
export function arraysZip(call: Call): Token[] | undefined {
  if (call.args.length === 0) return undefined;
  const { make, op, callOf } = tokenMakers(call);
  const arrays = call.args.map(argBody);
  const zipped = make("ident", "spark_zipped");
  const fields = arrays.flatMap((value, k) => [
    ...(k > 0 ? [op(",")] : []),
    make("qident", columnName(value) ?? String(k)),
    op(":="),
    ...callOf("struct_extract", [zipped], [make("number", String(k + 1))]),
  ]);
  return callOf("list_transform", callOf("spark_arrays_zip", ...arrays), [zipped, op("->"), ...callOf("struct_pack", fields)]);
}

/** Spark map(k1, v1, k2, v2) → spark_map(list_value(k1, k2), list_value(v1, v2)), DuckDB's map with Spark's refusal of a NULL or repeated key */
export function map(call: Call): Token[] {
  const { args } = call;
  if (args.length % 2 !== 0) throw sqlErrors.syntax("map", "(map takes key, value pairs)");
  const { op, ident, callOf } = tokenMakers(call);
  const list = (items: Tokens[]) => callOf("list_value", ...items.map(argBody));
  return [ident("spark_map"), op("("), ...list(args.filter((_, k) => k % 2 === 0)), op(","), ...list(args.filter((_, k) => k % 2 === 1)), op(")")];
}

/** Spark map_concat(m1, m2, …) → spark_map_concat(list_value(m1, m2, …)), which refuses a key two maps hold where DuckDB's keeps the last value */
export function mapConcat(call: Call): Token[] {
  const { tokens } = call;
  const { op, ident } = tokenMakers(call);
  return [ident("spark_map_concat"), tokens[1], ident("list_value"), op("("), ...tokens.slice(2, -1), op(")"), tokens[tokens.length - 1]];
}

/**
 * stack(n, e1, e2, …) → the values in n rows of columns col0, col1, … (the last row filled with
 * NULLs), as Spark's generator makes them: an UNNEST of a list of one struct per row, its fields the
 * columns. n must be an integer literal, as Spark requires.
 */
export function stack(call: Call): Token[] {
  const { args } = call;
  const n = args[0]?.length === 2 && args[0][0].kind === "number" && /^\d+$/.test(args[0][0].value) ? Number(args[0][0].value) : 0;
  if (n < 1 || args.length < 2) throw sqlErrors.syntax("stack", "(expected stack(n, expr, …) with n an integer literal of at least 1)");
  const values = args.slice(1).map(argBody);
  const width = Math.ceil(values.length / n);
  const { make: t, op, ident, callOf } = tokenMakers(call);
  const rows = Array.from({ length: n }, (_, r) =>
    callOf("struct_pack", ...Array.from({ length: width }, (_, c) => [t("qident", `col${c}`), op(":="), ...(values[r * width + c] ?? [ident("NULL")])])),
  );
  const recursive = [op(","), ident("recursive"), op(":="), ident("true"), op(","), ident("max_depth"), op(":="), t("number", "2")];
  return [ident("unnest"), op("("), ...callOf("list_value", ...rows), ...recursive, op(")")];
}

/**
 * json_tuple(json, 'k1', 'k2', …) in a SELECT list → unnest(list_transform([json], j -> struct_pack(c0 := spark_json_tuple_field(j, '$."k1"'),
 * …))[1]): one row of columns c0, c1, … holding each key's value as text (an object or array its JSON), NULL for a key json lacks or
 * text that is no JSON; json is written once, as arraysZip's arrays are
 */
export function jsonTuple(call: Call): Token[] {
  const { args } = call;
  const keys = args.slice(1).map(argBody);
  if (keys.length === 0 || keys.some((k) => k.length !== 1 || k[0].kind !== "string")) {
    throw sqlErrors.unsupported("json_tuple(…) with a key that is not a string literal");
  }
  const { make: t, op, callOf } = tokenMakers(call);
  const json = t("ident", "spark_json");
  const fields = keys.flatMap((k, n) => [
    ...(n > 0 ? [op(",")] : []),
    t("qident", `c${n}`),
    op(":="),
    ...callOf("spark_json_tuple_field", [json], [t("string", `$.${JSON.stringify(k[0].value)}`)]),
  ]);
  const row = callOf("list_transform", callOf("list_value", argBody(args[0])), [json, op("->"), ...callOf("struct_pack", fields)]);
  return callOf("unnest", callOf("list_extract", row, [t("number", "1")]));
}
