/**
 * A number, boolean, date or timestamp value where Spark's string functions and LIKE take a STRING, over the local workspace's
 * SQL warehouse: cast as CAST(x AS STRING) writes it (a DOUBLE as Java writes it, 1.0E10), as Spark's implicit cast does, where
 * DuckDB's binder refused length(n), lpad(id + 1, 8, '0') and n LIKE '12%'. A string stays as it is.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("a value where a string is expected", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
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

  it("takes the value as text in regexp_instr, rlike's and regexp's function forms, the padding of lpad, replace's and translate's strings, reverse and overlay", async () => {
    expect(
      await ok(
        "select regexp_instr(id, '3') as ri, rlike(id, '^12') as rl, regexp(d, 'E10$') as re, regexp_like(amount, '50$') as rk, lpad(flag, 6, 0) as lp, rpad(7, 3, 0) as rp, " +
          "replace(id, 23, 9) as rep, translate(amount, 5, 7) as tr, reverse(id) as rev, reverse(d) as rev_d, overlay(id placing 0 from 2 for 3) as ov from vals",
      ),
    ).toEqual([{ ri: 3, rl: true, re: true, rk: true, lp: "00true", rp: "700", rep: "1945", tr: "1.70", rev: "54321", rev_d: "01E0.1", ov: "105" }]);
    expect(Object.keys((await ok("select rlike(s, 'x'), reverse(id) from vals"))[0])).toEqual(["REGEXP_LIKE(s, x)", "reverse(id)"]);
    // reverse takes a STRING or an ARRAY, no MAP nor STRUCT
    expect(await ok("select reverse(array(1, 2)) as a, reverse(s) as s from vals")).toEqual([{ a: [2, 1], s: "txet" }]);
    expect(expectError(await sql("select reverse(map(1, 2)) from vals"))).toMatch(/DATATYPE_MISMATCH\.UNEXPECTED_INPUT_TYPE.*"MAP"/);
  });

  it("leaves a string as it is, and names the calls as written", async () => {
    expect(await ok("select length(s) as s, upper(s) as u from vals")).toEqual([{ s: 4, u: "TEXT" }]);
    expect(Object.keys((await ok("select length(id), upper(d) from vals"))[0])).toEqual(["length(id)", "upper(d)"]);
  });
});
