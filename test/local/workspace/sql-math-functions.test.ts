/**
 * Spark's numeric functions over the local workspace's Command Execution API, with the results and types
 * Databricks documents: floor, ceil and ceiling of one argument and with a target scale, width_bucket, skewness and kurtosis.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

const types = (done: { results: { schema: { name: string; type: string }[] } }) => done.results.schema.map((c) => [c.name, JSON.parse(c.type)]);

describe("Spark's numeric functions", () => {
  const { sql, ok } = sqlSession({});

  it("rounds down and up to a target scale as Databricks' examples show, as the DECIMAL it documents", async () => {
    const done = await sql("SELECT floor(3345.1, -2), floor(-12.345, 1), ceil(3345.1, -2), ceil(-12.345, 1), ceiling(3345.1, -2), ceiling(-12.345, 1)");
    expect(done.results.data).toEqual([["3300", "-12.4", "3400", "-12.3", "3400", "-12.3"]]);
    expect(types(done)).toEqual([
      ["floor(3345.1, -2)", "decimal(5,0)"],
      ["floor(-12.345, 1)", "decimal(3,1)"],
      ["ceil(3345.1, -2)", "decimal(5,0)"],
      ["ceil(-12.345, 1)", "decimal(3,1)"],
      ["ceiling(3345.1, -2)", "decimal(5,0)"],
      ["ceiling(-12.345, 1)", "decimal(3,1)"],
    ]);
  });

  it("types a target scale's result by the argument's type (an integer's digits, a DOUBLE's 30, 15) and answers NULL for NULL", async () => {
    const done = await sql("SELECT ceil(cast(7 as tinyint), -1) AS a, floor(-1.25E0, 1) AS b, ceil(cast(null as double), 1) AS c, floor(x, 1) AS d FROM VALUES (1.55) AS t(x)");
    expect(done.results.data).toEqual([["10", "-1.3", null, "1.5"]]);
    expect(types(done).map(([, type]) => type)).toEqual(["decimal(3,0)", "decimal(30,1)", "decimal(30,1)", "decimal(2,1)"]);
  });

  it("answers floor and ceil of one argument as BIGINTs, of a DECIMAL(p,s) as a DECIMAL(p-s+1,0), with Databricks' examples", async () => {
    expect(await ok("SELECT floor(-0.1) AS a, floor(5) AS b, ceil(-0.1) AS c, ceil(5) AS d, ceil(5.4) AS e")).toEqual([{ a: "-1", b: 5, c: "0", d: 5, e: "6" }]);
    const done = await sql("SELECT floor(1.5D), ceil(2.1D), floor(5), ceil(x) FROM VALUES (CAST(12.34 AS DECIMAL(4,2))) AS t(x)");
    expect(done.results.data).toEqual([[1, 3, 5, "13"]]);
    expect(types(done).map(([, type]) => type)).toEqual(["long", "long", "long", "decimal(3,0)"]);
  });

  it("rounds an aggregate, a window's value and a lambda's parameter", async () => {
    expect(await ok("SELECT floor(avg(x)) AS a, ceil(sum(x) OVER ()) AS w FROM VALUES (1.5D), (2.5D) AS t(x) GROUP BY x ORDER BY a")).toEqual([
      { a: 1, w: 4 },
      { a: 2, w: 4 },
    ]);
    expect(await ok("SELECT transform(array(1.5, 2.5), x -> floor(x)) AS f, transform(array(1.25D), x -> ceil(x, 1)) AS c")).toEqual([{ f: ["1", "2"], c: ["1.3"] }]);
  });

  it("answers width_bucket's bucket as Databricks' examples show, a bound above the other too", async () => {
    const done = await sql("SELECT width_bucket(5.3, 0.2, 10.6, 5), width_bucket(-2.1, 1.3, 3.4, 3), width_bucket(8.1, 0.0, 5.7, 4), width_bucket(-0.9, 5.2, 0.5, 2), width_bucket(NULL, 1, 2, 3)");
    expect(done.results.data).toEqual([[3, 0, 5, 3, null]]);
    expect(done.results.schema[0].name).toBe("width_bucket(5.3, 0.2, 10.6, 5)");
    expect(await ok("SELECT width_bucket(INTERVAL '1' DAY, INTERVAL '0' DAY, INTERVAL '10' DAY, 11) AS b")).toEqual([{ b: 2 }]);
  });

  it("answers skewness and kurtosis as Spark's population statistics, as Databricks' examples show (DuckDB's are the sample's)", async () => {
    const values = "VALUES (-10), (-20), (100), (1000), (1000) AS tab(col)";
    const [skew] = await ok(`SELECT skewness(col) AS a, skewness(DISTINCT col) AS b FROM ${values}`);
    // the last digit of a DOUBLE depends on the order Spark merges partial moments in
    expect(skew.a).toBeCloseTo(0.3853941073355022, 14);
    expect(skew.b).toBeCloseTo(1.1135657469022011, 14);
    expect((await ok("SELECT skewness(col) AS s FROM VALUES (-1000), (-100), (10), (20) AS tab(col)"))[0].s).toBeCloseTo(-1.1135657469022011, 14);
    const kurtosis = await sql("SELECT kurtosis(col), kurtosis(DISTINCT col) FROM VALUES (-10), (-20), (100), (100), (1000) AS tab(col)");
    expect(kurtosis.results.data).toEqual([[0.16212458373485106, -0.7014368047529627]]);
    expect(kurtosis.results.schema.map((c: { name: string }) => c.name)).toEqual(["kurtosis(col)", "kurtosis(DISTINCT col)"]);
    expect(await ok("SELECT kurtosis(col) AS k FROM VALUES (1), (10), (100), (10), (1) AS tab(col)")).toEqual([{ k: 0.19432323191699075 }]);
  });

  it("answers skewness and kurtosis of few or equal values as Spark does: NaN where they do not vary, a skewness of two 0.0, NULL of none", async () => {
    const moments = (values: string) => ok(`SELECT skewness(x) AS s, kurtosis(x) AS k FROM VALUES ${values} AS tab(x)`);
    expect(await moments("(1.0D)")).toEqual([{ s: "NaN", k: "NaN" }]);
    expect(await moments("(2), (2), (2)")).toEqual([{ s: "NaN", k: "NaN" }]);
    expect(await moments("(1.0D), (3.0D)")).toEqual([{ s: 0, k: -2 }]);
    expect(await moments("(CAST(NULL AS DOUBLE))")).toEqual([{ s: null, k: null }]);
    const windowed = await ok("SELECT g, kurtosis(x) OVER (PARTITION BY g) AS k FROM VALUES (1, 5), (2, 1), (2, 3) AS tab(g, x) ORDER BY g");
    expect(windowed.map((row) => row.k)).toEqual(["NaN", -2, -2]);
  });

  it("keeps a FILTER and an OVER clause of skewness and kurtosis", async () => {
    expect(
      await ok("SELECT skewness(col) FILTER (WHERE col <> 1) AS s, kurtosis(col) FILTER (WHERE col <> 1) AS k FROM VALUES (1), (-10), (-20), (100), (1000) AS tab(col)"),
    ).toEqual([{ s: expect.closeTo(1.1135657469022011, 14), k: -0.7014368047529627 }]);
    const windowed = await ok("SELECT g, skewness(col) OVER (PARTITION BY g) AS s FROM VALUES (1, -10), (1, -20), (1, 100), (1, 1000), (2, 5) AS tab(g, col) ORDER BY g LIMIT 1");
    expect(windowed[0].s).toBeCloseTo(1.1135657469022011, 14);
  });
});
