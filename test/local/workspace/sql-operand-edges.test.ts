/**
 * Operators whose operands end or begin at a word, over the local workspace's Command Execution API, as
 * Spark 3.5 in ANSI mode answers them: DIV and `/` after CASE … END (the divisor guarded, DIVIDE_BY_ZERO
 * for a zero), `||` after CASE … END (a TIMESTAMP written as a cast to STRING writes it), and a column
 * named div after CASE, which is no operator; `::` after an aggregate's FILTER or OVER clause, which casts the aggregate.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const DIVIDE_BY_ZERO =
  "org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. " +
  `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22012`;

describe("operators after CASE … END and words that end no operand", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table edges (id int, zero int, d decimal(10,2), ts timestamp, div int)");
    await ok("insert into edges values (1, 0, 7.50, timestamp'2024-01-02 03:04:05', 9)");
  });

  it("fails CASE … END DIV 0, / 0 and % 0 with DIVIDE_BY_ZERO", async () => {
    expect(expectError(await sql("select case when id > 0 then 7 end div zero from edges"))).toBe(DIVIDE_BY_ZERO);
    expect(expectError(await sql("select case when id > 0 then d end / zero from edges"))).toBe(DIVIDE_BY_ZERO);
    expect(expectError(await sql("select case when id > 0 then 7 end % zero from edges"))).toBe(DIVIDE_BY_ZERO);
  });

  it("answers CASE … END DIV n as Spark's quotient, a BIGINT truncated whatever the operand's type", async () => {
    const result = (await sql("select case when id > 0 then d end div 2 as q, case when id > 0 then -7 end div 2 as r from edges")).results;
    expect(result.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["q", '"long"'],
      ["r", '"long"'],
    ]);
    expect(result.data).toEqual([[3, -3]]);
  });

  it("reads a column named div after CASE as the column, not the operator", async () => {
    expect(await ok("select case div when 9 then 'nine' end as c, case div div 2 when 4 then 'four' end as h from edges")).toEqual([{ c: "nine", h: "four" }]);
  });

  it("reads the columns named left, order and window as operands of DIV and ||, where those words start no clause", async () => {
    await ok("create table words (`left` int, `order` string, `window` int, `group` int)");
    await ok("insert into words values (7, 'a', 9, 4)");
    expect(await ok("select left div 2 as l, order || 'x' as o, window div 2 as w, left || order as lo, group div 2 as g from words order by left")).toEqual([
      { l: 3, o: "ax", w: 4, lo: "7a", g: 2 },
    ]);
    expect(await ok("select e.id, w.left div 2 as l from edges e left join words w on w.left div 7 = e.id order by e.id")).toEqual([{ id: 1, l: 3 }]);
    expect(
      await ok("select left div 2 as l, sum(window) over w as s from words group by left, window window w as (order by left) order by left"),
    ).toEqual([{ l: 3, s: 9 }]);
  });

  it("concatenates CASE … END || 'x' as Spark's concat, a TIMESTAMP without a zone offset, before and after other terms", async () => {
    expect(
      await ok("select case when id > 0 then ts end || 'x' as a, case when id > 0 then 7 end - 1 || 'x' as b, 'x' || case when id > 0 then ts end || '!' as c from edges"),
    ).toEqual([{ a: "2024-01-02 03:04:05x", b: "6x", c: "x2024-01-02 03:04:05!" }]);
  });

  it("casts an aggregate with its FILTER or OVER clause as a whole with ::, as Spark reads `count(*) FILTER (…)::INT`", async () => {
    const types = (result: { schema: { name: string; type: string }[] }) => result.schema.map((c) => [c.name, c.type]);
    const filtered = (await sql("select count(*) filter (where id > 0)::int as c, sum(div) filter (where id > 0)::smallint as s from edges")).results;
    expect(types(filtered)).toEqual([
      ["c", '"integer"'],
      ["s", '"short"'],
    ]);
    expect(filtered.data).toEqual([[1, 9]]);
    const windowed = (await sql("select sum(div) over (order by id)::smallint as s, sum(div) over w::int as n, avg(div) over w::string as a from edges window w as (order by id)")).results;
    expect(types(windowed)).toEqual([
      ["s", '"short"'],
      ["n", '"integer"'],
      ["a", '"string"'],
    ]);
    expect(windowed.data).toEqual([[9, 9, "9.0"]]);
  });
});
