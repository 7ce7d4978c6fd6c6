/**
 * `*`, `/`, `%`, `+` and `-` over DECIMALs as Spark computes them, where DuckDB keeps a product of two DECIMALs
 * of at most 18 digits in 18 (DECIMAL(10,2) * DECIMAL(12,3) overflows at 10^13), divides a DECIMAL as a DOUBLE,
 * and types a sum by its own widths (a BIGINT as 19 digits, an integer literal as an INTEGER's 10) and past 38
 * digits with its scale kept. sql/decimal-operators.ts writes `a * b` as spark_multiply(t, a, b), `a / b` as
 * spark_divide(t, a, b), `a % b` as spark_remainder(t, a, b), `a + b` as spark_add(t, a, b) and `a - b` as
 * spark_subtract(t, a, b), t a NULL of the result type Spark gives (spark_decimal_type, decimalResultType): for a
 * DECIMAL(p1,s1) and a DECIMAL(p2,s2) (an integral operand as DECIMAL(3,0), (5,0), (10,0) or (20,0),
 * an integer literal with as many digits as it has)
 *   a * b  DECIMAL(p1 + p2 + 1, s1 + s2)
 *   a / b  DECIMAL(p1 - s1 + s2 + max(6, s1 + p2 + 1), max(6, s1 + p2 + 1))
 *   a % b  DECIMAL(min(p1 - s1, p2 - s2) + max(s1, s2), max(s1, s2))
 *   a ± b  DECIMAL(max(p1 - s1, p2 - s2) + max(s1, s2) + 1, max(s1, s2))
 * and, past 38 digits, DECIMAL(38, max(38 - (p - s), min(s, 6))): the whole digits kept, the fraction
 * cut (spark.sql.decimalOperations.allowPrecisionLoss, on in Databricks). Where one operand is a string
 * and the other a number or a string, both are cast as Spark's ANSI mode promotes them (to BIGINT beside an
 * integral number, else DOUBLE) and t is a NULL of that type. Where no operand is a DECIMAL, or one is not a
 * number Spark widens to a DECIMAL (a DOUBLE, an interval, a date), t is a VARCHAR's NULL and the operation
 * is DuckDB's.
 *
 * A product whose exact value fits in 38 digits, a remainder and a sum of at most 38 digits are DuckDB's
 * own, cast to that type. A wider product or sum and every quotient come from spark_decimal_arith, a
 * function in JavaScript over the operands' text with arbitrary-precision integers, computed as Spark's
 * Decimal computes it: a product rounded HALF_UP to 38 significant digits, a quotient to 38 decimal
 * places, a sum exact, then each rounded HALF_UP to the result's scale; one whose whole digits do not fit
 * fails with NUMERIC_VALUE_OUT_OF_RANGE (ANSI mode).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";
import { atScale, digitCount, divideHalfUp, plainText, readDecimal, type Scaled } from "./decimal-text.js";

const MAX_DIGITS = 38;

/** x with at most 38 significant digits, rounded HALF_UP (Java's MathContext(38, HALF_UP)) */
function toMaxDigits(x: Scaled): Scaled {
  let rounded = x;
  while (digitCount(rounded.unscaled) > MAX_DIGITS) rounded = atScale(rounded, rounded.scale - (digitCount(rounded.unscaled) - MAX_DIGITS));
  return rounded;
}

/** Java's BigDecimal written with an exponent (`12345e-2`), which errors.ts writes as Spark does */
const exponentText = (x: Scaled) => `${x.unscaled}e${-x.scale}`;

/**
 * a * b, a / b, a + b or a - b (a and b as DuckDB writes a DECIMAL or an integer) in `type`, DECIMAL(p,s): its text, `!` and the unrounded
 * value (12345e-2) where its whole digits do not fit, NULL for a zero divisor (which the divisor's guard has refused before).
 */
