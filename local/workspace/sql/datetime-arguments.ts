/**
 * A string where Spark's date and time functions take a DATE or a TIMESTAMP, cast by Spark's implicit cast, which reads the
 * text as a cast does (engine/datetime-text.ts): `year('2024')` is 2024, `date_add('2024-01-02abc', 1)` fails, where DuckDB's
 * own cast refused '2024' and read '2024-01-02abc' as 2024-01-02. Before translation each such argument that may be a string
 * (a column, a string literal, a value that binds alone) is written spark_as_date(x) or spark_as_timestamp(x): x itself unless
 * it is a string, chosen by overload when the query binds, read once.
 */
import { isDatetimeLiteralAt } from "./operand-words.js";
import { bindsAlone, isColumn, isNullWord, type Promotion, type Span, type TakenArguments, takenArguments, wrapped } from "./promotions.js";
import type { Token } from "./tokenizer.js";

const FIRST: readonly number[] = [0];
/** the first argument of the two-argument form only: date_add(d, n), where date_add(unit, n, t) takes a unit's word first */
const FIRST_OF_TWO = (arity: number): readonly number[] => (arity === 2 ? [0] : []);

/** the functions that take a DATE, and which of their arguments */
const DATE_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  ...Object.fromEntries(
    ["YEAR", "MONTH", "DAY", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "WEEKOFYEAR", "WEEKDAY", "QUARTER", "LAST_DAY", "NEXT_DAY", "ADD_MONTHS"].map((name) => [name, FIRST]),
  ),
  DATE_ADD: FIRST_OF_TWO,
  DATE_SUB: FIRST_OF_TWO,
  TRUNC: FIRST_OF_TWO,
  DATEDIFF: (arity) => (arity === 2 ? [0, 1] : []),
  DATE_DIFF: (arity) => (arity === 2 ? [0, 1] : []),
};

/** the functions that take a TIMESTAMP, and which of their arguments */
const TIMESTAMP_ARGUMENTS: Readonly<Record<string, TakenArguments>> = {
  ...Object.fromEntries(["HOUR", "MINUTE", "SECOND", "DATE_FORMAT", "FROM_UTC_TIMESTAMP", "TO_UTC_TIMESTAMP"].map((name) => [name, FIRST])),
  MONTHS_BETWEEN: [0, 1],
  DATE_TRUNC: (arity) => (arity === 2 ? [1] : []),
};

export function datetimeArguments(tokens: Token[]): Token[] {
  const value = ({ start, end }: Span) => tokens.slice(start, end + 1);
  const promotions: Promotion[] = [];
  for (let k = 0; k < tokens.length; k++) {
    for (const [taken, macro] of [[DATE_ARGUMENTS, "spark_as_date"], [TIMESTAMP_ARGUMENTS, "spark_as_timestamp"]] as const) {
      for (const span of takenArguments(tokens, k, taken).filter((span) => maybeText(value(span)))) promotions.push({ ...span, macro });
    }
  }
  return wrapped(tokens, promotions);
}

/** whether a value may be a string: a column, a string literal, or a value that binds alone but a number, a NULL and a typed literal */
function maybeText(value: Token[]): boolean {
  if (isColumn(value) || (value.length === 1 && value[0].kind === "string" && value[0].prefix !== "X")) return true;
  const number = value.length === 1 && value[0].kind === "number";
  return value.length > 0 && !number && !isNullWord(value) && !isDatetimeLiteralAt(value, 0) && bindsAlone(value);
}
