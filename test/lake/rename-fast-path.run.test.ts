/**
 * A flow whose mapping only renames columns, end to end: the workspace exports the table, the run
 * renames the staged files into the dataset (its log says so), and the dataset holds the table's rows.
 * With the lake in the staging account (the embedded default's Azurite) nothing is downloaded: the
 * lake's storage copies the staged bytes itself.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { datasetTableRoot } from "../../src/lake/lake-paths.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";

const schema = {
  title: "Customers, renamed",
  type: "object",
  properties: {
    _id: { type: "string" },
    // an XDM long: its range is proven from the staged files' statistics
    customerId: { type: "integer", "meta:xdmType": "long" },
    name: { type: "string" },
    country: { type: "string" },
    updatedAt: { type: "string", format: "date-time" },
  },
};
const mappings = [
  ["email", "_id"],
  ["id", "customerId"],
  ["name", "name"],
  ["country", "country"],
  ["updated_at", "updatedAt"],
].map(([sourceAttribute, destinationXdmPath]) => ({ sourceAttribute, destinationXdmPath }));

describe.each(TEST_LAKES)("a flow whose mapping only renames columns, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 500 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  }, 60_000);
  afterAll(() => system?.close());

  it("renames the staged files into the dataset, says so in its log, and the dataset holds the table's rows", async () => {
    // the export writes every column of the table: a table of the mapped columns only
    await sql(system, "CREATE TABLE demo.renamed AS SELECT id, name, email, country, updated_at FROM demo.customers");
    const pipeline = await createPipeline(system, { tableName: "demo.renamed", schema, mappings, columns: ["id", "name", "email", "country", "updated_at"] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    const log = (await call(system, "GET", `${FS}/runs/${run.id}/logs`)).body.items as Array<{ message: string }>;
    const recorded = log.find((l) => /500 rows read, 500 valid, 0 failed; \d+ data files are the staged files renamed/.test(l.message));
    expect(recorded, JSON.stringify(log)).toBeDefined();
    expect(recorded!.message.endsWith("by the lake's storage where they were staged: nothing downloaded")).toBe(lake === "azurite");

    const table = openDeltaTable(datasetTableRoot(system.lakeDir, pipeline.dataSetId));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      const relation = await table.scanRelation(conn, await table.snapshot());
      // the instant in UTC as Spark writes a TIMESTAMP as text: without DuckDB's "+00"
      const rows = (await conn.runAndReadAll(`SELECT _id, customerId::VARCHAR, name, country, regexp_replace(CAST(updatedAt AS VARCHAR), '\\+00$', '') FROM ${relation} ORDER BY customerId`)).getRowsJson();
      const source = await sql(system, "SELECT email, CAST(id AS STRING), name, country, CAST(updated_at AS STRING) FROM demo.renamed ORDER BY id");
      expect(rows).toEqual(source.data);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }, 90_000);
});