export function decimalArithmetic(op: string, a: string, b: string, type: string): string | null {
  const target = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (!target) throw new Error(`spark_decimal_arith: ${type} is not a DECIMAL`);
  const [precision, scale] = [Number(target[1]), Number(target[2])];
  const [x, y] = [readDecimal(a), readDecimal(b)];
  if (!x || !y) throw new Error(`spark_decimal_arith: ${a} ${op} ${b} is no decimal arithmetic`);
  let exact: Scaled;
  if (op === "*") exact = toMaxDigits({ unscaled: x.unscaled * y.unscaled, scale: x.scale + y.scale });
  else if (op === "+" || op === "-") {
    // exact, as Java's BigDecimal adds
    const common = Math.max(x.scale, y.scale);
    const [a, b] = [atScale(x, common).unscaled, atScale(y, common).unscaled];
    exact = { unscaled: op === "+" ? a + b : a - b, scale: common };
  } else if (op === "/") {
    if (y.unscaled === 0n) return null;
    // x / y to 38 places: x·10^(sy + 38) / (y·10^sx), the divisor made positive
    const sign = y.unscaled < 0n ? -1n : 1n;
    exact = { unscaled: divideHalfUp(sign * x.unscaled * 10n ** BigInt(y.scale + MAX_DIGITS), sign * y.unscaled * 10n ** BigInt(x.scale)), scale: MAX_DIGITS };
  } else throw new Error(`spark_decimal_arith: no operator ${op}`);
  const result = atScale(exact, scale);
  return digitCount(result.unscaled) > precision ? `!${exponentText(exact)}` : plainText(result);
}

/** a DECIMAL type's precision and scale, an integral type's as Spark widens it to a DECIMAL; undefined for any other type */
function decimalOperand(duckType: string): [number, number] | undefined {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return [Number(decimal[1]), Number(decimal[2])];
  const integral = INTEGRAL_PRECISION[duckType];
  return integral === undefined ? undefined : [integral, 0];
}

const INTEGRAL_PRECISION: Readonly<Record<string, number>> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 20 };

/**
 * The type Spark's ANSI mode casts both operands of an arithmetic operator to where one is a string (its PromoteStrings rule): BIGINT
 * beside an integral number, DOUBLE beside a fractional one (a DECIMAL too) or another string; undefined where neither is a string, or
 * the other is no number (a date, an interval), which Spark does not promote either
 */
export function promotedStringType(ta: string, tb: string): "BIGINT" | "DOUBLE" | undefined {
  if (ta !== "VARCHAR" && tb !== "VARCHAR") return undefined;
  const other = ta === "VARCHAR" ? tb : ta;
  if (INTEGRAL_PRECISION[other] !== undefined) return "BIGINT";
  if (other === "VARCHAR" || other === "FLOAT" || other === "DOUBLE" || other.startsWith("DECIMAL(")) return "DOUBLE";
  return undefined;
}

/** DECIMAL(p,s) bounded to 38 digits as Spark bounds an operation's result: the whole digits kept, the fraction cut to no fewer than min(s, 6) */
function boundedDecimal(precision: number, scale: number): string {
  if (precision <= MAX_DIGITS) return `DECIMAL(${precision},${scale})`;
  return `DECIMAL(${MAX_DIGITS},${Math.max(MAX_DIGITS - (precision - scale), Math.min(scale, 6))})`;
}

/** a number literal's `p,s` as its precision and scale; undefined for '' (an operand that is no literal) */
const literal = (ps: string) => (ps === "" ? undefined : (ps.split(",").map(Number) as [number, number]));

/**
 * a product's or sum's type: one that needs no rounding is DuckDB's exact value (a list's type tells the macro so); past 38 digits it
 * is rounded to fewer places, in JavaScript, since its exact value may not fit
 */
const exactOrRounded = (precision: number, scale: number) => (precision <= MAX_DIGITS ? `["DECIMAL(${precision},${scale})"]` : `"${boundedDecimal(precision, scale)}"`);

/**
 * The type of a op b as Spark types it, as JSON that json_transform reads: ta and tb the operands' DuckDB types, la and lb the `p,s`
 * Spark gives an operand that is a number literal ('' for another operand). A DECIMAL where one operand is a DECIMAL and the other
 * one too or an integral number (a list of it where DuckDB's own answer is exact: a product of at most 38 digits, a remainder), else
 * VARCHAR, which tells the macros to leave the operation to DuckDB.
 */
