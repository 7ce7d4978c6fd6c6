import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";
import { sharedOrdersChangePipeline } from "../support/sharing-connection.js";

/** An hour-long window, the first of which (at `startTime`, a minute ago) runs at once: the next runs when the test asks for it (runNow), so changes made between the two land in it together however loaded the machine is. */
const hourlyFrom = () => ({ startTime: Math.floor(Date.now() / 1000) - 60, frequency: "hour", interval: 1, backfill: true });

/** The flow's current window, run now: it reads the changes made since the window before. */
async function runNow(system: TestSystem, flowId: string) {
  const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { runNow: true } } });
  expect(reply.status, reply.text).toBe(201);
}

describe.concurrent.each(TEST_LAKES)("change data capture flows, the lake %s", (lake) => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 50 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system, {
      tableName: "demo.orders",
      cdcEnabled: true,
      primaryKey: ["order_id"],
      schema: orderSchema,
      mappings: orderMappings,
      columns: ["order_id", "amount", "status"],
    });
  });
  afterAll(() => system.close());

  it("ingest a snapshot first, then the table's changes tagged u and d", async () => {
    const live = Number((await sql(system, "SELECT count(*) FROM demo.orders")).data[0][0]);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, hourlyFrom(), { noDeltaColumn: true }) });
    expect(created.status).toBe(201);
    const [snapshot] = await waitForRuns(system, created.body.id, 1);
    expect(snapshot.metrics.statusSummary, JSON.stringify(snapshot.metrics.statusSummary)).toMatchObject({ status: "success" });
    expect(snapshot.metrics.recordSummary.outputRecordCount).toBe(live);

    // between the windows: deletes, inserts and updates
    await sql(system, "DELETE FROM demo.orders WHERE order_id IN (1, 2, 3)");
    await sql(system, "UPDATE demo.orders SET status = 'shipped', amount = amount + 0.01 WHERE order_id IN (5, 6)");
    await sql(system, "INSERT INTO demo.orders VALUES (90001, 1, 12345678901234.56, 'placed', current_timestamp()), (90002, 2, 0.01, 'placed', current_timestamp())");
    await runNow(system, created.body.id);
    const runs = await waitForRuns(system, created.body.id, 2, 60_000);
    expect(runs[1].metrics.statusSummary.status).toBe("success");
    expect(runs[1].metrics.recordSummary.outputRecordCount).toBe(7);

    const tagged = await datasetRows(
      system,
      pipeline.dataSetId,
      `SELECT _change_request_type AS t, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1`,
    );
    expect(tagged).toEqual([
      { t: "d", n: 3 },
      { t: "u", n: live + 4 },
    ]);
    const changed = await datasetRows(
      system,
      pipeline.dataSetId,
      `SELECT orderId::INTEGER AS id, _change_request_type AS t, status, amount::VARCHAR AS amount FROM $table WHERE orderId IN (1, 5, 90001) ORDER BY id, t, amount`,
    );
    const before5 = (await sql(system, "SELECT CAST(amount - 0.01 AS STRING) FROM demo.orders WHERE order_id = 5")).data[0][0];
    expect(changed).toEqual([
      { id: 1, t: "d", status: expect.any(String), amount: expect.any(String) },
      { id: 1, t: "u", status: expect.any(String), amount: expect.any(String) },
      { id: 5, t: "u", status: expect.any(String), amount: String(before5) },
      { id: 5, t: "u", status: "shipped", amount: (Number(before5) + 0.01).toFixed(2) },
      { id: 90001, t: "u", status: "placed", amount: "12345678901234.56" },
    ]);
  }, 120_000);
});

describe.concurrent.each(TEST_LAKES)("a once change-data-capture flow run on demand, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it("a follow-up run reads the changes since the first run, and a delta column or a window is refused as having no effect", async () => {
    await sql(system, "CREATE TABLE demo.once_cdc (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO demo.once_cdc VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const pipeline = await createPipeline(system, { tableName: "demo.once_cdc", cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status", "ordered_at"] });
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) })).body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await sql(system, "UPDATE demo.once_cdc SET status = 'shipped', ordered_at = TIMESTAMP'2030-01-01 00:00:00' WHERE order_id = 2");
    await sql(system, "DELETE FROM demo.once_cdc WHERE order_id = 1");
    const withColumn = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { deltaColumn: { name: "ordered_at" } } } });
    expect(withColumn.status, withColumn.text).toBe(400);
    expect(withColumn.body.errorMessage).toContain("property=params.deltaColumn.name");
    expect(withColumn.body.errorMessage).toContain("reads the table's change data feed by version");
    const withWindow = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { windowStartTime: String(Math.floor(Date.now() / 1000) - 60) } } });
    expect(withWindow.status, withWindow.text).toBe(400);
    expect(withWindow.body.errorMessage).toContain("property=params.windowStartTime");
    const reload = await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { fullReload: true } } });
    expect(reload.status, reload.text).toBe(400);
    expect(reload.body.errorMessage).toContain(`/flows/${flowId}/action?op=resync`);

    const next = await call(system, "POST", `${FS}/runs`, { body: { flowId } });
    expect(next.status, next.text).toBe(201);
    const runs = await waitForRuns(system, flowId, 2);
    expect(runs[1].metrics.statusSummary, JSON.stringify(runs[1].metrics.statusSummary)).toMatchObject({ status: "success" });
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, _change_request_type AS t, status FROM $table ORDER BY id, t, status");
    expect(rows).toEqual([
      { id: 1, t: "d", status: "placed" },
      { id: 1, t: "u", status: "placed" },
      { id: 2, t: "u", status: "placed" },
      { id: 2, t: "u", status: "shipped" },
    ]);
  }, 120_000);

  it("a resync after several runs makes the next run read the table whole again, as upserts and the deletes of the keys it no longer has", async () => {
    await sql(system, "CREATE TABLE demo.once_cdc_resync (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO demo.once_cdc_resync VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (3, 3.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const pipeline = await createPipeline(system, { tableName: "demo.once_cdc_resync", cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status", "ordered_at"] });
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) })).body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    await sql(system, "UPDATE demo.once_cdc_resync SET status = 'shipped' WHERE order_id = 2");
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId } })).status).toBe(201);
    expect((await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status).toBe("success");

    // every window ingested, two of them: the resync applies to the run created next
    await sql(system, "DELETE FROM demo.once_cdc_resync WHERE order_id = 3");
    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    const resynced = await call(system, "POST", `${FS}/runs`, { body: { flowId } });
    expect(resynced.status, resynced.text).toBe(201);
    const runs = await waitForRuns(system, flowId, 3);
    expect(runs[2].metrics.statusSummary, JSON.stringify(runs[2].metrics.statusSummary)).toMatchObject({ status: "success" });
    expect(runs[2].metrics.recordSummary.outputRecordCount).toBe(3);
    const rows = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT orderId::INTEGER AS id, _change_request_type AS t, status FROM (SELECT *, max(_commit_version) OVER () AS latest FROM $table) WHERE _commit_version = latest ORDER BY id",
    );
    expect(rows).toEqual([
      { id: 1, t: "u", status: "placed" },
      { id: 2, t: "u", status: "shipped" },
      { id: 3, t: "d", status: "placed" },
    ]);
  }, 120_000);

  it("refuses a delta column at flow creation: the change feed is read by version, so it would have no effect", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.orders", cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status", "ordered_at"] });
    const body = flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "minute", interval: 1 }, { deltaColumn: "ordered_at" });
    const reply = await call(system, "POST", `${FS}/flows`, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("transformations[Copy].params.deltaColumn.name");
    expect(reply.body.errorMessage).toContain("reads the table's change data feed by version");
    expect((await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "minute", interval: 1 }, { noDeltaColumn: true }) })).status).toBe(201);
  });
});

