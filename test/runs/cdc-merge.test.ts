/**
 * The upsert a data engineer runs every day — MERGE INTO from a staging table — read by a change data
 * capture flow: the next run brings the merged table's updates and inserts as upserts and its deletes
 * as deletes, every value as the table holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";

describe.concurrent.each(TEST_LAKES)("a change data capture flow over a table kept by MERGE INTO, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it("the run after a MERGE brings its updates and inserts as upserts and its deletes as deletes", async () => {
    await sql(system, "CREATE TABLE demo.merged (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO demo.merged VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (3, 3.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const pipeline = await createPipeline(system, {
      tableName: "demo.merged",
      cdcEnabled: true,
      primaryKey: ["order_id"],
      schema: orderSchema,
      mappings: orderMappings,
      columns: ["order_id", "amount", "status", "ordered_at"],
    });
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) })).body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    const merged = await sql(
      system,
      `MERGE INTO demo.merged AS m
       USING (SELECT * FROM VALUES (2, 9999999999999999.99, 'shipped'), (3, NULL, 'cancelled'), (4, 0.01, 'placed') AS s(order_id, amount, status)) AS s
       ON m.order_id = s.order_id
       WHEN MATCHED AND s.status = 'cancelled' THEN DELETE
       WHEN MATCHED THEN UPDATE SET amount = s.amount, status = s.status
       WHEN NOT MATCHED THEN INSERT (order_id, amount, status, ordered_at) VALUES (s.order_id, s.amount, s.status, TIMESTAMP'2026-02-01 00:00:00')`,
    );
    expect(merged.data).toEqual([[3, 1, 1, 1]]);

    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId } })).status).toBe(201);
    const runs = await waitForRuns(system, flowId, 2);
    expect(runs[1].metrics.statusSummary, JSON.stringify(runs[1].metrics.statusSummary)).toMatchObject({ status: "success" });
    const rows = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT orderId::INTEGER AS id, _change_request_type AS t, status, amount::VARCHAR AS amount FROM $table ORDER BY id, t, status",
    );
    expect(rows).toEqual([
      { id: 1, t: "u", status: "placed", amount: "1.00" },
      { id: 2, t: "u", status: "placed", amount: "2.00" },
      { id: 2, t: "u", status: "shipped", amount: "9999999999999999.99" },
      { id: 3, t: "d", status: "placed", amount: "3.00" },
      { id: 3, t: "u", status: "placed", amount: "3.00" },
      { id: 4, t: "u", status: "placed", amount: "0.01" },
    ]);
  }, 120_000);
});
