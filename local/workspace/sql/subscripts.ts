/**
 * Calls whose Spark meaning depends on whether their first argument is an ARRAY or a MAP: `x[i]`
 * (0-based for an array, failing out of range as ANSI mode does; the key's value for a map; a STRUCT's
 * field by name), `element_at(x, i)` (1-based, negative from the end, for an array, failing out of
 * range; the key's value for a map), `try_element_at(x, i)` (NULL out of range) and
 * the generators explode, posexplode and their `_outer` forms (a row per element as `col`, or per
 * entry as `key`, `value`, after `pos` for posexplode; the outer forms give one row of NULLs for an
 * empty or NULL x). The translator does not know the types of columns, so it writes such a call as a
 * site: a placeholder function name (and, for the generators, a placeholder after its ")" for the
 * text that ends the UNNEST and names its columns as Spark does). Once the whole query is translated,
 * each site, in order, takes the array's form if DuckDB's binder accepts the query with it, else the
 * map's form, else (a subscript) the struct's, else DuckDB's own. The forms refuse to bind for the
 * other types; a subscript of a type none of them binds for (a STRING) is refused as Spark refuses it.
 */
import type { JsonPathStep } from "../engine/json-path.js";
import { sqlErrors } from "../errors.js";
import { FUNCTION_RENAMES } from "../engine/spark-functions.js";
import { MICROS } from "./interval-literals.js";
import { timestampDiffName } from "./datetime-calls.js";
import { DESCENDING, percentileName } from "./percentile-calls.js";
import type { SparkType } from "./spark-types.js";
import { sparkSqlType } from "./spark-types.js";
import { LAMBDA_CALLS, lambdaCallName } from "./lambda-names.js";
import { sparkCastTypes } from "./cast-names.js";
import { sparkLikeNames } from "./like-names.js";

export type SiteKind = "subscript" | "element_at" | "try_element_at" | "explode" | "posexplode" | "explode_outer" | "posexplode_outer" | "reverse" | "size";

/** a form: the function written for the site's name, and the text after its ")" (by whether the call has a column alias) */
interface Form {
  name: string;
  after?: (aliased: boolean) => string;
}

interface Forms {
  array: Form;
  map: Form;
  /** a subscript's form for a STRUCT (`s['f']`) */
  struct?: Form;
  /** binds for arrays and maps alike, for the sites not yet decided */
  native: Form;
  /** a generator's form whose refusal names its value's type (UNNEST's), where the value is neither an ARRAY nor a MAP */
  probe?: Form;
}

/** UNNEST of a list of structs into the structs' fields as columns; it must be the root of its SELECT item, so no macro */
const RECURSIVE = "recursive := true, max_depth := 2)";
const fields = (lambda: string, outer = false) => () => `, ${lambda})${outer ? ")" : ""}, ${RECURSIVE}`;
const POS_COL = "(e, i) -> {'pos': CAST(i - 1 AS INTEGER), 'col': e}";
const POS_ENTRY = "(e, i) -> {'pos': CAST(i - 1 AS INTEGER), 'key': e.key, 'value': e.value}";
const explodeArray: Form = { name: "unnest", after: (aliased) => (aliased ? "" : " AS col") };
// spark_outer_list (engine/spark-functions.ts) makes an empty or NULL list one NULL element: the outer generators' row of NULLs
const explodeOuterArray: Form = { name: "unnest(spark_outer_list", after: (aliased) => (aliased ? ")" : ") AS col") };
const posexplodeArray: Form = { name: "unnest(list_transform(", after: fields(POS_COL) };
const posexplodeOuterArray: Form = { name: "unnest(spark_outer_list(list_transform(", after: fields(POS_COL, true) };

const FORMS: Record<SiteKind, Forms> = {
  subscript: { array: { name: "spark_array_at" }, map: { name: "spark_map_at" }, struct: { name: "struct_extract" }, native: { name: "spark_subscript" } },
  // struct_extract here only probes the type of a base that is neither (resolveSites): Spark takes no STRUCT in element_at
  element_at: { array: { name: "spark_element_at" }, map: { name: "spark_map_element_at" }, struct: { name: "struct_extract" }, native: { name: "spark_subscript" } },
  try_element_at: { array: { name: "spark_try_element_at" }, map: { name: "spark_map_try_element_at" }, struct: { name: "struct_extract" }, native: { name: "spark_subscript" } },
  explode: { array: explodeArray, map: { name: "unnest(map_entries", after: () => `, ${RECURSIVE}` }, native: explodeArray, probe: explodeArray },
  explode_outer: {
    array: explodeOuterArray,
    map: { name: "unnest(spark_outer_list(map_entries", after: () => `), ${RECURSIVE}` },
    native: explodeOuterArray,
    probe: explodeArray,
  },
  // the call's parenthesised argument becomes list_transform's first
  posexplode: { array: posexplodeArray, map: { name: "unnest(list_transform(map_entries", after: fields(POS_ENTRY) }, native: posexplodeArray, probe: explodeArray },
  posexplode_outer: {
    array: posexplodeOuterArray,
    map: { name: "unnest(spark_outer_list(list_transform(map_entries", after: fields(POS_ENTRY, true) },
    native: posexplodeOuterArray,
    probe: explodeArray,
  },
  // reverse of an ARRAY is DuckDB's list_reverse, of anything else spark_reverse_text's: a STRING's characters reversed, a number's
  // or a date's text's, a MAP or STRUCT refused as Spark refuses it (Spark's reverse takes a STRING or an ARRAY)
  reverse: { array: { name: "list_reverse" }, map: { name: "reverse" }, native: { name: "spark_reverse_text" } },
  // size (cardinality) of an ARRAY is its length, of a MAP its entries' count, an INT either way (DuckDB's len takes no MAP)
  size: { array: { name: "spark_size_of_array" }, map: { name: "spark_size_of_map" }, native: { name: "spark_size_of_any" } },
};

