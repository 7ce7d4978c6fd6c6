/**
 * Numbers as the JVM writes them, for what Spark writes through Java: BigDecimal.toString (`1.50`, `1E-9`); Double.toString and
 * Float.toString are src/delta/java-text.ts's.
 */
import { javaFloatingText } from "../../../src/delta/java-text.js";

/**
 * A number as Spark's Decimal writes it in its errors and to_json (Java's BigDecimal.toString), from its text: `+007.50` is `7.50`, `1e5`
 * `1E+5`; a DOUBLE (`duckType`) from Java's Double.toString of it, as Spark makes a Decimal of a DOUBLE (`1.0E+40`, `12345.6`).
 */
export function sparkDecimalText(duckType: string, text: string): string {
  const written = duckType === "DOUBLE" || duckType === "FLOAT" ? javaFloatingText(Number(text), false) : text;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(written.trim());
  if (!m) return written;
  const fraction = m[3] ?? "";
  const digits = (m[2] + fraction).replace(/^0+(?=\d)/, "") || "0";
  const scale = fraction.length - Number(m[4] ?? 0);
  const sign = m[1] === "-" ? "-" : "";
  const adjusted = digits.length - 1 - scale;
  if (scale === 0) return sign + digits;
  if (scale > 0 && adjusted >= -6) {
    const padded = digits.padStart(scale + 1, "0");
    return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  const coefficient = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${coefficient}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
}
