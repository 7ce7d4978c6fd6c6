import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

/** PIVOT on the local workspace, as Databricks' documentation's sales example answers it. */
describe("PIVOT on the local workspace", () => {
  const { sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE sales (year INT, quarter INT, region STRING, sales INT, amount DECIMAL(10,2))");
    await ok("INSERT INTO sales VALUES (2018, 1, 'east', 100, 1.50), (2018, 2, 'east', 20, 2.25), (2018, 1, 'west', 40, 3.00), (2019, 1, 'east', 30, 4.00)");
  });
  const pivoted = async (aggregates: string) => {
    const done = await sql(`SELECT * FROM (SELECT year, quarter, region, sales, amount FROM sales) PIVOT (${aggregates} FOR quarter IN (1 AS q1, 2 AS q2)) ORDER BY year, region`);
    return { columns: done.results.schema.map((c: { name: string; type: string }) => `${c.name} ${JSON.parse(c.type)}`), rows: done.results.data };
  };

  it("sums a column per value, named after the value alone when the aggregate is the only one, integers' sums as BIGINT", async () => {
    const { columns, rows } = await pivoted("sum(sales) AS sales");
    expect(columns.slice(-2)).toEqual(["q1 long", "q2 long"]);
    expect(rows.map((r: unknown[]) => r.slice(0, 2).concat(r.slice(-2)))).toEqual([
      [2018, "east", 100, null],
      [2018, "east", null, 20],
      [2018, "west", 40, null],
      [2019, "east", 30, null],
    ]);
  });

  it("keeps a DECIMAL sum's digits, averages, and names columns value_alias where there are several aggregates", async () => {
    const single = await sql("SELECT year, region, q1, q2 FROM (SELECT year, quarter, region, amount FROM sales) PIVOT (sum(amount) FOR quarter IN (1 AS q1, 2 AS q2)) ORDER BY year, region");
    expect(single.results.data).toEqual([
      [2018, "east", "1.50", "2.25"],
      [2018, "west", "3.00", null],
      [2019, "east", "4.00", null],
    ]);
    const { columns } = await pivoted("sum(sales) AS s, avg(sales) AS a");
    expect(columns.filter((c: string) => c.startsWith("q"))).toEqual(["q1_s long", "q1_a double", "q2_s long", "q2_a double"]);
  });
});
