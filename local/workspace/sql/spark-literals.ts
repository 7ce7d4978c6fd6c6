/**
 * A value as Spark's error messages write it (its toSQLValue): a number as the SQL literal of its type,
 * `1.0E10D` for a DOUBLE (Java's Double.toString), `2.5F` for a FLOAT, `300.5BD` for a DECIMAL,
 * `3000000000L` for a BIGINT, `7S` and `7Y` for a SMALLINT and a TINYINT, `7` for an INT; and the
 * type as Spark names it. The value comes as DuckDB's text of it, the type as DuckDB's typeof names it.
 */

const INTEGRAL: Record<string, { type: string; suffix: string }> = {
  TINYINT: { type: "TINYINT", suffix: "Y" },
  SMALLINT: { type: "SMALLINT", suffix: "S" },
  INTEGER: { type: "INT", suffix: "" },
  BIGINT: { type: "BIGINT", suffix: "L" },
  HUGEINT: { type: "DECIMAL(38,0)", suffix: "BD" },
};

export function sparkSqlValue(duckType: string, text: string): { value: string; type: string } {
  if (duckType === "DOUBLE") return { value: `${javaFloatingText(Number(text), false)}D`, type: "DOUBLE" };
  if (duckType === "FLOAT") return { value: `${javaFloatingText(Number(text), true)}F`, type: "FLOAT" };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { value: `${text}BD`, type: `DECIMAL(${decimal[1]},${decimal[2]})` };
  const integral = INTEGRAL[duckType];
  if (integral) return { value: `${text}${integral.suffix}`, type: integral.type };
  return { value: text, type: duckType };
}

/**
 * A number as Spark's Decimal writes it in its errors (Java's BigDecimal.toString), from its text: `+007.50` is `7.50`, `1e5`
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
function javaFloatingText(x: number, float: boolean): string {
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
