/**
 * sum's type as Spark 3.5 types it, over the local workspace's Command Execution API: a DOUBLE for the
 * untyped NULL, a DECIMAL(p+10,s) of a DECIMAL(p,s), a BIGINT of integers, failing as ANSI mode fails.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const columns = (result: any) => result.schema.map((c: { name: string; type: string }) => [c.name, c.type]);

describe("sum's type", () => {
  const { sql } = sqlSession({}, async (ok) => {
    await ok("create table amounts (id int, price decimal(6,2), mid decimal(20,4), wide decimal(30,3), big bigint)");
    await ok("insert into amounts values (1, 1.50, 0.0001, 10.125, 9223372036854775807), (2, 2.25, 1234567890123456.0001, 20.250, 1)");
  });

  it("sums the untyped NULL as a DOUBLE, over a group and a window, named sum(NULL)", async () => {
    const result = (await sql("select sum(null), sum(null) over () as w, sum(cast(null as int)) as i from amounts")).results;
    expect(columns(result)).toEqual([
      ["sum(NULL)", '"double"'],
      ["w", '"double"'],
      ["i", '"long"'],
    ]);
    expect(result.data).toEqual([[null, null, null]]);
  });

  it("sums a DECIMAL(p,s) as a DECIMAL(p+10,s), at most 38 digits, its value exact, with DISTINCT, FILTER and OVER too", async () => {
    const result = (await sql("select sum(price), sum(mid) as m, sum(wide) as w, sum(distinct price) filter (where id = 2) as f, sum(cast(price as decimal(2,0))) as small from amounts")).results;
    expect(columns(result)).toEqual([
      ["sum(price)", '"decimal(16,2)"'],
      ["m", '"decimal(30,4)"'],
      ["w", '"decimal(38,3)"'],
      ["f", '"decimal(16,2)"'],
      ["small", '"decimal(12,0)"'],
    ]);
    expect(result.data).toEqual([["3.75", "1234567890123456.0002", "30.375", "2.25", "4"]]);
    const running = (await sql("select id, sum(price) over (order by id) as r, sum(price) over w as n from amounts window w as (order by id desc) order by id")).results;
    expect(columns(running)).toEqual([
      ["id", '"integer"'],
      ["r", '"decimal(16,2)"'],
      ["n", '"decimal(16,2)"'],
    ]);
    expect(running.data).toEqual([
      [1, "1.50", "3.75"],
      [2, "3.75", "2.25"],
    ]);
  });

  it("sums and averages a DECIMAL of 9 to 18 digits in Spark's wider type, a sum beyond 18 digits answered (DuckDB's arithmetic keeps 18)", async () => {
    const result = (
      await sql(
        "select sum(cast(x as decimal(18,0))) as s, avg(cast(x as decimal(18,0))) as a, sum(cast(y as decimal(16,2))) as t, avg(cast(y as decimal(16,2))) as b " +
          "from values (999999999999999999, 99999999999999.99), (999999999999999999, 99999999999999.99) as v(x, y)",
      )
    ).results;
    expect(columns(result)).toEqual([
      ["s", '"decimal(28,0)"'],
      ["a", '"decimal(22,4)"'],
      ["t", '"decimal(26,2)"'],
      ["b", '"decimal(20,6)"'],
    ]);
    expect(result.data).toEqual([["1999999999999999998", "999999999999999999.0000", "199999999999999.98", "99999999999999.990000"]]);
  });

  it("fails a DECIMAL sum beyond 38 digits as ANSI mode does, rather than answering a number its type cannot hold", async () => {
    const tooWide = "select sum(x) from values (cast('60000000000000000000000000000000000.000' as decimal(38,3))), (60000000000000000000000000000000000) as v(x)";
    expect(expectError(await sql(tooWide))).toBe(
      'org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] Overflow in sum of decimals. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003',
    );
  });

  it("types try_sum as sum, a DECIMAL(p+10,s) of a DECIMAL(p,s), but NULL where the sum leaves that type", async () => {
    const result = (await sql("select try_sum(price), try_sum(mid) filter (where id = 2) as m from amounts")).results;
    expect(columns(result)).toEqual([
      ["try_sum(price)", '"decimal(16,2)"'],
      ["m", '"decimal(30,4)"'],
    ]);
    expect(result.data).toEqual([["3.75", "1234567890123456.0001"]]);
    const running = (await sql("select try_sum(mid) over (order by id) as m from amounts order by id")).results;
    expect(columns(running)).toEqual([["m", '"decimal(30,4)"']]);
    expect(running.data).toEqual([["0.0001"], ["1234567890123456.0002"]]);
    const tooWide = "select try_sum(x) as t from values (cast('60000000000000000000000000000000000.000' as decimal(38,3))), (60000000000000000000000000000000000) as v(x)";
    expect((await sql(tooWide)).results.data).toEqual([[null]]);
  });

  it("types try_avg as avg, a DECIMAL(p+4,s+4) of a DECIMAL(p,s), but NULL where the mean leaves that type, where DuckDB knew no try_avg", async () => {
    const result = (await sql("select try_avg(price), try_avg(id) filter (where id > 1) as i from amounts")).results;
    expect(columns(result)).toEqual([
      ["try_avg(price)", '"decimal(10,6)"'],
      ["i", '"double"'],
    ]);
    expect(result.data).toEqual([["1.875000", 2]]);
    const running = (await sql("select try_avg(mid) over (order by id) as m from amounts order by id")).results;
    expect(columns(running)).toEqual([["m", '"decimal(24,8)"']]);
    expect(running.data).toEqual([["0.00010000"], ["617283945061728.00010000"]]);
    const tooWide = "select try_avg(x) as t from values (cast('99999999999999999999999999999999999999' as decimal(38,0))) as v(x)";
    expect((await sql(tooWide)).results.data).toEqual([[null]]);
  });

  it("keeps a BIGINT sum of integers, failing a running sum once it leaves BIGINT's range", async () => {
    const result = (await sql("select sum(id), sum(cast(id as double)) as d from amounts")).results;
    expect(columns(result)).toEqual([
      ["sum(id)", '"long"'],
      ["d", '"double"'],
    ]);
    expect(expectError(await sql("select id, sum(big) over (order by id) as r from amounts"))).toMatch(/^org.apache.spark.SparkArithmeticException: \[ARITHMETIC_OVERFLOW\] long overflow\./);
  });
});