/** inline(x) and inline_outer(x): an ARRAY of STRUCTs only, so no site: the text before the call's "(" and after its ")" */
export const INLINE: Record<"inline" | "inline_outer", { name: string; after: string }> = {
  inline: { name: "unnest(", after: `, ${RECURSIVE}` },
  inline_outer: { name: "unnest(spark_outer_list", after: `, ${RECURSIVE}` },
};

const NAME = new RegExp(`\u0001(\\d+):(${Object.keys(FORMS).join("|")})\u0001`, "g");
const AFTER = /\u0002(\d+):([an])\u0002/g;

let nextSite = 0;

/** the placeholder function name of a new site, and the placeholder written after its ")" (by whether a column alias follows) */
export function newSite(kind: SiteKind): { name: string; after: (aliased: boolean) => string } {
  const id = nextSite++;
  return { name: `\u0001${id}:${kind}\u0001`, after: (aliased) => `\u0002${id}:${aliased ? "a" : "n"}\u0002` };
}

type Choice = "array" | "map" | "struct" | "native" | "probe";

function render(sql: string, choices: Map<string, Choice>): string {
  const kinds = new Map<string, SiteKind>();
  const form = (kind: SiteKind, id: string): Form => FORMS[kind][choices.get(id) ?? "native"] ?? FORMS[kind].native;
  const named = sql.replace(NAME, (_, id: string, kind: SiteKind) => {
    kinds.set(id, kind);
    return form(kind, id).name;
  });
  return named.replace(AFTER, (_, id: string, aliased: string) => {
    const kind = kinds.get(id);
    return kind ? (form(kind, id).after?.(aliased === "a") ?? "") : "";
  });
}

/** every site in DuckDB's form, which binds for arrays and maps alike: for typing a query without running it */
export function nativeSites(sql: string): string {
  return render(sql, new Map());
}

/**
 * Each site of `sql` decided in order, by whether DuckDB binds the query (`asQuery` makes one of an
 * expression) with its array's form, then its map's, then (a subscript) its struct's; without
 * `bindError` (the binder's message, undefined when it binds), every site is DuckDB's form. A
 * subscript of a value that is no list, map or struct (a STRING, a number, a BINARY) is refused as
 * Spark refuses it: INVALID_EXTRACT_BASE_FIELD_TYPE; element_at and try_element_at of one with
 * DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE.
 */
export async function resolveSites(
  sql: string,
  bindError?: (query: string) => Promise<string | undefined>,
  asQuery: (sql: string) => string | Promise<string> = (q) => q,
): Promise<string> {
  // in the order they were made: an inner subscript (the base of `grid[1][0]`) before the outer
  const sites = [...sql.matchAll(NAME)].map((m) => ({ id: m[1], kind: m[2] as SiteKind })).sort((a, b) => Number(a.id) - Number(b.id));
  if (sites.length === 0) return sql;
  const choices = new Map<string, Choice>();
  const attempt = async (id: string, choice: Choice) => {
    choices.set(id, choice);
    const error = await bindError!(await asQuery(render(sql, choices)));
    if (error !== undefined) choices.delete(id);
    return error;
  };
  if (bindError) {
    for (const { id, kind } of sites) {
      if ((await attempt(id, "array")) === undefined || (await attempt(id, "map")) === undefined) continue;
      // a generator of a value that is neither (explode(1)): the binder names its type where UNNEST refuses it
      const probed = FORMS[kind].probe && (await attempt(id, "probe"));
      const generated = probed && /UNNEST\(\) can only be applied to lists, structs and NULL, not ([^\n]+?)\s*(?:\n|$)/.exec(probed)?.[1];
      if (generated) {
        const [base] = siteArgs(sql, id).map((arg) => sparkColumnName(render(arg, choices).replace(/"((?:[^"]|"")*)"/g, "$1")));
        throw sqlErrors.notArrayOrMap(`${kind}(${base})`, base, sparkSqlType(duckTypeToSpark(generated)));
      }
      if (!FORMS[kind].struct) continue;
      const structError = await attempt(id, "struct");
      if (structError === undefined) {
        if (kind !== "subscript") choices.delete(id);
        continue;
      }
      // the binder names the base's type when it is what struct_extract refuses
      const baseType = /'struct_extract\((.+), [^,]+\)'/.exec(structError)?.[1];
      if (baseType && !/^(STRUCT|MAP|UNION)\(|\[\d*\]$/.test(baseType)) {
        const [base, index] = siteArgs(sql, id).map((arg) => sparkColumnName(render(arg, choices).replace(/^\((.*)\)$/s, "$1").replace(/"((?:[^"]|"")*)"/g, "$1")));
        const type = sparkSqlType(duckTypeToSpark(baseType));
        throw kind === "subscript" ? sqlErrors.invalidExtractBase(base, type) : sqlErrors.notArrayOrMap(`${kind}(${base}, ${index})`, base, type);
      }
    }
  }
  return render(sql, choices);
}

/** the arguments of a site's call in `sql`: the array, map or struct it reads, and the index or key */
function siteArgs(sql: string, id: string): string[] {
  const open = sql.indexOf("\u0001", sql.indexOf(`\u0001${id}:`) + 1) + 1;
  return splitCall(sql, open).args;
}

/** the arguments of the call whose "(" is at `open`, split at its top-level commas (quotes respected), and where its ")" is */
export function splitCall(text: string, open: number): { args: string[]; close: number } {
  const args: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let k = open; k < text.length; k++) {
    const c = text[k];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, k + 1);
      k = end < 0 ? text.length : end;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth === 0) {
        args.push(text.slice(from, k).trim());
        return { args, close: k };
      }
    } else if (c === "," && depth === 1) {
      args.push(text.slice(from, k).trim());
      from = k + 1;
    }
  }
  return { args, close: text.length };
}

