/**
 * floor(x [, d]) and ceil(x [, d]) (ceiling) as Spark answers them: x rounded down or up to d digits after the point (to -d
 * digits before it for a negative d), exactly, as a DECIMAL of the type Databricks documents for x's type, where DuckDB has
 * no floor or ceil of two arguments; without d a BIGINT or, of a DECIMAL(p,s), a DECIMAL(p-s+1,0), where DuckDB keeps a
 * DOUBLE or an integer's type. The macros cast to a NULL of that type, which json_transform makes of spark_scaled_type(typeof(x), d)
 * or spark_whole_type(typeof(x)), x read once as a lambda's parameter so that its type is known where json_transform binds.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { plainText, readDecimal } from "./decimal-text.js";
import { registerTextFunction } from "./text-functions.js";

/** the digits before and after the point Spark keeps of each type (DuckDB's name of it) for a scale d, at least 1 - d before it */
const TYPE_DIGITS: Readonly<Record<string, [number, number]>> = {
  TINYINT: [3, 0],
  SMALLINT: [5, 0],
  INTEGER: [10, 0],
  BIGINT: [20, 0],
  FLOAT: [14, 7],
  DOUBLE: [30, 15],
};

const DECIMAL = /^DECIMAL\((\d+),(\d+)\)$/;

/** the DECIMAL Spark's floor(x, d) and ceil(x, d) answer for x of the type DuckDB names `type`, as json_transform's JSON */
export function scaledType(type: string, d: string): string {
  const decimal = DECIMAL.exec(type);
  const [precision, scale] = decimal ? [Number(decimal[1]) - Number(decimal[2]) + 1, Number(decimal[2])] : (TYPE_DIGITS[type] ?? [38, 18]);
  const target = Number(d);
  return JSON.stringify(`DECIMAL(${Math.min(38, Math.max(precision, 1 - target))},${Math.min(scale, Math.max(0, target))})`);
}

/** the type Spark's floor(x) and ceil(x) answer for x of the type DuckDB names `type`, as json_transform's JSON */
export function wholeType(type: string): string {
  const decimal = DECIMAL.exec(type);
  return JSON.stringify(decimal ? `DECIMAL(${Math.min(38, Number(decimal[1]) - Number(decimal[2]) + 1)},0)` : "BIGINT");
}

/** x's text rounded toward negative infinity (floor) or positive infinity (ceil) at scale d, written plainly; NULL for NaN and the infinities */
export function scaledRound(x: string, d: string, mode: string): string | null {
  const value = readDecimal(x);
  const target = Number(d);
  if (!value) return null;
  if (value.scale <= target) return plainText(value);
  const unit = 10n ** BigInt(value.scale - target);
  let q = value.unscaled / unit;
  const exact = q * unit === value.unscaled;
  if (!exact && mode === "floor" && value.unscaled < 0n) q -= 1n;
  if (!exact && mode === "ceil" && value.unscaled > 0n) q += 1n;
  return plainText(target >= 0 ? { unscaled: q, scale: target } : { unscaled: q * 10n ** BigInt(-target), scale: 0 });
}

/** registers spark_scaled_type(type, d), spark_whole_type(type) and spark_scaled_round(x, d, mode) for every connection of the database */
export function registerScaledRounding(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_whole_type", 1, wholeType);
  registerTextFunction(conn, "spark_scaled_type", 2, scaledType);
  registerTextFunction(conn, "spark_scaled_round", 3, scaledRound);
}

/** floor(x [, d]), ceil(x [, d]) and ceiling(x [, d]), which the translator renames to them */
export const SCALED_ROUNDING_MACROS: readonly string[] = [
  ["floor", "floor"],
  ["ceil", "ceil"],
  ["ceiling", "ceil"],
].map(
  ([name, mode]) =>
    `CREATE OR REPLACE MACRO spark_${name}(x) AS list_transform([x], v -> cast_to_type(${mode}(v), json_transform('null', spark_whole_type(typeof(v)))))[1], ` +
    `(x, d) AS list_transform([x], v -> cast_to_type(spark_scaled_round(CAST(v AS VARCHAR), CAST(d AS VARCHAR), '${mode}'), ` +
    "json_transform('null', spark_scaled_type(typeof(v), CAST(d AS VARCHAR)))))[1]",
);
