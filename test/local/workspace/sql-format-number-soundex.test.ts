/**
 * format_number, conv and soundex over the local workspace's Command Execution API, answered as Spark
 * answers them: format_number as Java's DecimalFormat in Locale.US (HALF_EVEN, commas every three digits,
 * exact for DECIMALs and BIGINTs), conv as Spark's NumberConverter, soundex as Spark's American Soundex.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("format_number, conv and soundex", () => {
  const { sql, ok, table } = sqlSession({}, async (ok) => {
    await ok("create table amounts (id int, d decimal(38,18), x double, n bigint, name string)");
    await ok(
      "insert into amounts values (1, 12345678901234567890.125000000000000000, 2.675, 9223372036854775807, 'Miller'), " +
        "(2, -0.001, -1234.5, -1, 'Ashcraft'), (3, NULL, cast('NaN' as double), NULL, NULL)",
    );
  });

  it("formats with commas and d places, rounding HALF_EVEN, and names the column as Spark does", async () => {
    const read = await table("select id, format_number(d, 2), format_number(x, 2), format_number(n, 0), format_number(12332.123456, 4) from amounts order by id");
    expect(read.results.schema.map((c: { name: string }) => c.name)).toEqual(["id", "format_number(d, 2)", "format_number(x, 2)", "format_number(n, 0)", "format_number(12332.123456, 4)"]);
    expect(read.results.data).toEqual([
      [1, "12,345,678,901,234,567,890.12", "2.67", "9,223,372,036,854,775,807", "12,332.1235"],
      [2, "-0.00", "-1,234.50", "-1", "12,332.1235"],
      [3, null, "NaN", null, "12,332.1235"],
    ]);
    expect(await ok("select format_number(x, -1) as none, format_number(x, id) as by_row from amounts where id = 2")).toEqual([{ none: null, by_row: "-1,234.50" }]);
    expect(expectError(await sql("select format_number(x, '#,###.#') from amounts"))).toContain("format_number(x, 'pattern')");
    expect(expectError(await sql("select format_number(name, 2) from amounts"))).toBe(
      'org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "format_number" due to data type mismatch: ' +
        'its first parameter requires the "NUMERIC" type, however it has the type "STRING". SQLSTATE: 42K09',
    );
  });

  it("converts between bases with conv as Spark does, and fails past 64 bits as ANSI mode does", async () => {
    const read = await table("select conv('100', 2, 10) as a, conv(-10, 16, -10) as b, conv('-1', 10, 16) as c, conv(n, 10, 36) as d, conv('7', 1, 10) as e from amounts where id = 1");
    expect(read.results.data).toEqual([["4", "-16", "FFFFFFFFFFFFFFFF", "1Y2P0IJ32E8E7", null]]);
    expect((await table("select conv(name, 36, 10) from amounts where id = 1")).results.schema[0].name).toBe("conv(name, 36, 10)");
    expect(expectError(await sql("select conv('18446744073709551616', 10, 16)"))).toBe(
      'org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] Overflow in function conv(). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003',
    );
  });

  it("answers soundex as Spark does", async () => {
    expect(await ok("select soundex(name) as s from amounts order by id")).toEqual([{ s: "M460" }, { s: "A261" }, { s: null }]);
    expect(await ok("select soundex('Tymczak') as a, soundex('Pfister') as b, soundex('123') as c, soundex('') as d")).toEqual([{ a: "T522", b: "P236", c: "123", d: "" }]);
  });
});
