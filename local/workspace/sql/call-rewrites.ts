/**
 * The Spark functions whose calls the translation (sql/translate.ts) writes otherwise than by a
 * rename, by name (lower case), each with its rewrite (sql/call.ts): what the call becomes, read
 * by the translator in its place. A function without a rewrite, or whose rewrite leaves the call as
 * written, is renamed by FUNCTION_RENAMES (engine/spark-functions.ts) or kept.
 *
 * The translator itself writes the calls whose form depends on the query around them: the aggregates
 * of WRAPPED_AGGREGATES, sum, try_sum and avg/mean (through their FILTER and OVER clauses), the generators (explode,
 * posexplode, their _outer forms, inline, inline_outer) and element_at / try_element_at (sql/subscripts.ts).
 */
import { variantGetCall } from "./variant-calls.js";
import { sqlErrors } from "../errors.js";
import { isOp, isWord, type Token } from "./tokenizer.js";
import { argBody, tokenMakers, type CallContext, type CallRewrite } from "./call.js";
import { FUNCTION_RENAMES, castMacroFor } from "../engine/spark-functions.js";
import { quoteString } from "./spark-types.js";
import { DEFAULT_SPARK_VERSION, SPARK_VERSION } from "../cluster/spec.js";
import { isNullWord } from "./promotions.js";
import { numberFormatProblem } from "../engine/number-format.js";
import { toNumberType } from "../engine/number-parse.js";
import { arraysZip, jsonTuple, map, mapConcat, namedStruct, stack, struct } from "./constructor-calls.js";
import { ARRAY_LAMBDA_FUNCTIONS, arrayLambdaCall, arraySortCall, mapZipWithCall, pairLambdaCall } from "./higher-order-calls.js";
import { dateFormat, toCharCall, extractField, fromUnixtime, parseWithPattern, timestampAdd, timestampDiff } from "./datetime-calls.js";
import { concat, concatWs, formatStringCall, fromForAsCommas, holdsCall, inAsComma } from "./string-calls.js";
import { collateCall } from "./collations.js";
import { fromJsonCall, getJsonObjectCall, toJsonCall } from "./json-calls.js";

/** the constant string `value` in a column named `name` as Spark names it (spark_named_constant, sql/subscripts.ts) */
export const namedConstantSql = (name: string, value: string) => `spark_named_constant(${quoteString(name)}, ${quoteString(value)})`;

/** f() with no arguments as the constant string `value(ctx)`, its column named `f()` */
const constant =
  (value: (ctx: CallContext) => string): CallRewrite =>
  (call, ctx) => {
    if (call.tokens.length !== 3) throw sqlErrors.syntax(`'${call.tokens[2].value}'`, "(expected no arguments)");
    return { sql: namedConstantSql(`${call.name.toLowerCase()}()`, value(ctx)) };
  };

const currentSchema = constant((ctx) => ctx.currentSchema);

/** f() with no arguments as the value `sql`, its column named `name` */
const namedValue =
  (name: string, sql: string): CallRewrite =>
  (call) => {
    if (call.tokens.length !== 3) throw sqlErrors.syntax(`'${call.tokens[2].value}'`, "(expected no arguments)");
    return { sql: `spark_named_constant(${quoteString(name)}, ${sql})` };
  };

/** int(x), bigint(x), smallint(x) and tinyint(x) of an argument holding a call as the cast macro's `_once` variant, which reads it once (castMacroFor) */
const integralCastCall: CallRewrite = (call) => {
  const renamed = FUNCTION_RENAMES[call.name.toLowerCase()];
  const macro = castMacroFor(renamed, call.args.length === 1 && holdsCall(argBody(call.args[0])));
  return macro === renamed ? undefined : [tokenMakers(call).ident(macro), ...call.tokens.slice(1)];
};

/**
 * hash(…) and xxhash64(…) (engine/spark-hashes.ts) with a NULL argument written as spark_typed_null(), an INT's NULL: it leaves
 * the running hash as any NULL does, and DuckDB hands a JavaScript function no vector of an untyped NULL
 */
const hashCall: CallRewrite = (call) => {
  if (call.args.length === 0) throw sqlErrors.wrongArgumentCount(call.name.toLowerCase(), "> 0", 0);
  if (!call.args.some((arg) => isNullWord(argBody(arg)))) return undefined;
  const { ident, op, callOf } = tokenMakers(call);
  const typedNull = [ident("spark_typed_null"), op("("), op(")")];
  return callOf(FUNCTION_RENAMES[call.name.toLowerCase()]!, ...call.args.map((arg) => (isNullWord(argBody(arg)) ? typedNull : argBody(arg))));
};

