import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../local/workspace/engine/engine.js";
import { arrowChunk, type ChunkColumn } from "../../../local/workspace/warehouses/arrow-chunk.js";
import { SpilledResult } from "../../../local/workspace/warehouses/spilled-result.js";

/**
 * A spilled result's ARROW_STREAM chunk is read from DuckDB's column vectors instead of through the
 * JSON table values: its bytes must be exactly those the JSON path gives, for every type, edge
 * value and null, across DuckDB's data chunks (2,048 rows each).
 */
describe("ARROW_STREAM chunks read from DuckDB vectors", () => {
  const ROWS = 5_000;
  // row i: an edge value where i % 10 picks one, a null every 7th row, the rest ordinary values
  const edge = (cases: string[], ordinary: string, type: string) =>
    `CASE WHEN i % 7 = 3 THEN NULL ${cases.map((value, k) => `WHEN i % 10 = ${k} THEN CAST(${value} AS ${type})`).join(" ")} ELSE CAST(${ordinary} AS ${type}) END`;
  const QUERY = `SELECT
      ${edge(["9223372036854775807", "-9223372036854775808", "-1", "0"], "i * 1000003", "BIGINT")} AS big,
      ${edge(["2147483647", "-2147483648"], "i - 2500", "INTEGER")} AS int,
      ${edge(["32767", "-32768"], "i % 300", "SMALLINT")} AS small,
      ${edge(["127", "-128"], "i % 100", "TINYINT")} AS tiny,
      ${edge(["255"], "i % 200", "UTINYINT")} AS utiny,
      ${edge(["65535"], "i", "USMALLINT")} AS usmall,
      ${edge(["'nan'", "'inf'", "'-inf'", "'-0.0'", "1e-300", "1.7976931348623157e308"], "i / 3", "DOUBLE")} AS dbl,
      ${edge(["'nan'", "'-0.0'", "16.848"], "i / 7", "FLOAT")} AS flt,
      ${edge(["-99.99", "99.99", "0"], "(i % 9999) / 100 - 50", "DECIMAL(4,2)")} AS dec4,
      ${edge(["-999999.999", "999999.999"], "i / 1000 - 2", "DECIMAL(9,3)")} AS dec9,
      ${edge(["-999999999999.999999", "999999999999.999999"], "i * 12345.678901", "DECIMAL(18,6)")} AS dec18,
      ${edge(["'-99999999999999999999.999999999999999999'", "'99999999999999999999.999999999999999999'", "'-0.000000000000000001'"], "i * 7 / 3", "DECIMAL(38,18)")} AS dec38,
      ${edge(["DATE '0000-01-01'", "DATE '9999-12-31'", "DATE '1969-12-31'", "DATE '1582-10-04'"], "DATE '2024-02-28' + i::INTEGER", "DATE")} AS day,
      ${edge(["'infinity'::DATE", "DATE '12345-06-07'"], "DATE '2024-02-28' + i::INTEGER", "DATE")} AS far_day,
      ${edge(["TIMESTAMPTZ '1969-12-31 23:59:59.999999+00'", "TIMESTAMPTZ '0050-03-01 12:00:00.000001+00'", "TIMESTAMPTZ '12345-01-01 00:00:00+00'", "TIMESTAMPTZ '1900-01-01 00:00:00.5+00'"], "make_timestamptz(1704067200000000 + i * 1234567)", "TIMESTAMPTZ")} AS at,
      ${edge(["TIMESTAMP '1969-12-31 23:59:59.999999'", "TIMESTAMP '9999-12-31 23:59:59.999999'"], "make_timestamp(1704067200000000 - i * 7654321)", "TIMESTAMP")} AS local_at,
      ${edge(["''", "'héllo 世界 🎉'", "'a string longer than twelve bytes, kept out of line'", "'ascii'"], "'note-' || i", "VARCHAR")} AS label,
      ${edge(["true", "false"], "i % 2 = 0", "BOOLEAN")} AS flag,
      ${edge(["'00000000-0000-0000-0000-000000000001'::UUID"], "gen_random_uuid()", "UUID")} AS uuid,
      ${edge(["[1, NULL, 3]", "[]"], "[i]", "INTEGER[]")} AS list,
      ${edge(["{'a': 1, 'b': 'x'}"], "{'a': i, 'b': 'y'}", "STRUCT(a INTEGER, b VARCHAR)")} AS struct
    FROM range(${ROWS}) t(i)`;
  let dir: string;
  let engine: Engine;
  let spill: SpilledResult;
  let columns: ChunkColumn[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "duck-arrow-chunk-"));
    engine = await Engine.create(path.join(dir, "tmp"));
    spill = new SpilledResult(engine, dir, "duck-arrow");
    const conn = await engine.connect();
    try {
      const table = await spill.fill(conn, QUERY, Number.POSITIVE_INFINITY);
      columns = table.schema.map((c) => ({ name: c.name, type: JSON.parse(c.type) }));
    } finally {
      conn.closeSync();
    }
  });
  afterAll(async () => {
    await spill.close();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [offset, count] of [
    [0, ROWS],
    [1_000, 3_000],
    [4_095, 2],
  ]) {
    it(`rows [${offset}, ${offset + count}): the same IPC bytes as the JSON table values give`, async () => {
      const fast = await spill.readArrow(columns, offset, count);
      const json = arrowChunk(columns, await spill.read(offset, count));
      expect(Buffer.from(fast).equals(Buffer.from(json))).toBe(true);
    });
  }

  it("keeps exact values and nulls: 64-bit extremes, 38-digit decimals, -0.0, multibyte text, µs before 1970", async () => {
    const table = arrow.tableFromIPC(await spill.readArrow(columns, 0, 20));
    // each Spark type's Arrow type; UTINYINT is a Spark SHORT, USMALLINT an INT; UUID, ARRAY and STRUCT are text
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      "Int64", "Int32", "Int16", "Int8", "Int16", "Int32", "Float64", "Float32",
      "Decimal[4e+2]", "Decimal[9e+3]", "Decimal[18e+6]", "Decimal[38e+18]", "Date32<DAY>", "Date32<DAY>",
      "Timestamp<MICROSECOND, Etc/UTC>", "Timestamp<MICROSECOND>", "Utf8", "Bool", "Utf8", "Utf8", "Utf8",
    ]);
    const big = table.getChild("big")!;
    expect([big.get(0), big.get(1), big.get(3)]).toEqual([9223372036854775807n, -9223372036854775808n, null]);
    const dec38 = table.getChild("dec38")!.data[0].values as Uint32Array;
    const unscaled = (row: number) => BigInt.asIntN(128, [...dec38.slice(row * 4, row * 4 + 4)].reduceRight((n, word) => (n << 32n) | BigInt(word), 0n));
    expect(unscaled(0)).toBe(-99999999999999999999999999999999999999n);
    expect(unscaled(1)).toBe(99999999999999999999999999999999999999n);
    expect(unscaled(2)).toBe(-1n);
    expect(Object.is(table.getChild("dbl")!.get(13), -0)).toBe(true); // row 3 is null (i % 7 = 3)
    expect(Object.is(table.getChild("flt")!.get(1), -0)).toBe(true);
    expect(table.getChild("flt")!.get(2)).toBe(Math.fround(16.848));
    expect(table.getChild("label")!.get(1)).toBe("héllo 世界 🎉");
    expect(table.getChild("label")!.get(3)).toBeNull();
    expect(table.getChild("at")!.data[0].values[0]).toBe(-1n);
    expect(table.getChild("day")!.get(2)).toBe(Date.UTC(1969, 11, 31));
  });

  it("refuses an infinite timestamp as the JSON path does", async () => {
    const infinite = new SpilledResult(engine, dir, "infinite");
    const conn = await engine.connect();
    try {
      const table = await infinite.fill(conn, "SELECT 'infinity'::TIMESTAMP AS at", Number.POSITIVE_INFINITY);
      const only = table.schema.map((c) => ({ name: c.name, type: JSON.parse(c.type) }));
      await expect(infinite.readArrow(only, 0, 1)).rejects.toThrow(/not a timestamp/);
    } finally {
      conn.closeSync();
      await infinite.close();
    }
  });
});
