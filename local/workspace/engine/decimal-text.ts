/**
 * Decimals as text and as an unscaled integer with a scale, for the functions written in JavaScript
 * (engine/decimal-arithmetic.ts, from-json.ts, number-text.ts): read, rounded HALF_UP to a scale,
 * written plainly.
 */

import { plainDecimalText } from "../../../src/delta/java-text.js";

/** a decimal's digits as one signed integer and the number of them after the point */
export interface Scaled {
  unscaled: bigint;
  scale: number;
}

/** a number's text (`-12.50`, `7`, `1.5e3`, `.5`) as a decimal; undefined where it is none */
export function readDecimal(text: string): Scaled | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const fraction = m[3] ?? "";
  const digits = BigInt(`${m[1] === "-" ? "-" : ""}${m[2]}${fraction}` || "0");
  const scale = fraction.length - Number(m[4] ?? 0);
  return scale >= 0 ? { unscaled: digits, scale } : { unscaled: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** n / d rounded HALF_UP (a tie away from zero), d > 0 */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  const magnitude = n < 0n ? -n : n;
  const q = magnitude / d;
  const rounded = 2n * (magnitude % d) >= d ? q + 1n : q;
  return n < 0n ? -rounded : rounded;
}

/** x at `scale` digits after the point, rounded HALF_UP where digits go */
export function atScale(x: Scaled, scale: number): Scaled {
  const unscaled = scale >= x.scale ? x.unscaled * 10n ** BigInt(scale - x.scale) : divideHalfUp(x.unscaled, 10n ** BigInt(x.scale - scale));
  return { unscaled, scale };
}

/** how many digits an integer has, its sign aside */
export const digitCount = (n: bigint) => (n < 0n ? -n : n).toString().length;

/** the decimal written plainly, `-0.50` */
export const plainText = (x: Scaled): string => plainDecimalText(x.unscaled, x.scale);

/** a number's text (DuckDB's, `1.5`) written plainly at the scale of the DECIMAL type DuckDB names `duckType` (`1.50` for DECIMAL(3,2)); undefined for another type or no decimal text */
export function atTypeScale(text: string, duckType: string): string | undefined {
  const decimal = /^DECIMAL\(\d+,(\d+)\)$/.exec(duckType);
  const value = decimal ? readDecimal(text) : undefined;
  return value && decimal ? plainText(atScale(value, Number(decimal[1]))) : undefined;
}
