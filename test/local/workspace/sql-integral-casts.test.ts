/**
 * Casts to TINYINT, SMALLINT, INT and BIGINT as a Databricks SQL warehouse (ANSI mode) makes them,
 * over the local workspace's Command Execution API and SQL warehouse: a FLOAT, DOUBLE or DECIMAL is
 * truncated toward zero (`int(-5.6)` is -5 in Databricks' docs; DuckDB rounds), a string that is not
 * an integer fails with CAST_INVALID_INPUT, and a value out of the type's range with CAST_OVERFLOW;
 * TRY_CAST answers NULL for those and reads '1.5' as 1, as Spark's try_cast does.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const BYPASS = `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`;
const invalid = (value: string, type: string) =>
  `org.apache.spark.SparkNumberFormatException: [CAST_INVALID_INPUT] The value '${value}' of the type "STRING" cannot be cast to "${type}" because it is malformed. ` +
  `Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead. ${BYPASS} SQLSTATE: 22018`;

describe("casts to an integral type", () => {
  const { sql, ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table vals (id int, d double, f float, m decimal(20,3), s string)");
    await ok("insert into vals values (1, 1.5, 2.7, 12345678901234.999, ' 42 '), (2, -1.5, -2.7, -0.999, '-7'), (3, 2.7, 0.5, 99.5, '+3')");
  });

  it("truncates a DOUBLE, FLOAT or DECIMAL toward zero, in CAST and in the int(x) form", async () => {
    expect(await ok("select cast(1.5 as int) as a, cast(2.7 as bigint) as b, cast(-1.5 as int) as c, int(-5.6) as d, bigint(5.6) as e, cast(-0.5 as smallint) as f, tinyint(127.9) as g")).toEqual([
      { a: 1, b: 2, c: -1, d: -5, e: 5, f: 0, g: 127 },
    ]);
    expect(await ok("select id, cast(d as int) as d, cast(f as bigint) as f, cast(m as bigint) as m from vals order by id")).toEqual([
      { id: 1, d: 1, f: 2, m: 12345678901234 },
      { id: 2, d: -1, f: -2, m: 0 },
      { id: 3, d: 2, f: 0, m: 99 },
    ]);
  });

  it("truncates in the :: form too, which binds tighter than a sign", async () => {
    expect(await ok("select id, d::int as a, -1.5::int as b, (d * 3)::bigint as c, f::smallint + 1 as e, upper(s)::int as g from vals order by id")).toEqual([
      { id: 1, a: 1, b: -1, c: 4, e: 3, g: 42 },
      { id: 2, a: -1, b: -1, c: -4, e: -1, g: -7 },
      { id: 3, a: 2, b: -1, c: 8, e: 1, g: 3 },
    ]);
    expect(expectError(await sql("select '1.5'::int"))).toBe(invalid("1.5", "INT"));
  });

  it("truncates in a :: after CASE … END or after another ::", async () => {
    expect(
      await ok(
        "select id, case when id < 3 then d else -d end::int as a, d::double::int as b, m::double::bigint as c, d::int::bigint as e, " +
          "(case when id = 1 then f end)::smallint as g, s::string::int as h, d::decimal(10,2)::tinyint as i from vals order by id",
      ),
    ).toEqual([
      { id: 1, a: 1, b: 1, c: 12345678901234, e: 1, g: 2, h: 42, i: 1 },
      { id: 2, a: -1, b: -1, c: 0, e: -1, g: null, h: -7, i: -1 },
      { id: 3, a: -2, b: 2, c: 99, e: 2, g: null, h: 3, i: 2 },
    ]);
    expect(expectError(await sql("select case when true then '2.5' end::int"))).toBe(invalid("2.5", "INT"));
  });

  it("truncates a value INSERT or UPDATE stores in an integral column, as Spark's ANSI store assignment casts it", async () => {
    await ok("create table stored (id int, i int, b bigint, t tinyint, arr array<int>)");
    await ok("insert into stored values (1, 1.7, -2.7, 127.9, array(1)), (2, cast(-0.5 as double), 9.99, -1.5, array(2))");
    await ok("insert into stored select 3, d * 2, m, f, array(3) from vals where id = 3");
    expect(await ok("select id, i, b, t from stored order by id")).toEqual([
      { id: 1, i: 1, b: -2, t: 127 },
      { id: 2, i: 0, b: 9, t: -1 },
      { id: 3, i: 5, b: 99, t: 0 },
    ]);
    expect(await ok("update stored set i = 2.9, b = -7.99, t = t + 0.5 where id = 1")).toEqual([{ num_affected_rows: 1 }]);
    expect(await ok("update stored set i = i * 1.9 where id = 3")).toEqual([{ num_affected_rows: 1 }]);
    expect(await ok("select id, i, b, t from stored order by id")).toEqual([
      { id: 1, i: 2, b: -7, t: 127 },
      { id: 2, i: 0, b: 9, t: -1 },
      { id: 3, i: 9, b: 99, t: 0 },
    ]);
  });

  it("fails a value out of an integral column's range with CAST_OVERFLOW_IN_TABLE_INSERT naming the column, and stores nothing", async () => {
    const overflow = (source: string, target: string, column: string) =>
      `org.apache.spark.SparkArithmeticException: [CAST_OVERFLOW_IN_TABLE_INSERT] Fail to assign a value of "${source}" type to the "${target}" type column or variable \`${column}\` due to an overflow. ` +
      "Use `try_cast` on the input value to tolerate overflow and return NULL instead. SQLSTATE: 22003";
    await ok("create table narrow (id int, t tinyint, big bigint)");
    await ok("insert into narrow values (1, 1, 1)");
    expect(expectError(await sql("insert into narrow values (2, 300.5, 0)"))).toBe(overflow("DECIMAL(4,1)", "TINYINT", "t"));
    expect(expectError(await sql("insert into narrow select 2, 0, 1e30"))).toBe(overflow("DOUBLE", "BIGINT", "big"));
    expect(expectError(await sql("insert into narrow (big, id) values (0, 3000000000L)"))).toBe(overflow("BIGINT", "INT", "id"));
    expect(expectError(await sql("update narrow set t = t * 200 where id = 1"))).toBe(overflow("INT", "TINYINT", "t"));
    expect(await ok("select * from narrow")).toEqual([{ id: 1, t: 1, big: 1 }]);
    // a cast in the query itself still fails with CAST_OVERFLOW
    expect(expectError(await sql("insert into narrow values (2, cast(300 as tinyint), 0)"))).toMatch(/^org\.apache\.spark\.SparkArithmeticException: \[CAST_OVERFLOW\] The value 300 of the type "INT"/);
  });

  it("reads a string that is an integer, trimmed, and refuses one with a fraction or an exponent as ANSI mode does", async () => {
    expect(await ok("select id, cast(s as int) as v from vals order by id")).toEqual([
      { id: 1, v: 42 },
      { id: 2, v: -7 },
      { id: 3, v: 3 },
    ]);
    expect(await ok("select cast(cast(null as string) as int) as v, int(nullif(s, s)) as w from vals where id = 1")).toEqual([{ v: null, w: null }]);
    expect(expectError(await sql("select cast('1.5' as int)"))).toBe(invalid("1.5", "INT"));
    expect(expectError(await sql("select bigint('1e2')"))).toBe(invalid("1e2", "BIGINT"));
    expect(expectError(await sql("select cast(concat(s, '.0') as tinyint) from vals where id = 2"))).toBe(invalid("-7.0", "TINYINT"));
  });

  it("reads a string in TRY_CAST as Spark's try_cast does, truncating a fraction, and answers NULL for what CAST fails", async () => {
    // Spark's own try_cast tests
    expect(
      await ok(
        "select try_cast('1.23' as int) as a, try_cast('-4.56' as long) as b, try_cast('abc' as int) as c, try_cast('1234567890123' as int) as d, try_cast('' as int) as e, " +
          "try_cast('123.a' as int) as f, try_cast('-2147483648' as int) as g, try_cast('2147483648' as int) as h, try_cast('-9223372036854775809' as long) as i",
      ),
    ).toEqual([{ a: 1, b: -4, c: null, d: null, e: null, f: null, g: -2147483648, h: null, i: null }]);
    expect(await ok("select id, try_cast(d as int) as d, try_cast(m as tinyint) as m, try_cast(concat(trim(s), '.9') as smallint) as s, try_cast(concat(s, '.9') as int) as spaced, try_cast('1e2' as int) as e from vals order by id")).toEqual([
      { id: 1, d: 1, m: null, s: 42, spaced: null, e: null },
      { id: 2, d: -1, m: 0, s: -7, spaced: -7, e: null },
      { id: 3, d: 2, m: 99, s: 3, spaced: 3, e: null },
    ]);
    expect((await sql("select try_cast(d as int) from vals")).results.schema.map((c: { name: string }) => c.name)).toEqual(["TRY_CAST(d AS INT)"]);
  });

  it("fails a value out of the type's range with CAST_OVERFLOW in Spark's words, the value written as a literal of its type", async () => {
    const overflow = (value: string, type: string, target: string) =>
      `org.apache.spark.SparkArithmeticException: [CAST_OVERFLOW] The value ${value} of the type "${type}" cannot be cast to "${target}" due to an overflow. ` +
      `Use \`try_cast\` to tolerate overflow and return NULL instead. ${BYPASS} SQLSTATE: 22003`;
    expect(expectError(await sql("select cast(1e10d as int)"))).toBe(overflow("1.0E10D", "DOUBLE", "INT"));
    expect(expectError(await sql("select cast(d * 1e10 as int) from vals where id = 1"))).toBe(overflow("1.5E10D", "DOUBLE", "INT"));
    expect(expectError(await sql("select cast(300.5 as tinyint)"))).toBe(overflow("300.5BD", "DECIMAL(4,1)", "TINYINT"));
    expect(expectError(await sql("select cast(40000 as smallint)"))).toBe(overflow("40000", "INT", "SMALLINT"));
    expect(expectError(await sql("select int(3000000000L)"))).toBe(overflow("3000000000L", "BIGINT", "INT"));
    expect(expectError(await sql("select cast(cast(-1e20 as float) as bigint)"))).toBe(overflow("-1.0E20F", "FLOAT", "BIGINT"));
    expect(expectError(await sql("select cast(cast(12345678.5 as double) as smallint)"))).toBe(overflow("1.23456785E7D", "DOUBLE", "SMALLINT"));
    expect(expectError(await sql("select cast(cast('NaN' as double) as int)"))).toBe(overflow("NaND", "DOUBLE", "INT"));
    expect(await ok("select try_cast(1e10d as int) as a, cast(cast(null as double) as int) as b, cast(2147483647.9d as int) as c")).toEqual([{ a: null, b: null, c: 2147483647 }]);
  });

  it("names the column as Spark names a cast", async () => {
    expect((await sql("select cast(d as int), cast('7' as bigint), f::tinyint from vals")).results.schema.map((c: { name: string }) => c.name)).toEqual([
      "CAST(d AS INT)",
      "CAST(7 AS BIGINT)",
      "CAST(f AS TINYINT)",
    ]);
  });

  it("answers the warehouse's statement with the truncated value", async () => {
    const done = await warehouseStatement(harness(), "select cast(2.7 as int) as v");
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.result.data_array).toEqual([["2"]]);
  });
});
