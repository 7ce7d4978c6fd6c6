/**
 * Spark functions DuckDB lacks or names differently. The translator renames calls by this table;
 * where no DuckDB function fits, the target is a macro created once per database (SPARK_MACROS).
 * Only functions whose Spark semantics the target really has are listed; anything else reaches
 * DuckDB as written and fails loudly there if it does not exist.
 */
import { quoteString, type SparkType } from "../sql/spark-types.js";
import { datetimeMarkMacros } from "./datetime-marks.js";

/**
 * a macro's body of its argument x, read once as the one element of a list a lambda maps: a call inside x is bound once, and
 * DuckDB makes the macro at the engine's start in a third of the time (spark_cast_timestamp(x) named directly cost about 5 ms
 * for each macro that names it)
 */
export const readOnce = (body: (v: string) => string): string => `list_transform([x], v -> ${body("v")})[1]`;

/** an error naming the text v and the type, which errors.ts answers as Spark's `code` (CAST_INVALID_INPUT) */
export const failure = (code: string, v: string, type: string) => `error('[${code}] ''' || replace(${v}, '''', '''''') || ''' ${type}')`;

/** the bytes Spark trims from both ends of a string it reads as a number: white space and ISO control characters */
const SPARK_TRIM = "[\\x00-\\x20\\x7f]";

/** the parts of a date, and of a time, Spark's functions of the same names give (day: dayofmonth too) */
const DATE_PARTS = ["year", "quarter", "month", "day", "dayofyear", "weekofyear"] as const;
const TIME_PARTS = ["hour", "minute", "second"] as const;

/** a TIMESTAMP's whole seconds since the epoch, rounded down as Spark's cast to an integral type rounds them (exact at any instant) */
const EPOCH_SECONDS = "CREATE OR REPLACE MACRO spark_epoch_seconds(t) AS list_transform([epoch_us(t)], us -> (us - (us % 1000000 + 1000000) % 1000000) // 1000000)[1]";

/**
 * CAST(x AS DOUBLE) and CAST(x AS FLOAT): DuckDB's cast, but for a TIMESTAMP, the seconds since the epoch with their fraction as
 * Spark's cast gives them (DuckDB has no cast of a TIMESTAMP to a number); a string stays DuckDB's cast of it
 */
function floatingCasts(): string[] {
  return Object.entries({ double: "DOUBLE", float: "FLOAT" }).flatMap(([spark, duck]) =>
    ["CAST", "TRY_CAST"].map(
      (cast) =>
        // (a DATE and a TIMESTAMP_NTZ, which Spark does not cast to a number, have DuckDB's refusal, not the TIMESTAMP's overload)
        `CREATE OR REPLACE MACRO spark_${cast === "CAST" ? "cast" : "try_cast"}_${spark}(x) AS ${cast}(x AS ${duck}), (x VARCHAR) AS ${cast}(x AS ${duck}), ` +
        `(x DATE) AS ${cast}(x AS ${duck}), (x TIMESTAMP) AS ${cast}(x AS ${duck}), (x TIMESTAMPTZ) AS CAST(epoch_us(x) / 1000000 AS ${duck})`,
    ),
  );
}

/**
 * CAST(x AS INT) and int(x), likewise TINYINT, SMALLINT and BIGINT, which the translator writes as
 * spark_cast_int(x): a FLOAT, DOUBLE or DECIMAL truncated toward zero where DuckDB's cast rounds it,
 * and a string that is not an integer (once trimmed as Spark trims it) refused as ANSI mode refuses it
 * where DuckDB reads '1.5' as 2 and '1e2' as 100. TRY_CAST(x AS INT) is spark_try_cast_int(x): NULL
 * for what fails, and a string read as Spark's try_cast reads it, as without ANSI mode ('1.5' is 1,
 * '1e2' NULL). A DECIMAL drops its fraction as text, exact at any precision; the rest is DuckDB's cast.
 */
function integralCasts(): string[] {
  const targets: Record<string, string> = { tinyint: "TINYINT", smallint: "SMALLINT", int: "INTEGER", bigint: "BIGINT" };
  const text = "CAST(x AS VARCHAR)";
  return Object.entries(targets).flatMap(([spark, duck]) => {
    // errors.ts writes Spark's CAST_OVERFLOW text from the value's type, the value and the target type
    const overflow = `error('[CAST_OVERFLOW] ' || typeof(x) || '|' || ${text} || '|${spark.toUpperCase()}')`;
    // a value INSERT or UPDATE stores in column c: CAST_OVERFLOW_IN_TABLE_INSERT from the value's type, the column's type and its name
    const storeOverflow = `error('[CAST_OVERFLOW_IN_TABLE_INSERT] ' || typeof(x) || '|${spark.toUpperCase()}|' || c)`;
    const cases = (tried: boolean, strings: string, fails = overflow) => {
      const number = (value: string) => (tried ? `TRY_CAST(${value} AS ${duck})` : `coalesce(TRY_CAST(${value} AS ${duck}), ${fails})`);
      return (
        `CASE WHEN x IS NULL THEN NULL WHEN typeof(x) IN ('FLOAT', 'DOUBLE') THEN ${number("trunc(CAST(x AS DOUBLE))")} ` +
        `WHEN typeof(x) LIKE 'DECIMAL(%' THEN ${number(`CAST(split_part(${text}, '.', 1) AS DECIMAL(38,0))`)} ` +
        // a TIMESTAMP's whole seconds since the epoch, rounded down; through its text, which binds for x of any type
        `WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN ${number(`spark_epoch_seconds(CAST(${text} AS TIMESTAMPTZ))`)} ` +
        // a DATE or a TIMESTAMP_NTZ, which Spark does not cast to a number (errors.ts writes its refusal)
        `WHEN typeof(x) IN ('DATE', 'TIMESTAMP') THEN error('[CAST_WITHOUT_SUGGESTION] ' || typeof(x) || '|${spark.toUpperCase()}') ` +
        `WHEN typeof(x) <> 'VARCHAR' THEN ${number("x")} ${strings} END`
      );
    };
    const ansi =
      `WHEN regexp_full_match(${text}, '${SPARK_TRIM}*[+-]?[0-9]+${SPARK_TRIM}*') THEN CAST(regexp_extract(${text}, '[+-]?[0-9]+') AS ${duck}) ` +
      `ELSE ${failure("CAST_INVALID_INPUT", text, spark.toUpperCase())}`;
    // the digits before any fraction ('' for '.5', which Spark reads as 0), through a DECIMAL whose cast fails on an overflow
    const legacy =
      `WHEN regexp_full_match(${text}, '${SPARK_TRIM}*([+-]?[0-9]+(\\.[0-9]*)?|[+-]?\\.[0-9]*)${SPARK_TRIM}*') ` +
      `THEN TRY_CAST(TRY_CAST(regexp_extract(${text}, '^${SPARK_TRIM}*([+-]?[0-9]*)', 1) || '.0' AS DECIMAL(38,1)) AS ${duck})`;
    return [
      `CREATE OR REPLACE MACRO spark_cast_${spark}(x) AS ${cases(false, ansi)}`,
      `CREATE OR REPLACE MACRO spark_try_cast_${spark}(x) AS ${cases(true, legacy)}`,
      `CREATE OR REPLACE MACRO spark_store_${spark}(x, c) AS ${cases(false, ansi, storeOverflow)}`,
    ];
  });
}

const ANSI_BYPASS = 'If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.';
export const INDEX_OF_ZERO = "error('[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003')";

/** Spark's text for index i out of the range of list a, raised with DuckDB's error() (errors.ts reads it back) */
export function arrayIndexError(errorClass: string, tolerate: string): string {
  return `error('[${errorClass}] The index ' || CAST(i AS VARCHAR) || ' is out of bounds. The array has ' || CAST(len(a) AS VARCHAR) || ' elements. ` +
    `Use ${tolerate} to tolerate accessing element at invalid index and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003')`;
}

/**
 * A map's key list k as it is, where Spark's map builder refuses it: its first key (in order) that
 * is NULL or repeats an earlier one fails as Spark fails it (NULL_MAP_KEY, DUPLICATED_MAP_KEY under
 * the default spark.sql.mapKeyDedupPolicy EXCEPTION), where DuckDB's map() says only that keys must
 * be unique and map_concat keeps the last value. errors.ts reads the text back.
 */
const MAP_KEY_CHECKS = [
  "CREATE OR REPLACE MACRO spark_map_key_error(key) AS CASE WHEN key IS NULL THEN error('[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E') " +
    "ELSE error('[DUPLICATED_MAP_KEY] Duplicate map key ' || CAST(key AS VARCHAR) || ' was found, please check the input data. If you want to remove the duplicated keys, " +
    "you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last takes precedence. SQLSTATE: 23505') END",
  "CREATE OR REPLACE MACRO spark_map_keys(k) AS CASE WHEN k IS NULL OR len(list_distinct(k)) = len(k) THEN k " +
    "ELSE spark_map_key_error(k[list_filter(range(1, len(k) + 1), i -> k[i] IS NULL OR list_position(k[:i - 1], k[i]) > 0)[1]]) END",
  // map(k1, v1, …) (sql/call-rewrites.ts writes the two lists), map_from_arrays(keys, values)
  "CREATE OR REPLACE MACRO spark_map(k, v) AS map(spark_map_keys(k), v)",
  "CREATE OR REPLACE MACRO spark_map_from_arrays(k, v) AS spark_map(k, v)",
  // map_from_entries(array of structs of two fields, whatever their names), transform_keys' new entries (sql/call-rewrites.ts)
  "CREATE OR REPLACE MACRO spark_map_from_entries(e) AS spark_map(list_transform(e, x -> struct_extract_at(x, 1)), list_transform(e, x -> struct_extract_at(x, 2)))",
  // str_to_map(text [, pairDelim [, keyValueDelim]]): text split at pairDelim (a regular expression, ',' by default), each part at its
  // first keyValueDelim (':' by default) into a key and a value (NULL without one), as Java's split(regex, -1) and split(regex, 2) do
  "CREATE OR REPLACE MACRO spark_str_to_map_split(t, pd, kd) AS spark_map_from_entries(list_transform(regexp_split_to_array(t, pd), kv -> {'k': CASE WHEN regexp_matches(kv, '(?s)' || kd) " +
    "THEN regexp_extract(kv, '(?s)^(.*?)(?:' || kd || ')', 1) ELSE kv END, 'v': CASE WHEN regexp_matches(kv, '(?s)' || kd) " +
    "THEN regexp_replace(kv, '(?s)^(.*?)(?:' || kd || ')', '') END}))",
  "CREATE OR REPLACE MACRO spark_str_to_map(t) AS spark_str_to_map_split(t, ',', ':'), (t, pd) AS spark_str_to_map_split(t, pd, ':'), " +
    "(t, pd, kd) AS spark_str_to_map_split(t, pd, kd)",
  // map_concat(m1, m2, …) as sql/call-rewrites.ts writes it, spark_map_concat(list_value(m1, m2, …)): NULL when any map is
  "CREATE OR REPLACE MACRO spark_map_concat(ms) AS CASE WHEN list_bool_or(list_transform(ms, m -> m IS NULL)) THEN NULL " +
    "ELSE spark_map_from_entries(flatten(list_transform(ms, m -> map_entries(m)))) END",
];

/**
 * typeof(x) as Spark names the type (`int`, `decimal(10,2)`, `timestamp`, `array<struct<a:int>>`, `map<string,int>`, `void`),
 * rewritten from DuckDB's name of it (INTEGER, DECIMAL(10,2), TIMESTAMP WITH TIME ZONE, STRUCT(a INTEGER)[], MAP(VARCHAR, INTEGER),
 * "NULL") in order: a DECIMAL's parentheses kept aside as braces, the scalar names, a struct's `name type` as `name:type`, the
 * remaining parentheses as angle brackets, each postfix [] as array<…> (three levels of array around a struct or map, any around a
 * scalar), then the braces back.
 */
const TYPEOF_STEPS: readonly [string, string][] = [
  ["DECIMAL\\((\\d+),(\\d+)\\)", "decimal{\\1;\\2}"],
  ["TIMESTAMP WITH TIME ZONE", "timestamp"],
  ["^\"NULL\"$", "void"],
  ...(
    [
      ["TIMESTAMP", "timestamp_ntz"], ["HUGEINT", "decimal{38;0}"], ["INTEGER", "int"], ["BIGINT", "bigint"], ["SMALLINT", "smallint"],
      ["TINYINT", "tinyint"], ["VARCHAR", "string"], ["DOUBLE", "double"], ["FLOAT", "float"], ["BOOLEAN", "boolean"], ["DATE", "date"],
      ["BLOB", "binary"], ["INTERVAL", "interval"], ["VARIANT", "variant"],
    ] as const
  ).map(([duck, spark]): [string, string] => [`\\b${duck}\\b`, spark]),
  ["\\bSTRUCT\\(", "struct<"],
  ["\\bMAP\\(", "map<"],
  ['(struct<|, )("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*) ', "\\1\\2:"],
  ['"((?:[^"]|"")*)":', "\\1:"],
  [", ", ","],
  ["\\)", ">"],
  ...Array.from({ length: 3 }, (): [string, string] => ["((?:array|struct|map)<[^<>]*>|[a-z_]+(?:\\{\\d+;\\d+\\})?)\\[\\]", "array<\\1>"]),
  ["\\{(\\d+);(\\d+)\\}", "(\\1,\\2)"],
];
/** count(a, b, …) as sql/call-rewrites.ts writes it, count(spark_tuple(a, b, …)): the arguments as one value, NULL where any is */
const TUPLE = `CREATE OR REPLACE MACRO spark_tuple${Array.from({ length: 7 }, (_, k) => {
  const args = Array.from({ length: k + 2 }, (_, n) => `a${n}`);
  return `(${args.join(", ")}) AS CASE WHEN ${args.map((a) => `${a} IS NOT NULL`).join(" AND ")} THEN row(${args.join(", ")}) END`;
}).join(", ")}`;

const TYPEOF = `CREATE OR REPLACE MACRO spark_typeof(x) AS ${TYPEOF_STEPS.reduce((sql, [pattern, replacement]) => `regexp_replace(${sql}, ${quoteString(pattern)}, ${quoteString(replacement)}, 'g')`, "typeof(x)")}`;

/** concat(a, b, …) for up to this many arguments: NULL when any argument is, as Spark's concat answers, where DuckDB's skips a NULL */
const CONCAT_ARITY = 32;

/**
 * Spark's string functions whose DuckDB namesake answers otherwise: concat is NULL for any NULL
 * argument; substring/substr take position 0 as 1 and count a negative one from the end, and answer ''
 * for a length below 1 (DuckDB counts a position from 0 and a negative length backwards);
 * regexp_extract and regexp_extract_all take group 1 when none is given (DuckDB: the whole match);
 * split's separator is a regular expression (DuckDB's split takes it as text).
 */
