/**
 * A string compared with a number as Spark's ANSI mode compares them, over the local workspace's SQL warehouse: cast
 * to BIGINT beside integral literals (a string that is no integer fails with CAST_INVALID_INPUT, where DuckDB rounded '6.9'
 * to 7 for `s = 7` and `s = n` and refused `s > 6` outright), to DOUBLE beside a fractional one; numbers compared as before.
 * An IN list of columns casts the string and the items to their common type as well, and a simple CASE's key and nullif's
 * arguments are compared as Spark's parser writes them out, each comparison on its own. coalesce, nvl, ifnull, greatest, least,
 * if, nvl2 and CASE of a string and a number are of the type Spark widens them to.
 * A scalar subquery's value is compared the same way, and a set operation's columns widened.
 * A string summed or averaged is read as a DOUBLE, as Spark's implicit cast reads it, where DuckDB has no sum of a VARCHAR.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const NOT_BIGINT = `[CAST_INVALID_INPUT] The value '6.9' of the type "STRING" cannot be cast to "BIGINT" because it is malformed.`;

describe("a string where a number is expected", () => {
  const { sql, ok, table } = sqlSession({}, async (ok) => {
    await ok("create table codes (id int, s string, n int)");
    await ok("insert into codes values (1, '7', 5), (2, '6.9', 7), (3, ' 12 ', 12), (4, NULL, 1), (5, '-3', -3)");
  });
  const ids = async (where: string) => (await ok(`select id from codes where ${where} order by id`)).map((row) => row.id);

  it("casts the string to BIGINT beside integral literals, in each comparison, BETWEEN and IN, the literal on either side", async () => {
    const integers = "id <> 2 and";
    expect(await ids(`${integers} s > 6`)).toEqual([1, 3]);
    expect(await ids(`${integers} 6 < s`)).toEqual([1, 3]);
    expect(await ids(`${integers} s >= -3 and s <= 7`)).toEqual([1, 5]);
    expect(await ids(`${integers} s = 7`)).toEqual([1]);
    expect(await ids(`${integers} s != 7`)).toEqual([3, 5]);
    expect(await ids(`${integers} s <=> 12`)).toEqual([3]);
    expect(await ids(`${integers} s between 0 and 12`)).toEqual([1, 3]);
    expect(await ids(`${integers} s not between 0 and 10`)).toEqual([3, 5]);
    expect(await ids(`${integers} s between n and 12`)).toEqual([1, 3, 5]);
    expect(await ids(`${integers} s in (7, 12)`)).toEqual([1, 3]);
    expect(await ids(`${integers} s not in (7L, -3)`)).toEqual([3]);
    expect(await ids(`${integers} (trim(s) > 10 or s::string < 0)`)).toEqual([3, 5]);
    expect(await ok("select id, case when s > 6 then 'high' else 'low' end as level, s > 6 as high, count_if(s > 0) over () as positive from codes where id in (1, 5) order by id")).toEqual([
      { id: 1, level: "high", high: true, positive: 1 },
      { id: 5, level: "low", high: false, positive: 1 },
    ]);
    expect(await ok("select filter(array('3', '9', '12'), x -> x > 5) as big")).toEqual([{ big: ["9", "12"] }]);
  });

  it("promotes a comparison whose alias is written without AS as one written with it, where DuckDB took '6.9' for 7", async () => {
    expect(expectError(await sql("select s = 7 seven from codes where id = 2"))).toContain(NOT_BIGINT);
    expect(expectError(await sql("select id, s = n same from codes where id = 2"))).toContain(NOT_BIGINT);
    expect(await ok("select s = 7 seven, s > 6 high, s = n `same`, s < 1 low from codes where id = 1")).toEqual([{ seven: true, high: true, same: false, low: false }]);
  });

  it("casts a string and an IN list's items to their common type, where DuckDB rounded '6.9' to n's 7", async () => {
    expect(await ids("id <> 2 and s in (n, 7)")).toEqual([1, 3, 5]);
    expect(expectError(await sql("select id from codes where s in (n, 7)"))).toContain(NOT_BIGINT);
    expect(expectError(await sql("select id, s not in (n + 1, 8) as other from codes"))).toContain(NOT_BIGINT);
    expect(await ids("id <> 2 and n in (s, 100)")).toEqual([3, 5]);
    expect(await ids("s in (n, 6.9)")).toEqual([2, 3, 5]);
    expect(await ids("s in (s, 'x')")).toEqual([1, 2, 3, 5]);
    expect(await ids("s in (trim(s), NULL)")).toEqual([1, 2, 5]);
    expect(await ok("select s in (n, 7) from codes where id = 1")).toEqual([{ "(s IN (n, 7))": true }]);
  });

  it("compares a simple CASE's value and nullif's arguments as the comparisons Spark makes of them, where DuckDB took '6.9' for 7", async () => {
    const levels = await ok("select id, case s when 7 then 'seven' when 12 then 'twelve' else 'other' end as level, nullif(s, 7) as other from codes where id <> 2 order by id");
    expect(levels).toEqual([
      { id: 1, level: "seven", other: null },
      { id: 3, level: "twelve", other: " 12 " },
      { id: 4, level: "other", other: null },
      { id: 5, level: "other", other: "-3" },
    ]);
    for (const query of ["select case s when 7 then 1 end as x from codes", "select case n when s then 1 end as x from codes", "select nullif(s, 7) as x from codes"]) {
      expect(expectError(await sql(query))).toContain(NOT_BIGINT);
    }
    // a key written once is compared in each branch; one CASE within another's key or branch too
    expect(await ok("select id, case case n when 5 then 'a' else 'b' end when 'a' then case id when 1 then 'one' end else 'no' end as x from codes where id < 3 order by id")).toEqual([
      { id: 1, x: "one" },
      { id: 2, x: "no" },
    ]);
    expect(await ok("select nullif(n, 7) from codes where id < 3 order by id")).toEqual([{ "nullif(n, 7)": 5 }, { "nullif(n, 7)": null }]);
  });

  it("gives coalesce, nvl, ifnull, greatest, least, if, nvl2 and CASE of a string and a number the type Spark widens them to", async () => {
    const first = "id in (1, 4, 5)";
    expect(await ok(`select id, coalesce(s, 0) as c, typeof(coalesce(s, 0)) as t, nvl(s, n) as v, ifnull(s, 1.5) as f from codes where ${first} order by id`)).toEqual([
      { id: 1, c: 7, t: "bigint", v: 7, f: 7 },
      { id: 4, c: 0, t: "bigint", v: 1, f: 1.5 },
      { id: 5, c: -3, t: "bigint", v: -3, f: -3 },
    ]);
    expect(await ok(`select id, greatest(s, 0) as g, least(s, n, 6) as l, if(id = 1, s, 0) as i, nvl2(s, s, n) as v, case when id > 1 then s else 0 end as c from codes where ${first} order by id`)).toEqual([
      { id: 1, g: 7, l: 5, i: 7, v: 7, c: 0 },
      { id: 4, g: 0, l: 1, i: 0, v: 1, c: null },
      { id: 5, g: 0, l: -3, i: 0, v: -3, c: -3 },
    ]);
    // strings with strings stay strings; a string that is no integer fails as it would be cast
    expect(await ok("select coalesce(s, 'none') as c, case when id = 4 then 'none' else s end as w from codes where id = 4")).toEqual([{ c: "none", w: "none" }]);
    for (const query of ["select coalesce(s, 0) from codes", "select case when id > 0 then s else 0 end from codes", "select greatest(s, n) from codes"]) {
      expect(expectError(await sql(query))).toContain(NOT_BIGINT);
    }
    expect(Object.keys((await ok("select coalesce(s, 0) from codes where id = 1"))[0])).toEqual(["coalesce(s, 0)"]);
  });

  it("gives a set operation's column of a string and a number the type Spark widens them to, by the left operand's name", async () => {
    const literals = await table("select '7' union all select 8 union all select '-9'");
    expect([literals.results.data, literals.results.schema.map((c: any) => [c.name, c.type])]).toEqual([[[7], [8], [-9]], [["7", '"long"']]]);
    // the whole operation's ORDER BY and LIMIT order numbers, by the left operand's name; a string in either operand
    expect(await ok("select s as v from codes where id <> 2 union all select n from codes order by v desc limit 3")).toEqual([{ v: 12 }, { v: 12 }, { v: 7 }]);
    expect(await ok("select n from codes where id = 1 union select s from codes where id in (1, 3) order by 1")).toEqual([{ n: 5 }, { n: 7 }, { n: 12 }]);
    expect(await ok("select id, s as v from codes where id = 1 union all select id, 2.5 from codes where id = 2")).toEqual([{ id: 1, v: 7 }, { id: 2, v: 2.5 }]);
    expect(await ok("select typeof(v) as t from (select s as v from codes where id = 1 union all select cast(1 as decimal(3, 1)))")).toEqual([{ t: "double" }, { t: "double" }]);
    expect(await ok("with c as (select s from codes where id in (1, 3)) select * from c intersect select n from codes order by s")).toEqual([{ s: 7 }, { s: 12 }]);
    expect(await ok("select s from codes where id = 3 except select n from codes where id = 1")).toEqual([{ s: 12 }]);
    // `a UNION ALL b INTERSECT c` is a UNION ALL (b INTERSECT c), as in Spark: the INTERSECT's string is left to DuckDB
    expect((await ok("select 1 as x union all select 2 intersect select '2'")).map((row) => Number(row.x)).sort()).toEqual([1, 2]);
    for (const query of ["select s from codes union all select n from codes", "select n from codes except select s from codes", "select 1 union all select s from codes"]) {
      expect(expectError(await sql(query))).toContain(NOT_BIGINT);
    }
    // strings beside strings stay strings
    expect(await ok("select s from codes where id = 2 union all select 'x'")).toEqual([{ s: "6.9" }, { s: "x" }]);
  });

  it("reads a string as a DOUBLE where a function or a sign takes a number: -s, abs(s), round(s, 1), stddev(s)", async () => {
    expect(await ok("select id, -s as minus, abs(s) as size, round(s, 1) as r, typeof(-s) as t, -n as m from codes where id in (1, 5) order by id")).toEqual([
      { id: 1, minus: -7, size: 7, r: 7, t: "double", m: -5 },
      { id: 5, minus: 3, size: 3, r: -3, t: "double", m: 3 },
    ]);
    expect(await ok("select stddev(s) as sd, variance(s) as v from codes where id in (1, 5)")).toEqual([{ sd: Math.sqrt(50), v: 50 }]);
    expect(Object.keys((await ok("select -s, abs(s) from codes where id = 1"))[0])).toEqual(["(- s)", "abs(s)"]);
    // a string function's value too, named as written
    expect(await ok("select abs(trim(s)) as a, round(concat(s, '1'), 1) as r, -trim(s) as m, sqrt(substr('49', 1, 2)) as q from codes where id = 1")).toEqual([{ a: 7, r: 71, m: -7, q: 7 }]);
    expect(Object.keys((await ok("select abs(trim(s)), trim(s) = 7 from codes where id = 1"))[0])).toEqual(["abs(trim(s))", "(trim(s) = 7)"]);
    // MINUS after AS is a column's name, as Spark reads it; elsewhere EXCEPT
    expect(await ok("select -n as minus from codes where id = 1 minus select -n from codes where id = 2")).toEqual([{ minus: -5 }]);
    // an aggregate's value is not wrapped: a DECIMAL's sum rounds as a DECIMAL, as before
    expect(await ok("select typeof(round(sum(cast(n as decimal(10, 2))), 1)) as t from codes")).toEqual([{ t: "decimal(20,1)" }]);
    expect(expectError(await sql("select abs(s) from values ('seven') as v(s)"))).toContain(`[CAST_INVALID_INPUT] The value 'seven' of the type "STRING" cannot be cast to "DOUBLE"`);
  });

  it("fails a string that is no integer beside an integral literal, as ANSI mode's cast to BIGINT does, where it was rounded", async () => {
    for (const where of ["s = 7", "s > 6", "s between 1 and 10", "s in (7, 8)", "7 = s"]) expect(expectError(await sql(`select id from codes where ${where}`))).toContain(NOT_BIGINT);
  });

  it("casts the string to DOUBLE beside a fractional literal, a DECIMAL, DOUBLE or exponent", async () => {
    expect(await ids("s = 6.9")).toEqual([2]);
    expect(await ids("s > 6.5")).toEqual([1, 2, 3]);
    expect(await ids("s in (7, 6.9D)")).toEqual([1, 2]);
    expect(await ids("s between 6.95 and 1.3e1")).toEqual([1, 3]);
    expect(await ids("s < 9223372036854775808")).toEqual([1, 2, 3, 5]);
    expect(expectError(await sql("select 'seven' > 6.5"))).toContain(`[CAST_INVALID_INPUT] The value 'seven' of the type "STRING" cannot be cast to "DOUBLE"`);
  });

  it("names the comparison's column as Spark does and leaves a comparison of numbers, or of strings, as it was", async () => {
    const named = await sql("select s > 6, n between 1 and 6, n in (1, 7), s = '7' from codes where id = 1");
    expect(named.results.schema.map((c: { name: string }) => c.name)).toEqual(["(s > 6)", "(n BETWEEN 1 AND 6)", "(n IN (1, 7))", "(s = 7)"]);
    expect(named.results.data).toEqual([[true, true, false, true]]);
    expect(await ids("n > 6.5")).toEqual([2, 3]);
    expect(await ids("s = '6.9' or n = -3")).toEqual([2, 5]);
    expect(await ids("id between 1 and 2 and n > 5")).toEqual([2]);
  });

  it("casts the string beside a number column or expression the same way, in a join too, and fails one that is no integer", async () => {
    expect(await ok("select id, s > n as above, n < s, s = n + 2 as two_more from codes where id <> 2 order by id")).toEqual([
      { id: 1, above: true, "(n < s)": true, two_more: true },
      { id: 3, above: false, "(n < s)": false, two_more: false },
      { id: 4, above: null, "(n < s)": null, two_more: null },
      { id: 5, above: false, "(n < s)": false, two_more: false },
    ]);
    expect(await ok("select a.id as a, b.id as b from codes a join codes b on a.s = b.n where a.id <> 2 order by a.id")).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 3 },
      { a: 5, b: 5 },
    ]);
    expect(await ids("n = '5' or n = '-3'")).toEqual([1, 5]);
    // a GROUP BY or ORDER BY item written as a SELECT item is, which DuckDB matches with it
    expect(await ok("select s > 6 as high, n > id as over, count(*) as k from codes where id <> 2 group by s > 6, n > id order by s > 6, n > id")).toEqual([
      { high: null, over: false, k: 1 },
      { high: false, over: false, k: 1 },
      { high: true, over: true, k: 2 },
    ]);
    // operands DuckDB types only with their query, an aggregate beside another or an outer query's column, keep DuckDB's comparison
    expect(await ok("select n % 2 as odd, max(id) = min(id) as single from codes group by 1 having max(id) > min(n) order by 1")).toEqual([
      { odd: -1, single: true },
      { odd: 1, single: false },
    ]);
    expect(await ids("exists (select 1 from codes u where u.s = codes.s and u.id = codes.id)")).toEqual([1, 2, 3, 5]);
    expect(await ids("s = cast(n as double) - 0.1")).toEqual([2]);
    expect(expectError(await sql("select id from codes where s = n"))).toContain(NOT_BIGINT);
    // a subquery's value beside the string, and the subquery's own comparisons as the query's, where DuckDB took '6.9' for 7
    expect(await ids("id <> 2 and s = (select max(n) from codes where n < 10)")).toEqual([1]);
    expect(await ids("(select max(s) from codes where id = 1) = n")).toEqual([2]);
    for (const query of ["select id from codes where s = (select 7)", "select case when s = (select max(n) from codes) then 1 end from codes", "select 1 where 7 = (select max(n) from codes where s > 6)"]) {
      expect(expectError(await sql(query))).toContain(NOT_BIGINT);
    }
    // a join of numbers stays a hash join
    const plan = await ok("explain select a.id from codes a join codes b on a.id = b.n");
    expect(JSON.stringify(plan)).toContain("HASH_JOIN");
  });

  it("sums and averages a string as a DOUBLE, as Spark's implicit cast reads it, a number as before", async () => {
    const totals = await sql("select sum(s), avg(s), try_sum(s), sum(distinct s) as once, mean(n), sum(n) from codes where id <> 2");
    expect(totals.results.schema.map((c: { name: string; type: string }) => `${c.name}: ${JSON.parse(c.type)}`)).toEqual([
      "sum(s): double", "avg(s): double", "try_sum(s): double", "once: double", "mean(n): double", "sum(n): long",
    ]);
    expect(totals.results.data).toEqual([[16, 16 / 3, 16, 16, 15 / 4, 15]]);
    expect(await ok("select id, sum(s) over (order by id) as running from codes where id in (1, 3)")).toEqual([
      { id: 1, running: 7 },
      { id: 3, running: 19 },
    ]);
    expect(await ok("select id % 2 as odd, sum(s) as total from codes group by 1 order by 1")).toEqual([
      { odd: 0, total: 6.9 },
      { odd: 1, total: 16 },
    ]);
    expect(expectError(await sql("select sum(s) from (select 'seven' as s)"))).toContain(`[CAST_INVALID_INPUT] The value 'seven' of the type "STRING" cannot be cast to "DOUBLE"`);
  });

  it("compares the same way in DELETE and UPDATE", async () => {
    await ok("create table stock (sku string, qty string)");
    await ok("insert into stock values ('a', '3'), ('b', '40'), ('c', '12')");
    await ok("update stock set qty = '0' where qty < 10");
    await ok("delete from stock where qty > 20");
    expect(await ok("select sku, qty from stock order by sku")).toEqual([
      { sku: "a", qty: "0" },
      { sku: "c", qty: "12" },
    ]);
  });
});