/**
 * A scale Spark folds to a number: a number (`-1`), or one cast to an integral type (`CAST(1 AS INT)`, `int(1)`); its number's
 * tokens, undefined for another expression. round's type is worked out from its scale when the query binds (engine/spark-functions.ts),
 * where the translation of a cast is no constant (it may fail)
 */
export function foldedScale(scale: Token[]): Token[] | undefined {
  const signed = (tokens: Token[]) => (tokens.length === 1 || (tokens.length === 2 && (isOp(tokens[0], "-") || isOp(tokens[0], "+")))) && tokens.at(-1)?.kind === "number";
  if (signed(scale)) return scale;
  const inner = (from: number, to: number) => (signed(scale.slice(from, to)) ? scale.slice(from, to) : undefined);
  if (isWord(scale[0], "CAST") && isOp(scale[1], "(") && isOp(scale.at(-1), ")") && isWord(scale.at(-3), "AS")) return inner(2, -3);
  const integral = ["INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT"].some((name) => isWord(scale[0], name));
  return integral && isOp(scale[1], "(") && isOp(scale.at(-1), ")") ? inner(2, -1) : undefined;
}

/**
 * round(x [, d]) and bround: a NULL x written as spark_double_null(), as Spark casts it to the DOUBLE its numeric argument defaults
 * to (the macros type their answer by their argument's, which an untyped NULL has none of), and a scale Spark folds as its number
 */
const roundCall: CallRewrite = (call) => {
  const nullValue = call.args.length > 0 && isNullWord(argBody(call.args[0]));
  const scale = call.args.length > 1 ? foldedScale(argBody(call.args[1])) : undefined;
  if (!nullValue && (scale === undefined || scale.length === argBody(call.args[1]).length)) return undefined;
  const { ident, op, callOf } = tokenMakers(call);
  const value = nullValue ? [ident("spark_double_null"), op("("), op(")")] : argBody(call.args[0]);
  return callOf(FUNCTION_RENAMES[call.name.toLowerCase()]!, value, ...(call.args.length > 1 ? [scale ?? argBody(call.args[1])] : []), ...call.args.slice(2).map(argBody));
};

/**
 * to_number(x, 'format') and try_to_number as spark_to_number(x, 'format', NULL of the format's DECIMAL type) (engine/number-parse.ts);
 * a format Spark does not read fails here, at analysis, as in Spark
 */
const toNumberCall: CallRewrite = (call) => {
  const name = call.name.toLowerCase();
  if (call.args.length !== 2) throw sqlErrors.wrongArgumentCount(name, "2", call.args.length);
  const format = argBody(call.args[1]);
  if (format.length !== 1 || format[0]!.kind !== "string" || format[0]!.prefix === "X") throw sqlErrors.unsupported(`${name}(x, format) with a format that is not a string literal`);
  const problem = numberFormatProblem(format[0]!.value);
  if (problem) throw sqlErrors.invalidNumberFormat(format[0]!.value.toUpperCase(), problem);
  const { precision, scale } = toNumberType(format[0]!.value);
  if (precision > 38) throw sqlErrors.decimalPrecision(precision);
  const { ident, op, make, callOf } = tokenMakers(call);
  const typedNull = [ident("CAST"), op("("), ident("NULL"), ident("AS"), ident("DECIMAL"), op("("), make("number", String(precision)), op(","), make("number", String(scale)), op(")"), op(")")];
  return callOf(`spark_${name}`, argBody(call.args[0]), format, typedNull);
};

/** sentences(s [, language [, country]]) with its omitted arguments '' (engine/sentences.ts), as Spark fills them in and names them */
const sentencesCall: CallRewrite = (call) => {
  if (call.args.length < 1 || call.args.length > 3) throw sqlErrors.wrongArgumentCount("sentences", "[1, 2, 3]", call.args.length);
  const { make, callOf } = tokenMakers(call);
  const args = call.args.map(argBody);
  while (args.length < 3) args.push([make("string", "")]);
  return callOf("spark_sentences", ...args);
};

/**
 * first(x, ignoreNulls) and last(x, ignoreNulls), first_value and last_value likewise: with true, the first or last value
 * that is not NULL, DuckDB's `first(x IGNORE NULLS)` over a window and `first(x) FILTER (WHERE x IS NOT NULL)` as an
 * aggregate (DuckDB takes IGNORE NULLS in window functions only); with false the call of x alone
 */
const ignoreNullsCall: CallRewrite = (call) => {
  if (call.args.length !== 2 || call.args[1].length !== 2 || !["TRUE", "FALSE"].some((w) => isWord(call.args[1][0], w))) return undefined;
  const { op, ident, callOf } = tokenMakers(call);
  const x = argBody(call.args[0]);
  if (isWord(call.args[1][0], "FALSE")) return callOf(call.name, x);
  if (call.windowed) return [ident(call.name), op("("), ...x, ident("IGNORE"), ident("NULLS"), op(")")];
  return [...callOf(call.name, x), ident("FILTER"), op("("), ident("WHERE"), op("("), ...x, op(")"), ident("IS"), ident("NOT"), ident("NULL"), op(")")];
};

