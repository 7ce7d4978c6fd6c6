/**
 * A window's late rows are found by comparing the pinned version with the one the flow's last run
 * read. When VACUUM has deleted that version's files, the run fails at once with CONNECTOR-2002-400
 * saying what can be done, rather than retrying a read that cannot succeed; and a flow that read
 * the whole table is never resynced into a state its runs could only fail in (docs/api/runs.md#late-rows).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, datasetRows, FS, sql, waitForRuns } from "../support/journey.js";
import { orderFlows } from "../support/order-flows.js";

/** without deletion vectors an UPDATE rewrites the file, so VACUUM can delete the old one */
const TABLE = "(order_id BIGINT, amount DECIMAL(18,2), status STRING, ordered_at TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)";

describe("a window whose late rows are compared with a vacuumed version", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the runs below must fail at their first attempt
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  const { onceFlowOver, startRun, resyncAndRetrigger } = orderFlows(() => system);
  /** the first run's version loses its file: order 2 rewritten, then vacuumed; order 3 a late row */
  const vacuumAfterFirstRun = async (table: string) => {
    await sql(system, `UPDATE ${table} SET status = 'shipped' WHERE order_id = 2`);
    await sql(system, `INSERT INTO ${table} VALUES (3, 3.00, 'placed', TIMESTAMP'2025-06-01 00:00:00')`);
    await sql(system, `VACUUM ${table} RETAIN 0 HOURS`);
  };

  it("a window fails at once naming the resync; after it the window reads its own rows", async () => {
    await sql(system, `CREATE TABLE demo.vacuumed_window ${TABLE}`);
    await sql(system, "INSERT INTO demo.vacuumed_window VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { pipeline, flowId } = await onceFlowOver("demo.vacuumed_window", false, true);
    const window = (from: number, to: number) => ({ deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(to / 1000) });
    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await vacuumAfterFirstRun("demo.vacuumed_window");
    await sql(system, "INSERT INTO demo.vacuumed_window VALUES (4, 4.00, 'placed', TIMESTAMP'2026-06-01 00:00:00')");
    await startRun(flowId, window(Date.UTC(2026, 0, 2), Date.UTC(2027, 0, 1)));
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2002-400");
    expect(error.message).toContain("with version 1, the one the flow's last run read");
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);

    await resyncAndRetrigger(flowId, failed.id);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    // the window's row; the late ones (order 2 changed, order 3) are no window's after the resync
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, status FROM $table ORDER BY id");
    expect(rows).toEqual([
      { id: 1, status: "placed" },
      { id: 2, status: "placed" },
      { id: 4, status: "placed" },
    ]);
  }, 120_000);

  /** POST /flows/{id}/action?op=resync, refused for a flow whose runs read the rows since a whole-table read */
  const expectResyncRefused = async (flowId: string, runId: string) => {
    const reply = await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`);
    expect(reply.status, reply.text).toBe(409);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1420-409");
    expect(reply.body.report["detailed-message"]).toContain(`its run ${runId} reads the whole table`);
    expect(reply.body.report["detailed-message"]).toContain("create a new flow into a new dataset");
    expect(reply.body.report.runId).toBe(runId);
    const flow = await call(system, "GET", `${FS}/flows/${flowId}`);
    expect(flow.body.items[0].lastOperation.operation).not.toBe("resync");
    expect(flow.body.items[0].resyncFromSequence).toBeUndefined();
  };

  it("a run after a whole-table read fails at once saying to use a new flow, and a resync, which would leave it nothing to read, is refused", async () => {
    await sql(system, `CREATE TABLE demo.vacuumed_whole ${TABLE}`);
    await sql(system, "INSERT INTO demo.vacuumed_whole VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { pipeline, flowId } = await onceFlowOver("demo.vacuumed_whole", false);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await vacuumAfterFirstRun("demo.vacuumed_whole");
    await startRun(flowId, { deltaColumn: { name: "ordered_at" } });
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    expect(failed.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");
    expect(failed.metrics.statusSummary.errors[0].message).toContain("read the table into a new dataset with a new flow");

    await expectResyncRefused(flowId, failed.id);
    // the flow as it was: its run re-triggered fails for the vacuumed version again, not for a resync
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("failed");
    const again = (await waitForRuns(system, flowId, 2))[1];
    expect(again.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");
    expect(again.metrics.statusSummary.errors[0].message).toContain("read the table into a new dataset with a new flow");
    expect(again.metrics.statusSummary.errors[0].message).not.toContain("since the resync");
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  }, 120_000);

  it("a flow whose resync was refused goes on reading the rows that appear after its whole-table read", async () => {
    await sql(system, `CREATE TABLE demo.whole_then_new ${TABLE}`);
    await sql(system, "INSERT INTO demo.whole_then_new VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { pipeline, flowId } = await onceFlowOver("demo.whole_then_new", false);
    const [whole] = await waitForRuns(system, flowId, 1);
    expect(whole.metrics.statusSummary.status).toBe("success");

    await expectResyncRefused(flowId, whole.id);
    await sql(system, "INSERT INTO demo.whole_then_new VALUES (2, 2.00, 'placed', TIMESTAMP'2025-01-01 00:00:00')");
    await startRun(flowId, { deltaColumn: { name: "ordered_at" } });
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  }, 120_000);
});