/** DuckDB's name of a type in a binder message (`VARCHAR`, `DECIMAL(18,2)`, `INTEGER_LITERAL`) as a Spark type */
function duckTypeToSpark(name: string): SparkType {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(name);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  const base = name.replace(/_LITERAL$/, "");
  return DUCK_TYPES[base] ?? base.toLowerCase();
}
const DUCK_TYPES: Record<string, string> = {
  VARCHAR: "string", STRING: "string", INTEGER: "integer", BIGINT: "long", SMALLINT: "short", TINYINT: "byte", BOOLEAN: "boolean",
  FLOAT: "float", DOUBLE: "double", BLOB: "binary", DATE: "date", "TIMESTAMP WITH TIME ZONE": "timestamp", TIMESTAMP: "timestamp_ntz",
  HUGEINT: "decimal(38,0)",
};

/**
 * Spark's name of an unaliased result column whose DuckDB name holds a site's call: `arr[0]` for
 * `spark_array_at(arr, 0)` (and, without the relation's qualifier, for
 * `spark_array_at(spark_unqualified(t.arr, 1), 0)`), `m[k]` for `spark_map_at(m, 'k')` (Spark writes a string literal in a
 * name without its quotes), `s.f` for `struct_extract(s, 'f')`, `element_at(arr, 1)`, a divisor
 * without its zero guard (`(a / b)`), concat's and concat_ws's argument without its conversion to text (spark_implicit_string(x) and spark_implicit_string_once(x)), `CAST(x AS INT)` for spark_cast_int(x) and spark_cast_int_once(x) (also int(x)'s), `TRY_CAST(x AS INT)` for spark_try_cast_int(x), a function by its Spark name where a macro of that name
 * stands for it (`to_date(x)`, `try_add(a, b)`); and `count(1)` for `count_star()`; higher-order
 * functions' lambdas as Spark names them (sql/lambda-names.ts), and casts' types as Spark's
 * (sql/cast-names.ts), LIKE and ILIKE as Spark writes them (sql/like-names.ts). The rest of the name is DuckDB's.
 */
export function sparkColumnName(duckName: string): string {
  const named = variantGetNames(binaryLiterals(unquoted(sparkCastTypes(unparenthesizedFields(sparkLikeNames(sparkCallNames(lowerCaseGrouping(intervalLiteralNames(typedLiteralNames(duckName))))))))));
  // a regular expression's named group in Java's form, which Java's patterns have (RE2's is sql/java-regex.ts's); a collation by
  // Databricks' name (DuckDB's is sql/collations.ts's)
  return named.replaceAll("(?P<", "(?<").replace(/ COLLATE (NOCASE|C)\b/g, (_, duckdb: string) => ` COLLATE ${duckdb === "C" ? "UTF8_BINARY" : "UTF8_LCASE"}`);
}

/**
 * variant_get(v, path [, type]) and try_variant_get as sql/variant-calls.ts writes them, spark_variant_get(v, path [, type]) inside
 * the cast to the type (CAST, TRY_CAST, spark_variant_cast_text for a STRING, spark_variant_whole for an integral type): the call
 */
function variantGetNames(name: string): string {
  const written = /\b(?:(?:TRY_CAST|CAST|spark_variant_cast_text)\((?:spark_variant_whole\()?)?spark_(try_)?variant_get\(/.exec(name);
  if (!written) return name;
  const outer = splitCall(name, name.indexOf("(", written.index));
  const inner = splitCall(name, written.index + written[0].length - 1);
  const close = /^spark_(?:try_)?variant_get\(/.test(written[0]) ? inner.close : outer.close;
  return variantGetNames(`${name.slice(0, written.index)}${written[1] ?? ""}variant_get(${inner.args.join(", ")})${name.slice(close + 1)}`);
}

/**
 * an interval literal of one unit as Spark names it (its ANSI form: `INTERVAL '1' DAY`, `INTERVAL '02' HOUR`, a week as its days, a
 * millisecond or microsecond as a fraction of a SECOND), where DuckDB names it by its constructor, `to_days(CAST(trunc(CAST(1 AS
 * DOUBLE)) AS INTEGER))`; a literal sql/interval-literals.ts wrote as a string keeps DuckDB's name
 */
function intervalLiteralNames(duckName: string): string {
  const literal = /\bto_(years|months|weeks|days|hours|minutes|seconds|milliseconds|microseconds)\((?:CAST\(trunc\()?CAST\('?(\d+)'? AS DOUBLE\)(?:\) AS (?:INTEGER|BIGINT)\))?\)/g;
  return duckName.replace(literal, (_, unit: string, digits: string) => {
    const n = BigInt(digits);
    if (unit === "years" || unit === "months" || unit === "days") return `INTERVAL '${n}' ${unit.slice(0, -1).toUpperCase()}`;
    if (unit === "weeks") return `INTERVAL '${(n * MICROS.week) / MICROS.day}' DAY`;
    if (unit === "hours" || unit === "minutes") return `INTERVAL '${String(n).padStart(2, "0")}' ${unit.slice(0, -1).toUpperCase()}`;
    const micros = n * MICROS[unit.slice(0, -1)];
    const fraction = String(micros % 1_000_000n).padStart(6, "0").replace(/0+$/, "");
    return `INTERVAL '${String(micros / 1_000_000n).padStart(2, "0")}${fraction ? `.${fraction}` : ""}' SECOND`;
  });
}

const TYPED_LITERAL_WORDS: Readonly<Record<string, string>> = { DATE: "DATE", "TIMESTAMP WITH TIME ZONE": "TIMESTAMP", TIMESTAMP: "TIMESTAMP_NTZ" };

/**
 * a date's or a timestamp's typed literal as Spark names it, `DATE '2024-01-05'`, where DuckDB names it `CAST('2024-1-5' AS DATE)`
 * (a cast written as one is a spark_cast_… macro's call, and keeps its name); `unquoted` leaves the quotes of a literal after such a word
 */
function typedLiteralNames(duckName: string): string {
  return duckName.replace(/CAST\('((?:[^']|'')*)' AS "?(DATE|TIMESTAMP WITH TIME ZONE|TIMESTAMP)"?\)/g, (_, text: string, type: string) =>
    typedLiteralName(TYPED_LITERAL_WORDS[type], unquoteLiteral(`'${text}'`)),
  );
}

/** `word 'text'`, the text of a plain value written as Spark writes it (fields padded, January and its 1st for a year alone, a fraction without its trailing zeros, 00:00:00 for a timestamp of a date alone) */
function typedLiteralName(word: string, text: string): string {
  const parts = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?)?)?$/.exec(text.trim());
  const two = (field: string | undefined, otherwise = "0") => (field ?? otherwise).padStart(2, "0");
  const places = (parts?.[7] ?? "").slice(0, 6).replace(/0+$/, "");
  const date = parts && `${parts[1]}-${two(parts[2], "1")}-${two(parts[3], "1")}`;
  const value = !parts ? text : word === "DATE" ? date : `${date} ${two(parts[4])}:${two(parts[5])}:${two(parts[6])}${places ? `.${places}` : ""}`;
  return `${word} '${String(value).replaceAll("'", "''")}'`;
}