describe.concurrent.each(TEST_LAKES)("a change feed with a gap, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  it("fails the run with how to resync; after the resync a re-trigger reads the table once as upserts", async () => {
    await sql(system, "CREATE TABLE demo.gappy (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO demo.gappy VALUES (1, 1.00, 'placed'), (2, 2.00, 'placed')");
    const pipeline = await createPipeline(system, { tableName: "demo.gappy", cdcEnabled: true, primaryKey: ["order_id"], schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status"] });
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, hourlyFrom(), { noDeltaColumn: true }) })).body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    // the feed stops recording for a while: those versions' changes are gone for good
    await sql(system, "ALTER TABLE demo.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = false)");
    await sql(system, "INSERT INTO demo.gappy VALUES (3, 3.00, 'placed')");
    await sql(system, "ALTER TABLE demo.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await runNow(system, flowId);
    const [, failed] = await waitForRuns(system, flowId, 2, 60_000);
    expect(failed.metrics.statusSummary.status).toBe("failed");
    expect(failed.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");
    expect(failed.metrics.statusSummary.errors[0].message).toContain(`/flows/${flowId}/action?op=resync`);

    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    const runs = await waitForRuns(system, flowId, 2, 60_000);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${failed.id}`)).body.items[0].metrics.statusSummary.status === "success", 30_000, 100);
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, _change_request_type AS t FROM $table ORDER BY id, t");
    expect(rows).toEqual([
      { id: 1, t: "u" },
      { id: 1, t: "u" },
      { id: 2, t: "u" },
      { id: 2, t: "u" },
      { id: 3, t: "u" },
    ]);
    expect(runs).toHaveLength(2);
  }, 120_000);
});

describe("a change feed with a gap on a Delta Sharing source", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
  });
  afterAll(() => system.close());

  it("fails the run with CONNECTOR-2002-400 and how to resync, as on a cluster, naming no batch that was never recorded", async () => {
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
    await sql(system, "CREATE TABLE shared.gappy (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO shared.gappy VALUES (1, 1.00, 'placed'), (2, 2.00, 'placed')");
    const pipeline = await sharedOrdersChangePipeline(system, "gappy");
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, hourlyFrom(), { noDeltaColumn: true }) })).body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await sql(system, "ALTER TABLE shared.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = false)");
    await sql(system, "UPDATE shared.gappy SET status = 'shipped' WHERE order_id = 1");
    await sql(system, "ALTER TABLE shared.gappy SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "UPDATE shared.gappy SET status = 'shipped' WHERE order_id = 2");
    await runNow(system, flowId);
    const [, failed] = await waitForRuns(system, flowId, 2, 90_000);
    expect(failed.metrics.statusSummary.status).toBe("failed");
    expect(failed.metrics.statusSummary.errors[0].code, failed.metrics.statusSummary.errors[0].message).toBe("CONNECTOR-2002-400");
    expect(failed.metrics.statusSummary.errors[0].message).toContain(`/flows/${flowId}/action?op=resync`);
    const named = failed.activities.find((a: any) => a.id === "promotionActivity").targetInfo.flatMap((t: any) => t.reference.ids);
    for (const batchId of named) expect((await call(system, "GET", `/data/foundation/catalog/batches/${batchId}`)).status, batchId).toBe(200);

    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${failed.id}`)).body.items[0].metrics.statusSummary.status === "success", 30_000, 100);
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, status FROM $table ORDER BY id, status");
    expect(rows).toEqual([
      { id: 1, status: "placed" },
      { id: 1, status: "shipped" },
      { id: 2, status: "placed" },
      { id: 2, status: "shipped" },
    ]);
  }, 150_000);
});
