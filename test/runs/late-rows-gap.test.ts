/**
 * A window's late rows are found by comparing the pinned version with the one the flow's last run
 * read. When VACUUM has deleted that version's files, the run fails at once with CONNECTOR-2002-400
 * saying what can be done, rather than retrying a read that cannot succeed; and a flow that read
 * the whole table is never left to read nothing after a resync (docs/api/runs.md#late-rows).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { configureClusterSas, datasetRows, sql, waitForRuns } from "../support/journey.js";
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

  it("a run after a whole-table read fails at once saying to use a new flow, and never reads nothing after a resync", async () => {
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

    // a resync leaves no version to read the rows since: the run says so instead of succeeding empty
    await resyncAndRetrigger(flowId, failed.id);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].attempt, { timeout: 30_000 }).toBe(1);
    const again = (await waitForRuns(system, flowId, 2))[1];
    expect(again.metrics.statusSummary.status, JSON.stringify(again.metrics.statusSummary)).toBe("failed");
    expect(again.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2002-400");
    expect(again.metrics.statusSummary.errors[0].message).toContain("since the resync there is no such version, and the run would read nothing");
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  }, 120_000);
});
