/**
 * Numbers as the JVM writes them, for what Spark writes through Java: Double.toString and
 * Float.toString (`1.0E10`, `0.1`), and BigDecimal.toString (`1.50`, `1E-9`).
 */

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