const STRING_FUNCTIONS = [
  // of strings, each argument as CAST(a AS STRING) writes it (a TIMESTAMP without DuckDB's +00), of the type DuckDB's concat has;
  // of arrays (the first argument one) DuckDB's concat. The arguments are read once, as the fields of the one element of a list a
  // lambda maps: the body names each a dozen times (spark_cast_string many more), and DuckDB binds an argument at each place it is
  // named, so a concat of concats (a || b || c || d) took seconds to plan, and a volatile argument would be drawn once per place
  "CREATE OR REPLACE MACRO spark_concat() AS ''" +
    Array.from({ length: CONCAT_ARITY }, (_, n) => {
      const args = Array.from({ length: n + 1 }, (_, k) => `a${k}`);
      const fields = args.map((a) => `args.${a}`);
      const duck = `concat(${fields.join(", ")})`;
      return `, (${args.join(", ")}) AS list_transform([{${args.map((a) => `'${a}': ${a}`).join(", ")}}], args -> ` +
        `CASE WHEN ${fields.map((f) => `${f} IS NULL`).join(" OR ")} THEN NULL WHEN typeof(args.a0) LIKE '%[]' THEN ${duck} ` +
        `ELSE cast_to_type(concat(${fields.map((f) => `spark_cast_string(${f})`).join(", ")}), ${duck}) END)[1]`;
    }).join(""),
  // of strings already (sql/string-calls.ts): DuckDB's || is NULL for any NULL argument (and of constants with a NULL an INTEGER's, hence the cast)
  "CREATE OR REPLACE MACRO spark_concat_text() AS ''" +
    Array.from({ length: CONCAT_ARITY }, (_, n) => {
      const args = Array.from({ length: n + 1 }, (_, k) => `a${k}`);
      return `, (${args.join(", ")}) AS CAST(${args.join(" || ")} AS VARCHAR)`;
    }).join(""),
  // the 0-based start Spark's substring reads position p as (below 0 before the string's start), NULL for a NULL p
  "CREATE OR REPLACE MACRO spark_substring_start(s, p) AS CASE WHEN p > 0 THEN CAST(p AS BIGINT) - 1 WHEN p < 0 THEN length(s) + p WHEN p = 0 THEN 0 END",
  // greatest skips a NULL: a NULL position or length is looked for first
  "CREATE OR REPLACE MACRO spark_substring_from(s, st) AS CASE WHEN st IS NOT NULL THEN substring(s, greatest(st, 0) + 1) END",
  "CREATE OR REPLACE MACRO spark_substring_for(s, st, l) AS CASE WHEN st IS NOT NULL AND l IS NOT NULL THEN substring(s, greatest(st, 0) + 1, greatest(st + CAST(l AS BIGINT) - greatest(st, 0), 0)) END",
  // s read once (a lambda's parameter): DuckDB binds a macro's argument at each place it is named, and an argument holding other
  // macros' calls (lpad(CAST(a + b AS STRING), …)) multiplied the binding at each level
  "CREATE OR REPLACE MACRO spark_substring(s, p) AS list_transform([s], v -> spark_substring_from(v, spark_substring_start(v, p)))[1], " +
    "(s, p, l) AS list_transform([s], v -> spark_substring_for(v, spark_substring_start(v, p), l))[1]",
  "CREATE OR REPLACE MACRO spark_substr(s, p) AS spark_substring(s, p), (s, p, l) AS spark_substring(s, p, l)",
  // how often sub occurs in x
  "CREATE OR REPLACE MACRO spark_occurrences(x, sub) AS (length(x) - length(replace(x, sub, ''))) // length(sub)",
  // the capturing groups of regular expression r: its "(" but those of "(?" (other than named groups), once escapes and character classes are gone
  "CREATE OR REPLACE MACRO spark_regex_groups_of(x) AS spark_occurrences(x, '(') - spark_occurrences(x, '(?') + spark_occurrences(x, '(?P<') + " +
    "spark_occurrences(x, '(?<') - spark_occurrences(x, '(?<=') - spark_occurrences(x, '(?<!')",
  "CREATE OR REPLACE MACRO spark_regex_groups(r) AS spark_regex_groups_of(regexp_replace(regexp_replace(r, '\\\\.', '', 'g'), '\\[\\^?\\]?[^\\]]*\\]', '', 'g'))",
  // regexp_extract(s, r, i) and regexp_extract_all(s, r, i) of a group r does not have (a negative i too) fail, as Spark's do, where s
  // matches, and answer as for no match elsewhere (DuckDB's regexp_extract answers '' for a group r lacks, and its binder refuses an i
  // below 0 or above 9 whether s matches or not; its regexp_extract_all fails with its own text)
  "CREATE OR REPLACE MACRO spark_regex_group_missing(s, r, i) AS (i < 0 OR i > spark_regex_groups(r)) AND regexp_matches(s, r)",
  "CREATE OR REPLACE MACRO spark_regex_group_error(fn, r, i) AS error('[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in `' || fn || '` is invalid: " +
    "Expects group index between 0 and ' || CAST(spark_regex_groups(r) AS VARCHAR) || ', but got ' || CAST(i AS VARCHAR) || '. SQLSTATE: 22023')",
  // DuckDB's regexp_extract is given a group from 0 to 9 only, a constant, so each group i may be (a column too) is a call of its own:
  // a group above 9 that r has fails here (Spark's answers it)
  "CREATE OR REPLACE MACRO spark_regexp_extract_group(s, r, i) AS CASE WHEN i IS NULL THEN NULL WHEN spark_regex_group_missing(s, r, i) THEN spark_regex_group_error('regexp_extract', r, i) " +
    "WHEN i > 9 AND regexp_matches(s, r) THEN error('The local workspace''s regexp_extract extracts groups 0 to 9 only, not group ' || CAST(i AS VARCHAR)) " +
    `ELSE CASE i ${Array.from({ length: 10 }, (_, group) => `WHEN ${group} THEN regexp_extract(s, r, ${group})`).join(" ")} ELSE regexp_extract(s, r, 0) END END`,
  "CREATE OR REPLACE MACRO spark_regexp_extract_all_group(s, r, i) AS CASE WHEN spark_regex_group_missing(s, r, i) THEN spark_regex_group_error('regexp_extract_all', r, i) " +
    "ELSE regexp_extract_all(s, r, i) END",
  "CREATE OR REPLACE MACRO spark_regexp_extract(s, r) AS spark_regexp_extract_group(s, r, 1), (s, r, i) AS spark_regexp_extract_group(s, r, i)",
  "CREATE OR REPLACE MACRO spark_regexp_extract_all(s, r) AS spark_regexp_extract_all_group(s, r, 1), (s, r, i) AS spark_regexp_extract_all_group(s, r, i)",
  // array_join(a, sep [, nullReplacement]): the elements as text, a NULL one left out or replaced, NULL for a NULL sep
  "CREATE OR REPLACE MACRO spark_array_join(a, sep) AS CASE WHEN sep IS NOT NULL THEN array_to_string(list_transform(a, e -> spark_implicit_string(e)), sep) END, " +
    "(a, sep, r) AS CASE WHEN sep IS NOT NULL THEN array_to_string(list_transform(a, e -> coalesce(spark_implicit_string(e), r)), sep) END",
  // sort_array(a [, ascending]): NULLs first ascending, last descending (array_sort puts them last either way)
  "CREATE OR REPLACE MACRO spark_sort_array(a) AS list_sort(a, 'ASC', 'NULLS FIRST'), " +
    "(a, ascending) AS CASE WHEN ascending THEN list_sort(a, 'ASC', 'NULLS FIRST') ELSE list_sort(a, 'DESC', 'NULLS LAST') END",
  "CREATE OR REPLACE MACRO spark_array_size(a) AS CAST(len(a) AS INTEGER)",
  // sign and signum are DOUBLEs in Spark (DuckDB's sign a TINYINT); equal_null is <=>; btrim trims both ends; array_compact drops NULLs;
  // dayname and monthname are three-letter English names, as Databricks' are
  "CREATE OR REPLACE MACRO spark_sign(x) AS CAST(sign(x) AS DOUBLE)",
  "CREATE OR REPLACE MACRO spark_signum(x) AS CAST(sign(x) AS DOUBLE)",
  "CREATE OR REPLACE MACRO spark_equal_null(a, b) AS (a IS NOT DISTINCT FROM b)",
  "CREATE OR REPLACE MACRO spark_btrim(s) AS trim(s), (s, chars) AS trim(s, chars)",
  "CREATE OR REPLACE MACRO spark_array_compact(a) AS list_filter(a, x -> x IS NOT NULL)",
  "CREATE OR REPLACE MACRO spark_map_contains_key(m, k) AS map_contains(m, k)",
  "CREATE OR REPLACE MACRO spark_dayname(d) AS strftime(CAST(d AS DATE), '%a')",
  "CREATE OR REPLACE MACRO spark_monthname(d) AS strftime(CAST(d AS DATE), '%b')",
  // sum(x) in PIVOT (sql/translate.ts): DuckDB's sum of integers, a HUGEINT, as Spark's BIGINT; any other sum as DuckDB's
  // (by an overload on a copy of s, which a DECIMAL or DOUBLE matches exactly: one left to choose between ANY and HUGEINT took HUGEINT's)
  "CREATE OR REPLACE MACRO spark_pivot_sum_of(t, s) AS s, (t HUGEINT, s) AS CAST(s AS BIGINT), (t DECIMAL, s) AS s, (t DOUBLE, s) AS s",
  "CREATE OR REPLACE MACRO spark_pivot_sum(s) AS list_transform([s], x -> spark_pivot_sum_of(x, x))[1]",
  // size (cardinality) of an ARRAY, and of a MAP (sql/subscripts.ts decides which), an INT
  "CREATE OR REPLACE MACRO spark_size_of_array(a) AS CAST(array_length(a) AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_size_of_map(m) AS CAST(len(map_keys(m)) AS INTEGER)",
  // binds for any type, as a site's form must until it is decided; left for a value neither an ARRAY nor a MAP, it refuses it as Spark does
  "CREATE OR REPLACE MACRO spark_size_of_any(x) AS CASE WHEN typeof(x) LIKE '%[]' THEN CAST(json_array_length(to_json(x)) AS INTEGER) " +
    "ELSE error('[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve size: its argument requires the \"ARRAY\" or \"MAP\" type, however it has the type \"' || typeof(x) || '\". SQLSTATE: 42K09') END",
  "CREATE OR REPLACE MACRO spark_array_max(a) AS list_max(a)",
  "CREATE OR REPLACE MACRO spark_array_min(a) AS list_min(a)",
  // concat_ws(sep, …) with an ARRAY argument, as sql/call-rewrites.ts writes it: the non-NULL strings of a list of lists, joined; NULL for a NULL sep
  "CREATE OR REPLACE MACRO spark_concat_ws(sep, lists) AS CASE WHEN sep IS NOT NULL THEN coalesce(array_to_string(list_filter(flatten(lists), e -> e IS NOT NULL), sep), '') END",
  // split_part(s, d, n): part 0 fails as Spark's does, an empty delimiter splits nothing (DuckDB's splits every character)
  `CREATE OR REPLACE MACRO spark_split_part(s, d, n) AS CASE WHEN n = 0 THEN ${INDEX_OF_ZERO} WHEN d = '' THEN CASE WHEN n IN (1, -1) THEN s ELSE '' END ELSE split_part(s, d, n) END`,
  // left and right answer '' for a length below 1 (DuckDB's count it from the other end)
  "CREATE OR REPLACE MACRO spark_left(s, n) AS CASE WHEN s IS NULL OR n IS NULL THEN NULL WHEN n <= 0 THEN '' ELSE left(s, n) END",
  "CREATE OR REPLACE MACRO spark_right(s, n) AS CASE WHEN s IS NULL OR n IS NULL THEN NULL WHEN n <= 0 THEN '' ELSE right(s, n) END",
  "CREATE OR REPLACE MACRO spark_split(s, r) AS CASE WHEN r = '' THEN string_split(s, '') ELSE regexp_split_to_array(s, r) END, " +
    // split(s, r, limit): at most limit pieces, the last holding the rest of s (limit <= 0: every piece); the rest starts after the
    // limit - 1'th match, found as the text of that many pieces and their matches
    "(s, r, lim) AS CASE WHEN lim <= 0 OR lim IS NULL THEN spark_split(s, r) " +
    "ELSE list_transform([spark_split(s, r)], pieces -> CASE WHEN pieces IS NULL OR len(pieces) <= lim THEN pieces " +
    "ELSE list_append(pieces[1:lim - 1], substring(s, length(spark_split_prefix(s, r, lim - 1)) + 1)) END)[1] END",
  // the text of s up to the end of r's n'th match (of '' its n'th character)
  "CREATE OR REPLACE MACRO spark_split_prefix(s, r, n) AS CASE WHEN r = '' THEN left(s, n) " +
    "ELSE array_to_string(list_transform(range(1, n + 1), k -> regexp_split_to_array(s, r)[k] || regexp_extract_all(s, r)[k]), '') END",
  // substring_index(s, delim, count): s before the count'th delim (from the end for a negative count), '' for a count of 0 or an empty delim
  "CREATE OR REPLACE MACRO spark_substring_index(s, delim, n) AS CASE WHEN s IS NULL OR delim IS NULL OR n IS NULL THEN NULL WHEN n = 0 OR delim = '' THEN '' " +
    "ELSE list_transform([string_split(s, delim)], parts -> array_to_string(CASE WHEN n > 0 THEN parts[1:n] ELSE parts[greatest(len(parts) + n + 1, 1):] END, delim))[1] END",
  // regexp_count: how many times r matches; regexp_substr: its first match, NULL for none (DuckDB's regexp_extract answers '')
  "CREATE OR REPLACE MACRO spark_regexp_count(s, r) AS CAST(len(regexp_extract_all(s, r)) AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_regexp_substr(s, r) AS CASE WHEN regexp_matches(s, r) THEN regexp_extract(s, r) END",
  "CREATE OR REPLACE MACRO spark_nullifzero(x) AS nullif(x, 0)",
  // lpad/rpad(s, n [, pad]): pad a space by default; s cut to n characters where it is as long or the pad is empty, '' for n below 1
  // (DuckDB's fail on an empty pad)
  "CREATE OR REPLACE MACRO spark_pad_cut(s, n, p) AS n <= length(s) OR p = ''",
  "CREATE OR REPLACE MACRO spark_lpad_with(s, n, p) AS CASE WHEN spark_pad_cut(s, n, p) THEN left(s, greatest(n, 0)) ELSE lpad(s, n, p) END",
  "CREATE OR REPLACE MACRO spark_rpad_with(s, n, p) AS CASE WHEN spark_pad_cut(s, n, p) THEN left(s, greatest(n, 0)) ELSE rpad(s, n, p) END",
  // s read once, as spark_substring reads it
  ...["lpad", "rpad"].map((name) => `CREATE OR REPLACE MACRO spark_${name}(s, n) AS list_transform([s], v -> spark_${name}_with(v, n, ' '))[1], (s, n, p) AS list_transform([s], v -> spark_${name}_with(v, n, p))[1]`),
  // chr(n): the character of code n mod 256 ('' for n below 0), as Spark's; DuckDB's takes any code point and fails below 0
  "CREATE OR REPLACE MACRO spark_chr(n) AS CASE WHEN n < 0 THEN '' ELSE chr(CAST(n % 256 AS INTEGER)) END",
  // slice(a, start, length): length elements from start (1-based; from the end when negative), [] where start is past either end
  "CREATE OR REPLACE MACRO spark_slice_from(a, i, n) AS CASE WHEN i < 0 OR i >= len(a) THEN list_slice(a, 1, 0) ELSE list_slice(a, i + 1, i + n) END",
  "CREATE OR REPLACE MACRO spark_slice(a, s, n) AS CASE WHEN s IS NULL OR n IS NULL THEN NULL " +
    "WHEN s = 0 THEN error('[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: Expects a positive or a negative value for `start`, but got 0. SQLSTATE: 22023') " +
    "WHEN n < 0 THEN error('[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is invalid: Expects `length` greater than or equal to 0, but got ' || n || '. SQLSTATE: 22023') " +
    "ELSE spark_slice_from(a, CASE WHEN s > 0 THEN s - 1 ELSE s + len(a) END, n) END",
  "CREATE OR REPLACE MACRO spark_zeroifnull(x) AS coalesce(x, 0)",
];

/**
 * round(x [, d]) and bround(x [, d]) of a DOUBLE or FLOAT round, as Spark does, the decimal Java's Double.toString writes
 * (BigDecimal.valueOf; a FLOAT widened to a DOUBLE first), HALF_UP or HALF_EVEN, where DuckDB rounds the binary value
 * (round(1.005D, 2) is 1.01, not 1.0): in JavaScript (engine/java-math.ts roundDouble); the result keeps round's type. CAST(x AS
 * DECIMAL(p,s)) of one likewise casts its decimal text (0.285D is 0.29); one the text cannot be (an overflow, NaN) fails with DuckDB's cast's error.
 */
