/**
 * A set operation's column where a string stands beside another atomic type, of the type Spark's ANSI mode widens the two to
 * (AnsiTypeCoercion's findWiderTypeForString, SPARK-38176): a BIGINT beside an integral number, a DOUBLE beside a fractional one,
 * a date, timestamp or boolean beside one. DuckDB would make the column a VARCHAR, `'6.9'` beside 7 a text where Spark fails the
 * string's cast. The operand whose column is the string is cast; the other widens to the cast's type by itself.
 */
import { STRING_PROMOTIONS } from "../engine/decimal-arithmetic.js";
import { quoteIdent, type SparkType } from "./spark-types.js";

export interface TypedColumn {
  name: string;
  type: SparkType;
}

const INTEGRAL = new Set(["byte", "short", "integer", "long"]);
const FRACTIONAL = new Set(["float", "double"]);
/** the other atomic types a string beside one becomes, as DuckDB's CAST writes them (the translator's CAST(s AS DATE) is the same) */
const OTHER_TYPES: Readonly<Record<string, string>> = { date: "DATE", timestamp: "TIMESTAMPTZ", timestamp_ntz: "TIMESTAMP", boolean: "BOOLEAN" };

/** how a string column beside a column of type `beside` is cast; undefined where it stays (a string, a NULL, a nested type) */
function stringCast(beside: SparkType): ((column: string) => string) | undefined {
  if (typeof beside !== "string") return undefined;
  if (INTEGRAL.has(beside)) return STRING_PROMOTIONS.BIGINT;
  if (FRACTIONAL.has(beside) || beside.startsWith("decimal(")) return STRING_PROMOTIONS.DOUBLE;
  const type = OTHER_TYPES[beside];
  return type ? (column) => `CAST(${column} AS ${type})` : undefined;
}

/**
 * The operand `query` of columns `columns` with each string column cast to the type it widens to beside `beside`'s column at its
 * place, each named as before (names may repeat); undefined where no column is cast.
 */
export function widenedOperand(query: string, columns: TypedColumn[], beside: TypedColumn[]): string | undefined {
  const casts = columns.map((column, k) => (column.type === "string" && k < beside.length ? stringCast(beside[k].type) : undefined));
  if (casts.every((cast) => cast === undefined)) return undefined;
  // renamed by position (DuckDB's #k is not bound inside a macro's call)
  const places = columns.map((_, k) => `spark_column_${k + 1}`);
  const list = columns.map((column, k) => `${casts[k]?.(places[k]) ?? places[k]} AS ${quoteIdent(column.name)}`);
  return `SELECT ${list.join(", ")} FROM (${query.trim()}) AS spark_operand(${places.join(", ")})`;
}