/** a field of a call or subscript as Spark names it, `named_struct(a, 1).a`, `arr[0].a`, where DuckDB writes `(named_struct(a, 1)).a` */
function unparenthesizedFields(name: string): string {
  let out = name;
  for (let at = out.indexOf(")."); at >= 0; at = out.indexOf(").", at + 1)) {
    const open = openingParen(out, at);
    // a call's own parentheses (`f(x).a`) stay
    if (open < 0 || /[\w\]]/.test(out[open - 1] ?? "")) continue;
    out = `${out.slice(0, open)}${out.slice(open + 1, at)}${out.slice(at + 1)}`;
    at -= 2;
  }
  return out;
}

/** where the "(" is that the ")" at `close` closes, quoted text skipped; -1 for none */
function openingParen(text: string, close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const c = text[k];
    if (c === "'" || c === '"') {
      k = text.lastIndexOf(c, k - 1);
      if (k < 0) return -1;
    } else if (c === ")") depth++;
    else if (c === "(" && --depth === 0) return k;
  }
  return -1;
}

/** a binary literal as Spark names it, `X'00FF'`, where the translator writes from_hex('00FF') (Spark has no from_hex) */
const binaryLiterals = (name: string) => name.replace(/\bfrom_hex\(([0-9A-Fa-f]*)\)/g, "X'$1'");

/**
 * String literals and names as Spark writes them in a name, without the quotes DuckDB puts around them: a literal's text
 * (`concat(a,  , b)`, `upper(x)` for upper('x'), `abc` for 'abc'), a quoted column's name (`concat(name, x)` for
 * concat("name", x)) and a function's DuckDB quotes as a keyword (`mode(x)` for "mode"(x)), in a name that is one literal or an
 * expression's (a `(` in it). A column's own name (`o'neil's`) is left as it is.
 */
/** the words of a typed literal's name, whose literal keeps its quotes (typedLiteralNames, intervalLiteralNames): one ending a text, or starting a name */
const TYPED_LITERAL_WORD = "(?:DATE|TIMESTAMP|TIMESTAMP_NTZ|INTERVAL) ";
const AFTER_TYPED_LITERAL_WORD = new RegExp(`\\b${TYPED_LITERAL_WORD}$`);
const TYPED_LITERAL_NAME = new RegExp(`^${TYPED_LITERAL_WORD}'`);

function unquoted(name: string): string {
  // a name without a call is one literal or none, but for a LIKE's (sql/like-names.ts), `s LIKE 'a%'`, and a typed literal's
  if (!name.includes("(") && !name.includes(" LIKE ") && !TYPED_LITERAL_NAME.test(name)) return unquoteLiteral(name);
  const parts = name.split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/);
  return parts
    .map((part, k) => (part.startsWith("'") && !AFTER_TYPED_LITERAL_WORD.test(parts[k - 1] ?? "") ? unquoteLiteral(part) : part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part))
    .join("");
}

