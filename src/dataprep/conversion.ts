/**
 * Conversion of one source value (a DuckDB expression and its type) to its destination XDM field,
 * and the checks of the field's constraints. A value is converted exactly or refused: each check
 * is a SQL expression giving the row error (naming the value and the rule it breaks) or NULL.
 * Struct members, list elements and map values follow the same rules, their errors naming the
 * nested path (`items[2].price`, `scores.math`). A source that can never fill its field is
 * refused here, when the plan is built, with the reason (MappingError).
 */
import { type DuckType, duckTypeToString, parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { type XdmKind, type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { INTEGER_RANGES } from "../schemaregistry/xdm-types.js";
import { needsMoreThanRe2 } from "../schemaregistry/field-constraints.js";
import { storedTypeOf } from "./dataset-tree.js";
import { floatText, type FloatType } from "./float-text.js";
import { formatCheck } from "./string-formats.js";
import { parseWithDefaults } from "./expression/date-patterns.js";
import { textOfJson } from "./expression/json-text.js";
import { copiesNothing, MappingError } from "./mapping-types.js";

export interface Converted {
  /** the converted value: NULL when the source is NULL (or the conversion failed, see checks) */
  sql: string;
  /** SQL expressions giving a row error message, or NULL when the value is fine */
  checks: string[];
}

/** Where a value comes from and goes to, for messages: attribute and XDM path. */
export interface ConversionPaths {
  source: string;
  destination: string;
  /** the source is a STATIC value, not a column: messages name it as a constant */
  constant?: boolean;
}

/** The integers a field takes (its XDM integer type's range within its minimum and maximum), both ends included. */
export interface IntegerRange {
  destination: string;
  low: bigint;
  high: bigint;
}

export interface ConvertOptions {
  /**
   * takes a converted value its checks would evaluate again and returns the name of a column
   * computing it once (an inner projection, mapping-sql.ts): the value and its checks then read that column
   */
  hoist?: (sql: string) => string;
  /**
   * takes the range of an integer field whose value is its source's unconverted, instead of a row
   * check: the caller proves the range otherwise (from a file's statistics, rename-fast-path.ts)
   */
  ranges?: (range: IntegerRange) => void;
}

export function convert(source: { sql: string; type: string }, property: XdmProperty, paths: ConversionPaths, options: ConvertOptions = {}): Converted {
  return convertValue({ sql: source.sql, type: parseDuckDbType(source.type) }, property, {
    sourceSql: quoteLiteral(paths.constant ? `the constant ${JSON.stringify(paths.source)}` : `the value of ${paths.source}`),
    destinationSql: quoteLiteral(paths.destination),
    source: paths.constant ? `the constant ${JSON.stringify(paths.source)}` : paths.source,
    destination: paths.destination,
    sameName: !paths.constant && paths.source === paths.destination,
    depth: 0,
    ...options,
  });
}

interface Value {
  sql: string;
  type: DuckType;
}

/** Paths as SQL (array indexes and map keys are known per row) and as text (for plan-time refusals). */
interface Place {
  /** the source as a row error names it: `the value of items[2].price`, `the constant "abc"` */
  sourceSql: string;
  destinationSql: string;
  source: string;
  destination: string;
  /** the source is a column (or member) of the field's own name: a row error names it once */
  sameName: boolean;
  /** lambda nesting, for unique lambda parameter names */
  depth: number;
  /** see ConvertOptions; only outside lambdas (depth 0), where a value reads the row's columns */
  hoist?: (sql: string) => string;
  /** see ConvertOptions; only for a top-level field */
  ranges?: (range: IntegerRange) => void;
}

/** the code every row error starts with */
export const ROW_ERROR = "MAPPER-3700-400: ";

function convertValue(value: Value, property: XdmProperty, place: Place): Converted {
  const kind = xdmKind(property);
  if (!kind) throw new MappingError(`${place.destination} has no XDM type a value can be converted to`);
  switch (kind) {
    case "array":
      return convertList(value, property, place);
    case "object":
      return convertStruct(value, property, place);
    case "map":
      return convertMap(value, property, place);
    default: {
      // a JSON value (json_to_object's, an element or member of one) converts as its text does: "v" as v, 12 as 12
      if (categoryOf(value.type) === "json") value = { sql: textOfJson(value.sql), type: { kind: "primitive", name: "VARCHAR" } };
      const scalar = convertScalar(value, kind, place);
      // an integer source converts to an integer field as the same number: its range is the source's
      const range = place.ranges && !scalar.canFail && categoryOf(value.type) === "integer" ? integerRange(kind, property) : undefined;
      if (range) place.ranges!({ destination: place.destination, ...range });
      // a row error names a double as Java writes it (1.0E20, NaN) and a timestamp in ISO 8601 UTC, as a string field would hold them
      const shown = (sql: string) => {
        const category = categoryOf(value.type);
        if (category === "float") return floatText(sql, (value.type as { name: FloatType }).name);
        return category === "timestamp" ? `coalesce(${isoUtcText({ ...value, sql })}, CAST(${sql} AS VARCHAR))` : `CAST(${sql} AS VARCHAR)`;
      };
      const constraints = (sql: string) => constraintChecks(sql, kind, property, place, { range: !range, shown: kind === "number" ? shown : undefined });
      const checked = scalar.canFail || constraints(scalar.sql).length > 0;
      // a checked value is computed once, in a column of its own, when the plan allows
      const sql = checked && place.hoist && place.depth === 0 ? place.hoist(scalar.sql) : scalar.sql;
      const checks: string[] = [];
      if (scalar.canFail) {
        checks.push(
          `CASE WHEN (${sql}) IS NULL AND ${value.sql} IS NOT NULL THEN ` +
            `${message(place, `cannot be converted to ${xdmTypeName(kind, property)} for`)} || ${quoteLiteral(`${scalar.hint ?? ""}: `)} || ${shown(value.sql)} END`,
        );
      }
      const broken = constraints(sql);
      if (broken.length > 0) checks.push(broken.length === 1 ? broken[0] : `coalesce(${broken.join(", ")})`);
      return { sql, checks };
    }
  }
}

/**
 * `'MAPPER-3700-400: the value of ' || <source> || ' <verb> ' || <destination>` (`the constant "…"` for a STATIC source); a source of
 * the field's own name is named once, without the verb's `for <destination>` (`the value of n is outside …`, not `the value of n for n …`)
 */
function message(place: Place, verb: string): string {
  if (place.sameName) {
    const bare = verb.replace(/ ?\bfor$/, "");
    return `(${quoteLiteral(ROW_ERROR)} || ${place.sourceSql}${bare ? ` || ${quoteLiteral(` ${bare}`)}` : ""})`;
  }
  return `(${quoteLiteral(ROW_ERROR)} || ${place.sourceSql} || ${quoteLiteral(` ${verb} `)} || ${place.destinationSql})`;
}

function refuse(place: Place, kind: string, type: DuckType, why = "it can never be converted"): never {
  throw new MappingError(`${place.destination} is an XDM ${kind} but its source ${place.source} is ${duckTypeToString(type)}: ${why}`);
}

// ---------------------------------------------------------------------------------------------
// scalars

type Category = "text" | "json" | "boolean" | "integer" | "wideInteger" | "float" | "decimal" | "date" | "timestamp" | "binary" | "other" | "nested";

function categoryOf(type: DuckType): Category {
  if (type.kind !== "primitive") return "nested";
  const name = type.name;
  if (/^(VARCHAR|CHAR|BPCHAR|TEXT|STRING)(\(\d+\))?$/.test(name)) return "text";
  if (name === "BOOLEAN") return "boolean";
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/.test(name)) return "integer";
  if (/^(HUGEINT|UBIGINT|UHUGEINT)$/.test(name)) return "wideInteger";
  if (name === "FLOAT" || name === "DOUBLE") return "float";
  if (name.startsWith("DECIMAL")) return "decimal";
  if (name === "DATE") return "date";
  if (name.startsWith("TIMESTAMP")) return "timestamp";
  if (name === "BLOB") return "binary";
  if (name === "JSON") return "json";
  return "other";
}

/** an integer written in decimal, optionally signed: no fraction, exponent, hex, separators or spaces */
const DECIMAL_INTEGER = "[+-]?[0-9]+";
/** a number written in decimal (JSON's syntax, with an optional + sign) */
const DECIMAL_NUMBER = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?";
/**
 * SQL: whether two decimal texts (DECIMAL_NUMBER's syntax, or DuckDB's spelling of a double, `1e+20`)
 * are one number: the same significant digits starting at the same power of ten (`0.0120` and
 * `1.2e-2`), any number of them compared exactly, where a cast to a DECIMAL would round both sides
 * to its scale first. The sign is left out: a text and the double read from it have the same one.
 */
function sameDecimal(a: string, b: string): string {
  const [first, second] = [significantDigits(a), significantDigits(b)];
  return `(${first.digits} = ${second.digits} AND (${first.digits} = '' OR ${first.power} = ${second.power}))`;
}

/** SQL: a decimal text's significant digits (none for zero) and the power of ten just above its first one (`0.0120`: `12`, -1) */
function significantDigits(text: string): { digits: string; power: string } {
  const parts = `regexp_extract(${text}, '^[+-]?0*([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$', ['whole', 'fraction', 'exponent'])`;
  const all = `(${parts}.whole || ${parts}.fraction)`;
  const leadingZeros = `(length(${all}) - length(ltrim(${all}, '0')))`;
  // an exponent too long for a BIGINT is NULL, and so is the comparison: never equal
  const exponent = `CASE WHEN ${parts}.exponent = '' THEN 0 ELSE TRY_CAST(${parts}.exponent AS BIGINT) END`;
  return { digits: `trim(${all}, '0')`, power: `(${exponent} + length(${parts}.whole) - ${leadingZeros})` };
}

const TRUE_WORDS = ["y", "yes", "Y", "YES", "on", "ON", "true", "TRUE"];
const FALSE_WORDS = ["n", "N", "no", "NO", "off", "OFF", "false", "FALSE"];
const words = (list: string[]) => list.map(quoteLiteral).join(", ");

/**
 * A timestamp source as a UTC TIMESTAMP with microseconds; NULL for one with nanoseconds a
 * microsecond cannot hold. A timestamp without zone (Spark's INT96 or TIMESTAMP_NTZ) reads as UTC.
 */
function utcTimestamp(value: Value): { sql: string; canFail: boolean } {
  const name = (value.type as { name: string }).name;
  if (name === "TIMESTAMP WITH TIME ZONE") return { sql: `timezone('UTC', ${value.sql})`, canFail: false };
  if (name === "TIMESTAMP_NS") {
    return { sql: `CASE WHEN epoch_ns(${value.sql}) % 1000 = 0 THEN CAST(${value.sql} AS TIMESTAMP) END`, canFail: true };
  }
  return { sql: name === "TIMESTAMP" ? value.sql : `CAST(${value.sql} AS TIMESTAMP)`, canFail: false };
}

const ISO_UTC = "'%Y-%m-%dT%H:%M:%S.%fZ'";

/** a timestamp's text in ISO 8601 UTC with its microseconds; NULL for an infinite one, or nanoseconds no microsecond holds */
function isoUtcText(value: Value): string {
  const utc = utcTimestamp(value);
  return `CASE WHEN isfinite(${utc.sql}) THEN strftime(${utc.sql}, ${ISO_UTC}) END`;
}
const MICROSECONDS_A_DAY = 86_400_000_000;

/** What a string must look like to become a date: said in its row error, with the way out. */
const DATE_TEXT = {
  date: " (a date in one of AEP's default date patterns or ISO 8601, at midnight UTC; for another layout map date(…, \"its format\"))",
  "date-time": " (a date in one of AEP's default date patterns or ISO 8601; for another layout map date(…, \"its format\"))",
};

function convertScalar(value: Value, kind: Exclude<XdmKind, "array" | "object" | "map">, place: Place): { sql: string; canFail: boolean; hint?: string } {
  const { sql } = value;
  const category = categoryOf(value.type);
  const exact = (converted: string) => ({ sql: converted, canFail: false });
  const failing = (converted: string) => ({ sql: converted, canFail: true });
  if (category === "nested") refuse(place, kind, value.type, `a ${value.type.kind} fills only an XDM ${value.type.kind === "list" || value.type.kind === "array" ? "array" : value.type.kind === "map" ? "map" : "object"}`);
  switch (kind) {
    case "string":
      switch (category) {
        case "text":
          return exact(sql);
        case "float":
          // as AEP's Java writes a double: 1.0E20, 100.0, NaN
          return exact(floatText(sql, (value.type as { name: FloatType }).name));
        case "binary":
          return exact(`to_base64(${sql})`);
        case "date":
          return failing(`CASE WHEN isfinite(${sql}) THEN strftime(${sql}, '%Y-%m-%d') END`);
        case "timestamp":
          return failing(isoUtcText(value));
        default:
          return exact(`CAST(${sql} AS VARCHAR)`);
      }
    case "integer":
      switch (category) {
        case "text":
          return failing(`CASE WHEN regexp_full_match(${sql}, ${quoteLiteral(DECIMAL_INTEGER)}) THEN TRY_CAST(${sql} AS BIGINT) END`);
        case "integer":
          return exact(`CAST(${sql} AS BIGINT)`);
        case "wideInteger":
          return failing(`TRY_CAST(${sql} AS BIGINT)`);
        case "float":
        case "decimal":
          // a fraction or an out-of-range value is an error, never rounded
          return failing(`CASE WHEN TRY_CAST(${sql} AS BIGINT) = ${sql} THEN TRY_CAST(${sql} AS BIGINT) END`);
      }
      return refuse(place, kind, value.type);
    case "number":
      switch (category) {
        case "text": {
          // only when the double holds the written value: its shortest spelling is the same decimal, digit for digit
          const double = `TRY_CAST(${sql} AS DOUBLE)`;
          return failing(
            `CASE WHEN regexp_full_match(${sql}, ${quoteLiteral(DECIMAL_NUMBER)}) AND isfinite(${double}) ` +
              `AND ${sameDecimal(sql, `CAST(${double} AS VARCHAR)`)} THEN ${double} END`,
          );
        }
        case "integer":
        case "wideInteger":
        case "float":
        case "decimal":
          return exact(sql);
      }
      return refuse(place, kind, value.type);
    case "boolean":
      switch (category) {
        case "text":
          return failing(`CASE WHEN ${sql} IN (${words(TRUE_WORDS)}) THEN true WHEN ${sql} IN (${words(FALSE_WORDS)}) THEN false END`);
        case "boolean":
          return exact(sql);
        case "integer":
          return failing(`CASE ${sql} WHEN 1 THEN true WHEN 0 THEN false END`);
      }
      return refuse(place, kind, value.type);
    case "date":
      switch (category) {
        case "text": {
          // AEP's default date patterns; a date only from midnight UTC: the time of day is never dropped
          const instant = parseWithDefaults(sql);
          return { ...failing(`CASE WHEN epoch_us(${instant}) % ${MICROSECONDS_A_DAY} = 0 THEN CAST(timezone('UTC', ${instant}) AS DATE) END`), hint: DATE_TEXT.date };
        }
        case "date":
          return exact(sql);
        case "timestamp": {
          // a date only from midnight: the time of day is never dropped
          const utc = utcTimestamp(value);
          return failing(`CASE WHEN CAST(${utc.sql} AS DATE) = ${utc.sql} THEN CAST(${utc.sql} AS DATE) END`);
        }
      }
      return refuse(place, kind, value.type);
    case "date-time":
      switch (category) {
        case "text":
          return { ...failing(parseWithDefaults(sql)), hint: DATE_TEXT["date-time"] };
        case "date":
          return exact(`CAST(${sql} AS TIMESTAMPTZ)`);
        case "timestamp": {
          // an instant already: re-zoning it would cost a calendar computation a row and give it back unchanged
          if ((value.type as { name: string }).name === "TIMESTAMP WITH TIME ZONE") return exact(sql);
          const utc = utcTimestamp(value);
          return { sql: `CAST(${utc.sql} AS TIMESTAMPTZ)`, canFail: utc.canFail };
        }
      }
      return refuse(place, kind, value.type);
  }
}

// ---------------------------------------------------------------------------------------------
// constraints (minimum/maximum, the meta:xdmType integer ranges, lengths, enum, pattern, format)

/** The XDM integer type a field declares (`meta:xdmType` byte, short, int or long) and its range. */
function declaredIntegerType(property: XdmProperty): { name: string; range: readonly [number, number] } | undefined {
  const declared = property["meta:xdmType"] as keyof typeof INTEGER_RANGES | undefined;
  return declared && Object.hasOwn(INTEGER_RANGES, declared) ? { name: declared, range: INTEGER_RANGES[declared] } : undefined;
}

/** The field's XDM type as its schema says it: an integer field's meta:xdmType (long, int, short, byte), else its kind. */
function xdmTypeName(kind: XdmKind, property: XdmProperty): string {
  return (kind === "integer" ? declaredIntegerType(property)?.name : undefined) ?? kind;
}

/** An integer field's range, or undefined for a field of another kind or without one. */
function integerRange(kind: XdmKind, property: XdmProperty): { low: bigint; high: bigint } | undefined {
  if (kind !== "integer") return undefined;
  const typeRange = declaredIntegerType(property)?.range;
  const bounds = (values: unknown[], toInteger: (v: number) => bigint) => values.filter((v): v is number => typeof v === "number").map(toInteger);
  const lows = [
    ...bounds([typeRange?.[0], property.minimum], (v) => BigInt(Math.ceil(v))),
    ...bounds([property.exclusiveMinimum], (v) => BigInt(Math.floor(v)) + 1n),
  ];
  const highs = [
    ...bounds([typeRange?.[1], property.maximum], (v) => BigInt(Math.floor(v))),
    ...bounds([property.exclusiveMaximum], (v) => BigInt(Math.ceil(v)) - 1n),
  ];
  if (lows.length === 0 && highs.length === 0) return undefined;
  const int64 = 2n ** 63n;
  return { low: lows.reduce((a, b) => (b > a ? b : a), -int64), high: highs.reduce((a, b) => (b < a ? b : a), int64 - 1n) };
}

/** The row checks of a field's schema constraints; `range: false` leaves out its numeric range (minimum, maximum, their exclusive forms, integer type); `shown` writes the value in a message. */
function constraintChecks(value: string, kind: XdmKind, property: XdmProperty, place: Place, { range = true, shown = (sql: string) => `CAST(${sql} AS VARCHAR)` } = {}): string[] {
  const rules: Array<[condition: string, rule: string]> = [];
  if (range && (kind === "integer" || kind === "number")) {
    const declared = kind === "integer" ? declaredIntegerType(property) : undefined;
    if (declared) {
      const [low, high] = declared.range;
      rules.push([`${value} < ${low} OR ${value} > ${high}`, `is outside the ${declared.name} range ${low} to ${high}`]);
    }
    if (typeof property.minimum === "number") rules.push([`${value} < ${property.minimum}`, `is below the minimum ${property.minimum}`]);
    if (typeof property.maximum === "number") rules.push([`${value} > ${property.maximum}`, `is above the maximum ${property.maximum}`]);
    if (typeof property.exclusiveMinimum === "number") {
      rules.push([`${value} <= ${property.exclusiveMinimum}`, `is not above the exclusiveMinimum ${property.exclusiveMinimum}`]);
    }
    if (typeof property.exclusiveMaximum === "number") {
      rules.push([`${value} >= ${property.exclusiveMaximum}`, `is not below the exclusiveMaximum ${property.exclusiveMaximum}`]);
    }
  }
  if (kind === "string") {
    if (typeof property.minLength === "number") rules.push([`length(${value}) < ${property.minLength}`, `is shorter than the minLength ${property.minLength}`]);
    if (typeof property.maxLength === "number") rules.push([`length(${value}) > ${property.maxLength}`, `is longer than the maxLength ${property.maxLength}`]);
    if (typeof property.pattern === "string") {
      rules.push([`NOT regexp_matches(${value}, ${quoteLiteral(checkablePattern(property.pattern, place))})`, `does not match the pattern ${property.pattern}`]);
    }
    const format = formatCheck(property.format);
    if (format) rules.push([format.breaks(value), format.rule]);
  }
  if (Array.isArray(property.enum) && (kind === "string" || kind === "integer" || kind === "number")) {
    const allowed = property.enum.filter((v) => (kind === "string" ? typeof v === "string" : typeof v === "number"));
    const list = allowed.map((v) => (typeof v === "string" ? quoteLiteral(v) : String(v)));
    rules.push([list.length === 0 ? "true" : `${value} NOT IN (${list.join(", ")})`, `is not one of the enum values ${allowed.map(String).join(", ")}`]);
  }
  return rules.map(
    ([condition, rule]) => `CASE WHEN ${condition} THEN ${message(place, `for`)} || ${quoteLiteral(` ${rule}: `)} || ${shown(value)} END`,
  );
}

/** A schema's pattern as DuckDB's RE2 runs it; one RE2 cannot run (lookaround, backreferences) is refused. */
function checkablePattern(pattern: string, place: Place): string {
  try {
    new RegExp(pattern);
  } catch {
    throw new MappingError(`${place.destination} has a pattern that is not a regular expression: ${pattern}`);
  }
  if (needsMoreThanRe2(pattern)) {
    throw new MappingError(`${place.destination} has a pattern with lookaround or backreferences, which ingestion cannot check: ${pattern}`);
  }
  return pattern;
}

// ---------------------------------------------------------------------------------------------
// nested values

function convertList(value: Value, property: XdmProperty, place: Place): Converted {
  if (value.type.kind !== "list" && value.type.kind !== "array") refuse(place, "array", value.type, "only an array fills an XDM array");
  if (!property.items) throw new MappingError(`${place.destination} is an XDM array without items`);
  const element = `v${place.depth}`;
  const index = `i${place.depth}`;
  const inner = convertValue({ sql: element, type: value.type.element }, property.items, {
    sourceSql: `${place.sourceSql} || '[' || (${index} - 1) || ']'`,
    destinationSql: `${place.destinationSql} || '[' || (${index} - 1) || ']'`,
    source: `${place.source}[*]`,
    destination: `${place.destination}[*]`,
    sameName: place.sameName,
    depth: place.depth + 1,
  });
  const sql = inner.sql === element ? value.sql : `list_transform(${value.sql}, ${element} -> ${inner.sql})`;
  return { sql, checks: firstNestedError(value.sql, `(${element}, ${index})`, inner.checks, place.depth) };
}

function convertMap(value: Value, property: XdmProperty, place: Place): Converted {
  if (value.type.kind !== "map") refuse(place, "map", value.type, "only a MAP fills an XDM map");
  const valueProperty = property.additionalProperties ?? { type: "string" };
  const entry = `v${place.depth}`;
  const keyPlace = { ...place, depth: place.depth + 1 };
  // struct_extract, not `v0.key`, which DuckDB reads as a column v0's member when the row has one
  const key = convertScalar({ sql: `struct_extract(${entry}, 'key')`, type: value.type.key }, "string", keyPlace);
  if (key.canFail) refuse(place, "map", value.type, "its keys cannot all be written as text");
  const keySql = key.sql;
  const inner = convertValue({ sql: `struct_extract(${entry}, 'value')`, type: value.type.value }, valueProperty, {
    sourceSql: `${place.sourceSql} || '.' || ${keySql}`,
    destinationSql: `${place.destinationSql} || '.' || ${keySql}`,
    source: `${place.source}.*`,
    destination: `${place.destination}.*`,
    sameName: place.sameName,
    depth: place.depth + 1,
  });
  const sql = `map_from_entries(list_transform(map_entries(${value.sql}), ${entry} -> struct_pack(key := ${keySql}, value := ${inner.sql})))`;
  return { sql, checks: firstNestedError(`map_entries(${value.sql})`, `(${entry}, i${place.depth})`, inner.checks, place.depth) };
}

/** One check for all elements of a list: the first element's error (the message names its index). */
function firstNestedError(list: string, parameters: string, checks: string[], depth: number): string[] {
  if (checks.length === 0) return [];
  const each = checks.length === 1 ? checks[0] : `coalesce(${checks.join(", ")})`;
  const error = `e${depth}`;
  return [`list_filter(list_transform(${list}, ${parameters} -> ${each}), ${error} -> ${error} IS NOT NULL)[1]`];
}

/**
 * A struct into an XDM object: each field of the object from the member of the same name (or
 * NULL of its type), built with struct_pack; a NULL struct stays NULL. A member the object has no
 * field for is left out, as AEP's object copy leaves it (docs/api/dataprep.md, "Objects mapped
 * whole"); a struct none of whose members has a field is refused, a mistake rather than a copy.
 */
function convertStruct(value: Value, property: XdmProperty, place: Place): Converted {
  if (value.type.kind !== "struct") refuse(place, "object", value.type, "only a struct fills an XDM object");
  const fields = property.properties ?? {};
  const members = new Map(value.type.fields.map((f) => [f.name, f.type]));
  if (members.size > 0 && ![...members.keys()].some((name) => Object.hasOwn(fields, name))) throw copiesNothing(place.source, [...members.keys()], place.destination);
  const checks: string[] = [];
  const packed: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const member = members.get(name);
    if (!member) {
      const stored = storedTypeOf(field);
      if (stored) packed.push(`${quoteIdent(name)} := NULL::${stored}`);
      continue;
    }
    const inner = convertValue({ sql: `struct_extract(${value.sql}, ${quoteLiteral(name)})`, type: member }, field, {
      sourceSql: `${place.sourceSql} || ${quoteLiteral(`.${name}`)}`,
      destinationSql: `${place.destinationSql} || ${quoteLiteral(`.${name}`)}`,
      source: `${place.source}.${name}`,
      destination: `${place.destination}.${name}`,
      sameName: place.sameName,
      depth: place.depth,
      hoist: place.hoist,
    });
    packed.push(`${quoteIdent(name)} := ${inner.sql}`);
    checks.push(...inner.checks);
  }
  if (packed.length === 0) throw new MappingError(`${place.destination} is an XDM object without fields to hold ${place.source}`);
  return { sql: `CASE WHEN ${value.sql} IS NOT NULL THEN struct_pack(${packed.join(", ")}) END`, checks };
}
