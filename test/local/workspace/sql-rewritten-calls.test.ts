/**
 * Spark functions the translation writes otherwise than DuckDB's (sql/call-rewrites.ts), over the local
 * workspace's Command Execution API, answering as Spark 3.5 does, inside other calls too.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("rewritten function calls", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table words (id int, s string, d decimal(10,2))");
    await ok("insert into words values (1, 'straße', 1.50), (2, 'ab', 2.25)");
  });

  it("averages over a rewritten call in avg's argument, its FILTER and its OVER clause", async () => {
    expect(await ok("select avg(length(concat_ws('-', s, s))) as a, avg(d) filter (where concat_ws('-', s, s) = 'ab-ab') as b from words")).toEqual([
      { a: 9, b: "2.250000" },
    ]);
    expect(await ok("select id, mean(length(concat_ws('-', s, 'x'))) over (order by length(concat_ws('-', s, s)) desc) as m from words order by id")).toEqual([
      { id: 1, m: 8 },
      { id: 2, m: 6 },
    ]);
  });

  it("upper-cases ß as SS, as Spark's Java does, keeping ẞ, and names the column upper(s) as Spark does", async () => {
    const result = (await sql("select id, upper(s), ucase('ß') as u, upper('ẞ') as capital, transform(array(s), x -> upper(x)) as t from words order by id")).results;
    expect(result.schema.map((c: { name: string }) => c.name)).toEqual(["id", "upper(s)", "u", "capital", "t"]);
    expect(result.data).toEqual([
      [1, "STRASSE", "SS", "ẞ", ["STRASSE"]],
      [2, "AB", "SS", "ẞ", ["AB"]],
    ]);
    expect((await sql("select transform(array(s), x -> upper(x)) from words")).results.schema[0].name).toBe(
      "transform(array(s), lambdafunction(upper(namedlambdavariable()), namedlambdavariable()))",
    );
  });

  it("maps the case of text that is not ASCII as Java does: İ lower-cased i̇, a final Σ ς, ﬁ upper-cased FI, and names each call as written", async () => {
    const result = (await sql("select lower('İSTANBUL') as i, lcase('ΟΔΟΣ ΟΔΟΣ') as sigma, upper('ﬁne') as ligature, ucase('ǰ') as j, lower('ABC') as ascii, lower(s), ucase(s) from words order by id")).results;
    expect(result.schema.map((c: { name: string }) => c.name)).toEqual(["i", "sigma", "ligature", "j", "ascii", "lower(s)", "ucase(s)"]);
    expect(result.data).toEqual([
      ["i\u0307stanbul", "οδος οδος", "FINE", "J\u030C", "abc", "straße", "STRASSE"],
      ["i\u0307stanbul", "οδος οδος", "FINE", "J\u030C", "abc", "ab", "AB"],
    ]);
  });

  it("sums with try_sum as sum does, a BIGINT of integers, but NULL where the sum leaves BIGINT's range, over a window too", async () => {
    await ok("create table longs (id int, big bigint, n int)");
    await ok("insert into longs values (1, 9223372036854775807, 4), (2, 1, 0)");
    const result = (await sql("select try_sum(n), try_sum(big) as big, try_sum(cast(n as double)) as d, try_sum(n) filter (where id = 2) as f from longs")).results;
    expect(result.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["try_sum(n)", '"long"'],
      ["big", '"long"'],
      ["d", '"double"'],
      ["f", '"long"'],
    ]);
    expect(result.data).toEqual([[4, null, 4, 0]]);
    expect(await ok("select id, try_sum(big) over (order by id) as w, try_sum(n) over x as x from longs window x as (order by id) order by id")).toEqual([
      { id: 1, w: "9223372036854775807", x: 4 },
      { id: 2, w: null, x: 4 },
    ]);
  });
});
