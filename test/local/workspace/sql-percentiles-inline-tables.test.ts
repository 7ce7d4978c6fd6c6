/**
 * Percentiles, str_to_map and inline tables as Spark answers them: percentile, median and
 * percentile_cont interpolate between DOUBLEs (DuckDB's of a DECIMAL round to its scale),
 * percentile_approx answers a value of its column at rank ceil(p * n); `VALUES 1, 2` reads, and
 * inline tables name their columns col1, col2, … with no alias needed.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("percentiles, str_to_map and inline tables", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE amounts (g INT, x DECIMAL(10,2), n INT) USING DELTA");
    await ok("INSERT INTO amounts VALUES (1, 0.01, 0), (1, 0.02, 1), (2, 0.10, 2), (2, 0.00, 10)");
  });

  it("interpolates exact percentiles between DOUBLEs and picks approximate ones from the column", async () => {
    const result = await sql(
      "SELECT median(x), percentile(x, 0.5), percentile(x, array(0.25, 0.75)), percentile_approx(x, 0.5), approx_percentile(n, array(0.5, 0.4, 0.1), 100), " +
        "percentile(n, 0.6) AS p60 FROM amounts",
    );
    expect(result.results.schema.map((c: { name: string }) => c.name)).toEqual([
      "median(x)",
      "percentile(x, 0.5, 1)",
      "percentile(x, array(0.25, 0.75), 1)",
      "percentile_approx(x, 0.5, 10000)",
      "approx_percentile(n, array(0.5, 0.4, 0.1), 100)",
      "p60",
    ]);
    expect(result.results.data).toEqual([[0.015, 0.015, [0.0075, 0.04], "0.01", [1, 1, 0], 1.7999999999999998]]);
    expect(
      await ok(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS cont, percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC) AS cont_desc, " +
          "percentile_disc(0.5) WITHIN GROUP (ORDER BY x) AS disc FROM amounts WHERE g = 1",
      ),
    ).toEqual([{ cont: 0.015, cont_desc: 0.017499999999999998, disc: "0.01" }]);
    const named = await sql(
      "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC), percentile_disc(0.5) WITHIN GROUP (ORDER BY n), " +
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY x ASC NULLS FIRST), percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC NULLS LAST) FROM amounts",
    );
    expect(named.results.schema.map((c: { name: string }) => c.name)).toEqual([
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)",
      "percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC)",
      "percentile_disc(0.5) WITHIN GROUP (ORDER BY n)",
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)",
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC)",
    ]);
    expect(await ok("SELECT g, median(x) FILTER (WHERE x > 0.01) AS above, percentile(n, 0.5) AS middle FROM amounts GROUP BY g ORDER BY g")).toEqual([
      { g: 1, above: 0.02, middle: 0.5 },
      { g: 2, above: 0.1, middle: 6 },
    ]);
    expect(await ok("SELECT x, percentile(x, 0.5) OVER (PARTITION BY g) AS w FROM amounts WHERE g = 1 ORDER BY x")).toEqual([
      { x: "0.01", w: 0.015 },
      { x: "0.02", w: 0.015 },
    ]);
  });

  it("refuses a percentage outside [0, 1], which DuckDB would read as a descending order", async () => {
    expect(expectError(await sql("SELECT percentile(x, 1.5) FROM amounts"))).toContain("[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE]");
    expect(expectError(await sql("SELECT percentile_approx(x, -0.5) FROM amounts"))).toContain("but got -0.5");
    expect(expectError(await sql("SELECT percentile(x, 0.5, 2) FROM amounts"))).toContain("percentile(x, p, frequency) is not supported");
  });

  it("splits text into a map at regular-expression delimiters, a key without a value mapping to NULL, a repeated key refused", async () => {
    expect(
      await ok("SELECT str_to_map('a:1,b:2,c') AS m, str_to_map('a=1;b=x=y', ';', '=') AS n, str_to_map('k1:v1|k2:v2', '[|]') AS o, str_to_map('') AS e, str_to_map(NULL) AS z"),
    ).toEqual([{ m: { a: "1", b: "2", c: null }, n: { a: "1", b: "x=y" }, o: { k1: "v1", k2: "v2" }, e: { "": null }, z: null }]);
    expect(expectError(await sql("SELECT str_to_map('a:1,a:2')"))).toContain("[DUPLICATED_MAP_KEY] Duplicate map key a");
  });

  it("reads inline tables of bare values, names their columns col1, col2, … and needs no alias", async () => {
    expect(await ok("SELECT * FROM VALUES 1, -2 AS t(x)")).toEqual([{ x: 1 }, { x: -2 }]);
    expect(await ok("SELECT col1, col2 FROM VALUES (1, 'a'), (2, 'b')")).toEqual([
      { col1: 1, col2: "a" },
      { col1: 2, col2: "b" },
    ]);
    expect(await ok("SELECT t.col2 FROM VALUES (1, 'a'), (2, 'b') t WHERE col1 = 2")).toEqual([{ col2: "b" }]);
    expect(await ok("VALUES 1, 2 ORDER BY 1 DESC")).toEqual([{ col1: 2 }, { col1: 1 }]);
    expect(await ok("WITH v AS (VALUES (1, 2)) SELECT col2 FROM v")).toEqual([{ col2: 2 }]);
    expect(await ok("SELECT * FROM (VALUES ('x'), ('y')) ORDER BY col1")).toEqual([{ col1: "x" }, { col1: "y" }]);
    // TABLE t is a query of the table's rows, alone, in parentheses, after a set operation and in an INSERT
    expect(await ok("SELECT count(*) AS n FROM (TABLE amounts)")).toEqual([{ n: 4 }]);
    expect(await ok("SELECT count(*) AS n FROM (TABLE amounts UNION ALL TABLE default.amounts)")).toEqual([{ n: 8 }]);
    expect((await ok("TABLE amounts")).length).toBe(4);
    // a query of its own names its columns by its alias
    expect(await ok("VALUES (1, 'a'), (2, 'b') AS v(n, l) ORDER BY n DESC")).toEqual([{ n: 2, l: "b" }, { n: 1, l: "a" }]);
    expect(await ok("SELECT l FROM (VALUES (1, 'a') v(n, l) UNION ALL VALUES (2, 'b')) WHERE n = 2")).toEqual([{ l: "b" }]);
    await ok("INSERT INTO amounts VALUES (3, 0.5, 7)");
    expect(await ok("SELECT n FROM amounts WHERE g = 3")).toEqual([{ n: 7 }]);
  });
});