const ROUNDING = [
  // v at d places in JavaScript; DuckDB's round (v·10^d rounded, over 10^d) where it answers the same: 0 to 15 places, v·10^d not
  // within its own error of a tie (where the decimal text and the binary value may round apart), no NaN or infinity (+ 0.0: no -0.0)
  "CREATE OR REPLACE MACRO spark_round_double_at(v, d, even) AS CASE WHEN d BETWEEN 0 AND 15 AND isfinite(v) " +
    "AND abs(abs(v) * power(10, d) - floor(abs(v) * power(10, d)) - 0.5) > 1e-7 + abs(v) * power(10, d) * 1e-14 THEN round(v, d) + 0.0 " +
    "WHEN even THEN spark_round_half_even_double(v, d) ELSE spark_round_half_up_double(v, d) END",
  // an integral value h (a HUGEINT) rounded at d places, exactly, then as the type of r, or Spark's ANSI overflow past that type's range
  // (round(2147483647, -1)), where DuckDB's round of an INT wraps
  "CREATE OR REPLACE MACRO spark_integral_largest(r) AS CASE typeof(r) WHEN 'TINYINT' THEN 127 WHEN 'SMALLINT' THEN 32767 " +
    "WHEN 'INTEGER' THEN 2147483647 ELSE 9223372036854775807 END::HUGEINT",
  "CREATE OR REPLACE MACRO spark_round_integral(h, d, even, r) AS list_transform([CASE WHEN even THEN spark_bround_from(h, d, round(h, d)) ELSE round(h, d) END], " +
    "e -> CASE WHEN e IS NULL OR e BETWEEN -spark_integral_largest(r) - 1 AND spark_integral_largest(r) THEN cast_to_type(e, r) " +
    `ELSE error('[ARITHMETIC_OVERFLOW] Overflow. Use ''try_' || CASE WHEN even THEN 'bround' ELSE 'round' END || ''' to tolerate overflow and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003') END)[1]`,
  // r is DuckDB's rounding of x, whose type the result keeps (x, an aggregate perhaps, read once through a lambda)
  "CREATE OR REPLACE MACRO spark_round_of(x, d, even, r) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') " +
    "THEN cast_to_type(list_transform([CAST(x AS DOUBLE)], v -> spark_round_double_at(v, CAST(d AS INTEGER), even))[1], r) " +
    "WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') THEN spark_round_integral(CAST(x AS HUGEINT), CAST(d AS INTEGER), even, r) ELSE r END",
  // Spark's type of the rounding of a DECIMAL(p,s) at d places, as JSON json_transform reads (Spark's RoundBase): one whole digit more
  // than x's, and min(s, d) places, DECIMAL(p - s + 1 + min(s, d), min(s, d)); for a negative d no places and at least 1 - d digits;
  // at most 38 digits. DuckDB keeps p digits (round(1.2345, 2) a DECIMAL(5,2) where Spark's is a DECIMAL(4,2))
  "CREATE OR REPLACE MACRO spark_round_decimal_type(p, s, d) AS CASE WHEN d < 0 THEN printf('\"DECIMAL(%d,0)\"', least(greatest(p - s + 1, 1 - d), 38)) " +
    "ELSE printf('\"DECIMAL(%d,%d)\"', least(p - s + 1 + least(s, d), 38), least(s, d)) END",
  // … of x ('"VARCHAR"', which leaves the type as it is, where x is no DECIMAL); d a constant, as Spark requires it
  "CREATE OR REPLACE MACRO spark_round_type(x, d) AS CASE WHEN NOT starts_with(typeof(x), 'DECIMAL(') THEN '\"VARCHAR\"' " +
    "ELSE spark_round_decimal_type(spark_decimal_precision(x), spark_decimal_scale(x), d) END",
  // round(x, d) and bround(x, d) of x as spark_round_type types them: tt and t are the same NULL of that type, tt only choosing the
  // overload (a macro parameter typed DECIMAL casts its argument, to DECIMAL(18,3)) and t carrying the type; a DECIMAL is rounded with
  // one whole digit more, where DuckDB's round answers 0 for a value that needs it (round(999.9, -3))
  "CREATE OR REPLACE MACRO spark_decimal_widened(x) AS x + CAST(0 AS DECIMAL(1,0))",
  "CREATE OR REPLACE MACRO spark_round_as(tt, t, x, d) AS spark_round_of(x, d, false, round(x, d)), (tt DECIMAL, t, x, d) AS cast_to_type(round(spark_decimal_widened(x), d), t)",
  "CREATE OR REPLACE MACRO spark_bround_as(tt, t, x, d) AS spark_round_of(x, d, true, spark_bround_from(x, d, round(x, d))), " +
    "(tt DECIMAL, t, x, d) AS list_transform([spark_decimal_widened(x)], w -> cast_to_type(spark_bround_from(w, d, round(w, d)), t))[1]",
  // x read once, in a lambda over it, where json_transform's type is known (its type must be, when the macro is made)
  ...["round", "bround"].map((name) => {
    const rounded = (d: string) =>
      `list_transform([x], v -> spark_${name}_as(json_transform('null', spark_round_type(v, ${d})), json_transform('null', spark_round_type(v, ${d})), v, ${d}))[1]`;
    return `CREATE OR REPLACE MACRO spark_${name}(x) AS ${rounded("0")}, (x, d) AS ${rounded("d")}`;
  }),
  // CAST(x AS DECIMAL(p,s)) as the translator writes it, spark_cast_decimal(x, NULL::DECIMAL(p,s)); TRY_CAST as spark_try_cast_decimal.
  // a DOUBLE's text (no exponent, below 10^15 at s places) rounded HALF_UP at s places, as a DOUBLE whose own text has at most s places:
  // its digits up to one past them as an integer k, k's tenth rounded away from zero, divided by 10^s
  "CREATE OR REPLACE MACRO spark_double_half_up(text, s) AS list_transform([CAST(replace(left(text, strpos(text, '.') + s + 1), '.', '') AS BIGINT)], " +
    "k -> sign(k) * ((abs(k) + 5) // 10) / pow(10, s))[1]",
  // a DOUBLE w as a DECIMAL of t's type, NULL where it does not fit, as Spark casts it: its shortest text rounded HALF_UP at t's
  // places. DuckDB's own cast of w multiplies it by 10^places in floating point and rounds, which gives the same where the text has no
  // more places than t or its first digit past them is no 4 or 5 (0.285 to 2 places is 0.29, DuckDB's 0.28; 0.44999999999999996 to 1
  // place 0.4, DuckDB's 0.5), and the value is below 10^15 at t's scale with no exponent in its text. Below 10^15, the others are cast
  // from their text rounded here (spark_double_half_up); the rest from their text. All this for a DECIMAL of more than 18 digits only,
  // which DuckDB casts a text to 50 to 100 times slower than to one of at most 18
  "CREATE OR REPLACE MACRO spark_double_decimal(w, t) AS list_transform([{'text': CAST(w AS VARCHAR), 'places': spark_decimal_scale(t), 'wide': spark_decimal_precision(t) > 18}], z -> " +
    "CASE WHEN NOT z.wide OR abs(w) >= pow(10, 15 - z.places) OR strpos(z.text, 'e') > 0 THEN try(cast_to_type(z.text, t)) " +
    "WHEN length(z.text) - strpos(z.text, '.') <= z.places OR substr(z.text, strpos(z.text, '.') + z.places + 1, 1) NOT IN ('4', '5') " +
    "THEN try(cast_to_type(w, t)) ELSE try(cast_to_type(spark_double_half_up(z.text, z.places), t)) END)[1]",
  // v as a DECIMAL of t's type, NULL where it does not fit or read: a DOUBLE or FLOAT by its shortest text, rounded HALF_UP as
  // Spark rounds it (DuckDB's cast of a DOUBLE rounds its binary value)
  "CREATE OR REPLACE MACRO spark_decimal_of(v, t) AS CASE WHEN typeof(v) IN ('DOUBLE', 'FLOAT') THEN spark_double_decimal(CAST(v AS DOUBLE), t) ELSE try(cast_to_type(v, t)) END",
  // why v's cast to t's type failed, v not NULL: DuckDB's error for a string or a DOUBLE's NaN or infinity, else `overflow`
  "CREATE OR REPLACE MACRO spark_decimal_failure(v, t, overflow) AS CASE WHEN typeof(v) = 'VARCHAR' THEN cast_to_type(v, t) " +
    "WHEN typeof(v) IN ('DOUBLE', 'FLOAT') THEN CASE WHEN isfinite(CAST(v AS DOUBLE)) THEN overflow ELSE cast_to_type(v, t) END ELSE overflow END",
  // errors.ts writes Spark's NUMERIC_VALUE_OUT_OF_RANGE from v's type, its text (a FLOAT's as the DOUBLE Spark widens it to) and t's type
  "CREATE OR REPLACE MACRO spark_decimal_overflow(v, t) AS error('[NUMERIC_VALUE_OUT_OF_RANGE] ' || typeof(v) || '|' || " +
    "CASE WHEN typeof(v) IN ('DOUBLE', 'FLOAT') THEN CAST(CAST(v AS DOUBLE) AS VARCHAR) ELSE CAST(v AS VARCHAR) END || '|' || typeof(t))",
  // the value read once, so that a volatile function in it is drawn once
  "CREATE OR REPLACE MACRO spark_cast_decimal(x, t) AS list_transform([x], v -> CASE WHEN v IS NULL THEN spark_decimal_of(v, t) " +
    "ELSE coalesce(spark_decimal_of(v, t), spark_decimal_failure(v, t, spark_decimal_overflow(v, t))) END)[1]",
  "CREATE OR REPLACE MACRO spark_try_cast_decimal(x, t) AS list_transform([x], v -> spark_decimal_of(v, t))[1]",
  // a value INSERT or UPDATE stores in DECIMAL column c: CAST_OVERFLOW_IN_TABLE_INSERT from the value's type, the column's type and its name
  "CREATE OR REPLACE MACRO spark_store_decimal(x, c, t) AS list_transform([x], v -> CASE WHEN v IS NULL THEN spark_decimal_of(v, t) " +
    "ELSE coalesce(spark_decimal_of(v, t), spark_decimal_failure(v, t, error('[CAST_OVERFLOW_IN_TABLE_INSERT] ' || typeof(v) || '|' || typeof(t) || '|' || c))) END)[1]",
];

/**
 * SQL of a NULL of DECIMAL(p + dp, s + ds), each at most 38 as Spark bounds them, where x is a DECIMAL(p,s) (of VARCHAR, unused,
 * where it is not): the type Spark's sum and avg have, which DuckDB's arithmetic cannot make, since it keeps an operation on two
 * DECIMALs of at most 18 digits in 18 (x * CAST(0 AS DECIMAL(10,0)) of a DECIMAL(12,2) is a DECIMAL(18,2), Spark's sum a
 * DECIMAL(22,2)). json_transform makes a value of a type written as text, and typeof(x) is known when the query binds; written
 * where x is, since a macro's body is bound with x unknown, where json_transform refuses a structure that is not constant.
 */
export function widenedDecimalNull(x: string, dp: number, ds: number): string {
  const part = (k: number) => `CAST(regexp_extract(typeof(${x}), '([0-9]+),([0-9]+)', ${k}) AS INTEGER)`;
  return (
    `json_transform('null', '"' || CASE WHEN typeof(${x}) LIKE 'DECIMAL(%' ` +
    `THEN 'DECIMAL(' || least(38, ${part(1)} + ${dp}) || ',' || least(38, ${part(2)} + ${ds}) || ')' ELSE 'VARCHAR' END || '"')`
  );
}

