import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLosslessJson } from "../databricks/lossless-json.js";
import { exactRecordJson } from "./exact-json.js";

describe("rows as exact JSON, spelled as explore's preview spells them", () => {
  let instance: DuckDBInstance;
  let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  it("writes DECIMALs with their leading zero and scale, -0.0, NaN and ±Infinity as text at any depth, instants in ISO 8601 UTC, and map keys whatever the columns are named", async () => {
    const select = `SELECT -0.5::DECIMAL(1,1) AS fraction, 1.0::DECIMAL(2,1) AS whole, -0.0::DOUBLE AS negative_zero, 'nan'::DOUBLE AS nan,
      TIMESTAMPTZ '2024-01-01 00:00:07.919+00' AS instant, MAP {'k': 1} AS counts, 'a column named like a lambda parameter' AS x0,
      ['nan'::DOUBLE, '-0.0'::DOUBLE, 1.5::DOUBLE] AS doubles, MAP {'k': '-inf'::DOUBLE} AS ratios, {'r': 'inf'::FLOAT, 's': 'NaN, -0.0 and Infinity'} AS mixed`;
    const columns = (await conn.runAndReadAll(`DESCRIBE ${select}`)).getRowObjectsJson().map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
    const [[text]] = (await conn.runAndReadAll(`SELECT CAST(${exactRecordJson(columns)} AS VARCHAR) FROM (${select})`)).getRows();
    expect(parseLosslessJson(String(text))).toEqual({
      fraction: "-0.5",
      whole: "1.0",
      negative_zero: "-0.0",
      nan: "NaN",
      instant: "2024-01-01T00:00:07.919000Z",
      counts: { k: 1 },
      x0: "a column named like a lambda parameter",
      doubles: ["NaN", "-0.0", 1.5],
      ratios: { k: "-Infinity" },
      mixed: { r: "Infinity", s: "NaN, -0.0 and Infinity" },
    });
  });

  it("writes a row of a struct of thousands of string fields in seconds, exact spellings kept beside it", async () => {
    // 9 × 10 × 10 × 10 strings, as a schema of data types nested in data types holds, and a DECIMAL beside them
    const level = (prefix: string, inner: object) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${prefix}${i}`, inner]));
    const structure = { wide: level("a", level("b", level("c", Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, "VARCHAR"]))))), amount: "DECIMAL(4,2)" };
    const select = `SELECT unnest(json_transform('{"wide": {"a3": {"b5": {"c7": {"s1": "x"}}}}, "amount": 0.5}', '${JSON.stringify(structure)}'))`;
    const columns = (await conn.runAndReadAll(`DESCRIBE ${select}`)).getRowObjectsJson().map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
    const [[text]] = (await conn.runAndReadAll(`SELECT CAST(${exactRecordJson(columns)} AS VARCHAR) FROM (${select})`)).getRows();
    const row = parseLosslessJson(String(text)) as { wide: Record<string, Record<string, Record<string, Record<string, unknown>>>>; amount: unknown };
    expect(row.amount).toBe("0.50");
    expect(row.wide.a3.b5.c7).toEqual({ s0: null, s1: "x", s2: null, s3: null, s4: null, s5: null, s6: null, s7: null, s8: null });
    expect(row.wide.a0).toBeNull();
    expect(row.wide.a3.b0).toBeNull();
  }, 20_000);
});
