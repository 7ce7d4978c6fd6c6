/**
 * A run whose attempt committed the window's rows but failed before recording its batch (the
 * metadata store refused it, not retried), then re-triggered: it finds its commit again, and keeps
 * the version that attempt read, so the next window reads the late rows added since that version
 * rather than since a newer one, which would leave them to no window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, datasetRows, FS, sql, waitForRuns } from "../support/journey.js";
import { orderFlows } from "../support/order-flows.js";

const TABLE = "(order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA";

describe("a re-triggered run whose earlier attempt committed without recording its batch", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
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

  it("keeps the version the commit read, and the next window reads the late rows added since it", async () => {
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
});
