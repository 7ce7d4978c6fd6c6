/**
 * The errors of ANSI mode, which Databricks SQL warehouses run with, over the local workspace's
 * Command Execution API and SQL warehouse: division by zero fails with DIVIDE_BY_ZERO (try_divide
 * answers NULL), integer overflow with ARITHMETIC_OVERFLOW (a sum of integers beyond BIGINT's range too), a malformed string cast with
 * CAST_INVALID_INPUT, a number too wide for a DECIMAL with NUMERIC_VALUE_OUT_OF_RANGE (CAST_OVERFLOW_IN_TABLE_INSERT when a
 * DECIMAL column stores it), each in Spark's words.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const BYPASS = `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`;

describe("ANSI mode's errors", () => {
  const { sql, ok, harness } = sqlSession({}, async (ok) => {
    await ok("create table nums (id int, n int, d double, big bigint, s string)");
    await ok("insert into nums values (1, 4, 2.0, 9223372036854775807, '12'), (2, 0, 0.0, 1, 'abc')");
  });

  it("fails a division, DIV or % by zero with DIVIDE_BY_ZERO, in any position, and try_divide answers NULL", async () => {
    const divideByZero =
      "org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. " +
      `${BYPASS} SQLSTATE: 22012`;
    expect(expectError(await sql("select id / n from nums"))).toBe(divideByZero);
    expect(expectError(await sql("select 1.5 / d from nums"))).toBe(divideByZero);
    expect(expectError(await sql("select id from nums where 10 div (n - 4) > 0"))).toBe(divideByZero);
    expect(expectError(await sql("select sum(id % n) over (order by id) from nums"))).toBe(divideByZero);
    expect(expectError(await sql("select 1 / 0"))).toBe(divideByZero);
    expect(await ok("select id, try_divide(id, n) as t, id / nullif(n, 0) as q, 7 / 2 as half, -8 div -3 as quotient, 7 % 3 as rest from nums order by id")).toEqual([
      { id: 1, t: 0.25, q: 0.25, half: 3.5, quotient: 2, rest: 1 },
      { id: 2, t: null, q: null, half: 3.5, quotient: 2, rest: 1 },
    ]);
    expect(await ok("select div, div div 2 as half from (select 7 as div)")).toEqual([{ div: 7, half: 3 }]);
    // a string operand of DIV is cast to BIGINT as Spark's ANSI mode casts it beside an integral number, '6.5' failing
    expect(await ok("select s div 2 as a, '7' div 2 as b, 15 div s as c, s div s as d from (select '6' as s)")).toEqual([{ a: 3, b: 3, c: 2, d: 1 }]);
    expect(expectError(await sql("select s div 2 from (select '6.5' as s)"))).toContain("[CAST_INVALID_INPUT] The value '6.5' of the type \"STRING\" cannot be cast to \"BIGINT\"");
    // the divisor's guard leaves the column's name as Spark writes it
    expect((await sql("select id / 2, n % 3 from nums")).results.schema.map((c: { name: string }) => c.name)).toEqual(["(id / 2)", "(n % 3)"]);
  });

  it("fails an integer overflow with ARITHMETIC_OVERFLOW naming the try_ function", async () => {
    expect(expectError(await sql("select big + 1 from nums"))).toBe(
      `org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] long overflow. Use 'try_add' to tolerate overflow and return NULL instead. ${BYPASS} SQLSTATE: 22003`,
    );
    expect(expectError(await sql("select n * 2147483647 from nums where id = 1"))).toBe(
      `org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] integer overflow. Use 'try_multiply' to tolerate overflow and return NULL instead. ${BYPASS} SQLSTATE: 22003`,
    );
  });

  it("sums INT, BIGINT, SMALLINT and TINYINT columns as a BIGINT, and fails a sum beyond BIGINT's range with ARITHMETIC_OVERFLOW", async () => {
    const longOverflow = `org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] long overflow. Use 'try_add' to tolerate overflow and return NULL instead. ${BYPASS} SQLSTATE: 22003`;
    const result = (await sql("select sum(n), sum(big) as b, sum(cast(n as smallint)) as s, sum(cast(n as tinyint)) as t, sum(d) as d from nums where id = 1")).results;
    expect(result.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["sum(n)", '"long"'],
      ["b", '"long"'],
      ["s", '"long"'],
      ["t", '"long"'],
      ["d", '"double"'],
    ]);
    expect(result.data).toEqual([[4, "9223372036854775807", 4, 4, 2]]);
    // an INT sum beyond INT's range is still a BIGINT's value; no row sums to NULL
    expect(await ok("select sum(n + 2147483643) as big, sum(n) filter (where id > 5) as none from nums")).toEqual([{ big: 4294967290, none: null }]);
    expect(expectError(await sql("select sum(big) from nums"))).toBe(longOverflow);
    // over a window and a named one too
    expect(expectError(await sql("select id, sum(big) over (order by id) from nums"))).toBe(longOverflow);
    expect(expectError(await sql("select id, sum(big) over w from nums window w as (order by id)"))).toBe(longOverflow);
    expect(await ok("select id, sum(n) over (order by id) as running, sum(big) over w as own from nums window w as (partition by id) order by id")).toEqual([
      { id: 1, running: 4, own: "9223372036854775807" },
      { id: 2, running: 4, own: 1 },
    ]);
  });

  it("answers NULL for an overflow in try_add, try_subtract and try_multiply, named as Spark names them", async () => {
    expect(await ok("select try_add(n, 2147483647) as a, try_multiply(big, 2) as m, try_subtract(id, 1) as s from nums where id = 1")).toEqual([{ a: null, m: null, s: 0 }]);
    expect((await sql("select try_add(id, n), try_divide(id, 2) from nums")).results.schema.map((c: { name: string }) => c.name)).toEqual(["try_add(id, n)", "try_divide(id, 2)"]);
  });

  it("fails a cast of a malformed string with CAST_INVALID_INPUT naming the value and the types, and try_cast answers NULL", async () => {
    expect(expectError(await sql("select cast(s as int) from nums"))).toBe(
      `org.apache.spark.SparkNumberFormatException: [CAST_INVALID_INPUT] The value 'abc' of the type "STRING" cannot be cast to "INT" because it is malformed. ` +
        `Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead. ${BYPASS} SQLSTATE: 22018`,
    );
    expect(expectError(await sql("select cast(s as decimal(10,2)) from nums"))).toMatch(/\[CAST_INVALID_INPUT\] The value 'abc' of the type "STRING" cannot be cast to "DECIMAL\(10,2\)"/);
    expect(await ok("select try_cast(s as bigint) as v from nums order by id")).toEqual([{ v: 12 }, { v: null }]);
    // a date or timestamp, out of range or of no format DuckDB reads, named the same way
    for (const [cast, value, type] of [["cast('2024-13-01' as date)", "2024-13-01", "DATE"], ["cast(s as date) from nums where id = 2", "abc", "DATE"], ["cast('2024-01-01 25:00' as timestamp)", "2024-01-01 25:00", "TIMESTAMP"]]) {
      expect(expectError(await sql(`select ${cast}`))).toContain(`[CAST_INVALID_INPUT] The value '${value}' of the type "STRING" cannot be cast to "${type}" because it is malformed.`);
    }
  });

  it("fails a number too wide for the DECIMAL it is cast to with NUMERIC_VALUE_OUT_OF_RANGE naming the value as Spark writes it, and try_cast answers NULL", async () => {
    const outOfRange = (value: string, precision: number, scale: number) =>
      `org.apache.spark.SparkArithmeticException: [NUMERIC_VALUE_OUT_OF_RANGE] ${value} cannot be represented as Decimal(${precision}, ${scale}). ` +
      `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003`;
    const cases: [string, string][] = [
      ["cast(12345.6 as decimal(3,1))", outOfRange("12345.6", 3, 1)],
      ["cast(cast(123.45 as decimal(5,2)) as decimal(3,1))", outOfRange("123.45", 3, 1)],
      ["cast(big as decimal(10,0)) from nums where id = 1", outOfRange("9223372036854775807", 10, 0)],
      ["cast(cast(1.5e10 as double) as decimal(5,0))", outOfRange("1.5E+10", 5, 0)],
      ["cast(cast(99.99 as double) as decimal(3,1))", outOfRange("99.99", 3, 1)],
      ["cast(' +0012345.60 ' as decimal(3,1))", outOfRange("12345.60", 3, 1)],
      ["cast('1e5' as decimal(3,1))", outOfRange("1E+5", 3, 1)],
    ];
    for (const [expression, error] of cases) expect(expectError(await sql(`select ${expression}`)), expression).toBe(error);
    expect(await ok("select try_cast(12345.6 as decimal(3,1)) as a, try_cast(big as decimal(10,0)) as b, cast(cast(0.15 as double) as decimal(2,1)) as c from nums where id = 1")).toEqual([
      { a: null, b: null, c: "0.2" },
    ]);
  });

  it("fails a number too wide for the DECIMAL column INSERT or UPDATE stores it in with CAST_OVERFLOW_IN_TABLE_INSERT naming the column", async () => {
    await ok("create table prices (id int, price decimal(3,1), rate decimal(3,2))");
    const overflow = (type: string) =>
      `org.apache.spark.SparkArithmeticException: [CAST_OVERFLOW_IN_TABLE_INSERT] Fail to assign a value of "${type}" type to the "DECIMAL(3,1)" type column or variable \`price\` due to an overflow. ` +
      "Use `try_cast` on the input value to tolerate overflow and return NULL instead. SQLSTATE: 22003";
    expect(expectError(await sql("insert into prices values (1, 123.45, 0)"))).toBe(overflow("DECIMAL(5,2)"));
    expect(expectError(await sql("insert into prices select id, big, 0 from nums"))).toBe(overflow("BIGINT"));
    await ok("insert into prices values (1, 12.34, 0), (2, 0, cast(0.285 as double))");
    expect(expectError(await sql("update prices set price = 123.45 where id = 1"))).toBe(overflow("DECIMAL(5,2)"));
    expect(await ok("select id, price, rate from prices order by id")).toEqual([
      { id: 1, price: "12.3", rate: "0.00" },
      { id: 2, price: "0.0", rate: "0.29" },
    ]);
  });

  it("answers the warehouse's statement with the same error", async () => {
    const done = await warehouseStatement(harness(), "select id / n from nums");
    expect(done.status.state).toBe("FAILED");
    expect(done.status.error.message).toMatch(/^org\.apache\.spark\.SparkArithmeticException: \[DIVIDE_BY_ZERO\] Division by zero\./);
  });
});
