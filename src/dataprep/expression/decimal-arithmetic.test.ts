/**
 * Arithmetic on DECIMAL(38,18) columns, compiled and run by DuckDB: every digit kept (never through
 * a double), a value that no longer fits in 38 digits an overflow the row's check names (its value
 * null), and a product that would need more than 38 decimal places refused at compilation.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "./index.js";

const columns = [
  { name: "dec", type: "DECIMAL(38,18)" },
  { name: "small", type: "DECIMAL(10,2)" },
  { name: "n", type: "BIGINT" },
];
const LARGE = "12345678901234567890.123456789012345678";
const EDGE = "-99999999999999999999.999999999999999999";

describe("DECIMAL arithmetic in calculated fields", () => {
  let instance: DuckDBInstance;
  const values = async (expression: string) => {
    const { sql, type, checks } = compileExpression(expression, columns);
    const conn = await instance.connect();
    const failure = checks.length === 0 ? "NULL" : `coalesce(${checks.join(", ")})`;
    const read = (await conn.runAndReadAll(`SELECT (${sql})::VARCHAR, ${failure} FROM t ORDER BY k`)).getRowsJson();
    conn.closeSync();
    return { type, rows: read.map(([v]) => v), failures: read.map(([, failure]) => failure) };
  };

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE t AS SELECT * FROM (VALUES (1, '${LARGE}'::DECIMAL(38,18), 12.50::DECIMAL(10,2), 3::BIGINT), (2, '${EDGE}'::DECIMAL(38,18), -0.01::DECIMAL(10,2), 4::BIGINT)) v(k, dec, small, n)`);
    conn.closeSync();
  });
  afterAll(() => instance?.closeSync());

  it("keeps every digit of a sum, a difference and a product with an integer", async () => {
    expect(await values("dec * 1")).toMatchObject({ type: "DECIMAL(38,18)", rows: [LARGE, EDGE] });
    expect(await values("dec + 0")).toMatchObject({ type: "DECIMAL(38,18)", rows: [LARGE, EDGE] });
    expect(await values("dec - 0.5")).toMatchObject({ type: "DECIMAL(38,18)", rows: ["12345678901234567889.623456789012345678", null] });
    expect((await values("dec * n")).rows).toEqual(["37037036703703703670.370370367037037034", null]);
    expect(await values("small * small")).toMatchObject({ type: "DECIMAL(20,4)", rows: ["156.2500", "0.0001"], failures: [null, null] });
    expect((await values('concat("", dec * 2)')).rows).toEqual(["24691357802469135780.246913578024691356", ""]);
  });

  it("names an overflow, never a rounded double or a silent null, for a value past 38 digits at its scale", async () => {
    // -99999999999999999999.999… - 0.5 needs 21 integer digits beside 18 decimal places
    expect((await values("dec - 0.5")).failures).toEqual([null, `dec - 0.5 overflows DECIMAL(38,18): dec = ${EDGE}`]);
    expect(await values("dec * dec")).toMatchObject({ rows: [null, null], failures: [`dec * dec overflows DECIMAL(38,36): dec = ${LARGE}, dec = ${LARGE}`, `dec * dec overflows DECIMAL(38,36): dec = ${EDGE}, dec = ${EDGE}`] });
    expect((await values("n > 3 ? dec * 2 : 0")).failures).toEqual([null, `dec * 2 overflows DECIMAL(38,18): dec = ${EDGE}`]);
  });

  it("refuses a product that would need more than 38 decimal places, saying so", () => {
    const wide = [{ name: "a", type: "DECIMAL(38,20)" }];
    expect(() => compileExpression("a * a", wide)).toThrow(ExpressionError);
    expect(() => compileExpression("a * a", wide)).toThrow(/40 decimal places, more than the 38 digits a DECIMAL holds/);
  });
});