export function decimalResultType(op: string, ta: string, tb: string, la: string, lb: string): string {
  const promoted = promotedStringType(ta, tb);
  if (promoted) return `"${promoted}"`;
  // a date minus a date: an interval of days, as Spark's (DuckDB's is a BIGINT of days)
  if (op === "-" && ta === "DATE" && tb === "DATE") return '"INTERVAL"';
  const [a, b] = [literal(la) ?? decimalOperand(ta), literal(lb) ?? decimalOperand(tb)];
  const anyDecimal = ta.startsWith("DECIMAL(") || tb.startsWith("DECIMAL(");
  if (!anyDecimal || a === undefined || b === undefined) return '"VARCHAR"';
  const [[p1, s1], [p2, s2]] = [a, b];
  if (op === "*") return exactOrRounded(p1 + p2 + 1, s1 + s2);
  if (op === "+" || op === "-") return exactOrRounded(Math.max(p1 - s1, p2 - s2) + Math.max(s1, s2) + 1, Math.max(s1, s2));
  // a remainder is never wider than its operands, nor rounded: DuckDB's, in Spark's narrower type
  if (op === "%") return `["${boundedDecimal(Math.min(p1 - s1, p2 - s2) + Math.max(s1, s2), Math.max(s1, s2))}"]`;
  const scale = Math.max(6, s1 + p2 + 1);
  return `"${boundedDecimal(p1 - s1 + s2 + scale, scale)}"`;
}

/** registers spark_decimal_arith(op, a, b, type) (decimalArithmetic) and spark_decimal_type(op, ta, tb, la, lb) (decimalResultType) for every connection of the database */
export function registerDecimalArithmetic(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_decimal_arith", 4, decimalArithmetic);
  registerTextFunction(conn, "spark_decimal_type", 5, decimalResultType);
}

/**
 * The operations over DECIMALs, each a macro spark_<name>(t, a, b), t a NULL of Spark's result type: DuckDB's answer where no
 * DECIMAL is involved (`duckdb`), DuckDB's exact answer in Spark's type where that holds it (`native`), else JavaScript's for `js`,
 * through `result`; chosen by t's type among the overloads of spark_<name>_of.
 */
const OPERATIONS: readonly { name: string; op: string; duckdb: (a: string, b: string) => string; native?: string; js?: string; result: string; dates?: string }[] = [
  { name: "multiply", op: "*", duckdb: (a, b) => `${a} * ${b}`, native: "a * CAST(1 AS DECIMAL(38,0)) * b", js: "*", result: "spark_decimal_result" },
  { name: "divide", op: "/", duckdb: (a, b) => `${a} / ${b}`, js: "/", result: "spark_decimal_result" },
  { name: "remainder", op: "%", duckdb: (a, b) => `${a} % ${b}`, native: "a % b", result: "spark_decimal_result" },
  { name: "add", op: "+", duckdb: (a, b) => `${a} + ${b}`, native: "a + b", js: "+", result: "spark_decimal_result" },
  { name: "subtract", op: "-", duckdb: (a, b) => `${a} - ${b}`, native: "a - b", js: "-", result: "spark_decimal_result", dates: "to_days(CAST(a - b AS INTEGER))" },
  // try_multiply and try_divide: NULL where the operation fails (a zero divisor, a value beyond the type)
  { name: "try_decimal_multiply", op: "*", duckdb: (a, b) => `spark_try_multiply(${a}, ${b})`, native: "a * CAST(1 AS DECIMAL(38,0)) * b", js: "*", result: "spark_decimal_try_result" },
  { name: "try_decimal_divide", op: "/", duckdb: (a, b) => `spark_try_divide(${a}, ${b})`, js: "/", result: "spark_decimal_try_result" },
];