/** a macro of (t, …params) whose overload t's type picks: a DECIMAL's, another number's, anything else's */
const byNumberType = (name: string, decimal: string, number: string, other: string, params = "x") =>
  `CREATE OR REPLACE MACRO ${name}(t, ${params}) AS ${other}, (t DECIMAL, ${params}) AS ${decimal}, ` +
  ["DOUBLE", "FLOAT", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"].map((type) => `(t ${type}, ${params}) AS ${number}`).join(", ");

/**
 * avg(x) and mean(x) as sql/call-rewrites.ts writes them, spark_avg(avg(x), sum(spark_avg_addend(x, x)), count(x), t) with t a value of
 * no row of the type Spark's avg has: of a DECIMAL(p,s) the exact mean, rounded HALF_UP, a DECIMAL(p+4,s+4) (at most 38 digits), as
 * Spark's, where DuckDB's avg is a DOUBLE; of any other number DuckDB's avg, a DOUBLE; of anything else DuckDB's avg as it is. t's type
 * comes from spark_avg_type(x, x, w), its overload chosen by x's type (w the DECIMAL's, widenedDecimalNull): a typed macro parameter
 * would cast x (a DECIMAL to DECIMAL(18,3)), so x comes again untyped. The sum is of the DECIMALs only, so that it binds where DuckDB
 * has an avg and no sum (a TIMESTAMP).
 */
const AVERAGE = [
  // the digits of t's DECIMAL type and its places (constants once the query binds), the digits it holds before its point, and
  // whether a decimal's text has no more there
  "CREATE OR REPLACE MACRO spark_decimal_precision(t) AS CAST(regexp_extract(typeof(t), '([0-9]+),([0-9]+)', 1) AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_decimal_scale(t) AS CAST(regexp_extract(typeof(t), '([0-9]+),([0-9]+)', 2) AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_whole_digits(t) AS spark_decimal_precision(t) - spark_decimal_scale(t)",
  "CREATE OR REPLACE MACRO spark_decimal_text_fits(v, t) AS length(split_part(ltrim(v, '-'), '.', 1)) <= spark_whole_digits(t)",
  byNumberType("spark_avg_type", "w", "CAST(x AS DOUBLE)", "x", "x, w"),
  byNumberType("spark_avg_addend", "x", "CAST(NULL AS DOUBLE)", "CAST(NULL AS DOUBLE)"),
  // the digits p with a point before their last sc, a 0 before it at least, and a minus sign when neg
  "CREATE OR REPLACE MACRO spark_point(neg, p, sc) AS CASE WHEN neg THEN '-' ELSE '' END || left(p, length(p) - sc) || '.' || right(p, sc)",
  "CREATE OR REPLACE MACRO spark_avg_digits(neg, q, sc) AS spark_point(neg, repeat('0', greatest(sc + 1 - length(q), 0)) || q, sc)",
  // u / n (u a HUGEINT at or above 0) with four more digits, rounded HALF_UP
  "CREATE OR REPLACE MACRO spark_avg_quotient(u, n) AS u // n * 10000 + (u % n * 20000 + n) // (2 * n)",
  // the sum s, a DECIMAL of scale sc, divided by the count n, as the text of a decimal of scale sc + 4
  // (s and n, which name aggregates, read once through a lambda: each macro around them would bind them again for every time it names them)
  "CREATE OR REPLACE MACRO spark_avg_of_text(v, n) AS spark_avg_digits(starts_with(v, '-'), CAST(spark_avg_quotient(abs(CAST(replace(v, '.', '') AS HUGEINT)), n) AS VARCHAR), " +
    "length(split_part(v, '.', 2)) + 4)",
  "CREATE OR REPLACE MACRO spark_avg_text(s, n) AS list_transform([{'v': CAST(s AS VARCHAR), 'n': n}], p -> spark_avg_of_text(p.v, p.n))[1]",
  "CREATE OR REPLACE MACRO spark_avg(a, s, n, t) AS CASE WHEN typeof(t) LIKE 'DECIMAL%' THEN cast_to_type(spark_avg_text(s, n), t) ELSE cast_to_type(a, t) END",
  // try_avg(x) as sql/translate.ts writes it: avg's value and type, but NULL where a DECIMAL's mean is out of its type
  // (a mean whose DOUBLE is out of the type already is not computed exactly: its digits would overflow a HUGEINT first)
  "CREATE OR REPLACE MACRO spark_try_avg(a, s, n, t) AS CASE WHEN typeof(t) LIKE 'DECIMAL%' THEN CASE WHEN abs(CAST(s AS DOUBLE)) / n < power(10, spark_whole_digits(t)) " +
    "THEN CASE WHEN spark_decimal_text_fits(spark_avg_text(s, n), t) THEN cast_to_type(spark_avg_text(s, n), t) END END ELSE cast_to_type(a, t) END",
];

/**
 * sum(x) as sql/translate.ts writes it, spark_sum(sum(x) …, t) with t a value of no row of the type Spark's sum has, from
 * spark_sum_type(x, x, w) (x again untyped, as for avg; w widenedDecimalNull's): of an integral type a BIGINT, failing as ANSI mode fails a sum beyond its
 * range; of a DECIMAL(p,s) a DECIMAL(p+10,s) (at most 38 digits), failing as ANSI mode fails a sum beyond it; of a FLOAT or DOUBLE a
 * DOUBLE; of anything else DuckDB's sum as it is.
 */
const SUM = [
  "CREATE OR REPLACE MACRO spark_sum_type(t, x, w) AS x, (t DECIMAL, x, w) AS w, (t DOUBLE, x, w) AS CAST(NULL AS DOUBLE), (t FLOAT, x, w) AS CAST(NULL AS DOUBLE), " +
    ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"].map((type) => `(t ${type}, x, w) AS CAST(NULL AS BIGINT)`).join(", "),
  // whether a DECIMAL's sum s (DuckDB's DECIMAL(38,s)) fits t's type: its whole part has no more digits than t's type holds
  "CREATE OR REPLACE MACRO spark_decimal_fits(s, t) AS s IS NULL OR spark_decimal_text_fits(CAST(abs(s) AS VARCHAR), t)",
  "CREATE OR REPLACE MACRO spark_decimal_sum(s, t) AS CASE WHEN spark_decimal_fits(s, t) THEN cast_to_type(s, t) " +
    `ELSE error('[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. ${ANSI_BYPASS} SQLSTATE: 22003') END`,
  "CREATE OR REPLACE MACRO spark_sum_of(s, t) AS CASE WHEN typeof(t) LIKE 'DECIMAL%' THEN spark_decimal_sum(s, t) ELSE cast_to_type(spark_long(s), t) END",
  // s and t, which name aggregates, read once through a lambda: a sum of a sum (sum(sum(x)) OVER ()) bound each again for every time they are named
  "CREATE OR REPLACE MACRO spark_sum(s, t) AS list_transform([{'s': s, 't': t}], p -> spark_sum_of(p.s, p.t))[1]",
  // try_sum(x) as sql/translate.ts writes it, spark_try_sum(sum(x) …, t): sum's value and type, but NULL where sum fails for a sum out of its type
  "CREATE OR REPLACE MACRO spark_try_sum_of(s, t) AS CASE WHEN typeof(t) LIKE 'DECIMAL%' THEN CASE WHEN spark_decimal_fits(s, t) THEN cast_to_type(s, t) END " +
    "ELSE cast_to_type(spark_long_of(CASE WHEN typeof(s) <> 'HUGEINT' OR s BETWEEN -9223372036854775808 AND 9223372036854775807 THEN s END), t) END",
  // (s and t read once, as spark_sum reads them)
  "CREATE OR REPLACE MACRO spark_try_sum(s, t) AS list_transform([{'s': s, 't': t}], p -> spark_try_sum_of(p.s, p.t))[1]",
];

const INTEGRAL_CASTS: Readonly<Record<string, string>> = { byte: "spark_cast_tinyint", short: "spark_cast_smallint", integer: "spark_cast_int", long: "spark_cast_bigint" };

/**
 * the cast macros that name their argument many times, each with a `_once` variant that reads it once (castMacroFor); and those
 * whose overload is chosen by the argument's type, which an aggregate's (max(ts)) has only inside a lambda over it
 */
const CASTS_READ_ONCE: readonly string[] = [
  ...[...Object.values(INTEGRAL_CASTS), "spark_cast_string", "spark_cast_double", "spark_cast_float", "spark_cast_timestamp"].flatMap((macro) => [
    macro,
    macro.replace("spark_cast_", "spark_try_cast_"),
  ]),
  "spark_implicit_string",
  "spark_as_text",
];

/** a standard normal value drawn by Box–Muller */
const STANDARD_NORMAL = "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())";

export const SPARK_MACROS: readonly string[] = [
  "CREATE OR REPLACE MACRO spark_current_timestamp() AS now()",
  // current_catalog(), current_user() and the like as the translator writes them (sql/call-rewrites.ts): the value, the name for the column's
  "CREATE OR REPLACE MACRO spark_named_constant(name, v) AS v",
  // a date function's pattern as the translator writes it (sql/datetime-calls.ts): strftime's, the column named with Spark's as written
  "CREATE OR REPLACE MACRO spark_pattern(format, written) AS format",
  // percentile_cont(p) WITHIN GROUP (ORDER BY x DESC) as sql/percentile-calls.ts writes it: the ascending percentile 1 - p
  "CREATE OR REPLACE MACRO spark_descending_percentile(p) AS 1 - p",
  ...datetimeMarkMacros(),
  // a NULL argument of hash(…) or xxhash64(…) (sql/call-rewrites.ts), named NULL: a JavaScript function gets no vector of an untyped NULL
  "CREATE OR REPLACE MACRO spark_typed_null() AS CAST(NULL AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_double_null() AS CAST(NULL AS DOUBLE)",
  // struct(…) and named_struct(…) as the translator writes them around struct_pack (sql/constructor-calls.ts): the struct, the
  // call's name kept for the column's
  "CREATE OR REPLACE MACRO spark_struct(s) AS s",
  "CREATE OR REPLACE MACRO spark_named_struct(s) AS s",
  // format_number(x, d), soundex(s) and conv(n, from, to), computed in JavaScript (engine/number-text.ts) from x's text and type
  // (an integer, or a DECIMAL of no more places than d, has no rounding to do: written in SQL, spark_format_exact)
  // (a whole part of up to 18 digits formatted as a BIGINT: DuckDB formats a HUGEINT twenty times as slowly)
  "CREATE OR REPLACE MACRO spark_grouped_digits(w) AS CASE WHEN length(w) <= 18 THEN format('{:,}', CAST(w AS BIGINT)) ELSE format('{:,}', CAST(w AS HUGEINT)) END",
  "CREATE OR REPLACE MACRO spark_format_exact(t, d) AS CASE WHEN starts_with(t, '-') THEN '-' ELSE '' END || spark_grouped_digits(split_part(ltrim(t, '-'), '.', 1)) " +
    "|| CASE WHEN d > 0 THEN '.' || rpad(split_part(t, '.', 2), d, '0') ELSE '' END",
  "CREATE OR REPLACE MACRO spark_format_number(x, d) AS CASE WHEN typeof(d) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') AND d >= 0 AND " +
    "(typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') OR coalesce(TRY_CAST(regexp_extract(typeof(x), '^DECIMAL\\(\\d+,(\\d+)\\)$', 1) AS INTEGER) <= d, false)) " +
    "THEN spark_format_exact(CAST(x AS VARCHAR), d) ELSE spark_format_number_text(CAST(x AS VARCHAR), typeof(x), CAST(d AS VARCHAR)) END",
  "CREATE OR REPLACE MACRO spark_soundex(s) AS spark_soundex_text(CAST(s AS VARCHAR))",
  "CREATE OR REPLACE MACRO spark_conv(n, f, t) AS spark_conv_text(CAST(n AS VARCHAR), CAST(f AS VARCHAR), CAST(t AS VARCHAR))",
  // a string parsed with a strptime format f (sql/datetime-pattern.ts) as a TIMESTAMP in the session's zone (UTC), NULL where it does
  // not fit; a DATE or TIMESTAMP is taken as it is, f unused, as Spark takes it
  "CREATE OR REPLACE MACRO spark_try_parse_timestamp(x, f) AS CASE WHEN typeof(x) IN ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE') THEN TRY_CAST(x AS TIMESTAMPTZ) " +
    "ELSE CAST(try_strptime(CAST(x AS VARCHAR), f) AS TIMESTAMPTZ) END",
  // the same, failing as ANSI mode fails a string that does not fit (errors.ts reads the text back)
  "CREATE OR REPLACE MACRO spark_parse_timestamp(x, f) AS CASE WHEN x IS NOT NULL THEN coalesce(spark_try_parse_timestamp(x, f), error('[CANNOT_PARSE_TIMESTAMP] Text ''' || CAST(x AS VARCHAR) || ''' could not be parsed. " +
    "Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007')) END",
  `CREATE OR REPLACE MACRO spark_to_date(x) AS ${readOnce((v) => `spark_cast_date(${v})`)}, (x, f) AS CAST(spark_parse_timestamp(x, f) AS DATE)`,
  `CREATE OR REPLACE MACRO spark_to_timestamp(x) AS ${readOnce((v) => `spark_cast_timestamp(${v})`)}, (x, f) AS spark_parse_timestamp(x, f)`,
  // try_to_timestamp(x [, f]), which CANNOT_PARSE_TIMESTAMP names: NULL for what does not parse
  `CREATE OR REPLACE MACRO spark_try_to_timestamp(x) AS ${readOnce((v) => `spark_try_cast_timestamp(${v})`)}, (x, f) AS spark_try_parse_timestamp(x, f)`,
  // unix_timestamp([x [, f]]): the whole seconds since the epoch of now, or of x (a string read with f, by default yyyy-MM-dd HH:mm:ss)
  "CREATE OR REPLACE MACRO spark_unix_seconds(t) AS CAST(floor(epoch_us(t) / 1000000) AS BIGINT)",
  "CREATE OR REPLACE MACRO spark_unix_timestamp() AS CAST(epoch(now()) AS BIGINT), (x) AS spark_unix_seconds(spark_parse_timestamp(x, '%Y-%m-%d %H:%M:%S')), " +
    "(x, f) AS spark_unix_seconds(spark_parse_timestamp(x, f))",
  "CREATE OR REPLACE MACRO spark_from_unixtime(x) AS strftime(to_timestamp(x), '%Y-%m-%d %H:%M:%S'), (x, f) AS spark_strftime(to_timestamp(x), f)",
  "CREATE OR REPLACE MACRO spark_isnull(x) AS (x IS NULL)",
  "CREATE OR REPLACE MACRO spark_isnotnull(x) AS (x IS NOT NULL)",
  "CREATE OR REPLACE MACRO spark_nvl2(x, a, b) AS CASE WHEN x IS NOT NULL THEN a ELSE b END",
  "CREATE OR REPLACE MACRO spark_datediff(e, s) AS CAST(CAST(e AS DATE) - CAST(s AS DATE) AS INTEGER)",
  // timestampdiff(unit, s, e) (sql/datetime-calls.ts): whole units of k microseconds from s to e, truncated toward zero (DuckDB's // truncates)
  "CREATE OR REPLACE MACRO spark_micros_between(s, e, k) AS (epoch_us(CAST(e AS TIMESTAMP)) - epoch_us(CAST(s AS TIMESTAMP))) // k",
  // … and whole months (k of them a unit) as Java's LocalDateTime.until: the end date one day nearer when its time of day is not yet
  // reached, then (month * 32 + day) apart, divided by 32 (2024-01-31 to 2024-02-29 is 0 months, DuckDB's date_sub answers 1)
  "CREATE OR REPLACE MACRO spark_packed_month_day(d) AS (year(d) * 12 + month(d) - 1) * 32 + day(d)",
  "CREATE OR REPLACE MACRO spark_whole_months_of(s, e) AS (spark_packed_month_day(CASE " +
    "WHEN CAST(e AS DATE) > CAST(s AS DATE) AND CAST(e AS TIME) < CAST(s AS TIME) THEN CAST(e AS DATE) - 1 " +
    "WHEN CAST(e AS DATE) < CAST(s AS DATE) AND CAST(e AS TIME) > CAST(s AS TIME) THEN CAST(e AS DATE) + 1 ELSE CAST(e AS DATE) END) " +
    "- spark_packed_month_day(CAST(s AS DATE))) // 32",
  "CREATE OR REPLACE MACRO spark_whole_months_between(s, e, k) AS list_transform([{'s': CAST(s AS TIMESTAMP), 'e': CAST(e AS TIMESTAMP)}], r -> spark_whole_months_of(r.s, r.e))[1] // k",
  // timestampadd(unit, n, t): t plus n units, a TIMESTAMP (a DATE or a TIMESTAMP_NTZ taken as UTC); n an integer (DuckDB's to_… refuse others)
  "CREATE OR REPLACE MACRO spark_unit_interval(u, n) AS CASE u WHEN 'MICROSECOND' THEN to_microseconds(n) WHEN 'MILLISECOND' THEN to_milliseconds(n) " +
    "WHEN 'SECOND' THEN to_seconds(n) WHEN 'MINUTE' THEN to_minutes(n) WHEN 'HOUR' THEN to_hours(n) WHEN 'DAY' THEN to_days(n) WHEN 'DAYOFYEAR' THEN to_days(n) " +
    "WHEN 'WEEK' THEN to_weeks(n) WHEN 'MONTH' THEN to_months(n) WHEN 'QUARTER' THEN to_months(n * 3) WHEN 'YEAR' THEN to_years(n) END",
  "CREATE OR REPLACE MACRO spark_timestampadd(t, i) AS CAST(t AS TIMESTAMPTZ) + i",
  // a date plus or minus an interval as sql/date-intervals.ts writes it: a DATE for whole days or months, a TIMESTAMP for a time; DuckDB's for any other x
  ...["add", "subtract"].flatMap((name) => {
    const op = name === "add" ? "+" : "-";
    return [
      `CREATE OR REPLACE MACRO spark_date_${name}_days(x, i) AS x ${op} i, (x DATE, i) AS CAST(x ${op} i AS DATE)`,
      `CREATE OR REPLACE MACRO spark_date_${name}_time(x, i) AS x ${op} i, (x DATE, i) AS CAST(x AS TIMESTAMPTZ) ${op} i`,
    ];
  }),
  // percentile, median, percentile_approx as sql/percentile-calls.ts writes them: the aggregate's value, the macro's name and accuracy kept for the column's name
  "CREATE OR REPLACE MACRO spark_percentile(v) AS v",
  "CREATE OR REPLACE MACRO spark_median(v) AS v",
  "CREATE OR REPLACE MACRO spark_percentile_approx(v, accuracy) AS v",
  "CREATE OR REPLACE MACRO spark_approx_percentile(v, accuracy) AS v",
  // next_day(d, w): the first date after d that is the day of week w (SU, SUN, SUNDAY, … in any case), ILLEGAL_DAY_OF_WEEK for another w
  "CREATE OR REPLACE MACRO spark_day_of_week_number(w) AS CASE WHEN w IS NULL THEN NULL " +
    "WHEN upper(w) IN ('SU', 'SUN', 'SUNDAY') THEN 0 WHEN upper(w) IN ('MO', 'MON', 'MONDAY') THEN 1 WHEN upper(w) IN ('TU', 'TUE', 'TUESDAY') THEN 2 " +
    "WHEN upper(w) IN ('WE', 'WED', 'WEDNESDAY') THEN 3 WHEN upper(w) IN ('TH', 'THU', 'THURSDAY') THEN 4 WHEN upper(w) IN ('FR', 'FRI', 'FRIDAY') THEN 5 " +
    "WHEN upper(w) IN ('SA', 'SAT', 'SATURDAY') THEN 6 ELSE error('[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: ' || w || '. SQLSTATE: 22009') END",
  "CREATE OR REPLACE MACRO spark_next_day(d, w) AS list_transform([{'d': CAST(d AS DATE), 'n': spark_day_of_week_number(w)}], " +
    "r -> r.d + CAST((r.n - dayofweek(r.d) + 6) % 7 + 1 AS INTEGER))[1]",
  // make_timestamp(y, mo, d, h, mi, s [, zone]): a TIMESTAMP (DuckDB's make_timestamp is a TIMESTAMP_NTZ's), its fields in the session's zone (UTC) or the zone given
  "CREATE OR REPLACE MACRO spark_make_timestamp(y, mo, d, h, mi, s) AS CAST(make_timestamp(y, mo, d, h, mi, s) AS TIMESTAMPTZ), " +
    "(y, mo, d, h, mi, s, zone) AS timezone(zone, make_timestamp(y, mo, d, h, mi, s))",
  // from_utc_timestamp(t, zone): the instant whose UTC wall clock is t's wall clock in zone; to_utc_timestamp the instant whose wall
  // clock in zone is t's UTC wall clock. Neither depends on the session's zone (but for reading t's text).
  "CREATE OR REPLACE MACRO spark_from_utc_timestamp(t, zone) AS timezone('UTC', timezone(zone, CAST(t AS TIMESTAMPTZ)))",
  "CREATE OR REPLACE MACRO spark_to_utc_timestamp(t, zone) AS timezone(zone, timezone('UTC', CAST(t AS TIMESTAMPTZ)))",
  // convert_timezone([from,] to, t): t's wall clock in from (the session's zone, UTC, by default) as a wall clock in to, a TIMESTAMP_NTZ
  "CREATE OR REPLACE MACRO spark_convert_timezone(target, t) AS timezone(target, CAST(CAST(t AS TIMESTAMP) AS TIMESTAMPTZ)), " +
    "(source, target, t) AS timezone(target, timezone(source, CAST(t AS TIMESTAMP)))",
  // a replacement as Java reads it, as RE2's rewrite: a backslash takes the next character as it is (a backslash before a dollar
  // or a backslash makes it literal), and $n is group n (RE2's backslash and n); escaped backslashes and dollars are set apart
  // first, so that no step reads another's output
  String.raw`CREATE OR REPLACE MACRO spark_java_replacement(r) AS replace(replace(regexp_replace(regexp_replace(replace(replace(r, '\\', chr(1)), '\$', chr(2)), ` +
    String.raw`'\\(.)', '\1', 'g'), '\$([0-9])', '\\\1', 'g'), chr(1), '\\'), chr(2), '$')`,
  "CREATE OR REPLACE MACRO spark_regexp_replace(s, p, r) AS regexp_replace(s, p, spark_java_replacement(r), 'g')",
  // Spark's log(x) is the natural logarithm (DuckDB's the decimal one); the logarithms are NULL for x <= 0 where DuckDB's fail, and sqrt NaN below 0
  "CREATE OR REPLACE MACRO spark_log(x) AS CASE WHEN x <= 0 THEN NULL ELSE ln(x) END, (b, x) AS CASE WHEN b <= 0 OR x <= 0 THEN NULL ELSE ln(x) / ln(b) END",
  "CREATE OR REPLACE MACRO spark_ln(x) AS spark_log(x)",
  "CREATE OR REPLACE MACRO spark_log10(x) AS CASE WHEN x <= 0 THEN NULL ELSE log10(x) END",
  "CREATE OR REPLACE MACRO spark_log2(x) AS CASE WHEN x <= 0 THEN NULL ELSE log2(x) END",
  "CREATE OR REPLACE MACRO spark_sqrt(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(x) END",
  "CREATE OR REPLACE MACRO spark_sha2(x, bits) AS CASE WHEN bits IN (0, 256) THEN sha256(x) ELSE error('sha2: only 256 bits are supported by the local workspace') END",
  // CAST(x AS STRING) (TRY_CAST too) and string(x): a TIMESTAMP is written as Spark writes it, in the session's zone (UTC) without
  // DuckDB's offset ('2024-03-05 10:11:12.5', not '… 10:11:12.5+00'), an ARRAY, MAP or STRUCT as spark_nested_value_text (engine/nested-text.ts) writes it; the rest is DuckDB's text
  // a DOUBLE or FLOAT as Java's Double.toString and Float.toString write it (1.0E10, 1.0E-4, 1234567.0), where DuckDB writes
  // 10000000000.0 and 0.0001: the shortest digits d, the point after p of them, plain from 10^-3 to 10^7, else as d.dddEn
  "CREATE OR REPLACE MACRO spark_java_number(neg, d, p) AS (CASE WHEN neg THEN '-' ELSE '' END) || CASE WHEN p - 1 BETWEEN -3 AND 6 THEN " +
    "(CASE WHEN p <= 0 THEN '0.' || repeat('0', -p) || d WHEN p >= length(d) THEN d || repeat('0', p - length(d)) || '.0' ELSE left(d, p) || '.' || substr(d, p + 1) END) " +
    "ELSE left(d, 1) || '.' || coalesce(nullif(substr(d, 2), ''), '0') || 'E' || CAST(p - 1 AS VARCHAR) END",
  // ds: the digits of DuckDB's shortest text, the point after p of them; its leading and trailing zeros dropped
  "CREATE OR REPLACE MACRO spark_java_digits(neg, ds, p) AS spark_java_number(neg, rtrim(ltrim(ds, '0'), '0'), p - (length(ds) - length(ltrim(ds, '0'))))",
  // t: DuckDB's shortest text of a magnitude ('10000000000.0', '1e-05', '1.5e+300')
  // (the digits and the point's place computed once through a lambda: spark_java_number names each eight times)
  "CREATE OR REPLACE MACRO spark_java_text(neg, t) AS list_transform([{'ds': replace(regexp_extract(t, '^[0-9.]+'), '.', ''), " +
    "'p': length(split_part(regexp_extract(t, '^[0-9.]+'), '.', 1)) + coalesce(TRY_CAST(regexp_extract(t, 'e([+-]?[0-9]+)$', 1) AS INTEGER), 0)}], " +
    "digits -> spark_java_digits(neg, digits.ds, digits.p))[1]",
  // t: DuckDB's text of a DOUBLE or FLOAT, any sign ('nan', '-inf', '-0.0' among them): string functions only, so that it binds whatever the type.
  // From 10^-3 to 10^7, and 0, DuckDB's text is Java's (1.5, 0.001, 1234567.0); the rest is rewritten. The text is read once, through a
  // lambda: the rewrite names it about forty times, and DuckDB would bind (and evaluate, a volatile value drawn again) each
  "CREATE OR REPLACE MACRO spark_floating_text(t) AS list_transform([t], text -> CASE " +
    String.raw`WHEN regexp_full_match(text, '-?([1-9][0-9]{0,6}\.[0-9]+|0\.0{0,2}[1-9][0-9]*|0\.0)') THEN text ` +
    "WHEN lower(text) = 'nan' THEN 'NaN' WHEN lower(text) = 'inf' THEN 'Infinity' WHEN lower(text) = '-inf' THEN '-Infinity' " +
    "ELSE spark_java_text(starts_with(text, '-'), ltrim(text, '-')) END)[1]",
  "CREATE OR REPLACE MACRO spark_cast_string(x) AS CASE WHEN typeof(x) = 'VARIANT' THEN spark_variant_cast_text(x) WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN regexp_replace(CAST(x AS VARCHAR), '[+-][0-9][0-9](:[0-9][0-9])?$', '') " +
    "WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN spark_floating_text(CAST(x AS VARCHAR)) " +
    // an array of integers, booleans, dates or DECIMALs (arrays of them too) DuckDB writes as Spark does but for NULL's case
    "WHEN regexp_full_match(typeof(x), '(TINYINT|SMALLINT|INTEGER|BIGINT|BOOLEAN|DATE|DECIMAL\\([0-9]+,[0-9]+\\))(\\[[0-9]*\\])+') THEN replace(CAST(x AS VARCHAR), 'NULL', 'null') " +
    // an array of strings, which DuckDB's text quotes where an element holds a comma or a bracket, joined as Spark joins them (the
    // list read back from its JSON, which binds whatever x's type)
    "WHEN typeof(x) = 'VARCHAR[]' THEN '[' || array_to_string(list_transform(from_json(to_json(x), '[\"VARCHAR\"]'), e -> coalesce(e, 'null')), ', ') || ']' " +
    "WHEN typeof(x) LIKE '%[]' OR typeof(x) LIKE 'STRUCT(%' OR typeof(x) LIKE 'MAP(%' THEN spark_nested_value_text(to_json(x), typeof(x)) ELSE CAST(x AS VARCHAR) END",
  "CREATE OR REPLACE MACRO spark_try_cast_string(x) AS spark_cast_string(x)",
  // a value Spark turns into a STRING without a cast written (concat_ws's arguments, sql/call-rewrites.ts), named as it is (sql/subscripts.ts)
  "CREATE OR REPLACE MACRO spark_implicit_string(x) AS spark_cast_string(x)",
  "CREATE OR REPLACE MACRO spark_string(x) AS spark_cast_string(x)",
  // CAST(x AS BINARY): a string's UTF-8 bytes (DuckDB's cast to BLOB decodes \xNN escapes), a binary as it is
  "CREATE OR REPLACE MACRO spark_binary(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN encode(CAST(x AS VARCHAR)) WHEN 'BLOB' THEN CAST(x AS BLOB) WHEN '\"NULL\"' THEN NULL " +
    "ELSE error('the local workspace casts only a STRING or a BINARY to BINARY') END",
  // the session time zone (exec/session-time-zone.ts), as DuckDB names it
  "CREATE OR REPLACE MACRO spark_current_timezone() AS spark_session_zone()",
  // json_object_keys(s): the keys of a JSON object, NULL for other JSON and for text that is none (DuckDB's json_keys fails on it, and answers [] for an array)
  "CREATE OR REPLACE MACRO spark_json_object_keys(s) AS CASE WHEN json_valid(s) AND json_type(s) = 'OBJECT' THEN json_keys(s) END",
  // json_tuple's value of one key (sql/constructor-calls.ts): its text, NULL for text that is no JSON (DuckDB's json_extract_string fails on it)
  "CREATE OR REPLACE MACRO spark_json_tuple_field(j, path) AS CASE WHEN json_valid(j) THEN json_extract_string(j, path) END",
  // to_json(x [, options]) as Spark writes it by default (engine/to-json.ts); of the options only timestampFormat and timestampNTZFormat are
  // applied (DEVIATIONS.md)
  //
  // DuckDB's own JSON of a value is Spark's where its type holds no leaf that Spark writes otherwise (a DOUBLE, DECIMAL, TIMESTAMP,
  // BINARY, …: spark_json_as_duckdb_writes) and no null: then it is taken as it is, 100 times as fast as the JavaScript. Where a
  // struct's null fields are left out and no map's null value or array's struct must stay, json_merge_patch into {} leaves them out.
  "CREATE OR REPLACE MACRO spark_json_as_duckdb_writes(t) AS NOT regexp_matches(t, '(^|[ (,])(DOUBLE|FLOAT|DECIMAL|TIME|BLOB|BIT|INTERVAL|UUID|HUGEINT|UHUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|VARINT|BIGNUM|ENUM|UNION|JSON|VARIANT|ARRAY|GEOMETRY|\"NULL\")')",
  "CREATE OR REPLACE MACRO spark_to_json_of(j, t) AS CASE WHEN NOT spark_json_as_duckdb_writes(t) THEN spark_to_json_text(j, t) WHEN strpos(j, 'null') = 0 THEN CAST(j AS VARCHAR) " +
    "WHEN t LIKE 'STRUCT(%' AND NOT regexp_matches(t, 'MAP\\(|\\)\\[') THEN CAST(json_merge_patch('{}', j) AS VARCHAR) ELSE spark_to_json_text(j, t) END",
  // a VARIANT's JSON is its own (engine/variant-functions.ts)
  "CREATE OR REPLACE MACRO spark_to_json_or_variant(x) AS CASE WHEN typeof(x) = 'VARIANT' THEN spark_variant_json(x) ELSE spark_to_json_of(to_json(x), typeof(x)) END",
  "CREATE OR REPLACE MACRO spark_to_json(x) AS spark_to_json_or_variant(x), (x, options) AS spark_to_json_or_variant(x), " +
    // with the strftime formats of a timestampFormat and a timestampNTZFormat option and the zone of a timeZone option ('' for none),
    // as sql/json-calls.ts writes them; the zone is a VARIANT's only
    "(x, options, format, ntzFormat, zone) AS CASE WHEN typeof(x) = 'VARIANT' THEN spark_variant_text_in(x, 'json', CASE WHEN zone = '' THEN current_setting('TimeZone') ELSE zone END) " +
    "ELSE spark_to_json_format(to_json(x), typeof(x), format, ntzFormat) END",
  // Databricks' JSON path operator on a STRING as sql/json-path-operator.ts writes it, spark_json_path(x, '<DuckDB path>', '<steps>'):
  // DuckDB's json_extract of the path as written, a string's text, NULL for a JSON null; where it finds nothing, the path read
  // by engine/json-path.ts, which matches a name whatever its case. With a [*] step spark_json_path_all: the JSON array of the matches.
  // json_extract of text that is JSON, NULL for other text (json_extract fails on it)
  "CREATE OR REPLACE MACRO spark_json_extract_valid(x, p) AS CASE WHEN json_valid(x) THEN json_extract(x, p) END",
  "CREATE OR REPLACE MACRO spark_json_found(v, x, steps) AS CASE WHEN v IS NULL THEN spark_json_path_value(x, steps) WHEN json_type(v) = 'VARCHAR' THEN v ->> '$' " +
    "WHEN json_type(v) = 'NULL' THEN NULL ELSE CAST(v AS VARCHAR) END",
  // on a VARIANT, the value its path names, a VARIANT, by names whose case matches (engine/variant-functions.ts)
  "CREATE OR REPLACE MACRO spark_json_path(x, p, steps) AS list_transform([spark_json_extract_valid(x, p)], v -> spark_json_found(v, x, steps))[1], " +
    "(x VARIANT, p, steps) AS spark_variant_get(x, steps)",
  "CREATE OR REPLACE MACRO spark_json_path_all(x, p, steps) AS list_transform([spark_json_extract_valid(x, p)], " +
    "l -> CASE WHEN len(l) > 0 THEN CAST(to_json(l) AS VARCHAR) ELSE spark_json_path_value(x, steps) END)[1], " +
    "(x VARIANT, p, steps) AS error('[UNSUPPORTED] A [*] step of the : operator on a VARIANT is not supported by the local workspace: read the array and explode it')",
  // get_json_object(j, path) with a [*] in its path (sql/json-calls.ts), as Spark answers it: NULL for no match, the one match's JSON
  // text (a string's quoted), the JSON array of several
  "CREATE OR REPLACE MACRO spark_get_json_object_all(x, p) AS list_transform([spark_json_extract_valid(x, p)], " +
    "l -> CASE len(l) WHEN 0 THEN NULL WHEN 1 THEN CAST(l[1] AS VARCHAR) ELSE CAST(to_json(l) AS VARCHAR) END)[1]",
  // rand([seed]) and randn([seed]): a seed is taken and not followed (DuckDB draws from one generator for the connection)
  "CREATE OR REPLACE MACRO spark_rand() AS random(), (seed) AS random()",
  "CREATE OR REPLACE MACRO spark_timestamp_seconds(x) AS to_timestamp(x)",
  "CREATE OR REPLACE MACRO spark_timestamp_millis(x) AS CAST(make_timestamp(CAST(x AS BIGINT) * 1000) AS TIMESTAMPTZ)",
  "CREATE OR REPLACE MACRO spark_timestamp_micros(x) AS CAST(make_timestamp(CAST(x AS BIGINT)) AS TIMESTAMPTZ)",
  // a TIMESTAMP_NTZ or a string is taken as a time in the session's zone, always UTC here, as Spark's implicit cast does
  "CREATE OR REPLACE MACRO spark_unix_micros(x) AS epoch_us(CAST(x AS TIMESTAMPTZ))",
  // unix_millis(x): whole milliseconds since the epoch, rounded down as Spark's floorDiv (before 1970 too), exact in integers
  "CREATE OR REPLACE MACRO spark_unix_millis(x) AS list_transform([spark_unix_micros(x)], u -> (u - (u % 1000 + 1000) % 1000) // 1000)[1]",
  // unix_date(d): days since 1970-01-01, an INT; date_from_unix_date(n) the other way round
  "CREATE OR REPLACE MACRO spark_unix_date(d) AS CAST(CAST(d AS DATE) - DATE '1970-01-01' AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_date_from_unix_date(n) AS CAST(DATE '1970-01-01' + CAST(n AS INTEGER) AS DATE)",
  // x[i] and element_at(x, i): the translator picks the array's or the map's form by the type DuckDB's binder finds (sql/subscripts.ts)
  // array_length binds for a list only (list_extract would read a STRING's characters); an index out of range fails as in ANSI mode
  `CREATE OR REPLACE MACRO spark_array_at(a, i) AS CASE WHEN i >= 0 AND i < array_length(a) THEN list_extract(a, i + 1) WHEN a IS NOT NULL AND i IS NOT NULL THEN ${arrayIndexError("INVALID_ARRAY_INDEX", "the SQL function `get()`")} END`,
  // get(a, i): x[i] with NULL out of range, as INVALID_ARRAY_INDEX tells users to write it
  "CREATE OR REPLACE MACRO spark_get(a, i) AS list_extract(a, CASE WHEN i >= 0 AND array_length(a) >= 0 THEN i + 1 END)",
  "CREATE OR REPLACE MACRO spark_map_at(m, k) AS map_extract_value(m, k)",
  // element_at of a map: the same lookup, named element_at in a result column (sql/subscripts.ts)
  "CREATE OR REPLACE MACRO spark_map_element_at(m, k) AS map_extract_value(m, k)",
  // the outer generators (explode_outer, posexplode_outer, inline_outer): an empty or NULL list becomes one NULL element
  "CREATE OR REPLACE MACRO spark_outer_list(a) AS CASE WHEN len(a) > 0 THEN a ELSE [NULL] END",
  "CREATE OR REPLACE MACRO spark_subscript(x, i) AS x[i]",
  // a subscript's base qualified by its relation (t.arr[0]): the base, named without its first n parts (sql/subscripts.ts)
  "CREATE OR REPLACE MACRO spark_unqualified(x, n) AS x",
  `CREATE OR REPLACE MACRO spark_element_at(a, i) AS CASE WHEN i = 0 THEN ${INDEX_OF_ZERO} WHEN abs(i) <= array_length(a) THEN list_extract(a, i) ` +
    `WHEN a IS NOT NULL AND i IS NOT NULL THEN ${arrayIndexError("INVALID_ARRAY_INDEX_IN_ELEMENT_AT", "`try_element_at`")} END`,
  // try_element_at: element_at with NULL out of range (index 0 still fails, as Databricks documents)
  `CREATE OR REPLACE MACRO spark_try_element_at(a, i) AS CASE WHEN i = 0 THEN ${INDEX_OF_ZERO} ELSE list_extract(a, CASE WHEN array_length(a) >= 0 THEN i END) END`,
  "CREATE OR REPLACE MACRO spark_map_try_element_at(m, k) AS map_extract_value(m, k)",
  // zip_with(a, b, f)'s pairs (sql/call-rewrites.ts): NULL when either array is, where list_zip takes a NULL as empty
  "CREATE OR REPLACE MACRO spark_zip(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN list_zip(a, b) END",
  // sentences(s, language, country) as the translator writes it, its omitted arguments '' (sql/call-rewrites.ts); a NULL locale is en-US's
  "CREATE OR REPLACE MACRO spark_sentences(s, l, c) AS from_json(spark_sentences_json(s, coalesce(l, ''), coalesce(c, '')), '[[\"VARCHAR\"]]')",
  // map_zip_with's entries (sql/higher-order-calls.ts): a struct of each key of a, then of b's others, and its value in each map (the
  // lambda's parameter named apart from any column a or b may name)
  "CREATE OR REPLACE MACRO spark_map_zip(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN list_transform(" +
    "map_keys(a) || list_filter(map_keys(b), spark_k -> NOT list_contains(map_keys(a), spark_k)), " +
    "spark_k -> struct_pack(key := spark_k, value1 := map_extract_value(a, spark_k), value2 := map_extract_value(b, spark_k))) END",
  // exists(arr, x -> p) and forall(arr, x -> p) over the predicate's values: Spark's three-valued answers (NULL where a NULL could decide)
  "CREATE OR REPLACE MACRO spark_exists(t) AS CASE WHEN t IS NULL THEN NULL WHEN list_bool_or(t) THEN true WHEN list_count(t) < len(t) THEN NULL ELSE false END",
  "CREATE OR REPLACE MACRO spark_forall(t) AS CASE WHEN t IS NULL THEN NULL WHEN NOT list_bool_and(t) THEN false WHEN list_count(t) < len(t) THEN NULL ELSE true END",
  // array_sort(arr) without a comparator: ascending with NULL elements last, whatever the session's NULL order
  "CREATE OR REPLACE MACRO spark_array_sort(a) AS list_sort(a, 'ASC', 'NULLS LAST')",
  // array_sort(arr, comparator) (sql/array-sort.ts): whether element l sorts before r by the comparator's value c, an equal one when it comes earlier
  "CREATE OR REPLACE MACRO spark_sorts_before(c, l, r, earlier) AS CASE WHEN c IS NULL THEN error('[COMPARATOR_RETURNS_NULL] The comparator has returned a NULL for a comparison between ' || " +
    "coalesce(CAST(l AS VARCHAR), 'null') || ' and ' || coalesce(CAST(r AS VARCHAR), 'null') || '. It should return a positive integer for \"greater than\", 0 for \"equal\" and a negative integer for \"less than\". " +
    "To revert to deprecated behavior where NULL is treated as 0 (equal), you must set \"spark.sql.legacy.allowNullComparisonResultInArraySort\" to \"true\".') " +
    "WHEN c < 0 THEN true WHEN c = 0 THEN earlier ELSE false END",
  // the right operand of /, DIV and % (sql/ansi-division.ts): ANSI mode's error for a zero
  `CREATE OR REPLACE MACRO spark_divisor(x) AS CASE WHEN x = 0 THEN error('[DIVIDE_BY_ZERO] Division by zero. Use \`try_divide\` to tolerate divisor being 0 and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22012') ELSE x END`,
  // a DIV b of numbers: the quotient truncated toward zero as a BIGINT, as Spark casts it, exact for integers and DECIMALs
  "CREATE OR REPLACE MACRO spark_div_numbers(a, b) AS CASE WHEN typeof(a) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') AND typeof(b) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') " +
    "THEN CAST(a // b AS BIGINT) ELSE CAST(round((a - a % b) / b) AS BIGINT) END",
  // try_divide(a, b): a / b as a DOUBLE for numbers, NULL for a zero b
  "CREATE OR REPLACE MACRO spark_try_divide(a, b) AS a / nullif(b, 0)",
  // try_mod(a, b): a % b (the dividend's sign, as Java's), NULL for a zero b
  "CREATE OR REPLACE MACRO spark_try_mod(a, b) AS a % nullif(b, 0)",
  // array_prepend(a, e): e before a's elements (DuckDB's array_prepend takes the element first)
  "CREATE OR REPLACE MACRO spark_array_prepend(a, e) AS CASE WHEN a IS NOT NULL THEN list_prepend(e, a) END",
  // try_add, try_subtract, try_multiply: NULL where the arithmetic overflows (or fails otherwise); each operand is read once, as the
  // one element of a list a lambda maps, so that try() holds no volatile function (rand()), which DuckDB refuses
  ...([["add", "+"], ["subtract", "-"], ["multiply", "*"]] as const).map(([name, op]) =>
    `CREATE OR REPLACE MACRO spark_try_${name}(a, b) AS list_transform([a], x -> list_transform([b], y -> try(x ${op} y))[1])[1]`,
  ),
  // window(t, width, slide, start) as sql/time-window.ts writes it (durations in microseconds): the windows holding t, the latest first,
  // each a STRUCT<start, end> of t's type: the starts after t - width, from the latest at or before t, a slide apart; none where t is
  // NULL. t is a column of a LATERAL subquery's outer query there, which no lambda may name and no macro's overloads be chosen by:
  // a TIMESTAMP or a TIMESTAMP_NTZ is taken, and DuckDB refuses another type
  "CREATE OR REPLACE MACRO spark_time_windows(t, w, s, o) AS list_transform(range(t - to_microseconds(((epoch_us(t) - o) % s + s) % s), " +
    "t - to_microseconds(w), -to_microseconds(s)), b -> {'start': b, 'end': b + to_microseconds(w)})",
  // date_format(x, pattern): the pattern is turned into strftime's by the translator (sql/datetime-pattern.ts)
  "CREATE OR REPLACE MACRO spark_date_format(x, f) AS spark_strftime(x, f)",
  // to_char(x, format, pattern) as sql/datetime-calls.ts writes it: a number in JavaScript (engine/number-format.ts), a date or
  // timestamp by the pattern turned into strftime's (`!` and why where the format is none), a BINARY as base64, hex or UTF-8
  "CREATE OR REPLACE MACRO spark_to_char_result(r) AS CASE WHEN starts_with(r, '!') THEN error('[' || substr(r, 2, strpos(r, '|') - 2) || '] ' || substr(r, strpos(r, '|') + 1)) ELSE r END",
  // to_number(x, 'format') and try_to_number as the translator writes them (sql/call-rewrites.ts), t a NULL of the format's DECIMAL
  // type: the text's value read by engine/number-parse.ts, Spark's MISMATCH_INPUT raised (spark_to_char_result) or NULL
  "CREATE OR REPLACE MACRO spark_to_number(x, f, t) AS cast_to_type(spark_to_char_result(spark_to_number_text(spark_implicit_string(x), f)), t)",
  "CREATE OR REPLACE MACRO spark_try_to_number(x, f, t) AS cast_to_type(spark_try_to_number_text(spark_implicit_string(x), f), t)",
  "CREATE OR REPLACE MACRO spark_to_char_datetime(x, p) AS CASE WHEN starts_with(p, '!') THEN error(substr(p, 2)) ELSE spark_strftime(x, p) END",
  "CREATE OR REPLACE MACRO spark_to_char(x, f, p) AS spark_to_char_result(spark_to_char_text(CAST(x AS VARCHAR), typeof(x), f)), " +
    "(x DATE, f, p) AS spark_to_char_datetime(x, p), (x TIMESTAMP, f, p) AS spark_to_char_datetime(x, p), (x TIMESTAMPTZ, f, p) AS spark_to_char_datetime(x, p), " +
    "(x BLOB, f, p) AS CASE lower(f) WHEN 'base64' THEN to_base64(x) WHEN 'hex' THEN hex(x) WHEN 'utf-8' THEN decode(x) ELSE error('[INVALID_PARAMETER_VALUE.BINARY_FORMAT] " +
    "The value of parameter(s) `format` in `to_char` is invalid: expects one of binary formats ''base64'', ''hex'', ''utf-8'', but got ''' || f || '''. SQLSTATE: 22023') END",
  EPOCH_SECONDS,
  ...integralCasts(),
  ...floatingCasts(),
  // the operand of a comparison with number literals (sql/string-number-comparisons.ts): itself, a string cast as ANSI mode promotes it beside
  // integral literals (to BIGINT, '6.9' failing) or a fractional one (to DOUBLE), as sum's and avg's argument is too (sql/translate.ts); the
  // overload is chosen when the query binds
  "CREATE OR REPLACE MACRO spark_string_as_bigint(x) AS x, (x VARCHAR) AS spark_cast_bigint(x)",
  // a DIV b (sql/ansi-division.ts): spark_div_numbers, a string operand cast to BIGINT as Spark's ANSI PromoteStrings casts a string beside
  // an integral number (beside a DECIMAL, where Spark refuses DIV of the DOUBLE it casts the string to, too)
  "CREATE OR REPLACE MACRO spark_div(a, b) AS spark_div_numbers(a, b), (a VARCHAR, b) AS spark_div_numbers(spark_cast_bigint(a), b), " +
    "(a, b VARCHAR) AS spark_div_numbers(a, spark_cast_bigint(b)), (a VARCHAR, b VARCHAR) AS spark_div_numbers(spark_cast_bigint(a), spark_cast_bigint(b))",
  "CREATE OR REPLACE MACRO spark_string_as_double(x) AS x, (x VARCHAR) AS CAST(x AS DOUBLE)",
  // an operand x of a comparison with y, y only typed, never evaluated: cast as above where x is a string and y a number, and read as
  // Spark reads a date's or a timestamp's text beside one (engine/datetime-text.ts: '2024' is 2024-01-01)
  "CREATE OR REPLACE MACRO spark_beside(x, y) AS x" +
    ["TINYINT", "SMALLINT", "INTEGER", "BIGINT"].map((type) => `, (x VARCHAR, y ${type}) AS spark_string_as_bigint(x)`).join("") +
    ["FLOAT", "DOUBLE", "DECIMAL"].map((type) => `, (x VARCHAR, y ${type}) AS spark_string_as_double(x)`).join("") +
    // and the date's own beside it, for a value typed only with its query (an outer query's column) to match two and fail as
    // ambiguous, which sends the statement to DuckDB's operators (exec/executor.ts), rather than be taken for a string
    Object.entries({ DATE: "date", TIMESTAMPTZ: "timestamp", TIMESTAMP: "timestamp_ntz" })
      .map(([duck, type]) => `, (x VARCHAR, y ${duck}) AS spark_cast_${type}(x), (x ${duck}, y ${duck}) AS x`)
      .join(""),
  // an argument of a string function as sql/text-arguments.ts writes it: a string or a BINARY as it is, any other value as CAST(x AS STRING)
  // writes it (no overload names DECIMAL: DuckDB would cast a DECIMAL(5,2) argument to its DECIMAL(18,3) for it)
  "CREATE OR REPLACE MACRO spark_as_text(x) AS spark_cast_string(x), (x VARCHAR) AS x, (x BLOB) AS x" +
    // the types whose text DuckDB writes as Spark does, cheaper to bind than spark_cast_string's every case
    ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DATE", "BOOLEAN"].map((type) => `, (x ${type}) AS CAST(x AS VARCHAR)`).join(""),
  // nullif(a, b) as sql/implied-comparisons.ts writes it, spark_nullif(a, b, a = b): the comparison typed as any other
  "CREATE OR REPLACE MACRO spark_nullif(a, b, equal) AS CASE WHEN equal THEN NULL ELSE a END",
  // a value of the type Spark widens a and b to (only typed, never evaluated): a string beside an integral number a BIGINT, beside a
  // fractional one a DOUBLE, beside anything else that; numbers of two types as DuckDB widens them. The items of an IN list beside
  // each other (sql/string-number-comparisons.ts)
  "CREATE OR REPLACE MACRO spark_wider(a, b) AS [a, b][1], (a VARCHAR, b VARCHAR) AS a, (a VARCHAR, b) AS b, (a, b VARCHAR) AS a" +
    ["TINYINT", "SMALLINT", "INTEGER", "BIGINT"].map((type) => `, (a VARCHAR, b ${type}) AS CAST(NULL AS BIGINT), (a ${type}, b VARCHAR) AS CAST(NULL AS BIGINT)`).join("") +
    ["FLOAT", "DOUBLE", "DECIMAL"].map((type) => `, (a VARCHAR, b ${type}) AS CAST(NULL AS DOUBLE), (a ${type}, b VARCHAR) AS CAST(NULL AS DOUBLE)`).join(""),
  ...MAP_KEY_CHECKS,
  ...STRING_FUNCTIONS,
  ...AVERAGE,
  // sum(x) and try_sum(x) in spark_sum and spark_try_sum: an integral type's sum (DuckDB's HUGEINT) as Spark's
  // BIGINT, failing as ANSI mode fails a sum beyond BIGINT's range; any other sum (DECIMAL, DOUBLE) as it is. The value is a lambda's
  // parameter, whose type picks spark_long_of's overload: an aggregate's type is not known yet where a macro's overload is picked
  "CREATE OR REPLACE MACRO spark_long_of(s) AS s, (s HUGEINT) AS CASE WHEN s IS NULL OR s BETWEEN -9223372036854775808 AND 9223372036854775807 THEN CAST(s AS BIGINT) " +
    `ELSE error('[ARITHMETIC_OVERFLOW] long overflow. Use ''try_add'' to tolerate overflow and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003') END`,
  "CREATE OR REPLACE MACRO spark_long(x) AS list_transform([x], s -> spark_long_of(s))[1]",
  ...SUM,
  TYPEOF,
  TUPLE,
  // count_if(x) as sql/call-rewrites.ts writes it, spark_count_if(count_if(x) …): a BIGINT, 0 where no row counts (DuckDB's, a sum, is NULL
  // where every value is NULL or there is no row)
  "CREATE OR REPLACE MACRO spark_count_if(n) AS coalesce(CAST(n AS BIGINT), 0)",
  // every, any and some as sql/call-rewrites.ts writes them, spark_named_aggregate('every', bool_and(x) …): the aggregate, its column
  // named by the name written (sql/subscripts.ts)
  "CREATE OR REPLACE MACRO spark_named_aggregate(name, x) AS x",
  // grouping_id(…) and grouping_id() as sql/grouping-id.ts writes them: the value, for the column's name
  "CREATE OR REPLACE MACRO spark_grouping_id(g) AS g",
  "CREATE OR REPLACE MACRO spark_grouping_id_all(g) AS g",
  // grouping(c) as sql/grouping-id.ts writes it: a TINYINT, as Spark's
  "CREATE OR REPLACE MACRO spark_grouping(g) AS g::TINYINT",
  // a WHERE's or a HAVING's condition as sql/filter-conditions.ts writes it: itself when a BOOLEAN (or NULL), else Spark's refusal (errors.ts)
  "CREATE OR REPLACE MACRO spark_filter(c BOOLEAN, written) AS c, (c, written) AS error('[FILTER_NOT_BOOLEAN] ' || typeof(c) || '|' || written)",
  // skewness(x) and kurtosis(x) as the translator writes them, spark_skewness(skewness(x) …, count(x) …, var_pop(x) …) and
  // spark_kurtosis(kurtosis_pop(x) …, count(x) …, var_pop(x) …): Spark's population moments, NULL of no value, NaN where the values do
  // not vary (one value too), and a skewness of two values 0.0 (DuckDB's are NULL for so few values); the skewness of DuckDB's sample one
  "CREATE OR REPLACE MACRO spark_skewness(g, n, v) AS CASE WHEN n = 0 THEN NULL WHEN v = 0 THEN CAST('NaN' AS DOUBLE) WHEN n = 2 THEN 0.0 " +
    "ELSE g * (n - 2) / sqrt(n * (n - 1)) END",
  "CREATE OR REPLACE MACRO spark_kurtosis(k, n, v) AS CASE WHEN n = 0 THEN NULL WHEN v = 0 THEN CAST('NaN' AS DOUBLE) ELSE k END",
  // collect_list(x) and array_agg(x) as sql/call-rewrites.ts writes them, spark_collect_list(list(x) …): without NULLs, [] for no value
  "CREATE OR REPLACE MACRO spark_collect_list(l) AS coalesce(list_filter(l, e -> e IS NOT NULL), [])",
  "CREATE OR REPLACE MACRO spark_array_agg(l) AS spark_collect_list(l)",
  // collect_set(x) likewise, each value once (in no promised order, as Spark's)
  "CREATE OR REPLACE MACRO spark_collect_set(l) AS list_distinct(spark_collect_list(l))",
  // array_position is 0 for an element not found (DuckDB's NULL), NULL for a NULL element; array_distinct keeps the first of
  // each value in order, one NULL among them (DuckDB's list_distinct sorts and drops NULLs)
  "CREATE OR REPLACE MACRO spark_array_position(a, x) AS CASE WHEN a IS NOT NULL AND x IS NOT NULL THEN CAST(coalesce(list_position(a, x), 0) AS BIGINT) END",
  "CREATE OR REPLACE MACRO spark_array_distinct(a) AS list_filter(a, (x, i) -> list_position(a, x) = i)",
  // the set operations keep a's order (then b's), each value once, a NULL once where Spark keeps one; NULL for a NULL array
  "CREATE OR REPLACE MACRO spark_array_union(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN spark_array_distinct(list_concat(a, b)) END",
  "CREATE OR REPLACE MACRO spark_array_intersect(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN " +
    "list_filter(spark_array_distinct(a), e -> CASE WHEN e IS NULL THEN list_count(b) < len(b) ELSE list_contains(b, e) END) END",
  "CREATE OR REPLACE MACRO spark_array_except(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN " +
    "list_filter(spark_array_distinct(a), e -> CASE WHEN e IS NULL THEN list_count(b) = len(b) ELSE NOT list_contains(b, e) END) END",
  // array_remove keeps NULL elements (NULL = x is not true), and is NULL for a NULL x
  "CREATE OR REPLACE MACRO spark_array_remove(a, x) AS CASE WHEN x IS NOT NULL THEN list_filter(a, e -> e IS NULL OR e <> x) END",
  "CREATE OR REPLACE MACRO spark_array_repeat(x, n) AS list_transform(range(CAST(n AS BIGINT)), i -> x)",
  // true for a common non-NULL element; else NULL where both have elements and one has a NULL
  "CREATE OR REPLACE MACRO spark_arrays_overlap(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN list_has_any(a, b) THEN true " +
    "WHEN len(a) > 0 AND len(b) > 0 AND (list_count(a) < len(a) OR list_count(b) < len(b)) THEN NULL ELSE false END",
  // sequence(start, stop [, step]) of integers (of their type), or of dates or timestamps with an INTERVAL step; by 1 or -1 when no step is given
  "CREATE OR REPLACE MACRO spark_sequence(a, b) AS list_transform(generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END), e -> cast_to_type(e, a)), " +
    "(a, b, step) AS list_transform(generate_series(a, b, step), e -> cast_to_type(e, a))",
  "CREATE OR REPLACE MACRO spark_nanvl(a, b) AS CASE WHEN isnan(a) THEN b ELSE a END",
  // octet_length of text: its UTF-8 bytes (DuckDB's takes a BLOB only), an INT
  "CREATE OR REPLACE MACRO spark_octet_length(x) AS CAST(CASE WHEN typeof(x) = 'BLOB' THEN octet_length(CAST(x AS BLOB)) ELSE strlen(CAST(x AS VARCHAR)) END AS INTEGER)",
  // length and its other names: the characters of text, the bytes of a BINARY, an INT (DuckDB's length takes text only, a BIGINT); bit_length likewise
  ...["length", "char_length", "character_length"].map(
    (name) => `CREATE OR REPLACE MACRO spark_${name}(x) AS CAST(CASE WHEN typeof(x) = 'BLOB' THEN octet_length(CAST(x AS BLOB)) ELSE length(CAST(x AS VARCHAR)) END AS INTEGER)` + ", (x VARCHAR) AS CAST(length(x) AS INTEGER)",
  ),
  "CREATE OR REPLACE MACRO spark_bit_length(x) AS spark_octet_length(x) * 8",
  // the other functions whose value is an INT in Spark and a BIGINT (a TINYINT for bit_count) in DuckDB; levenshtein's threshold k: -1 for a distance beyond it
  "CREATE OR REPLACE MACRO spark_instr(s, sub) AS CAST(instr(CAST(s AS VARCHAR), CAST(sub AS VARCHAR)) AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_levenshtein(a, b) AS CAST(levenshtein(a, b) AS INTEGER), (a, b, k) AS CAST(CASE WHEN levenshtein(a, b) > k THEN -1 ELSE levenshtein(a, b) END AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_bit_count(x) AS CAST(bit_count(x) AS INTEGER)",
  // log1p(x), NULL for x <= -1 as Spark's logarithms; crc32 of text, its UTF-8 bytes (engine/java-math.ts)
  "CREATE OR REPLACE MACRO spark_log1p(x) AS CASE WHEN x > -1 THEN spark_log1p_double(x) END",
  "CREATE OR REPLACE MACRO spark_crc32(x) AS spark_crc32_bytes(encode(CAST(x AS VARCHAR))), (x BLOB) AS spark_crc32_bytes(x)",
  // hypot(a, b) without overflow or underflow in between, as Java's; rint(x), the nearest whole DOUBLE, a tie to the even one;
  // csc and sec, 1 / sin(x) and 1 / cos(x) as Java divides (1 / 0 an infinity of the zero's sign, where DuckDB's is NULL)
  "CREATE OR REPLACE MACRO spark_hypot(a, b) AS list_transform([{'a': abs(CAST(a AS DOUBLE)), 'b': abs(CAST(b AS DOUBLE))}], v -> CASE " +
    "WHEN isinf(v.a) OR isinf(v.b) THEN CAST('Infinity' AS DOUBLE) WHEN greatest(v.a, v.b) BETWEEN 1e-150 AND 1e150 OR greatest(v.a, v.b) = 0 THEN sqrt(v.a * v.a + v.b * v.b) " +
    "ELSE greatest(v.a, v.b) * sqrt((v.a / greatest(v.a, v.b)) ^ 2 + (v.b / greatest(v.a, v.b)) ^ 2) END)[1]",
  "CREATE OR REPLACE MACRO spark_rint(x) AS round_even(CAST(x AS DOUBLE), 0)",
  "CREATE OR REPLACE MACRO spark_csc(x) AS CASE WHEN sin(x) = 0 THEN CASE WHEN signbit(sin(x)) THEN CAST('-Infinity' AS DOUBLE) ELSE CAST('Infinity' AS DOUBLE) END ELSE 1 / sin(x) END",
  "CREATE OR REPLACE MACRO spark_sec(x) AS 1 / cos(x)",
  // randn(): a standard normal value (Box–Muller); localtimestamp(): now as a TIMESTAMP_NTZ in the session's zone
  `CREATE OR REPLACE MACRO spark_randn() AS ${STANDARD_NORMAL}, (seed) AS ${STANDARD_NORMAL}`,
  "CREATE OR REPLACE MACRO spark_localtimestamp() AS CAST(now() AS TIMESTAMP)",
  // to_timestamp_ntz(x [, f]) and to_timestamp_ltz(x [, f]), a TIMESTAMP_NTZ and a TIMESTAMP of text (read with a pattern, sql/datetime-calls.ts), a date or a timestamp
  `CREATE OR REPLACE MACRO spark_to_timestamp_ntz(x) AS ${readOnce((v) => `spark_cast_timestamp_ntz(${v})`)}, (x, f) AS CAST(spark_parse_timestamp(x, f) AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO spark_to_timestamp_ltz(x) AS ${readOnce((v) => `spark_cast_timestamp(${v})`)}, (x, f) AS spark_parse_timestamp(x, f)`,
  // raise_error(message): fails the query with the message, as Spark's USER_RAISED_EXCEPTION
  "CREATE OR REPLACE MACRO spark_raise_error(m) AS error('[USER_RAISED_EXCEPTION] ' || CAST(m AS VARCHAR) || ' SQLSTATE: P0001')",
  // assert_true(c [, m]) as sql/assert-true.ts writes it: NULL where c holds, else raise_error(m)
  "CREATE OR REPLACE MACRO spark_assert_true(c, m) AS CASE WHEN c THEN NULL ELSE spark_raise_error(m) END",
  "CREATE OR REPLACE MACRO spark_assert_true_of(c, m) AS spark_assert_true(c, m)",
  // shiftleft, shiftright and shiftrightunsigned of an INT (a TINYINT or SMALLINT read as one) or a BIGINT as Java shifts: by n & 31
  // (n & 63), bits shifted past the sign dropped, where DuckDB's << fails; the bits as an unsigned number, and back
  "CREATE OR REPLACE MACRO spark_unsigned_int(a) AS CAST(CAST(a AS BIGINT) & 4294967295 AS UBIGINT)",
  "CREATE OR REPLACE MACRO spark_unsigned_long(a) AS CAST(a AS HUGEINT) & CAST(18446744073709551615 AS HUGEINT)",
  "CREATE OR REPLACE MACRO spark_int_bits(v) AS CAST(CASE WHEN v >= 2147483648 THEN CAST(v AS BIGINT) - 4294967296 ELSE CAST(v AS BIGINT) END AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_long_bits(v) AS CAST(CASE WHEN v >= 9223372036854775808 THEN CAST(v AS HUGEINT) - CAST(18446744073709551616 AS HUGEINT) ELSE CAST(v AS HUGEINT) END AS BIGINT)",
  ...[
    ["shiftleft", "spark_int_bits((spark_unsigned_int(a) << (n & 31)) & 4294967295)", "spark_long_bits((spark_unsigned_long(a) << (n & 63)) & CAST(18446744073709551615 AS HUGEINT))"],
    ["shiftright", "CAST(a AS INTEGER) >> (n & 31)", "CAST(a AS BIGINT) >> (n & 63)"],
    ["shiftrightunsigned", "spark_int_bits(spark_unsigned_int(a) >> (n & 31))", "spark_long_bits(spark_unsigned_long(a) >> (n & 63))"],
  ].map(([name, int, long]) => `CREATE OR REPLACE MACRO spark_${name}(a, n) AS ${long}${["TINYINT", "SMALLINT", "INTEGER"].map((type) => `, (a ${type}, n) AS ${int}`).join("")}`),
  // bit_get(x, p) and getbit: the bit at p of an integral x, a TINYINT; a p beyond x's bits fails as Spark's
  "CREATE OR REPLACE MACRO spark_bit_get(x, p) AS list_transform([CASE typeof(x) WHEN 'TINYINT' THEN 8 WHEN 'SMALLINT' THEN 16 WHEN 'INTEGER' THEN 32 ELSE 64 END], bits -> " +
    "CASE WHEN p < 0 OR p >= bits THEN error('[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, ' " +
    "|| bits || '), but got ' || p || '. SQLSTATE: 22023') ELSE CAST((x >> p) & 1 AS TINYINT) END)[1]",
  // make_ym_interval(years, months), make_dt_interval(days, hours, minutes, seconds) and make_interval(years, months, weeks, days, hours,
  // minutes, seconds), every argument 0 where it is left out; seconds to the microsecond
  "CREATE OR REPLACE MACRO spark_seconds_interval(s) AS to_microseconds(CAST(round(CAST(s AS DECIMAL(18,6)) * 1000000) AS BIGINT))",
  "CREATE OR REPLACE MACRO spark_make_ym_interval(y := 0, m := 0) AS to_months(CAST(y AS INTEGER) * 12 + CAST(m AS INTEGER))",
  "CREATE OR REPLACE MACRO spark_make_dt_interval(d := 0, h := 0, mi := 0, s := 0) AS to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS BIGINT)) + to_minutes(CAST(mi AS BIGINT)) + spark_seconds_interval(s)",
  "CREATE OR REPLACE MACRO spark_make_interval(y := 0, m := 0, w := 0, d := 0, h := 0, mi := 0, s := 0) AS spark_make_ym_interval(y, m) + spark_make_dt_interval(CAST(w AS INTEGER) * 7 + CAST(d AS INTEGER), h, mi, s)",
  // shuffle(a): a's elements in a random order
  "CREATE OR REPLACE MACRO spark_shuffle(a) AS list_transform(list_sort(list_transform(a, x -> {'k': random(), 'v': x})), e -> e.v)",
  // negative(x) and positive(x), the function forms of unary - and +; space(n), n spaces
  "CREATE OR REPLACE MACRO spark_negative(x) AS -x",
  "CREATE OR REPLACE MACRO spark_positive(x) AS x",
  "CREATE OR REPLACE MACRO spark_space(n) AS repeat(' ', CAST(n AS INTEGER))",
  // ilike(s, p) and like(s, p), the function forms, a backslash escaping in p as in Spark's LIKE
  "CREATE OR REPLACE MACRO spark_ilike(s, p) AS s ILIKE p ESCAPE '\\'",
  "CREATE OR REPLACE MACRO spark_like(s, p) AS s LIKE p ESCAPE '\\'",
  // regexp_instr(s, r): the 1-based position of r's first (leftmost) match in s, 0 where there is none
  "CREATE OR REPLACE MACRO spark_regexp_position(s, r) AS CAST(CASE WHEN NOT regexp_matches(s, r) THEN 0 ELSE length(regexp_extract(s, '(?s)^(.*?)(?:' || r || ')', 1)) + 1 END AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_regexp_instr(s, r) AS spark_regexp_position(s, r), (s, r, idx) AS spark_regexp_position(s, r)",
  // luhn_check(s): whether s is digits only and passes the Luhn checksum (every second digit from the right doubled, its digits summed)
  "CREATE OR REPLACE MACRO spark_luhn_check(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(s, '[0-9]+') THEN false " +
    "ELSE list_sum(list_transform(range(length(s)), i -> list_transform([CAST(substr(s, length(s) - i::INTEGER, 1) AS INTEGER) * (1 + i % 2)], d -> d // 10 + d % 10)[1])) % 10 = 0 END",
  // row_number, rank, dense_rank and ntile as sql/call-rewrites.ts writes them, spark_ranking(rank() OVER …)
  "CREATE OR REPLACE MACRO spark_ranking(n) AS CAST(n AS INTEGER)",
  // factorial(n): a BIGINT, NULL for n outside 0 to 20 (DuckDB's a HUGEINT, failing beyond)
  "CREATE OR REPLACE MACRO spark_factorial(n) AS CASE WHEN n BETWEEN 0 AND 20 THEN CAST(factorial(CAST(n AS INTEGER)) AS BIGINT) END",
  // find_in_set(s, list): s's 1-based place among list's comma-separated items, 0 where it is none or holds a comma
  "CREATE OR REPLACE MACRO spark_find_in_set(s, list) AS CAST(CASE WHEN s IS NULL OR list IS NULL THEN NULL WHEN contains(s, ',') THEN 0 " +
    "ELSE coalesce(list_position(string_split(list, ','), s), 0) END AS INTEGER)",
  // dayofweek counts from Sunday = 1, weekday from Monday = 0 (DuckDB's dayofweek from Sunday = 0)
  "CREATE OR REPLACE MACRO spark_dayofweek(d) AS CAST(dayofweek(CAST(d AS DATE)) + 1 AS INTEGER)",
  "CREATE OR REPLACE MACRO spark_weekday(d) AS CAST(isodow(CAST(d AS DATE)) - 1 AS INTEGER)",
  // the parts of a date (a date's text too, cast as Spark casts it) and of a time, INTs as Spark's; DuckDB takes no text and answers BIGINTs
  ...DATE_PARTS.map((part) => `CREATE OR REPLACE MACRO spark_${part}(d) AS CAST(${part}(CAST(d AS DATE)) AS INTEGER)`),
  // Spark's other names of a function, each the macro of its own name so that its column is named as Spark names it (ifnull(a, b),
  // not coalesce(a, b): sql/subscripts.ts)
  "CREATE OR REPLACE MACRO spark_dayofmonth(d) AS spark_day(d)",
  "CREATE OR REPLACE MACRO spark_nvl(a, b) AS coalesce(a, b)",
  "CREATE OR REPLACE MACRO spark_ifnull(a, b) AS coalesce(a, b)",
  "CREATE OR REPLACE MACRO spark_startswith(s, p) AS starts_with(s, p)",
  "CREATE OR REPLACE MACRO spark_endswith(s, p) AS ends_with(s, p)",
  "CREATE OR REPLACE MACRO spark_sha(x) AS sha1(x)",
  // a value format_string writes with %s (sql/string-calls.ts), its text: a NULL's is null, as Java's Formatter writes it
  "CREATE OR REPLACE MACRO spark_null_text(t) AS coalesce(t, 'null')",
  // format_string(f, …), DuckDB's printf, with up to 20 values (a macro takes a fixed number of arguments)
  `CREATE OR REPLACE MACRO spark_format_string${Array.from({ length: 21 }, (_, n) => {
    const values = Array.from({ length: n }, (_, k) => `, a${k + 1}`).join("");
    return `(f${values}) AS printf(f${values})`;
  }).join(", ")}`,
  ...TIME_PARTS.map((part) => `CREATE OR REPLACE MACRO spark_${part}(t) AS CAST(${part}(CAST(t AS TIMESTAMPTZ)) AS INTEGER)`),
  "CREATE OR REPLACE MACRO spark_last_day(d) AS last_day(CAST(d AS DATE))",
  // extract(DOW_ISO FROM d), from Monday = 1 (sql/datetime-calls.ts)
  "CREATE OR REPLACE MACRO spark_dayofweek_iso(d) AS CAST(isodow(d) AS INTEGER)",
  // date_sub(d, n): n days before d, a DATE (DuckDB's date_sub counts the parts between two dates)
  "CREATE OR REPLACE MACRO spark_date_sub(d, n) AS CAST(CAST(d AS DATE) - CAST(n AS INTEGER) AS DATE)",
  // date_add(d, n) and dateadd(d, n): n days after d, a DATE, d a date's text too (DuckDB cannot add a number to text)
  "CREATE OR REPLACE MACRO spark_date_add(d, n) AS CAST(CAST(d AS DATE) + CAST(n AS INTEGER) AS DATE)",
  // add_months(d, n): a DATE, its day clamped to the month's last (Spark 3's rule: 2024-01-31 + 1 is 2024-02-29, 2024-02-29 + 1 is 2024-03-29)
  "CREATE OR REPLACE MACRO spark_add_months(d, n) AS CAST(CAST(d AS DATE) + to_months(CAST(n AS INTEGER)) AS DATE)",
  // pmod(a, b): the remainder with b's sign where a's is negative, as Spark's ((a % b) + b) % b; a zero b fails as % does (ANSI mode)
  "CREATE OR REPLACE MACRO spark_pmod(a, b) AS CASE WHEN a % spark_divisor(b) < 0 THEN (a % b + b) % b ELSE a % b END",
  // initcap(s): each word (split at a space) lowercased but for its first letter
  "CREATE OR REPLACE MACRO spark_initcap(s) AS array_to_string(list_transform(string_split(lower(s), ' '), w -> upper(left(w, 1)) || substring(w, 2)), ' ')",
  // locate(sub, s [, p]): sub's 1-based position in s from position p, 0 when not found or p < 1, 0 for a NULL p (as Hive), 1 for an empty sub
  "CREATE OR REPLACE MACRO spark_locate_from(sub, s, p) AS CASE WHEN p IS NULL THEN 0 WHEN sub IS NULL OR s IS NULL THEN NULL " +
    "WHEN p < 1 THEN 0 WHEN sub = '' THEN 1 WHEN strpos(substring(s, p), sub) = 0 THEN 0 ELSE CAST(strpos(substring(s, p), sub) + p - 1 AS INTEGER) END",
  ...["locate", "position"].map((name) => `CREATE OR REPLACE MACRO spark_${name}(sub, s) AS spark_locate_from(sub, s, 1), (sub, s, p) AS spark_locate_from(sub, s, p)`),
  // the digit of a number at d places (a negative d left of the point), read from its text: exact at any precision
  "CREATE OR REPLACE MACRO spark_digit_at(r, d) AS list_transform([CAST(abs(r) AS VARCHAR)], t -> coalesce(TRY_CAST(CASE WHEN d > 0 THEN substr(split_part(t, '.', 2), d, 1) " +
    "ELSE substr(split_part(t, '.', 1), length(split_part(t, '.', 1)) + d, 1) END AS INTEGER), 0))[1]",
  // bround(x [, d]) of an integer or DECIMAL: x rounded HALF_EVEN to d places (a negative d left of the point), of round's type: a tie
  // whose round(x, d), r (away from zero), is odd at d places takes the other neighbour, x - (r - x)
  "CREATE OR REPLACE MACRO spark_bround_from(x, d, r) AS CASE WHEN round(x * 2, d) = x * 2 AND r <> x AND spark_digit_at(r, d) % 2 <> 0 THEN round(x - (r - x), d) ELSE r END",
  ...ROUNDING,
  // months_between(t1, t2 [, roundOff]): Spark's rule, of times in the session's zone (UTC): whole months when both are the same day
  // of the month or both their month's last day, else the days and seconds between them as a fraction of a 31-day month,
  // rounded to 8 digits (Java's Math.round) unless roundOff is false
  "CREATE OR REPLACE MACRO spark_day_seconds(t) AS floor((epoch_us(t) - epoch_us(date_trunc('day', t))) / 1000000)",
  "CREATE OR REPLACE MACRO spark_months_between_of(t1, t2, r) AS CASE WHEN t1 IS NULL OR t2 IS NULL OR r IS NULL THEN NULL " +
    "WHEN day(t1) = day(t2) OR (day(t1) = day(last_day(t1)) AND day(t2) = day(last_day(t2))) THEN CAST((year(t1) * 12 + month(t1)) - (year(t2) * 12 + month(t2)) AS DOUBLE) " +
    "ELSE spark_months_rounded((year(t1) * 12 + month(t1)) - (year(t2) * 12 + month(t2)) + " +
    "((day(t1) - day(t2)) * 86400 + spark_day_seconds(t1) - spark_day_seconds(t2)) / CAST(2678400 AS DOUBLE), r) END",
  "CREATE OR REPLACE MACRO spark_months_rounded(d, r) AS CASE WHEN r THEN floor(CAST(d AS DOUBLE) * 1e8 + 0.5) / 1e8 ELSE CAST(d AS DOUBLE) END",
  "CREATE OR REPLACE MACRO spark_months_between(a, b) AS spark_months_between_of(CAST(a AS TIMESTAMPTZ), CAST(b AS TIMESTAMPTZ), true), " +
    "(a, b, r) AS spark_months_between_of(CAST(a AS TIMESTAMPTZ), CAST(b AS TIMESTAMPTZ), r)",
  // the DuckDB unit of a Spark truncation format (any case), NULL for a format Spark does not know
  "CREATE OR REPLACE MACRO spark_trunc_unit(fmt) AS CASE upper(fmt) WHEN 'YEAR' THEN 'year' WHEN 'YYYY' THEN 'year' WHEN 'YY' THEN 'year' " +
    "WHEN 'QUARTER' THEN 'quarter' WHEN 'MONTH' THEN 'month' WHEN 'MM' THEN 'month' WHEN 'MON' THEN 'month' WHEN 'WEEK' THEN 'week' WHEN 'DAY' THEN 'day' " +
    "WHEN 'DD' THEN 'day' WHEN 'HOUR' THEN 'hour' WHEN 'MINUTE' THEN 'minute' WHEN 'SECOND' THEN 'second' WHEN 'MILLISECOND' THEN 'millisecond' " +
    "WHEN 'MICROSECOND' THEN 'microsecond' END",
  // trunc(date, fmt): the date truncated to its year, quarter, month or week (from Monday), NULL for another fmt
  "CREATE OR REPLACE MACRO spark_trunc(d, fmt) AS CAST(date_trunc(list_transform([spark_trunc_unit(fmt)], u -> CASE WHEN u IN ('year', 'quarter', 'month', 'week') THEN u END)[1], CAST(d AS DATE)) AS DATE)",
  // date_trunc(fmt, t): a TIMESTAMP (a DATE or a string read as one, in the session's zone) truncated to the unit, NULL for a format Spark does not know
  "CREATE OR REPLACE MACRO spark_date_trunc(fmt, t) AS CAST(date_trunc(spark_trunc_unit(fmt), CAST(t AS TIMESTAMPTZ)) AS TIMESTAMPTZ)",
  "CREATE OR REPLACE MACRO spark_e() AS exp(1)",
  ...decodeMacro(),
  ...extractMacros(),
  ...castsReadOnce(),
];

/**
 * decode(expr, search, result [, …] [, default]): the result of the first search equal to expr (a NULL expr equals none), else
 * default or NULL, as Spark writes it, a CASE of `=`, for up to 33 arguments; with two arguments decode(bin, charset), the bytes
 * as UTF-8 text, the one charset here. DuckDB's decode and encode take no charset.
 */
function decodeMacro(): string[] {
  const bytes =
    "(b, charset) AS CASE WHEN b IS NULL OR charset IS NULL THEN NULL WHEN replace(lower(charset), '-', '') = 'utf8' THEN decode(spark_binary(b)) " +
    "ELSE error('decode(bin, charset): the local workspace decodes UTF-8 only, not ' || charset) END";
  const cases = Array.from({ length: 31 }, (_, k) => {
    const count = k + 3;
    const pairs = Math.floor((count - 1) / 2);
    const params = ["e", ...Array.from({ length: pairs }, (_, i) => [`s${i}`, `r${i}`]).flat(), ...(count % 2 === 0 ? ["d"] : [])];
    const branches = Array.from({ length: pairs }, (_, i) => `WHEN e = s${i} THEN r${i}`).join(" ");
    return `(${params.join(", ")}) AS CASE ${branches}${count % 2 === 0 ? " ELSE d" : ""} END`;
  });
  return [
    `CREATE OR REPLACE MACRO spark_decode${bytes}, ${cases.join(", ")}`,
    // encode(str, charset), its inverse: the string's UTF-8 bytes
    "CREATE OR REPLACE MACRO spark_encode(s, charset) AS CASE WHEN s IS NULL OR charset IS NULL THEN NULL WHEN replace(lower(charset), '-', '') = 'utf8' " +
      "THEN encode(spark_implicit_string(s)) ELSE error('encode(str, charset): the local workspace encodes UTF-8 only, not ' || charset) END",
  ];
}

/**
 * extract(field FROM x) and date_part('field', x) as sql/datetime-calls.ts writes them, spark_extract_<part>(x, field, form): an
 * INT as Spark's (DuckDB's a BIGINT), the seconds with their fraction a DECIMAL(8,6); field and form only name the column
 * (sql/subscripts.ts). Of an INTERVAL, DuckDB's part.
 */
function extractMacros(): string[] {
  const parts: Readonly<Record<string, { of: string; interval?: string }>> = {
    year: { of: "spark_year(x)", interval: "year" }, yearofweek: { of: "CAST(isoyear(CAST(x AS DATE)) AS INTEGER)" }, quarter: { of: "spark_quarter(x)" },
    month: { of: "spark_month(x)", interval: "month" }, week: { of: "spark_weekofyear(x)" }, day: { of: "spark_day(x)", interval: "day" },
    dayofweek: { of: "spark_dayofweek(x)" }, dayofweek_iso: { of: "spark_dayofweek_iso(x)" }, doy: { of: "spark_dayofyear(x)" },
    hour: { of: "spark_hour(x)", interval: "hour" }, minute: { of: "spark_minute(x)", interval: "minute" },
    second: { of: "CAST(CAST(date_part('microseconds', x) AS DECIMAL(14,0)) / 1000000 AS DECIMAL(8,6))" },
  };
  return Object.entries(parts).map(
    ([part, { of, interval }]) => `CREATE OR REPLACE MACRO spark_extract_${part}(x, field, form) AS ${of}${interval ? `, (x INTERVAL, field, form) AS date_part('${interval}', x)` : ""}`,
  );
}

function castsReadOnce(): string[] {
  return CASTS_READ_ONCE.map((macro) => `CREATE OR REPLACE MACRO ${macro}_once(x) AS ${readOnce((v) => `${macro}(${v})`)}`);
}

/** the macro a cast to an integral type becomes (the translator's CAST and `::`); undefined for other types */
export function integralCast(type: SparkType): string | undefined {
  return typeof type === "string" && Object.hasOwn(INTEGRAL_CASTS, type) ? INTEGRAL_CASTS[type] : undefined;
}

/**
 * `macro` (castMacro's, its TRY_CAST form, or spark_implicit_string) as it casts an operand: its `_once` variant where the operand
 * holds a call, which reads it once as the one element of a list a lambda maps. The integral casts and spark_cast_string
 * name their argument a dozen times and more, and DuckDB binds a macro's argument at each place it is named, so a call inside
 * multiplied (CAST(regexp_extract(s, r) AS INT) took half a second to plan), and a volatile one (rand()) was drawn at each.
 * A column, a literal or arithmetic of them is cheaper to name again than a lambda is to run for each row.
 */
export function castMacroFor(macro: string, operandHoldsCall: boolean): string {
  return operandHoldsCall && CASTS_READ_ONCE.includes(macro) ? `${macro}_once` : macro;
}

/**
 * The macro a cast to `type` becomes where DuckDB's cast answers otherwise: integralCast's, for
 * STRING spark_cast_string, which writes a TIMESTAMP without DuckDB's zone offset, for a DATE, a TIMESTAMP and a TIMESTAMP_NTZ
 * spark_cast_date, spark_cast_timestamp and spark_cast_timestamp_ntz, which read text as Spark reads it (engine/datetime-text.ts) and
 * a number as seconds since the epoch, for a DOUBLE and a FLOAT spark_cast_double and spark_cast_float (floatingCasts), and for a DECIMAL
 * spark_cast_decimal, which casts a DOUBLE's decimal text, its type the argument castMacroType writes; undefined for other types
 */
export function castMacro(type: SparkType, duckdbOperators = false): string | undefined {
  if (type === "string") return "spark_cast_string";
  // DuckDB's own cast where a statement runs again on DuckDB's operators, the operand typed only with its query (exec/executor.ts)
  if (type === "date" || type === "timestamp" || type === "timestamp_ntz" || type === "double" || type === "float") return duckdbOperators ? undefined : `spark_cast_${type}`;
  return castMacroType(type) ? "spark_cast_decimal" : integralCast(type);
}

/** the argument castMacro's macro takes after the value: a DECIMAL's type as a NULL of it (`, NULL::DECIMAL(10,2)`), else '' */
export function castMacroType(type: SparkType): string {
  const decimal = typeof type === "string" ? /^decimal\((\d+),(\d+)\)$/.exec(type) : null;
  return decimal ? `, NULL::DECIMAL(${decimal[1]},${decimal[2]})` : "";
}

/**
 * The macro, of the value, the column's name and castMacroType's argument, that stores a value in an integral or DECIMAL
 * column as castMacro's macro casts it, but for the overflow's error (Spark's CAST_OVERFLOW_IN_TABLE_INSERT); undefined for other types
 */
export function storeMacro(type: SparkType): string | undefined {
  return castMacroType(type) ? "spark_store_decimal" : integralCast(type)?.replace("spark_cast_", "spark_store_");
}

export const FUNCTION_RENAMES: Readonly<Record<string, string>> = {
  current_timestamp: "spark_current_timestamp",
  format_number: "spark_format_number",
  soundex: "spark_soundex",
  conv: "spark_conv",
  upper: "spark_upper",
  ucase: "spark_ucase",
  lower: "spark_lower",
  lcase: "spark_lcase",
  now: "spark_current_timestamp",
  to_date: "spark_to_date",
  to_timestamp: "spark_to_timestamp",
  try_to_timestamp: "spark_try_to_timestamp",
  unix_timestamp: "spark_unix_timestamp",
  parse_json: "spark_parse_json",
  is_variant_null: "spark_is_variant_null",
  schema_of_variant: "spark_schema_of_variant",
  schema_of_variant_agg: "spark_schema_of_variant_agg",
  try_parse_json: "spark_try_parse_json",
  from_unixtime: "spark_from_unixtime",
  isnull: "spark_isnull",
  isnotnull: "spark_isnotnull",
  nvl2: "spark_nvl2",
  datediff: "spark_datediff",
  date_diff: "spark_datediff",
  next_day: "spark_next_day",
  str_to_map: "spark_str_to_map",
  make_timestamp: "spark_make_timestamp",
  make_timestamp_ntz: "make_timestamp",
  from_utc_timestamp: "spark_from_utc_timestamp",
  to_utc_timestamp: "spark_to_utc_timestamp",
  convert_timezone: "spark_convert_timezone",
  regexp_replace: "spark_regexp_replace",
  regexp_like: "regexp_matches",
  sha2: "spark_sha2",
  shiftleft: "spark_shiftleft",
  shiftright: "spark_shiftright",
  shiftrightunsigned: "spark_shiftrightunsigned",
  bit_get: "spark_bit_get",
  getbit: "spark_bit_get",
  make_ym_interval: "spark_make_ym_interval",
  make_dt_interval: "spark_make_dt_interval",
  make_interval: "spark_make_interval",
  shuffle: "spark_shuffle",
  expm1: "spark_expm1",
  log1p: "spark_log1p",
  crc32: "spark_crc32",
  hash: "spark_hash",
  // for the column's name only: the call is written by sql/datetime-calls.ts
  date_format: "spark_date_format",
  sentences: "spark_sentences",
  xxhash64: "spark_xxhash64",
  hypot: "spark_hypot",
  rint: "spark_rint",
  csc: "spark_csc",
  sec: "spark_sec",
  randn: "spark_randn",
  curdate: "current_date",
  localtimestamp: "spark_localtimestamp",
  to_timestamp_ntz: "spark_to_timestamp_ntz",
  to_timestamp_ltz: "spark_to_timestamp_ltz",
  raise_error: "spark_raise_error",
  parse_url: "spark_parse_url",
  url_encode: "spark_url_encode",
  url_decode: "spark_url_decode",
  try_url_decode: "spark_try_url_decode",
  is_valid_utf8: "spark_is_valid_utf8",
  make_valid_utf8: "spark_make_valid_utf8",
  validate_utf8: "spark_validate_utf8",
  try_validate_utf8: "spark_try_validate_utf8",
  to_binary: "spark_to_binary",
  try_to_binary: "spark_try_to_binary",
  negative: "spark_negative",
  positive: "spark_positive",
  space: "spark_space",
  ilike: "spark_ilike",
  like: "spark_like",
  regexp_instr: "spark_regexp_instr",
  luhn_check: "spark_luhn_check",
  sha256: "sha256",
  unbase64: "from_base64",
  string: "spark_string",
  get_json_object: "json_extract_string",
  collect_list: "list",
  array_agg: "list",
  array_size: "spark_array_size",
  array_max: "spark_array_max",
  array_min: "spark_array_min",
  array_join: "spark_array_join",
  sort_array: "spark_sort_array",
  trunc: "spark_trunc",
  date_trunc: "spark_date_trunc",
  decode: "spark_decode",
  encode: "spark_encode",
  e: "spark_e",
  array: "list_value",
  current_timezone: "spark_current_timezone",
  to_json: "spark_to_json",
  rand: "spark_rand",
  random: "spark_rand",
  timestamp_seconds: "spark_timestamp_seconds",
  timestamp_millis: "spark_timestamp_millis",
  timestamp_micros: "spark_timestamp_micros",
  unix_micros: "spark_unix_micros",
  unix_millis: "spark_unix_millis",
  unix_seconds: "spark_unix_seconds",
  unix_date: "spark_unix_date",
  date_from_unix_date: "spark_date_from_unix_date",
  to_unix_timestamp: "spark_unix_timestamp",
  array_sort: "spark_array_sort",
  map_from_arrays: "spark_map_from_arrays",
  map_from_entries: "spark_map_from_entries",
  try_divide: "spark_try_divide",
  try_mod: "spark_try_mod",
  array_prepend: "spark_array_prepend",
  get: "spark_get",
  try_add: "spark_try_add",
  try_subtract: "spark_try_subtract",
  try_multiply: "spark_try_multiply",
  tinyint: "spark_cast_tinyint",
  smallint: "spark_cast_smallint",
  int: "spark_cast_int",
  bigint: "spark_cast_bigint",
  concat: "spark_concat",
  substring: "spark_substring",
  substr: "spark_substr",
  regexp_extract: "spark_regexp_extract",
  regexp_extract_all: "spark_regexp_extract_all",
  split: "spark_split",
  left: "spark_left",
  split_part: "spark_split_part",
  array_position: "spark_array_position",
  array_distinct: "spark_array_distinct",
  array_union: "spark_array_union",
  array_intersect: "spark_array_intersect",
  array_except: "spark_array_except",
  array_remove: "spark_array_remove",
  array_repeat: "spark_array_repeat",
  arrays_overlap: "spark_arrays_overlap",
  sequence: "spark_sequence",
  nanvl: "spark_nanvl",
  octet_length: "spark_octet_length",
  length: "spark_length",
  char_length: "spark_char_length",
  character_length: "spark_character_length",
  bit_length: "spark_bit_length",
  instr: "spark_instr",
  levenshtein: "spark_levenshtein",
  bit_count: "spark_bit_count",
  factorial: "spark_factorial",
  find_in_set: "spark_find_in_set",
  position: "spark_position",
  std: "stddev_samp",
  // Spark's kurtosis is the population's excess kurtosis (DuckDB's kurtosis the sample's)
  kurtosis: "kurtosis_pop",
  iff: "if",
  date_add: "spark_date_add",
  dateadd: "spark_date_add",
  substring_index: "spark_substring_index",
  regexp_count: "spark_regexp_count",
  regexp_substr: "spark_regexp_substr",
  nullifzero: "spark_nullifzero",
  typeof: "spark_typeof",
  lpad: "spark_lpad",
  rpad: "spark_rpad",
  chr: "spark_chr",
  slice: "spark_slice",
  zeroifnull: "spark_zeroifnull",
  log: "spark_log",
  ln: "spark_ln",
  log10: "spark_log10",
  log2: "spark_log2",
  sqrt: "spark_sqrt",
  right: "spark_right",
  dayofweek: "spark_dayofweek",
  weekday: "spark_weekday",
  ...Object.fromEntries([...DATE_PARTS, ...TIME_PARTS].map((part) => [part, `spark_${part}`])),
  ...Object.fromEntries(
    ["dayofmonth", "nvl", "ifnull", "startswith", "endswith", "sha", "format_string", "sign", "signum", "equal_null", "btrim", "array_compact", "map_contains_key", "dayname", "monthname", "elt", "char", "overlay", "mask", "array_insert", "width_bucket", "json_object_keys", "schema_of_json", "floor", "ceil", "ceiling"].map(
      (name) => [name, `spark_${name}`],
    ),
  ),
  last_day: "spark_last_day",
  date_sub: "spark_date_sub",
  add_months: "spark_add_months",
  pmod: "spark_pmod",
  initcap: "spark_initcap",
  locate: "spark_locate",
  bround: "spark_bround",
  round: "spark_round",
  months_between: "spark_months_between",
};