/** GROUPING and GROUPING_ID as Spark names them, in lower case, where DuckDB upper-cases them; string literals are left as they are */
function lowerCaseGrouping(duckName: string): string {
  return duckName
    .split(/('(?:[^']|'')*')/)
    .map((part, k) => (k % 2 === 1 ? part : part.replace(/\bGROUPING(_ID)?\(/g, (_, id: string | undefined) => `grouping${id ? "_id" : ""}(`)))
    .join("");
}

/** sparkColumnName but for the types of casts, which it writes once the whole name is done */
/** an aggregate's value read as a number through a lambda (sql/translate.ts typedAggregateCall), as the value alone */
const NUMBER_THROUGH_LAMBDA = ", (v -> spark_string_as_double(v)))[1]";

function numbersThroughLambdas(duckName: string): string {
  const head = "list_transform(main.list_value(";
  for (let at = duckName.indexOf(head); at >= 0; at = duckName.indexOf(head, at + 1)) {
    const { args, close } = splitCall(duckName, at + head.length - 1);
    if (args.length === 1 && duckName.startsWith(NUMBER_THROUGH_LAMBDA, close + 1)) {
      return numbersThroughLambdas(duckName.slice(0, at) + args[0] + duckName.slice(close + 1 + NUMBER_THROUGH_LAMBDA.length));
    }
  }
  return duckName;
}

/** an operand promoted through a lambda (sql/promotions.ts wrapped), list_extract(list_transform(list_value(x), (spark_operand -> …)), 1), as x alone */
function operandsThroughLambdas(duckName: string): string {
  const head = "list_extract(list_transform(";
  for (let at = duckName.indexOf(head); at >= 0; at = duckName.indexOf(head, at + 1)) {
    const outer = splitCall(duckName, at + "list_extract".length);
    const inner = splitCall(outer.args[0] ?? "", "list_transform".length);
    const list = /^(?:main\.)?(?:list_value|array)\(/.exec(inner.args[0] ?? "");
    if (outer.args[1] !== "1" || !inner.args[1]?.startsWith("(spark_operand -> ") || !list) continue;
    const values = splitCall(inner.args[0], list[0].length - 1).args;
    // the JSON path operator's call is named by its path (sql/json-path-operator.ts): the operand goes back into it; the other macros
    // read through a lambda only promote the operand, which names the value
    const body = inner.args[1].slice("(spark_operand -> ".length, -1);
    const value = /^spark_json_path(?:_all)?\(spark_operand, /.test(body) ? body.replace("spark_operand", () => values[0] ?? "") : values[0];
    if (values.length === 1) return operandsThroughLambdas(duckName.slice(0, at) + value + duckName.slice(outer.close + 1));
  }
  return duckName;
}

function sparkCallNames(written: string): string {
  // count(*) is named count(1), as Spark names it, alone or inside another call (avg(count(*)) OVER ())
  let duckName = operandsThroughLambdas(numbersThroughLambdas(written)).replace(/\bcount_star\(\)/g, "count(1)");
  if (duckName === "count(1)") return duckName;
  const named = caseName(duckName) ?? signedName(duckName);
  if (named !== undefined) return sparkCallNames(named);
  // from_json(j, schema) as the translator writes it, TRY_CAST(json_transform(spark_from_json(j, …), …) AS …) (sql/json-calls.ts): from_json(j)
  const fromJson = /\bTRY_CAST\(json_transform\(spark_from_json\(/.exec(duckName);
  if (fromJson) {
    const cast = splitCall(duckName, fromJson.index + "TRY_CAST".length);
    const read = splitCall(duckName, fromJson.index + fromJson[0].length - 1);
    return sparkCallNames(`${duckName.slice(0, fromJson.index)}from_json(${read.args[0] ?? ""})${duckName.slice(cast.close + 1)}`);
  }
  // concat_ws(sep, a, arr) as the translator writes it with an ARRAY argument: spark_concat_ws(sep, list_value(list_value(spark_cast_string(a)), arr))
  const joined = /\bspark_concat_ws\(/.exec(duckName);
  if (joined) {
    const outer = splitCall(duckName, joined.index + joined[0].length - 1);
    const lists = (outer.args[1] ?? "").startsWith("list_value(") ? splitCall(outer.args[1], "list_value".length).args : [outer.args[1] ?? ""];
    const parts = lists.map((a) => /^list_value\(spark_cast_string(?:_once)?\((.*)\)\)$/.exec(a)?.[1] ?? a);
    const name = `concat_ws(${[unquoteLiteral(outer.args[0] ?? ""), ...parts.filter((p) => p !== "")].join(", ")})`;
    return sparkCallNames(duckName.slice(0, joined.index) + name + duckName.slice(outer.close + 1));
  }
  // collect_list(x), collect_set(x) and array_agg(x) as the translator writes them: spark_collect_list(list(x) [FILTER …] [OVER …])
  const collected = /\bspark_(collect_list|collect_set|array_agg)\(list\(/.exec(duckName);
  if (collected) {
    const outer = splitCall(duckName, collected.index + collected[0].length - "list(".length - 1);
    const inner = splitCall(outer.args[0] ?? "", "list".length);
    const name = `${collected[1]}(${inner.args.join(", ")})${(outer.args[0] ?? "").slice(inner.close + 1)}`;
    return sparkCallNames(duckName.slice(0, collected.index) + name + duckName.slice(outer.close + 1));
  }
  const renamed =
    // avg(x) and mean(x) as the translator writes them, spark_avg(avg(x) [FILTER …] [OVER …], sum(x) …, …), try_avg(x) spark_try_avg(avg(x) …), sum(x) and count_if(x),
    // spark_sum(sum(x) [FILTER …] [OVER …], …), spark_count_if(count_if(x) …), try_sum(x), spark_try_sum(sum(x) …, …), and rank() and the like, spark_ranking(rank() …): the first argument
    renamedCall(duckName, /\bspark_(avg|try_avg|sum|try_sum|count_if|skewness|kurtosis|ranking)\(/, (args, macro) => (macro.startsWith("try_") ? "try_" : "") + (args[0] ?? "")) ??
    // percentile(x, p), median(x), percentile_approx(x, p, a) as the translator writes them (sql/percentile-calls.ts)
    renamedCall(duckName, /\bspark_(percentile|median|percentile_approx|approx_percentile)\(/, (args, macro) => {
      const aggregate = args[0] ?? "";
      const inner = splitCall(aggregate, aggregate.indexOf("("));
      return percentileName(macro, args, inner.args) + aggregate.slice(inner.close + 1);
    }) ??
    // s RLIKE 'p' as the translator writes it, regexp_full_match(s, '(?s).*(?:p).*'): Spark's RLIKE(s, p)
    renamedCall(duckName, /\b(regexp_full_match)\(/, (args) => {
      const pattern = /^'\(\?s\)\.\*\(\?:(.*)\)\.\*'$/s.exec(args[1] ?? "");
      return args.length === 2 && pattern ? `RLIKE(${sparkCallNames(args[0])}, ${unquoteLiteral(`'${pattern[1]}'`)})` : undefined;
    }) ??
    // timestampdiff(UNIT, s, e) and timestampadd(UNIT, n, t) as the translator writes them (sql/datetime-calls.ts)
    renamedCall(duckName, /\bspark_(micros_between|whole_months_between|timestampadd)\(/, (args, macro) => {
      const interval = macro === "timestampadd" && /^spark_unit_interval\('(\w+)', (.*)\)$/s.exec(args[1] ?? "");
      return interval ? `timestampadd(${interval[1]}, ${interval[2]}, ${args[0]})` : timestampDiffName(`spark_${macro}`, args);
    }) ??
    // extract(field FROM x), date_part('field', x) and datepart as the translator writes them, spark_extract_<part>(x, 'field', 'form') (sql/datetime-calls.ts)
    renamedCall(duckName, /\bspark_extract_(\w+)\(/, ([x, field, form]) => {
      const [written, named] = [unquoteLiteral(field ?? ""), unquoteLiteral(form ?? "")];
      return named === "extract" ? `extract(${written} FROM ${x})` : `${named}(${written}, ${x})`;
    }) ??
    // every, any and some as the translator writes them, spark_named_aggregate('every', bool_and(x) [FILTER …] [OVER …]): the name written
    renamedCall(duckName, /\b(spark_named_aggregate)\(/, ([name, aggregate]) => `${unquoteLiteral(name ?? "")}${(aggregate ?? "").slice((aggregate ?? "").indexOf("("))}`) ??
    // current_user() and the other constants as the translator writes them (sql/call-rewrites.ts): the call's own name
    renamedCall(duckName, /\b(spark_named_constant)\(/, (args) => unquoteLiteral(args[0] ?? "")) ??
    // a date function's pattern as the translator writes it, strftime's and Spark's (sql/datetime-calls.ts): Spark's
    renamedCall(duckName, /\b(spark_pattern)\(/, (args) => args[1]) ??
    // to_char(x, format) as the translator writes it, with the pattern it made of the format after them (sql/datetime-calls.ts)
    renamedCall(duckName, /\b(spark_to_char)\(/, (args) => `to_char(${args.slice(0, 2).join(", ")})`) ??
    // grouping(c), grouping_id(…) and grouping_id() as the translator writes them, around DuckDB's grouping and grouping_id (sql/grouping-id.ts)
    renamedCall(duckName, /\bspark_(grouping(?:_id(?:_all)?)?)\(/, (args, macro) =>
      macro === "grouping" ? args[0] : macro === "grouping_id_all" ? "grouping_id()" : (args[0] ?? "").replace(/^grouping\(/, "grouping_id("),
    ) ??
    // nullif(a, b) as the translator writes it, the comparison after them (sql/implied-comparisons.ts); to_number(x, format) and
    // try_to_number, the NULL of their type after them (sql/call-rewrites.ts)
    renamedCall(duckName, /\bspark_(nullif|(?:try_)?to_number)\(/, (args, macro) => `${macro}(${args.slice(0, 2).join(", ")})`) ??
    // to_json(x, options) with a timestampFormat, timestampNTZFormat or timeZone as the translator writes it, the formats and zone after
    // them (sql/json-calls.ts)
    renamedCall(duckName, /\bspark_(to_json)\(/, (args, macro) => (args.length === 5 ? `${macro}(${args.slice(0, 2).join(", ")})` : undefined)) ??
    // mask(s, lowerChar => 'z', …) as the translator writes it, its arguments named with := (sql/call-rewrites.ts)
    renamedCall(duckName, /\bspark_(mask)_named\(/, (args, macro) => `${macro}(${args.map((a) => a.replace(/^(\w+) := /, "$1 => ")).join(", ")})`) ??
    // arrays_zip(a, …) as the translator writes it, its fields named by a lambda around it (sql/constructor-calls.ts)
    renamedCall(duckName, /\b(list_transform)\((?=spark_arrays_zip\()/, (args) => (args[0] ?? "").replace(/^spark_arrays_zip\(/, "arrays_zip(")) ??
    // raw:store.fruit[0].weight as the translator writes it, spark_json_path(raw, '<path>', '<steps>') (sql/json-path-operator.ts): its last name, weight
    renamedCall(duckName, /\b(spark_json_path(?:_all)?)\(/, (args) => {
      const fields = (JSON.parse(unquoteLiteral(args[2] ?? "") || "[]") as JsonPathStep[]).flatMap((step) => ("field" in step ? [step.field] : []));
      return fields.at(-1) ?? args[0];
    }) ??
    // assert_true(c) as sql/assert-true.ts writes it, with its default message after c
    renamedCall(duckName, /\b(spark_assert_true(?:_of)?)\(/, (args, macro) => `assert_true(${(macro.endsWith("_of") ? args.slice(0, 1) : args).join(", ")})`) ??
    // percentile_cont(p) WITHIN GROUP (ORDER BY x [DESC]) and percentile_disc as DuckDB's ordered aggregates they are written as, x
    // read as a DOUBLE and a descending order as the ascending percentile 1 - p (sql/percentile-calls.ts)
    renamedCall(duckName, /\b(quantile_(?:cont|disc))\(/, (args, macro) => {
      const ordered = args.length === 1 ? /^(.*) ORDER BY (.*?)(?: (ASC|DESC))?(?: NULLS (?:FIRST|LAST))?$/s.exec(args[0]) : null;
      if (!ordered) return undefined;
      const flipped = new RegExp(`^${DESCENDING}\\((.+)\\)$`, "s").exec(ordered[1]);
      const asDouble = /^(?:CAST\((.*) AS "?DOUBLE"?\)|spark_cast_double\((.*)\))$/s.exec(ordered[2]);
      const x = asDouble?.[1] ?? asDouble?.[2] ?? ordered[2];
      const descending = (flipped !== null) !== (ordered[3] === "DESC");
      return `${macro.replace("quantile", "percentile")}(${flipped?.[1] ?? ordered[1]}) WITHIN GROUP (ORDER BY ${x}${descending ? " DESC" : ""})`;
    }) ??
    // count(a, b, …) as the translator writes it, count(spark_tuple(a, b, …)) (sql/call-rewrites.ts)
    renamedCall(duckName, /\b(spark_tuple)\(/, (args) => args.join(", "));
  if (renamed !== undefined) return renamed;
  const struct = structName(duckName);
  if (struct !== undefined) return struct;
  // reverse as the translator writes it (FORMS.reverse), size of an array or a map (FORMS.size), get_json_object as DuckDB's
  // json_extract_string it is written as (Spark has no json_extract_string), coalesce as Spark names it where DuckDB upper-cases it, hash's NULL (sql/call-rewrites.ts),
  duckName = duckName
    .replace(/\b(?:list_reverse|spark_reverse_text)\(/g, "reverse(")
    .replace(/\bkurtosis_pop\(/g, "kurtosis(")
    .replace(/\bspark_size_of_(?:array|map|any)\(/g, "size(")
    .replace(/\b(?:json_extract_string|spark_get_json_object_all)\(/g, "get_json_object(")
    // regexp_like as DuckDB's regexp_matches it is renamed to, named as Spark names it
    .replace(/\bregexp_matches\(/g, "REGEXP_LIKE(")
    .replace(/\bCOALESCE\(/g, "coalesce(")
    .replace(/\bspark_(?:typed|double)_null\(\)/g, "NULL")
    // a function DuckDB qualifies with its schema inside an expression, `(main."trim"(s) = 'a')` (not a lambda's parameters, `main."row"(acc, x) ->`)
    .replace(/\bmain\."?(?!row\b)(\w+)"?\(/g, "$1(");
  // a function written as the macro of the same name (to_date as spark_to_date), concat of strings as spark_concat_text (sql/string-calls.ts): its Spark name
  duckName = duckName.replace(/\bspark_(\w+)\(/g, (whole, name: string) =>
    FUNCTION_RENAMES[name] === `spark_${name}` ? `${name}(` : name === "concat_text" ? "concat(" : whole,
  );
  const call = new RegExp(`\\b(spark_array_at|spark_map_at|struct_extract|spark_(?:map_)?(?:try_)?element_at|spark_divisor|spark_null_text|spark_beside|spark_as_(?:text|date|timestamp)(?:_once)?|spark_string_as_(?:bigint|double)|spark_div|spark_date_(?:add|subtract)_(?:days|time)|(?:spark_multiply|spark_divide|spark_remainder|spark_add|spark_subtract|spark_try_decimal_multiply|spark_try_decimal_divide)(?:_of)?|spark_unqualified|spark_implicit_string(?:_once)?|spark_(?:try_)?cast_(?:(?:(?:tiny|small|big)?int|string|date|timestamp(?:_ntz)?|double|float)(?:_once|_literal)?|decimal)|spark_typed_(?:date|timestamp(?:_ntz)?)|spark_binary|${LAMBDA_CALLS.join("|")})\\(`).exec(duckName);
  if (!call) return duckName;
  const open = call.index + call[0].length - 1;
  const { args, close } = splitCall(duckName, open);
  if ((LAMBDA_CALLS as readonly string[]).includes(call[1])) {
    return duckName.slice(0, call.index) + lambdaCallName(call[1], args, sparkCallNames, splitCall) + sparkCallNames(duckName.slice(close + 1));
  }
  const [base, index] = args.map((a) => unquoteLiteral(sparkCallNames(a)));
  // a typed operation's operands, after its type (and the type again where it calls its overloads directly, spark_add_of); a date's have none before them
  const [left, right] = args.slice(call[1].startsWith("spark_date_") ? 0 : call[1].endsWith("_of") ? 2 : 1).map((a) => sparkCallNames(a));
  const operation = call[1].replace(/_of$/, "");
  const spark =
    call[1] === "spark_divisor" || call[1] === "spark_null_text" || call[1].startsWith("spark_implicit_string") || call[1] === "spark_beside" || call[1].startsWith("spark_string_as_") || call[1].startsWith("spark_as_") ? sparkCallNames(args[0] ?? "") :
    call[1] === "spark_div" ? `(${sparkCallNames(args[0] ?? "")} div ${sparkCallNames(args[1] ?? "")})` :
    operation in OPERATOR_CALLS ? `(${left ?? ""} ${OPERATOR_CALLS[operation]} ${right ?? ""})` :
    operation.startsWith("spark_try_decimal_") ? `${operation.replace("spark_try_decimal_", "try_")}(${left ?? ""}, ${right ?? ""})` :
    call[1] === "spark_unqualified" ? (base.match(/(?:"(?:[^"]|"")*"|[^."])+/g) ?? []).slice(Number(index)).join(".") :
    call[1] === "spark_binary" ? `CAST(${base} AS BINARY)` :
    call[1].startsWith("spark_typed_") ? typedLiteralName(call[1].replace("spark_typed_", "").toUpperCase(), base) :
    call[1].includes("cast_") ? `${call[1].startsWith("spark_try_") ? "TRY_CAST" : "CAST"}(${base} AS ${castType(call[1], args[1])})` : call[1] === "struct_extract" ? `${base}.${index}` : call[1].endsWith("element_at") ? `${call[1].includes("try_") ? "try_" : ""}element_at(${base}, ${index})` : `${base}[${index}]`;
  return duckName.slice(0, call.index) + spark + sparkCallNames(duckName.slice(close + 1));
}

/**
 * duckName with its first CASE as Spark names it, `CASE WHEN (s = 7) THEN seven END`, where DuckDB writes
 * `CASE  WHEN ((s = 7)) THEN (seven) ELSE NULL END`: no parentheses of its own, no ELSE NULL; undefined where there is none
 */
function caseName(duckName: string): string | undefined {
  const at = duckName.indexOf("CASE  WHEN (");
  if (at < 0) return undefined;
  const branches: string[] = [];
  // DuckDB writes "CASE " and then " WHEN (…) THEN (…)" for each branch
  let k = at + "CASE ".length;
  while (duckName.startsWith(" WHEN (", k)) {
    const when = splitCall(duckName, duckName.indexOf("(", k));
    if (!duckName.startsWith(" THEN (", when.close + 1)) return undefined;
    const then = splitCall(duckName, when.close + " THEN (".length);
    branches.push(` WHEN ${when.args.join(", ")} THEN ${then.args.join(", ")}`);
    k = then.close + 1;
  }
  if (!duckName.startsWith(" ELSE ", k)) return undefined;
  const end = caseEnd(duckName, k + " ELSE ".length);
  if (end < 0) return undefined;
  const otherwise = duckName.slice(k + " ELSE ".length, end);
  return `${duckName.slice(0, at)}CASE${branches.join("")}${otherwise === "NULL" ? "" : ` ELSE ${otherwise}`} END${duckName.slice(end + " END".length)}`;
}

/** duckName with its first unary `-` or `+` as Spark names it, `(- s)`, where DuckDB writes `-(s)`; undefined where there is none */
function signedName(duckName: string): string | undefined {
  const sign = /(^|[^\w)\]'"])([-+])\(/.exec(duckName);
  if (!sign) return undefined;
  const open = sign.index + sign[0].length - 1;
  const { args, close } = splitCall(duckName, open);
  return `${duckName.slice(0, open - 1)}(${sign[2]} ${args.join(", ")})${duckName.slice(close + 1)}`;
}

/** where the " END" of a CASE's ELSE starting at `from` is: outside parentheses, quotes and the CASEs within it; -1 for none */
function caseEnd(text: string, from: number): number {
  const wordAt = (k: number, word: string) => text.startsWith(word, k) && !/\w/.test(text[k - 1] ?? "") && !/\w/.test(text[k + word.length] ?? "");
  let depth = 0;
  let nested = 0;
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, k + 1);
      if (close < 0) return -1;
      k = close;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && wordAt(k, "CASE")) nested++;
    else if (depth === 0 && wordAt(k, "END") && text[k - 1] === " ") {
      if (nested === 0) return k - 1;
      nested--;
    }
  }
  return -1;
}

/**
 * duckName with its first struct(…) or named_struct(…) as the translator writes it, spark_struct(struct_pack("a" := a, …)) or
 * spark_named_struct(struct_pack(…)) (sql/constructor-calls.ts), named as Spark names it: struct's values, `struct(a, b)`,
 * named_struct's names and values, `named_struct(a, 1, b, x)`; undefined where there is none
 */
function structName(duckName: string): string | undefined {
  const found = /\bspark_(struct|named_struct)\(struct_pack\(/.exec(duckName);
  if (!found) return undefined;
  const pack = splitCall(duckName, found.index + found[0].length - 1);
  const fields = pack.args.map((field) => {
    const named = /^(?:"((?:[^"]|"")*)"|([^\s"]+)) := ([\s\S]*)$/.exec(field);
    return named ? { name: named[1]?.replaceAll('""', '"') ?? named[2], value: named[3] } : { name: "", value: field };
  });
  const args = found[1] === "struct" ? fields.map((f) => f.value) : fields.flatMap((f) => [f.name, f.value]);
  // past struct_pack's ")" and the mark's
  return sparkCallNames(`${duckName.slice(0, found.index)}${found[1]}(${args.join(", ")})${duckName.slice(pack.close + 2)}`);
}

/**
 * duckName with the first call `macro` finds named as Spark names it, `name` of the call's arguments and the macro's name (the
 * pattern's first group); undefined where there is no such call, or `name` leaves it
 */
function renamedCall(duckName: string, macro: RegExp, name: (args: string[], macro: string) => string | undefined): string | undefined {
  const found = macro.exec(duckName);
  if (!found) return undefined;
  const call = splitCall(duckName, found.index + found[0].length - 1);
  const spark = name(call.args, found[1]);
  return spark === undefined ? undefined : sparkCallNames(duckName.slice(0, found.index) + spark + duckName.slice(call.close + 1));
}

/** the type a cast macro's name holds (spark_cast_int: INT), or a DECIMAL's, its template's (`CAST(NULL AS DECIMAL(10,2))`, castMacroType) */
const castType = (macro: string, template = "") =>
  macro.endsWith("_decimal") ? (/^CAST\(NULL AS (.*)\)$/.exec(template)?.[1] ?? "DECIMAL") : DUCKDB_CAST_TYPES[macro.replace(/^spark_(?:try_)?(?:cast|typed)_/, "").replace(/_(?:once|literal)$/, "")];

/** the DuckDB type a cast macro names (spark_cast_timestamp, spark_try_cast_bigint_once, spark_typed_date), which sql/cast-names.ts names as Spark does */
const DUCKDB_CAST_TYPES: Readonly<Record<string, string>> = {
  tinyint: "TINYINT", smallint: "SMALLINT", int: "INT", bigint: "BIGINT", double: "DOUBLE", float: "FLOAT", string: "STRING", date: "DATE", timestamp: "TIMESTAMP WITH TIME ZONE", timestamp_ntz: "TIMESTAMP",
};

/** the operators sql/decimal-operators.ts and sql/date-intervals.ts write as calls, by call */
const OPERATOR_CALLS: Readonly<Record<string, string>> = {
  spark_multiply: "*",
  spark_divide: "/",
  spark_remainder: "%",
  spark_add: "+",
  spark_subtract: "-",
  spark_date_add_days: "+",
  spark_date_add_time: "+",
  spark_date_subtract_days: "-",
  spark_date_subtract_time: "-",
};

const unquoteLiteral = (text: string) => (/^'(?:[^']|'')*'$/.test(text) ? text.slice(1, -1).replaceAll("''", "'") : text);
