/**
 * A value as Spark's error messages write it (its toSQLValue): a number as the SQL literal of its type,
 * `1.0E10D` for a DOUBLE (Java's Double.toString), `2.5F` for a FLOAT, `300.5BD` for a DECIMAL,
 * `3000000000L` for a BIGINT, `7S` and `7Y` for a SMALLINT and a TINYINT, `7` for an INT; and the
 * type as Spark names it. The value comes as DuckDB's text of it, the type as DuckDB's typeof names it.
 */

import { javaFloatingText } from "../../../src/delta/java-text.js";

const INTEGRAL: Record<string, { type: string; suffix: string }> = {
  TINYINT: { type: "TINYINT", suffix: "Y" },
  SMALLINT: { type: "SMALLINT", suffix: "S" },
  INTEGER: { type: "INT", suffix: "" },
  BIGINT: { type: "BIGINT", suffix: "L" },
  HUGEINT: { type: "DECIMAL(38,0)", suffix: "BD" },
};

export function sparkSqlValue(duckType: string, text: string): { value: string; type: string } {
  if (duckType === "DOUBLE" || duckType === "FLOAT") {
    // DuckDB writes the infinities inf and -inf
    const n = Number(text.replace(/^(-?)inf$/i, "$1Infinity"));
    return { value: `${javaFloatingText(n, duckType === "FLOAT")}${duckType === "FLOAT" ? "F" : "D"}`, type: duckType };
  }
  // a TIMESTAMP's text in the session's zone, without DuckDB's offset
  if (duckType === "TIMESTAMP WITH TIME ZONE") return { value: `TIMESTAMP '${text.replace(/[+-]\d\d(?::\d\d){0,2}$/, "")}'`, type: "TIMESTAMP" };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { value: `${text}BD`, type: `DECIMAL(${decimal[1]},${decimal[2]})` };
  const integral = INTEGRAL[duckType];
  if (integral) return { value: `${text}${integral.suffix}`, type: integral.type };
  return { value: text, type: duckType };
}