/** div(a, b), the function form of `a DIV b`, as sql/ansi-division.ts writes that: spark_div(a, spark_divisor(b)) */
const divCall: CallRewrite = (call) => {
  if (call.args.length !== 2) return undefined;
  const { callOf } = tokenMakers(call);
  return callOf("spark_div", argBody(call.args[0]), callOf("spark_divisor", argBody(call.args[1])));
};

/**
 * count(a, b, …) and count(DISTINCT a, b, …): the rows (distinct tuples) where no argument is NULL, as Spark counts them,
 * counted as count([DISTINCT] spark_tuple(a, b, …)) (engine/spark-functions.ts), which DuckDB's count of one argument takes
 */
const countOfSeveral: CallRewrite = (call) => {
  if (call.args.length < 2) return undefined;
  const { callOf } = tokenMakers(call);
  const [first, ...rest] = call.args.map(argBody);
  const distinct = isWord(first[0], "DISTINCT") ? [first[0]] : [];
  return callOf(call.name, [...distinct, ...callOf("spark_tuple", first.slice(distinct.length), ...rest)]);
};

/** double(x), float(x), boolean(x), timestamp(x): Spark's cast functions, as CAST(x AS type), which the translator writes as Spark casts */
const castFunction =
  (type: string): CallRewrite =>
  (call) => {
    if (call.args.length !== 1) return undefined;
    const { op, ident } = tokenMakers(call);
    return [ident("CAST"), op("("), ...argBody(call.args[0]), ident("AS"), ident(type), op(")")];
  };

/** mask(s, …) with named arguments (`lowerChar => 'z'`) as spark_mask_named(s, lowerChar := 'z', …), positional ones named in order */
const maskNamed: CallRewrite = (call) => {
  const named = (arg: Token[]) => arg[0]?.kind === "ident" && arg[1]?.kind === "op" && arg[1].value === "=>";
  if (!call.args.some((a) => named(a))) return undefined;
  const { op, ident, callOf } = tokenMakers(call);
  const [s, ...masks] = call.args.map(argBody);
  const names = ["upperChar", "lowerChar", "digitChar", "otherChar"];
  return callOf("spark_mask_named", s, ...masks.map((a, k) => (named(a) ? [a[0], op(":="), ...a.slice(2)] : [ident(names[k] ?? "otherChar"), op(":="), ...a])));
};

/** replace(s, search) as Spark reads it: replace(s, search, ''), which its column's name shows too */
const replaceWithNothing: CallRewrite = (call) => {
  if (call.args.length !== 2) return undefined;
  const { op, make } = tokenMakers(call);
  return [...call.tokens.slice(0, -1), op(","), make("string", ""), call.tokens[call.tokens.length - 1]];
};

