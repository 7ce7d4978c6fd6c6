/**
 * A number, boolean, date or timestamp value where Spark's string functions and LIKE take a STRING, over the local workspace's
 * SQL warehouse: cast as CAST(x AS STRING) writes it (a DOUBLE as Java writes it, 1.0E10), as Spark's implicit cast does, where
 * DuckDB's binder refused length(n), lpad(id + 1, 8, '0') and n LIKE '12%'. A string stays as it is.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("a value where a string is expected", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("create table vals (id bigint, d double, amount decimal(5,2), flag boolean, day date, s string, b binary)");
    await ok("insert into vals values (12345, 1e10, 1.50, true, DATE '2024-01-02', 'text', X'00FF')");
  });

  it("writes the value as its cast to STRING writes it, in each string function", async () => {
    expect(
      await ok(
        "select length(id) as l, lpad(id, 8, '0') as p, upper(d) as u, substr(d, 1, 3) as sub, replace(amount, '.', ',') as r, initcap(flag) as i, " +
          "split(day, '-') as parts, locate('3', id) as at, trim(v.id) as t from vals as v",
      ),
    ).toEqual([{ l: 5, p: "00012345", u: "1.0E10", sub: "1.0", r: "1,50", i: "True", parts: ["2024", "01", "02"], at: 3, t: "12345" }]);
  });

  it("writes the value of an expression, a call or a literal the same way, a string function's value as it is", async () => {
    expect(
      await ok(
        "select length(id + 1) as l, lpad(id * 2, 8, '0') as p, substr(abs(-amount), 1, 3) as a, length(1e10) as e, length(12.50) as dec, " +
          "upper(case when flag then d end) as c, length(day + 1) as day_after, transform(array(1, 2), x -> lpad(x + 1, 3, '0')) as each, " +
          "upper(trim(lower(s))) as nested from vals",
      ),
    ).toEqual([{ l: 5, p: "00024690", a: "1.5", e: 6, dec: 5, c: "1.0E10", day_after: 10, each: ["002", "003"], nested: "TEXT" }]);
    expect(Object.keys((await ok("select length(id + 1), upper(trim(s)) from vals"))[0])).toEqual(["length((id + 1))", "upper(trim(s))"]);
  });

  it("matches LIKE, RLIKE and NOT LIKE against the value's text", async () => {
    expect(await ok("select id like '12%' as a, d like '1.0E%' as b, amount not like '%0' as c, v.day rlike '^2024' as d from vals as v")).toEqual([{ a: true, b: true, c: false, d: true }]);
  });

  it("leaves a string as it is, and names the calls as written", async () => {
    expect(await ok("select length(s) as s, upper(s) as u from vals")).toEqual([{ s: 4, u: "TEXT" }]);
    expect(Object.keys((await ok("select length(id), upper(d) from vals"))[0])).toEqual(["length(id)", "upper(d)"]);
  });
});
