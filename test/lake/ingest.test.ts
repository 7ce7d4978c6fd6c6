import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { ingestAndReadBack } from "../support/ingested.js";

const schema = {
  properties: {
    _id: { type: "string" },
    customerId: { type: "integer" },
    balance: { type: "number" },
    updatedAt: { type: "string", format: "date-time" },
    profile: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } } },
  },
};
const rules = [
  { sourceAttribute: "email", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "balance", destinationXdmPath: "balance" },
  { sourceAttribute: "updated_at", destinationXdmPath: "updatedAt" },
  { sourceAttribute: "name", destinationXdmPath: "profile.name" },
  { sourceAttribute: "age", destinationXdmPath: "profile.age" },
];

describe("ingesting staged Parquet into a dataset", () => {
  let dir: string;
  let staged: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "ds-ingest-"));
    staged = path.join(dir, "part-00000.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    // 1,000 rows; every 100th has an age that is not a number
    await conn.run(`COPY (
      SELECT (9007199254740000 + i)::BIGINT AS id, 'user' || i || '@example.com' AS email, 'name ' || i AS name,
             CASE WHEN i % 100 = 0 THEN 'n/a' ELSE (i % 90)::VARCHAR END AS age,
             ('1234567890123456789.' || lpad(i::VARCHAR, 18, '0'))::DECIMAL(38,18) AS balance,
             TIMESTAMPTZ '2024-01-01 00:00:00.000001+00' + to_microseconds(i) AS updated_at
      FROM range(1000) t(i)) TO '${staged}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const request = (over: Partial<Parameters<typeof ingestStaged>[0]> = {}) => ({
    files: [staged],
    rules,
    schema,
    tableRoot: path.join(dir, "dataset"),
    txn: { appId: "flow-1", version: 3 },
    rowErrorsDir: path.join(dir, "row_errors"),
    partialIngestionPercent: 5,
    tempDir: path.join(dir, "spill"),
    ...over,
  });

  it("refuses the whole window when more rows fail than the flow allows", async () => {
    const result = await ingestStaged(request({ partialIngestionPercent: 0.5, tableRoot: path.join(dir, "strict") }));
    expect(result).toMatchObject({ committed: false, inputRecords: 1000, failedRecords: 10, outputRecords: 0 });
    expect(await openDeltaTable(path.join(dir, "strict")).exists()).toBe(false);
  });

  it("commits the valid rows once, loss-free, and writes the failed ones to row_errors", async () => {
    const first = await ingestStaged(request());
    expect(first).toMatchObject({ committed: true, alreadyCommitted: false, inputRecords: 1000, outputRecords: 990, failedRecords: 10 });
    expect(first.dataFiles.length).toBeGreaterThan(0);

    const again = await ingestStaged(request());
    expect(again.alreadyCommitted).toBe(true);
    expect(again.deltaVersion).toBe(first.deltaVersion);
    expect(again.dataFiles.map((f) => f.path)).toEqual(first.dataFiles.map((f) => f.path));

    const table = openDeltaTable(path.join(dir, "dataset"));
    const snapshot = await table.snapshot();
    expect(snapshot.transactions["flow-1"]?.version).toBe(3);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    const relation = await table.scanRelation(conn, snapshot);
    const rows = (await conn.runAndReadAll(
      `SELECT count(*) AS n, count(DISTINCT customerId) AS ids, max(customerId)::VARCHAR AS maxId,
              max(balance)::VARCHAR AS maxBalance, max(updatedAt)::VARCHAR AS maxTs, max(profile.age) AS maxAge
       FROM ${relation}`,
    )).getRowObjectsJson()[0];
    conn.closeSync();
    instance.closeSync();
    expect(rows).toMatchObject({ n: "990", ids: "990", maxId: "9007199254740999", maxBalance: "1234567890123456789.000000000000000999" });
    expect(rows.maxTs).toBe("2024-01-01 00:00:00.001+00"); // µs kept: 000001 + 999 µs
    const errorFiles = readdirSync(path.join(dir, "row_errors"));
    const lines = readFileSync(path.join(dir, "row_errors", errorFiles[0]), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines[0].errors[0]).toContain("MAPPER-3700-400");
    expect(lines[0].record.age).toBe("n/a");
  });

  it("writes a failed row's values exactly in row_errors: decimals, big integers, NaN, binary, timestamps, nested", async () => {
    const failing = path.join(dir, "failing.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    await conn.run(`COPY (SELECT 'not a number' AS age, 1.000000000000000001::DECIMAL(38,18) AS amount,
      9223372036854775807::BIGINT AS big, 42::BIGINT AS small, 'NaN'::DOUBLE AS ratio, '-0.0'::DOUBLE AS zero,
      '\\x00\\xFF'::BLOB AS raw, TIMESTAMPTZ '2024-02-29 23:59:59.999999+00' AS at, TIMESTAMP '2024-02-29 23:59:59.000001' AS ntz,
      {'price': 0.10::DECIMAL(10,2), 'ids': [9007199254740993::BIGINT]} AS nested, MAP {'k': 'Infinity'::DOUBLE} AS scores
    ) TO '${failing}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    const { rowErrors, rowErrorLines } = await ingestAndReadBack({
      files: [failing],
      rules: [{ sourceAttribute: "age", destinationXdmPath: "profile.age" }],
      schema,
      dir: path.join(dir, "exact-errors"),
      select: "*",
    });
    expect(rowErrorLines).toHaveLength(1);
    expect(rowErrors[0].record).toEqual({
      age: "not a number",
      amount: "1.000000000000000001",
      big: "9223372036854775807",
      small: 42,
      ratio: "NaN",
      zero: "-0.0",
      raw: "AP8=",
      at: "2024-02-29T23:59:59.999999Z",
      ntz: "2024-02-29T23:59:59.000001",
      nested: { price: "0.10", ids: ["9007199254740993"] },
      scores: { k: "Infinity" },
    });
    expect(rowErrorLines[0]).toContain('"zero":"-0.0"');
  });
});
