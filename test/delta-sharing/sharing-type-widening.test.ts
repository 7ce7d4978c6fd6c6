/**
 * A shared table whose column a provider widened (delta.enableTypeWidening, ALTER COLUMN … TYPE): its protocol lists the
 * typeWidening reader feature, which a Delta Sharing read applies (each file's column cast to the table's type), so the flow's
 * next window reads its rows and the late ones exactly, the older files' values as the wider type (docs/api/runs.md#delta-sharing-sources).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { sharingPipeline } from "../support/sharing-connection.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("a shared table whose column was widened", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
  }, 60_000);
  afterAll(() => system?.close());

  it("is read through the widening: the next window's rows and late rows exact, none read twice", async () => {
    await sql(system, "CREATE TABLE shared.widened (order_id INT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
    await sql(system, "INSERT INTO shared.widened VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2147483647, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const pipeline = await sharingPipeline(system, "widened", { schema: orderSchema, mappings: orderMappings, columns: [] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id as string;
    let started = 0;
    const runWindow = async (from: string, to: string) => {
      const params = { deltaColumn: { name: "ordered_at" }, windowStartTime: String(Date.parse(from) / 1000), windowEndTime: String(Date.parse(to) / 1000) };
      expect((await call(system, "POST", `${FS}/runs`, { body: { flowId, params } })).status).toBe(201);
      const run = (await waitForRuns(system, flowId, ++started)).at(-1);
      expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
      return run.metrics.recordSummary.outputRecordCount as number;
    };
    expect(await runWindow("2025-12-01T00:00:00Z", "2026-01-02T00:00:00Z")).toBe(2);

    await sql(system, "ALTER TABLE shared.widened ALTER COLUMN order_id TYPE BIGINT");
    // one in the next window, one late (dated before it), both past the INT range
    await sql(system, "INSERT INTO shared.widened VALUES (3000000000, 3.00, 'placed', TIMESTAMP'2026-06-01 00:00:00'), (3000000001, 4.00, 'late', TIMESTAMP'2025-12-15 00:00:00')");
    expect(await runWindow("2026-01-02T00:00:00Z", "2027-01-01T00:00:00Z")).toBe(2);
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::VARCHAR AS id, status FROM $table ORDER BY orderId")).toEqual([
      { id: "1", status: "placed" },
      { id: "2147483647", status: "placed" },
      { id: "3000000000", status: "placed" },
      { id: "3000000001", status: "late" },
    ]);
  }, 90_000);
});
