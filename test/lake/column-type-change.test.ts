/**
 * A dataset's column types are set by its first batch. A later window whose source column has a
 * different type (Delta type widening on the Databricks side) is written into them only when every
 * value converts exactly; a type whose values may not fit is refused up front, naming the column.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { MappingError } from "../../src/dataprep/mapping-types.js";

const schema = { properties: { _id: { type: "string" }, amount: { type: "number" } } };
const rules = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "amount", destinationXdmPath: "amount" },
];

describe("a later window whose source column type changed", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ds-type-change-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** one staged file of (id, amount) rows, amount as `sqlType` */
  const staged = async (name: string, sqlType: string, amounts: string[]) => {
    const file = path.join(dir, `${name}.parquet`);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const values = amounts.map((a, i) => `('${name}-${i}', CAST('${a}' AS ${sqlType}))`).join(", ");
    await conn.run(`COPY (SELECT * FROM (VALUES ${values}) AS t(id, amount)) TO '${file}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    return file;
  };

  const ingest = (dataset: string, window: number, ...files: string[]) =>
    ingestStaged({
      files,
      // a group per file: the first group's column types are those the window is read as
      scratchBytes: 4,
      rules,
      schema,
      tableRoot: path.join(dir, dataset),
      txn: { appId: "flow", version: window },
      rowErrorsDir: path.join(dir, dataset, `row_errors-${window}`),
      partialIngestionPercent: 0,
      tempDir: path.join(dir, `spill-${dataset}-${window}`),
    });

  const amounts = async (dataset: string) => {
    const table = openDeltaTable(path.join(dir, dataset));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const relation = await table.scanRelation(conn, await table.snapshot());
    const rows = (await conn.runAndReadAll(`SELECT _id, CAST(amount AS VARCHAR) AS amount, typeof(amount) AS type FROM ${relation} ORDER BY _id`)).getRowObjectsJson();
    conn.closeSync();
    instance.closeSync();
    return rows;
  };

  it("refuses a larger scale (DECIMAL(10,2) then DECIMAL(12,4)) instead of rounding 1.2345 to 1.23", async () => {
    await ingest("scale", 1, await staged("first", "DECIMAL(10,2)", ["1.10"]));
    const wider = await staged("second", "DECIMAL(12,4)", ["1.2345", "99999.9999"]);
    const refused = await ingest("scale", 2, wider).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingError);
    const message = (refused as Error).message;
    expect(message).toContain("amount");
    expect(message).toContain("DECIMAL(10,2)");
    expect(message).toContain("DECIMAL(12,4)");
    expect(message).toMatch(/new dataset/);
    expect(message).not.toContain("CAST(");
    expect(await amounts("scale")).toEqual([{ _id: "first-0", amount: "1.10", type: "DECIMAL(10,2)" }]);
  });

  it("writes a column of another type that holds no value (a field the window leaves unmapped is NULL of its own type)", async () => {
    await ingest("empty", 1, await staged("first", "DECIMAL(10,2)", ["1.10"]));
    const nulls = path.join(dir, "nulls.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(`COPY (SELECT 'nulls-0' AS id, NULL::DOUBLE AS amount) TO '${nulls}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    await ingest("empty", 2, nulls);
    expect(await amounts("empty")).toEqual([
      { _id: "first-0", amount: "1.10", type: "DECIMAL(10,2)" },
      { _id: "nulls-0", amount: null, type: "DECIMAL(10,2)" },
    ]);
  });

  it("refuses more integer digits (DECIMAL(10,2) then DECIMAL(12,2)) up front, naming the column, instead of failing on a value out of range", async () => {
    await ingest("digits", 1, await staged("first", "DECIMAL(10,2)", ["1.10"]));
    const refused = await ingest("digits", 2, await staged("big", "DECIMAL(12,2)", ["1.00", "1234567890.12"])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingError);
    expect((refused as Error).message).toMatch(/amount.*DECIMAL\(10,2\).*DECIMAL\(12,2\)/s);
    expect((refused as Error).message).not.toMatch(/Conversion Error|out of range/);
  });

  it("refuses a DOUBLE into a dataset whose column is DECIMAL, which would round", async () => {
    await ingest("double", 1, await staged("first", "DECIMAL(10,2)", ["1.10"]));
    const refused = await ingest("double", 2, await staged("dbl", "DOUBLE", ["1.2345"])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingError);
    expect((refused as Error).message).toMatch(/amount.*DECIMAL\(10,2\).*DOUBLE/s);
  });

  it("refuses a BIGINT into a dataset whose column is INTEGER, with the same error, not a schema mismatch retried as a fault", async () => {
    await ingest("int", 1, await staged("first", "INTEGER", ["7"]));
    const refused = await ingest("int", 2, await staged("big", "BIGINT", ["9007199254740993"])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingError);
    expect((refused as Error).message).toMatch(/amount.*INTEGER.*BIGINT/s);
  });

  it("refuses a window whose later staged files have the column at a larger scale than its first, instead of rounding them to the first's", async () => {
    const old = await staged("old", "DECIMAL(10,2)", ["1.10"]);
    const widened = await staged("widened", "DECIMAL(12,4)", ["1.2345"]);
    const refused = await ingest("mixed", 1, old, widened).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingError);
    expect((refused as Error).message).toMatch(/amount is DECIMAL\(10,2\) in some files of this window and DECIMAL\(12,4\) in others/);
    // the first group created the dataset's table; the window's batch was never committed
    expect((await openDeltaTable(path.join(dir, "mixed")).snapshot()).transactions.flow).toBeUndefined();
    const result = await ingest("mixed-exact", 1, widened, old);
    expect(result).toMatchObject({ committed: true, outputRecords: 2, groups: 2 });
    expect((await amounts("mixed-exact")).map((r) => r.amount)).toEqual(["1.1000", "1.2345"]); // old-0, widened-0
  });

  it("writes a type whose every value fits exactly: a smaller DECIMAL, an INTEGER into BIGINT", async () => {
    await ingest("narrower", 1, await staged("first", "DECIMAL(12,4)", ["1.2345"]));
    expect(await ingest("narrower", 2, await staged("second", "DECIMAL(10,2)", ["99999999.99"]))).toMatchObject({ committed: true, outputRecords: 1 });
    expect(await amounts("narrower")).toEqual([
      { _id: "first-0", amount: "1.2345", type: "DECIMAL(12,4)" },
      { _id: "second-0", amount: "99999999.9900", type: "DECIMAL(12,4)" },
    ]);
    await ingest("ints", 1, await staged("first", "BIGINT", ["9007199254740993"]));
    expect(await ingest("ints", 2, await staged("second", "INTEGER", ["2147483647"]))).toMatchObject({ committed: true, outputRecords: 1 });
    expect((await amounts("ints")).map((r) => r.amount)).toEqual(["9007199254740993", "2147483647"]);
  });
});