/** a string operand cast as promotedStringType's type says, as CAST casts it (a string not an integer fails BIGINT's cast in ANSI mode) */
export const STRING_PROMOTIONS: Readonly<Record<string, (x: string) => string>> = { BIGINT: (x) => `spark_cast_bigint(${x})`, DOUBLE: (x) => `CAST(${x} AS DOUBLE)` };

/** the second operand as spark_decimal_arith reads it: a zero divisor of try_divide is NULL, whose answer is NULL */
const jsOperand = (name: string) => (name === "try_decimal_divide" ? "CAST(nullif(b, 0) AS VARCHAR)" : "CAST(b AS VARCHAR)");

export const DECIMAL_ARITHMETIC_MACROS: readonly string[] = [
  // typeof under another name, which the translator leaves as DuckDB's (it writes a query's typeof with Spark's names)
  "CREATE OR REPLACE MACRO spark_duckdb_type(x) AS typeof(x)",
  // r, spark_decimal_arith's answer, in t's type; errors.ts writes NUMERIC_VALUE_OUT_OF_RANGE from the unrounded value and the type
  "CREATE OR REPLACE MACRO spark_decimal_result(r, t) AS list_transform([r], v -> CASE WHEN starts_with(v, '!') " +
    "THEN error('[NUMERIC_VALUE_OUT_OF_RANGE] DECIMAL|' || substr(v, 2) || '|' || typeof(t)) ELSE cast_to_type(v, t) END)[1]",
  // the same, NULL where the value does not fit
  "CREATE OR REPLACE MACRO spark_decimal_try_result(r, t) AS list_transform([r], v -> CASE WHEN starts_with(v, '!') THEN NULL ELSE cast_to_type(v, t) END)[1]",
  ...OPERATIONS.flatMap(({ name, op, duckdb, native, js, result, dates }) => [
    // the overload by t's type (tt, t again, cast to DECIMAL(18,3) where it is one, so that t keeps its own type): DuckDB's own
    // operator where no DECIMAL is involved (t a VARCHAR), over both operands cast to BIGINT or DOUBLE where one is a string (t of
    // that type), DuckDB's exact answer in Spark's type (t a list of it), else Spark's in JavaScript
    `CREATE OR REPLACE MACRO spark_${name}_of(tt, t, a, b) AS ${duckdb("a", "b")}` +
      Object.entries(STRING_PROMOTIONS).map(([type, cast]) => `, (tt ${type}, t, a, b) AS ${duckdb(cast("a"), cast("b"))}`).join("") +
      (native ? `, (tt DECIMAL[], t, a, b) AS cast_to_type([${native}], t)[1]` : "") +
      (js ? `, (tt DECIMAL, t, a, b) AS ${result}(spark_decimal_arith('${js}', CAST(a AS VARCHAR), ${jsOperand(name)}, typeof(t)), t)` : "") +
      (dates ? `, (tt INTERVAL, t, a, b) AS ${dates}` : ""),
    // t, a and b each once, in a lambda's lists: an overload is chosen by binding its arguments, and binding a macro's expansion
    // binds them again, so an operand passed on to the overloads directly would be bound twice at every step of `a * b * c * …`. Not
    // in the lambda's body, which DuckDB evaluates for every row, constants included (t's spark_decimal_type in JavaScript). t in
    // a list of its own: from a struct's field, its type unknown when this macro is created, two overloads would match
    `CREATE OR REPLACE MACRO spark_${name}(t, a, b) AS list_transform(list_zip([t], [{'a': a, 'b': b}]), z -> spark_${name}_of(z[1], z[1], z[2].a, z[2].b))[1]`,
    // a value of the operation's type, for its type only (sql/decimal-operators.ts): a and b each written once, never computed
    // (each in a list of its own: json_transform needs its type constant when this macro is created, where a struct's field has none)
    `CREATE OR REPLACE MACRO spark_${name}_typed(a, b, la, lb) AS list_transform([a], x -> list_transform([b], y -> ` +
      `spark_${name}(json_transform('null', spark_decimal_type('${op}', typeof(x), typeof(y), la, lb)), x, y))[1])[1]`,
  ]),
];
