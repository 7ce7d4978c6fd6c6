/**
 * A compiled piece of an expression: its DuckDB SQL and type, and the constant it stands for when
 * it is a literal (functions that need a constant, like a date format or a regex, read it there).
 */
import { duckTypeToString, parseDuckDbType, quoteLiteral } from "../../delta/index.js";
import { ExpressionError } from "./errors.js";
import { floatText } from "../float-text.js";
import { jsonText, textOfJson } from "./json-text.js";
import { isoText, isoTexts, type Zone } from "./zoned-date.js";

export { isoText, utcWallTime } from "./zoned-date.js";
export { nullOnError } from "./null-on-error.js";
export type { Zone } from "./zoned-date.js";

export interface Typed {
  sql: string;
  /** the DuckDB type, "ANY" when unknown */
  type: string;
  constant?: { value: string | number | boolean | null };
  /** a date's zone (zoned-date.ts); none is UTC */
  zone?: Zone;
}

export const TIMESTAMPTZ = "TIMESTAMP WITH TIME ZONE";
/** a list of dates; its zone, when it has one, is every element's */
export const TIMESTAMPTZ_LIST = `${TIMESTAMPTZ}[]`;
const INTEGER_TYPES = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"]);

export const isText = (t: Typed): boolean => t.type === "VARCHAR";
export const isInteger = (t: Typed): boolean => INTEGER_TYPES.has(t.type);
/** A DECIMAL type, not a list of them (`DECIMAL(2,1)[]`). */
export const isDecimalType = (type: string): boolean => /^DECIMAL\(\d+,\s*\d+\)$/.test(type);
export const isNumber = (t: Typed): boolean => isInteger(t) || t.type === "DOUBLE" || t.type === "FLOAT" || isDecimalType(t.type);
export const isList = (t: Typed): boolean => t.type.endsWith("[]");
export const isStruct = (t: Typed): boolean => t.type.startsWith("STRUCT(");
export const isMap = (t: Typed): boolean => t.type.startsWith("MAP(");
export const isTimestamp = (t: Typed): boolean => t.type === TIMESTAMPTZ || t.type === "TIMESTAMP" || t.type === "DATE" || t.type === "TIMESTAMP_NS";
export const isNull = (t: Typed): boolean => t.type === "NULL";

const TYPE_WORDS: Readonly<Record<string, string>> = {
  VARCHAR: "string", JSON: "string", BIGINT: "bigint", INTEGER: "int", SMALLINT: "smallint", TINYINT: "tinyint", HUGEINT: "decimal(38,0)",
  DOUBLE: "double", FLOAT: "float", BOOLEAN: "boolean", DATE: "date", [TIMESTAMPTZ]: "timestamp", TIMESTAMP: "timestamp", TIMESTAMP_NS: "timestamp", BLOB: "binary",
};

/** A value's type in a message, in the words the console shows a column's type and an expression's result in (string, array<int>, object) */
export function typeWords(type: string): string {
  if (type.endsWith("[]")) return `array<${typeWords(type.slice(0, -2))}>`;
  if (isDecimalType(type)) return type.toLowerCase().replace(/\s/g, "");
  if (type.startsWith("STRUCT(")) return "object";
  if (type.startsWith("MAP(")) return "map";
  return TYPE_WORDS[type] ?? type.toLowerCase();
}

