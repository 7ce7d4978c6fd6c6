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
