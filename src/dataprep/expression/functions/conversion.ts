/** Type conversions (AEP: to_bigint, to_decimal, to_float, to_integer). A string that does not hold such a number becomes null. */
import { asText, isInteger, isNumber, type Typed, typed } from "../typed.js";
import type { ElFunction } from "./function.js";

const category = "type conversion" as const;
/** an integer written in decimal: "1.5", "0x10" and "1_000" are not integers */
const INTEGER_TEXT = "'^\\s*[+-]?[0-9]+\\s*$'";

/** SQL: a number as is, a string without its surrounding spaces (for a cast) */
const numberOrTrimmed = (input: Typed) => (isNumber(input) ? input.sql : `trim(${asText(input)})`);

/** a floating point number as Java's Double.parseDouble reads it (hexadecimal aside): `1.5`, `.5`, `5.`, `1e3`, `1.5d`, `NaN`, `-Infinity` */
const JAVA_DOUBLE = "'^[+-]?(NaN|Infinity|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)$'";

/**
 * SQL: the value as a `type` (DOUBLE or FLOAT); a string only when Java reads it as one (else null):
 * DuckDB's own cast takes `1_000` as 1000 and `inf` as Infinity, which Java refuses, and refuses Java's `1.5d`.
 */
function floatingValue(input: Typed, type: "DOUBLE" | "FLOAT"): string {
  const text = numberOrTrimmed(input);
  if (isNumber(input)) return `TRY_CAST(${text} AS ${type})`;
  return `(CASE WHEN regexp_full_match(${text}, ${JAVA_DOUBLE}) THEN TRY_CAST(regexp_replace(${text}, '[fFdD]$', '') AS ${type}) END)`;
}

/**
 * SQL: the value when it is a whole number, whatever its size: an integer, a number without a
 * fraction (finite), or a string holding an integer (without its surrounding spaces); null otherwise.
 */
export function wholeNumber(input: Typed): string {
  if (isInteger(input)) return input.sql;
  if (isNumber(input)) return `(CASE WHEN ${input.sql} = trunc(${input.sql})${/^(FLOAT|DOUBLE)$/.test(input.type) ? ` AND isfinite(${input.sql})` : ""} THEN ${input.sql} END)`;
  const text = asText(input);
  return `(CASE WHEN regexp_full_match(${text}, ${INTEGER_TEXT}) THEN trim(${text}) END)`;
}

/** SQL: the value as an integer of `type`; null for a number with a fraction, a string that holds no integer, or one `type` cannot hold, never rounded. */
export function integerValue(input: Typed, type: string): string {
  return `TRY_CAST(${wholeNumber(input)} AS ${type})`;
}

export const CONVERSION_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "to_bigint",
    category,
    syntax: "to_bigint(STRING)",
    description: "Converts a string to a BigInteger (up to 38 digits).",
    parameters: ["STRING: Required The string that is to be converted to a BigInteger."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'to_bigint("1000000")', result: 1000000, note: 'AEP\'s page converts "1000000.34" and shows 1000000.34, which is no integer' },
    compile: ([input]) => typed(integerValue(input, "DECIMAL(38,0)"), "DECIMAL(38,0)"),
  },
  {
    name: "to_decimal",
    category,
    syntax: "to_decimal(STRING)",
    description: "Converts a string to a Double.",
    parameters: ["STRING: Required The string that is to be converted to a Double."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'to_decimal("20.5")', result: 20.5 },
    compile: ([input]) => typed(floatingValue(input, "DOUBLE"), "DOUBLE"),
  },
  {
    name: "to_float",
    category,
    syntax: "to_float(STRING)",
    description: "Converts a string to a Float (single precision, written as the shortest decimal of that float).",
    parameters: ["STRING: Required The string that is to be converted to a Float."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'to_float("12.3456")', result: 12.3456, note: "AEP's page shows 12.34566" },
    compile: ([input]) => typed(`TRY_CAST(CAST(${floatingValue(input, "FLOAT")} AS VARCHAR) AS DOUBLE)`, "DOUBLE"),
  },
  {
    name: "to_integer",
    category,
    syntax: "to_integer(STRING)",
    description: "Converts a string to an Integer.",
    parameters: ["STRING: Required The string that is to be converted to an Integer."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'to_integer("12")', result: 12 },
    compile: ([input]) => typed(integerValue(input, "INTEGER"), "INTEGER"),
  },
];
