/**
 * A run whose attempt committed the window's rows but failed before recording its batch (the
 * metadata store refused it, not retried), then re-triggered: it finds its commit again, and keeps
 * the version that attempt read, so the next window reads the late rows added since that version
 * rather than since a newer one, which would leave them to no window. It records the batch of that
 * commit without reading the window again, so a version VACUUM has deleted since does not fail it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { orderFlows } from "../support/order-flows.js";
import { orderMappings, orderSchema } from "../support/source-tables.js";

const TABLE = "(order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA";

// the lake in Azure Blob Storage too: the batch's failed rows are read from there
describe.each(TEST_LAKES)("a run whose earlier attempt committed without recording its batch, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  const { onceFlowOver, startRun } = orderFlows(() => system);
  const window = (from: number, to: number) => ({ deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(to / 1000) });

  /** what the attempt left: its commit in the dataset, its batch not recorded, the run failed with its promotion begun */
  const failAfterCommit = async (runId: string) => {
    const db = system.service.store.db;
    await db.deleteFrom("batches").where("run_id", "=", runId).execute();
    const row = await db.selectFrom("runs").select("details").where("id", "=", runId).executeTakeFirstOrThrow();
    const details = JSON.parse(String(row.details));
    delete details.promotion.completedAt;
    delete details.promotion.committed;
    details.errors = [{ code: "CONNECTOR-2000-500", message: "The service could not record this run's progress in its metadata store", recordCount: 0 }];
    await db.updateTable("runs").set({ status: "failed", details: JSON.stringify(details) }).where("id", "=", runId).execute();
  };

  it("re-triggered, keeps the version the commit read, and the next window reads the late rows added since it", async () => {
    await sql(system, `CREATE TABLE demo.committed_unrecorded ${TABLE}`);
    await sql(system, "INSERT INTO demo.committed_unrecorded VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { pipeline, flowId } = await onceFlowOver("demo.committed_unrecorded", false, true);
    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    const [first] = await waitForRuns(system, flowId, 1);
    expect(first.metrics.statusSummary.status).toBe("success");
    await failAfterCommit(first.id);

    // a late row, added after the version the commit read
    await sql(system, "INSERT INTO demo.committed_unrecorded VALUES (3, 3.00, 'placed', TIMESTAMP'2025-06-01 00:00:00')");
    expect((await call(system, "POST", `${FS}/runs/${first.id}/action?op=re-trigger`)).status).toBe(200);
    await expect.poll(async () => (await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    // the window's row once: the commit was found again
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id")).toEqual([{ id: 1 }]);

    await sql(system, "INSERT INTO demo.committed_unrecorded VALUES (4, 4.00, 'placed', TIMESTAMP'2026-06-01 00:00:00')");
    await startRun(flowId, window(Date.UTC(2026, 0, 2), Date.UTC(2027, 0, 1)));
    const next = (await waitForRuns(system, flowId, 2))[1];
    expect(next.metrics.statusSummary.status, JSON.stringify(next.metrics.statusSummary)).toBe("success");
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id")).toEqual([{ id: 1 }, { id: 3 }, { id: 4 }]);
    // the run's log says which version it kept
    const logs = await call(system, "GET", `${FS}/runs/${first.id}/logs`);
    expect(JSON.stringify(logs.body)).toContain("an earlier attempt committed this window's rows, read at version");
  }, 120_000);

  const BEYOND_LONG = "9223372036854775807"; // outside an XDM long's ±2^53: the row fails validation

  /** a once flow over a new table whose window holds 2 valid rows and 1 that fails; its first run, a success */
  const firstRunOfWindow = async (table: string) => {
    // without deletion vectors an UPDATE rewrites the file, so VACUUM can delete the one the commit read
    await sql(system, `CREATE TABLE ${table} (order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)`);
    await sql(system, `INSERT INTO ${table} VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (${BEYOND_LONG}, 9.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')`);
    const pipeline = await createPipeline(system, { tableName: table, schema: orderSchema, mappings: orderMappings, columns: ["order_id", "amount", "status", "ordered_at"] });
    const startTime = Math.floor(Date.now() / 1000) + 86_400;
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "once" }, { options: { partialIngestionPercent: 50 } }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    const [first] = await waitForRuns(system, flowId, 1);
    expect(first.metrics.statusSummary.status, JSON.stringify(first.metrics.statusSummary)).toBe("success");
    expect(first.metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 });
    return { pipeline, flowId, first };
  };

  /** the version the window's commit read loses its file: order 2 rewritten, then vacuumed */
  const vacuumReadVersion = async (table: string) => {
    await sql(system, `UPDATE ${table} SET status = 'shipped' WHERE order_id = 2`);
    await sql(system, `VACUUM ${table} RETAIN 0 HOURS`);
  };

  /** the run, finished again, recorded the batch of the window's commit as its first attempt would have, from nothing read again */
  const expectRecordedFromCommit = async ({ pipeline, flowId, first }: Awaited<ReturnType<typeof firstRunOfWindow>>, table: string) => {
    await expect.poll(async () => (await waitForRuns(system, flowId, 1))[0].metrics.statusSummary, { timeout: 30_000 }).toMatchObject({ status: "success" });
    const [run] = await waitForRuns(system, flowId, 1);
    // the window's rows once, as the commit holds them (order 2 placed, as the version it read had it)
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, status FROM $table ORDER BY id")).toEqual([
      { id: 1, status: "placed" },
      { id: 2, status: "placed" },
    ]);
    // under the id the committing attempt began the batch with, with what it would have recorded
    const [batchId] = first.activities[1].targetInfo[0].reference.ids;
    expect(run.activities[1].targetInfo[0].reference.ids).toEqual([batchId]);
    const catalog = (await call(system, "GET", `/data/foundation/catalog/batches/${batchId}`)).body[batchId];
    expect(catalog).toMatchObject({ status: "success", metrics: { inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 } });
    expect(run.metrics.recordSummary).toEqual(first.metrics.recordSummary);
    expect(run.metrics.sizeSummary.outputBytes).toBe(first.metrics.sizeSummary.outputBytes);
    expect(run.metrics.fileSummary.outputFileCount).toBe(first.metrics.fileSummary.outputFileCount);
    expect(run.metrics.statusSummary.errors).toEqual(first.metrics.statusSummary.errors);
    expect(run.metrics.statusSummary.errors).toEqual([expect.objectContaining({ code: "MAPPER-3700-400", recordCount: 1, message: expect.stringContaining(BEYOND_LONG) })]);
    // nothing staged; the version kept is the one the commit read
    expect(run.metrics.sizeSummary.inputBytes).toBe(0);
    expect(run.metrics.fileSummary.inputFileCount).toBe(0);
    expect(run.activities[0].sourceInfo[0].reference.ids).toEqual(first.activities[0].sourceInfo[0].reference.ids);
    const logs = JSON.stringify((await call(system, "GET", `${FS}/runs/${first.id}/logs`)).body);
    expect(logs).toContain(`made by an earlier attempt that did not record its batch: the run skips re-reading the window from ${table}`);
    expect(logs).toContain("and records the batch of that commit, with the 1 failed rows that attempt stored");
  };

  it("re-triggered, records the batch of that commit without reading the window again, though VACUUM deleted the version it read", async () => {
    const first = await firstRunOfWindow("demo.committed_vacuumed");
    await failAfterCommit(first.first.id);
    await vacuumReadVersion("demo.committed_vacuumed");
    expect((await call(system, "POST", `${FS}/runs/${first.first.id}/action?op=re-trigger`)).status).toBe(200);
    await expectRecordedFromCommit(first, "demo.committed_vacuumed");
  }, 120_000);

  it("retried after its worker died between the commit and the batch's record, does the same", async () => {
    const first = await firstRunOfWindow("demo.committed_crashed");
    // what the dead worker left: the commit, no batch, the run due for its next attempt with its pinned version
    const db = system.service.store.db;
    await db.deleteFrom("batches").where("run_id", "=", first.first.id).execute();
    const row = await db.selectFrom("runs").select("details").where("id", "=", first.first.id).executeTakeFirstOrThrow();
    const details = JSON.parse(String(row.details));
    delete details.promotion.completedAt;
    delete details.promotion.committed;
    delete details.errors;
    await vacuumReadVersion("demo.committed_crashed");
    await db.updateTable("runs").set({ status: "scheduled", due_at: Date.now(), completed_at: null, details: JSON.stringify(details) }).where("id", "=", first.first.id).execute();
    system.service.runtime?.worker.poke();
    await expectRecordedFromCommit(first, "demo.committed_crashed");
    expect((await waitForRuns(system, first.flowId, 1))[0].attempt).toBe(2);
  }, 120_000);
});
