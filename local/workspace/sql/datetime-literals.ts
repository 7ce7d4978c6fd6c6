/**
 * A string literal read as a date or a timestamp as Spark reads it (engine/datetime-text.ts), which a query's text tells apart:
 * a typed literal (`DATE '2024'`, `TIMESTAMP 'today'`), and a cast of a string literal (`CAST('epoch' AS TIMESTAMP)`), which
 * alone of a string's casts may be one of Spark's special values (epoch, now, today, yesterday, tomorrow).
 */
import { quoteString } from "./spark-types.js";

/** the type each typed literal's keyword makes, by the name of its macros (spark_typed_timestamp) */
const TYPED_LITERALS: Readonly<Record<string, string>> = { DATE: "date", TIMESTAMP: "timestamp", TIMESTAMP_LTZ: "timestamp", TIMESTAMP_NTZ: "timestamp_ntz" };

/** the text DuckDB's own literal of each type reads as Spark does, its year, month and day captured (readAlike checks the calendar) */
const AS_DUCKDB_READS: Readonly<Record<string, RegExp>> = {
  date: /^(\d{4})-(\d{2})-(\d{2})$/,
  timestamp: /^(\d{4})-(\d{2})-(\d{2})(?:[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-](?:0\d|1[0-7]):[0-5]\d)?)?$/,
  timestamp_ntz: /^(\d{4})-(\d{2})-(\d{2})(?:[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?)?$/,
};

/** whether DuckDB's literal of a type reads text as Spark does, kept as DuckDB's for its cheaper binding */
function readAlike(type: string, text: string): boolean {
  const fields = AS_DUCKDB_READS[type].exec(text);
  if (!fields) return false;
  const [year, month, day] = fields.slice(1, 4).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return year > 0 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The SQL of a typed literal, `keyword 'text'`, whose text DuckDB's literal would read otherwise than Spark (spark_typed_date('2024'));
 * undefined for another keyword, or text DuckDB reads alike
 */
export function typedLiteralCall(keyword: string, text: string): string | undefined {
  const type = TYPED_LITERALS[keyword.toUpperCase()];
  if (type === undefined || readAlike(type, text)) return undefined;
  return `spark_typed_${type}(${quoteString(text)})`;
}

const LITERAL_CASTS = ["date", "timestamp", "timestamp_ntz"].flatMap((type) => [`spark_cast_${type}`, `spark_try_cast_${type}`]);

/** a date or timestamp cast's macro (spark_cast_date) as it casts `operand`'s SQL: its `_literal` variant where that is a string literal */
export function literalCastMacro(macro: string, operand: string): string {
  return LITERAL_CASTS.includes(macro) && /^'(?:[^']|'')*'$/.test(operand.trim()) ? `${macro}_literal` : macro;
}
