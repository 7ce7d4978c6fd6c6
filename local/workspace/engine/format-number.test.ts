import { describe, expect, it } from "vitest";
import { engineSession } from "./engine-session.test-support.js";

/**
 * spark_format_number writes an integer, and a DECIMAL of no more places than asked, in SQL (spark_format_exact); every such value
 * must come out as the JavaScript formatter (spark_format_number_text, Java's DecimalFormat) writes it.
 */
describe("format_number's SQL path writes what the JavaScript formatter writes", () => {
  const { rows } = engineSession();
  const VALUES: [string, string][] = [
    ["CAST(i * 7919 - 500000 AS BIGINT)", "BIGINT"],
    ["CAST(i % 200 - 100 AS TINYINT)", "TINYINT"],
    ["CAST(i * 104729 - 9223372036854775807 AS BIGINT)", "BIGINT"],
    ["CAST(i AS HUGEINT) * 1000000000000000000000 - 170141183460469231731687303715884105727", "HUGEINT"],
    ["CAST((i * 37 - 20000) / 100 AS DECIMAL(12,2))", "DECIMAL(12,2)"],
    ["CAST((i - 500) / 1000 AS DECIMAL(4,3))", "DECIMAL(4,3)"],
    ["CAST(i * 123456789012345 AS DECIMAL(38,2)) * 1000000000 - 99999999999999999999999999999999.99", "DECIMAL(38,2)"],
  ];

  it.each(VALUES)("%s", async (value, type) => {
    const places = type.startsWith("DECIMAL") ? Number(/,(\d+)\)/.exec(type)![1]) : 0;
    for (const d of [places, places + 2]) {
      const found = await rows(
        `SELECT x, spark_format_number(x, ${d}) AS fast, spark_format_number_text(CAST(x AS VARCHAR), typeof(x), '${d}') AS written, typeof(x) AS type FROM (SELECT ${value} AS x FROM range(1000) t(i))`,
      );
      expect(found[0].type).toBe(type);
      expect(found.filter((row) => row.fast !== row.written).slice(0, 3)).toEqual([]);
    }
  });

  it("plans an integer's and a DECIMAL's formatting without the JavaScript formatter", async () => {
    const plan = async (value: string, d: number) => JSON.stringify(await rows(`EXPLAIN SELECT spark_format_number(x, ${d}) FROM (SELECT ${value} AS x FROM range(3))`));
    expect(await plan("CAST(range AS BIGINT)", 2)).not.toContain("spark_format_number_text");
    expect(await plan("CAST(range AS DECIMAL(10,2))", 2)).not.toContain("spark_format_number_text");
    expect(await plan("CAST(range AS DECIMAL(10,2))", 1)).toContain("spark_format_number_text");
  });

  it("leaves a DECIMAL of more places than asked, a DOUBLE, a negative or a NULL count of places to the formatter", async () => {
    expect(
      await rows("SELECT spark_format_number(CAST(0.125 AS DECIMAL(4,3)), 2) AS a, spark_format_number(2.675::DOUBLE, 2) AS b, spark_format_number(5, -1) AS c, spark_format_number(5, NULL) AS d"),
    ).toEqual([{ a: "0.12", b: "2.67", c: null, d: null }]);
  });
});
