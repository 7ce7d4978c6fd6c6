/**
 * Values as Spark writes them through the JVM, for a VARIANT's JSON (variant-json.ts) and the local workspace's results: a double as
 * Double.toString writes it, a string as Jackson quotes it, a date as LocalDate.toString.
 */

/** Java's Double.toString (Float.toString with `float`): shortest digits, plain from 10^-3 to 10^7, else `d.dddE±n` */
export function javaFloatingText(x: number, float: boolean): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const magnitude = float ? shortestFloat(Math.abs(x)) : Math.abs(x);
  if (magnitude === 0) return `${sign}0.0`;
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = magnitude.toString();
    return sign + (plain.includes(".") ? plain : `${plain}.0`);
  }
  const [mantissa, exponent] = magnitude.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  return `${sign}${digits[0]}.${digits.slice(1) || "0"}E${Number(exponent)}`;
}

/** the number with the fewest significant digits that reads back as the same 32-bit float */
function shortestFloat(x: number): number {
  const target = Math.fround(x);
  for (let precision = 1; precision < 9; precision++) {
    const candidate = Number(target.toPrecision(precision));
    if (Math.fround(candidate) === target) return candidate;
  }
  return Number(target.toPrecision(9));
}

/**
 * A string as Jackson, Spark's JSON generator, writes it: `"` and `\` escaped, \b \t \n \f \r by their letters, the other characters
 * below U+0020 as \u00XX in upper-case hex (JSON.stringify writes lower case: \u001f for Jackson's \u001F), everything else as it is.
 */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };

export function jacksonQuoted(text: string): string {
  return `"${text.replace(/["\\\u0000-\u001f]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)}"`;
}

/** a number's digits, zeros before them up to `width` */
export const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A date's text as Spark writes it: days since the epoch → 2024-02-29 (a year before 1 with its minus sign, four digits at least). */
export function formatDate(days: number): string {
  const d = new Date(days * 86_400_000);
  if (Number.isNaN(d.getTime())) return days > 0 ? "+infinity" : "-infinity";
  const y = d.getUTCFullYear();
  const year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4);
  return `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** a decimal's plain text, its scale kept: Java's BigDecimal.toPlainString of the unscaled value and scale (`1.10`, `-0.05`) */
export function plainDecimalText(unscaled: bigint, scale: number): string {
  if (scale === 0) return unscaled.toString();
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  return `${unscaled < 0n ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
