/**
 * format_number(x, d), conv(n, from, to) and soundex(s) as Spark answers them, in JavaScript (engine/text-functions.ts):
 *
 * format_number formats as Java's DecimalFormat `#,###,###,###,###,###,##0.00…` (d zeros) in Locale.US:
 * a DECIMAL's digits, a DOUBLE's or FLOAT's shortest ones, rounded HALF_EVEN to d places,
 * its whole digits grouped by three with commas, a minus sign kept where a negative value rounds to zero
 * (-0.001 is -0.00), NaN as NaN and the infinities as ∞ and -∞; NULL for a negative d.
 *
 * conv(n, from, to) is Spark's NumberConverter: the digits of n (trimmed) valid in base `from` read as an
 * unsigned 64-bit number up to the first that is not, a leading minus its two's complement for a positive
 * `to`, a negative `to` writing the number signed; written in base |to| in upper case; NULL for a base
 * outside 2–36 or empty text; past 64 bits ARITHMETIC_OVERFLOW (ANSI mode).
 *
 * soundex is Spark's American Soundex: the first letter upper-cased and three digits for the consonants
 * after it (a letter of the same code as the one before it once; H and W skipped; a character that is no
 * ASCII letter breaks a run), 0-padded; a string whose first character is no letter is answered as it is.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";
import { readDecimal } from "./decimal-text.js";

/** a number as its sign, digits and scale */
interface Exact {
  negative: boolean;
  digits: bigint;
  scale: number;
}

/** a double's exact binary value as a decimal */
function exactDouble(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) return { negative, digits: mantissa << BigInt(exponent), scale: 0 };
  // m / 2^k is m·5^k / 10^k
  return { negative, digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** DuckDB's text of a DECIMAL or an integer as a decimal */
function exactText(text: string): Exact {
  const { unscaled, scale } = readDecimal(text.replace(/^-/, "")) ?? { unscaled: 0n, scale: 0 };
  return { negative: text.startsWith("-"), digits: unscaled, scale };
}

/** a number's shortest text (JavaScript's, as Java's Double.toString digits) as a decimal */
function shortestDouble(x: number): Exact {
  return { ...exactText(Math.abs(x).toString()), negative: x < 0 || Object.is(x, -0) };
}

/** `a` compared with `b`: -1, 0 or 1 */
function compareExact(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const [x, y] = [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * format_number(x, d) of x's text as DuckDB writes it and its DuckDB type (engine/spark-functions.ts spark_format_number). A DOUBLE
 * is formatted from its shortest digits, as DecimalFormat formats it, a tie in them settled by the exact binary value (JDK 8's rule).
 */
export function formatNumber(text: string, duckType: string, places: string): string | null {
  if (!/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL\(.*)$/.test(duckType)) {
    // errors.ts reads Spark's error back from DuckDB's message
    const type = ({ VARCHAR: "STRING", "TIMESTAMP WITH TIME ZONE": "TIMESTAMP" } as Record<string, string>)[duckType] ?? duckType;
    throw new Error(`[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "format_number" due to data type mismatch: its first parameter requires the "NUMERIC" type, however it has the type "${type}". SQLSTATE: 42K09`);
  }
  const d = Number(places);
  if (!Number.isInteger(d) || d < 0) return null;
  let exact: Exact;
  let binary: Exact | undefined;
  if (duckType === "DOUBLE" || duckType === "FLOAT") {
    const read = /^(-?)inf/i.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
    const x = duckType === "FLOAT" ? Math.fround(read) : read;
    if (Number.isNaN(x)) return "NaN";
    if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
    exact = shortestDouble(x);
    binary = exactDouble(x);
  } else exact = exactText(text);
  let digits = exact.digits;
  if (exact.scale > d) {
    const unit = 10n ** BigInt(exact.scale - d);
    const [quotient, twice] = [digits / unit, 2n * (digits % unit)];
    // a tie in the shortest digits is no tie where the binary value lies above or below them
    const side = twice === unit && binary ? compareExact(binary, exact) : 0;
    const up = twice > unit || (twice === unit && (side > 0 || (side === 0 && quotient % 2n === 1n)));
    digits = quotient + (up ? 1n : 0n);
  } else digits *= 10n ** BigInt(d - exact.scale);
  const padded = digits.toString().padStart(d + 1, "0");
  const whole = padded.slice(0, padded.length - d).replace(/\B(?=(\d{3})+$)/g, ",");
  return `${exact.negative ? "-" : ""}${whole}${d > 0 ? `.${padded.slice(-d)}` : ""}`;
}

const UNSIGNED_MAX = (1n << 64n) - 1n;
const TWO_TO_64 = 1n << 64n;

export function conv(text: string, fromText: string, toText: string): string | null {
  const [from, to] = [Number(fromText), Number(toText)];
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 2 || from > 36 || Math.abs(to) < 2 || Math.abs(to) > 36) return null;
  const n = text.replace(/^ +| +$/g, "");
  if (n === "") return null;
  let negative = n.startsWith("-");
  let v = 0n;
  for (const c of negative ? n.slice(1) : n) {
    const digit = c.length === 1 && /[0-9a-z]/i.test(c) ? parseInt(c, 36) : NaN;
    if (!(digit < from)) break;
    v = v * BigInt(from) + BigInt(digit);
    // errors.ts reads Spark's error back from DuckDB's message
    if (v > UNSIGNED_MAX) throw new Error(`[ARITHMETIC_OVERFLOW] Overflow in function conv(). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003`);
  }
  const signedNegative = v >= 1n << 63n;
  if (negative && to > 0) v = signedNegative ? UNSIGNED_MAX : (TWO_TO_64 - v) % TWO_TO_64;
  if (to < 0 && v >= 1n << 63n) {
    v = TWO_TO_64 - v;
    negative = true;
  }
  return `${negative && to < 0 ? "-" : ""}${v.toString(Math.abs(to)).toUpperCase()}`;
}

/** Soundex's digit of each letter A–Z; 7 for H and W, which are skipped */
const SOUNDEX_CODES = "01230127022455012623017202";

/** an ASCII letter upper-cased, any other character as it is */
const upper = (c: string) => (c >= "a" && c <= "z" ? c.toUpperCase() : c);

export function soundex(s: string): string {
  const first = upper(s[0] ?? "");
  if (first < "A" || first > "Z") return s;
  let out = first;
  let last = SOUNDEX_CODES[first.charCodeAt(0) - 65];
  for (const c of s.slice(1)) {
    const letter = upper(c);
    if (letter < "A" || letter > "Z" || letter.length !== 1) {
      last = "0";
      continue;
    }
    const code = SOUNDEX_CODES[letter.charCodeAt(0) - 65];
    if (code === "7") continue;
    if (code !== "0" && code !== last) {
      out += code;
      if (out.length === 4) break;
    }
    last = code;
  }
  return out.padEnd(4, "0");
}

/** registers spark_format_number_text(text, type, d), spark_conv_text(n, from, to) and spark_soundex_text(s) for every connection of the database */
export function registerNumberText(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_format_number_text", 3, formatNumber);
  registerTextFunction(conn, "spark_conv_text", 3, conv);
  registerTextFunction(conn, "spark_soundex_text", 1, soundex);
}