/** "a string value", "an int value": a value of the type, for a message */
export const aValueOf = (type: string): string => {
  const words = typeWords(type);
  return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words} value`;
};

/** The type of a struct's member, or undefined when it has none (or the type is no struct). */
export function memberType(structType: string, name: string): string | undefined {
  const type = parseDuckDbType(structType);
  const member = type.kind === "struct" ? type.fields.find((f) => f.name === name) : undefined;
  return member && duckTypeToString(member.type);
}

export function text(value: string): Typed {
  return { sql: quoteLiteral(value), type: "VARCHAR", constant: { value } };
}

export function typed(sql: string, type: string): Typed {
  return { sql, type };
}

/** A value of the type of `like` and its zone (a date's, or a list's dates'), computed by `sql`. */
export function typedLike(like: Typed, sql: string): Typed {
  return like.zone ? { sql, type: like.type, zone: like.zone } : { sql, type: like.type };
}

/** An element of a list, computed by `sql`: a list's dates keep their zone. */
export function elementOf(list: Typed, sql: string): Typed {
  return typedLike({ ...list, type: list.type.slice(0, -2) }, sql);
}

/** The value as a string: dates in ISO 8601 in their zone, a JSON string as its characters, a double as Java's Double.toString writes it, everything else as DuckDB casts it. */
export function asText(t: Typed): string {
  if (isText(t)) return t.sql;
  if (isNull(t)) return "NULL::VARCHAR";
  if (isTimestamp(t)) return isoText(asInstant(t), t.zone);
  if (t.type === TIMESTAMPTZ_LIST) return `CAST(to_json(${isoTexts(t.sql, t.zone)}) AS VARCHAR)`;
  if (isList(t) || isStruct(t) || isMap(t)) return jsonText(t.sql, t.type);
  if (t.type === "JSON") return textOfJson(t.sql);
  if (t.type === "DOUBLE" || t.type === "FLOAT") return `(${floatText(t.sql, t.type)})`;
  return `CAST(${t.sql} AS VARCHAR)`;
}

export function asBoolean(t: Typed): string {
  if (t.type === "BOOLEAN") return t.sql;
  if (isNull(t)) return "NULL::BOOLEAN";
  if (isText(t)) return `(CASE lower(${t.sql}) WHEN 'true' THEN true WHEN 'false' THEN false END)`;
  throw new ExpressionError(`${aValueOf(t.type)} is not a boolean`);
}

/** A number: the value of a number; of anything else a DOUBLE, which is what its callers declare it */
export function asNumber(t: Typed): string {
  if (isNumber(t)) return t.sql;
  if (isNull(t)) return "NULL::DOUBLE";
  if (isText(t)) return `TRY_CAST(${t.sql} AS DOUBLE)`;
  if (t.type === "ANY" || t.type === "JSON") return `TRY_CAST(${t.sql} AS DOUBLE)`;
  throw new ExpressionError(`${aValueOf(t.type)} is not a number`);
}

export function asInteger(t: Typed): string {
  if (isInteger(t)) return t.sql;
  if (isNull(t)) return "NULL::BIGINT";
  return `TRY_CAST(${asNumber(t)} AS BIGINT)`;
}

/** A TIMESTAMPTZ; a string is parsed with AEP's default date patterns. */
export function asInstant(t: Typed, parseDefault?: (s: string) => string): string {
  if (t.type === TIMESTAMPTZ) return t.sql;
  // the wall time read as UTC without ICU, whose conversion fails at the ends of the range; a DATE past TIMESTAMP's range is null
  if (t.type === "TIMESTAMP" || t.type === "DATE" || t.type === "TIMESTAMP_NS") return `make_timestamptz(epoch_us(${t.type === "TIMESTAMP" ? t.sql : `TRY_CAST(${t.sql} AS TIMESTAMP)`}))`;
  if (isNull(t)) return `NULL::${TIMESTAMPTZ}`;
  if (isText(t) && parseDefault) return parseDefault(t.sql);
  throw new ExpressionError(`${aValueOf(t.type)} is not a date`);
}

/**
 * The value in a type commonType chose for it, cast explicitly: DuckDB's own common type can be
 * narrower (a HUGEINT beside a DECIMAL(3,1) is cast to DECIMAL(38,1), which fails for large values),
 * commonType's holds every value of each type (a date as its instant, see asInstant).
 */
export function castTo(t: Typed, type: string): string {
  if (isNull(t)) return `NULL::${type}`;
  if (t.type === type) return t.sql;
  if (type === TIMESTAMPTZ) return asInstant(t);
  return `CAST(${t.sql} AS ${type})`;
}

/** The constant string a function needs at this argument (a format, a regex, a key). */
export function constantText(t: Typed, what: string): string {
  if (typeof t.constant?.value !== "string") throw new ExpressionError(`${what} must be a string literal`);
  return t.constant.value;
}

const NUMERIC_RANK = ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"];

/** The type several values share (a list's element type, coalesce's result): integers widen, a DECIMAL or DOUBLE among numbers makes DOUBLE. */
export function commonType(values: readonly Typed[]): string {
  const types = [...new Set(values.filter((v) => !isNull(v)).map((v) => v.type))];
  if (types.length === 0) return "VARCHAR";
  if (types.length === 1) return types[0];
  if (types.every((t) => NUMERIC_RANK.includes(t))) return NUMERIC_RANK[Math.max(...types.map((t) => NUMERIC_RANK.indexOf(t)))];
  if (types.every((t) => isDecimalType(t) || NUMERIC_RANK.includes(t))) {
    const shapes = types.map(decimalShape);
    const scale = Math.max(...shapes.map((d) => d.scale));
    const digits = Math.max(...shapes.map((d) => d.precision - d.scale)) + scale;
    return digits <= 38 ? `DECIMAL(${digits},${scale})` : "DOUBLE";
  }
  if (types.every((t) => isNumber({ sql: "", type: t }))) return "DOUBLE";
  if (types.every((t) => t === TIMESTAMPTZ || t === "TIMESTAMP" || t === "DATE")) return TIMESTAMPTZ;
  throw new ExpressionError(`values of the types ${types.map(typeWords).join(", ")} cannot be in one array or one result`);
}

const INTEGER_DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19, HUGEINT: 38 };

export function decimalShape(type: string): { precision: number; scale: number } {
  const match = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2]) } : { precision: INTEGER_DIGITS[type] ?? 38, scale: 0 };
}
