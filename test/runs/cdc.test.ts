import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "./journey-helpers.js";

const orderSchema = {
  title: "Orders",
  type: "object",
  properties: {
    _id: { type: "string" },
    orderId: { type: "integer", "meta:xdmType": "long" },
    amount: { type: "number" },
    status: { type: "string" },
  },
};
const orderMappings = [
  { sourceAttribute: "order_id", destinationXdmPath: "_id" },
  { sourceAttribute: "order_id", destinationXdmPath: "orderId" },
  { sourceAttribute: "amount", destinationXdmPath: "amount" },
  { sourceAttribute: "status", destinationXdmPath: "status" },
];

describe("change data capture flows", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 50 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system, {
      tableName: "demo.orders",
      cdcEnabled: true,
      schema: orderSchema,
      mappings: orderMappings,
      columns: ["order_id", "amount", "status"],
    });
  });
  afterAll(() => system.close());

  it("ingest a snapshot first, then the table's changes tagged u and d", async () => {
    const live = Number((await sql(system, "SELECT count(*) FROM demo.orders")).data[0][0]);
    const startTime = Math.floor(Date.now() / 1000) - 60 + 15;
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime, frequency: "minute", interval: 1, backfill: true }, { noDeltaColumn: true }),
    });
    expect(created.status).toBe(201);
    const [snapshot] = await waitForRuns(system, created.body.id, 1);
    expect(snapshot.metrics.statusSummary, JSON.stringify(snapshot.metrics.statusSummary)).toMatchObject({ status: "success" });
    expect(snapshot.metrics.recordSummary.outputRecordCount).toBe(live);

    // between the windows: deletes and inserts
    await sql(system, "DELETE FROM demo.orders WHERE order_id IN (1, 2, 3)");
    await sql(system, "INSERT INTO demo.orders VALUES (90001, 1, 12345678901234.56, 'placed', current_timestamp()), (90002, 2, 0.01, 'placed', current_timestamp())");
    const runs = await waitForRuns(system, created.body.id, 2, 60_000);
    expect(runs[1].metrics.statusSummary.status).toBe("success");
    expect(runs[1].metrics.recordSummary.outputRecordCount).toBe(5);

    const tagged = await datasetRows(
      system,
      pipeline.dataSetId,
      `SELECT _change_request_type AS t, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1`,
    );
    expect(tagged).toEqual([
      { t: "d", n: 3 },
      { t: "u", n: live + 2 },
    ]);
    const changed = await datasetRows(
      system,
      pipeline.dataSetId,
      `SELECT orderId::INTEGER AS id, _change_request_type AS t, amount::VARCHAR AS amount FROM $table WHERE orderId IN (1, 90001) ORDER BY id, t`,
    );
    expect(changed).toEqual([
      { id: 1, t: "d", amount: expect.any(String) },
      { id: 1, t: "u", amount: expect.any(String) },
      { id: 90001, t: "u", amount: "12345678901234.56" },
    ]);
  });
});