export const CALL_REWRITES: ReadonlyMap<string, CallRewrite> = new Map<string, CallRewrite>([
  ["count", countOfSeveral],
  ["first", ignoreNullsCall],
  ["last", ignoreNullsCall],
  ["first_value", ignoreNullsCall],
  ["last_value", ignoreNullsCall],
  ["current_catalog", constant((ctx) => ctx.currentCatalog)],
  ["current_database", currentSchema],
  ["current_schema", currentSchema],
  // one partition here: its id 0, and its rows numbered from 0
  ["spark_partition_id", namedValue("SPARK_PARTITION_ID()", "CAST(0 AS INTEGER)")],
  ["monotonically_increasing_id", namedValue("monotonically_increasing_id()", "CAST(row_number() OVER () - 1 AS BIGINT)")],
  // the Spark and Databricks Runtime versions of the local workspace's clusters (cluster/spec.ts)
  ["version", namedValue("version()", quoteString(`${SPARK_VERSION} local-workspace`))],
  [
    "current_version",
    namedValue("current_version()", `struct_pack(dbr_version := ${quoteString(DEFAULT_SPARK_VERSION)}, dbsql_version := CAST(NULL AS VARCHAR), u_build_hash := 'local-workspace', r_build_hash := 'local-workspace')`),
  ],
  ...["current_user", "user", "session_user"].map((name): [string, CallRewrite] => [name, constant((ctx) => ctx.currentUser)]),
  ["named_struct", namedStruct],
  ["struct", struct],
  ["arrays_zip", arraysZip],
  ["map", map],
  ["map_concat", mapConcat],
  ["stack", stack],
  ["json_tuple", jsonTuple],
  ...ARRAY_LAMBDA_FUNCTIONS.map((name): [string, CallRewrite] => [name, arrayLambdaCall(name)]),
  ["zip_with", pairLambdaCall("zip_with")],
  ["map_filter", pairLambdaCall("map_filter")],
  ["transform_keys", pairLambdaCall("transform_keys")],
  ["transform_values", pairLambdaCall("transform_values")],
  ["map_zip_with", mapZipWithCall],
  ["array_sort", arraySortCall],
  ["date_format", dateFormat],
  ["to_char", toCharCall],
  ["to_varchar", toCharCall],
  ["from_unixtime", fromUnixtime],
  ["to_date", parseWithPattern],
  ["to_timestamp", parseWithPattern],
  ["try_to_timestamp", parseWithPattern],
  ["to_timestamp_ntz", parseWithPattern],
  ["to_timestamp_ltz", parseWithPattern],
  ["unix_timestamp", parseWithPattern],
  ["to_unix_timestamp", parseWithPattern],
  ["double", castFunction("DOUBLE")],
  ["float", castFunction("FLOAT")],
  ["boolean", castFunction("BOOLEAN")],
  ["timestamp", castFunction("TIMESTAMP")],
  ["date", castFunction("DATE")],
  ["decimal", castFunction("DECIMAL")],
  ["binary", castFunction("BINARY")],
  ["extract", extractField],
  ["date_part", extractField],
  ["datepart", extractField],
  ["timestampadd", timestampAdd],
  ["dateadd", timestampAdd],
  ["date_add", timestampAdd],
  ["timestampdiff", timestampDiff],
  ["datediff", timestampDiff],
  ["timediff", timestampDiff],
  ["date_diff", timestampDiff],
  ["int", integralCastCall],
  ["bigint", integralCastCall],
  ["smallint", integralCastCall],
  ["tinyint", integralCastCall],
  ["concat", concat],
  ["replace", replaceWithNothing],
  ["concat_ws", concatWs],
  ["substring", fromForAsCommas],
  ["substr", fromForAsCommas],
  ["overlay", fromForAsCommas],
  ["collate", collateCall],
  ["div", divCall],
  ["position", inAsComma],
  ["mask", maskNamed],
  ["from_json", fromJsonCall],
  ["variant_get", variantGetCall],
  ["try_variant_get", variantGetCall],
  ["hash", hashCall],
  ["to_number", toNumberCall],
  ["sentences", sentencesCall],
  ["try_to_number", toNumberCall],
  ["xxhash64", hashCall],
  ["round", roundCall],
  ["bround", roundCall],
  ["to_json", toJsonCall],
  ["format_string", formatStringCall],
  ["printf", formatStringCall],
  ["get_json_object", getJsonObjectCall],
  [
    "format_number",
    // a DecimalFormat pattern in place of the number of places: Java's pattern language is not written here
    (call) => {
      if (call.args[1]?.[0]?.kind === "string") throw sqlErrors.unsupported("format_number(x, 'pattern') (a number of decimal places is: format_number(x, 2))");
      return undefined;
    },
  ],
]);

/**
 * Aggregates written as macros of DuckDB's aggregate `inner`, macro(inner(x) …) with any FILTER and OVER clause
 * inside: collect_list(x) and array_agg(x) as spark_collect_list(list(x) …), its NULLs left out and [] for no value (collect_set(x)
 * as spark_collect_set(list(x) …), each value once too),
 * as Spark collects, where DuckDB's list keeps NULLs and is NULL for no row;
 * count_if(x) as spark_count_if(count_if(x) …), a BIGINT where DuckDB's is a HUGEINT (engine/spark-functions.ts); row_number(), rank(),
 * dense_rank() and ntile(n) as spark_ranking(…), an INT where DuckDB's is a BIGINT
 */
export const WRAPPED_AGGREGATES: ReadonlyMap<string, { before: string; inner: string; after: string }> = new Map([
  ["collect_list", { before: "spark_collect_list(", inner: "list", after: ")" }],
  ["array_agg", { before: "spark_array_agg(", inner: "list", after: ")" }],
  ["collect_set", { before: "spark_collect_set(", inner: "list", after: ")" }],
  ["count_if", { before: "spark_count_if(", inner: "count_if", after: ")" }],
  ...["row_number", "rank", "dense_rank", "ntile"].map((name): [string, { before: string; inner: string; after: string }] => [name, { before: "spark_ranking(", inner: name, after: ")" }]),
  ...[["every", "bool_and"], ["any", "bool_or"], ["some", "bool_or"]].map(([name, inner]): [string, { before: string; inner: string; after: string }] => [
    name,
    { before: `spark_named_aggregate(${quoteString(name)}, `, inner, after: ")" },
  ]),
]);
