/**
 * A source table restored to an earlier version (RESTORE TABLE … TO VERSION AS OF n) or vacuumed
 * between two runs of a flow (docs/api/runs.md#run-errors):
 * - a window reading late rows would take the rows the restore brought back, already ingested, as
 *   new: it fails at once with CONNECTOR-2016-400 naming the restore and the resync, and after the
 *   resync and a re-trigger the dataset holds each row once; so does a flow reading the rows that
 *   appeared since its read of the whole table;
 * - a change-data-capture flow reads the restore as the change feed gives it: the rows brought back
 *   are upserts, once each;
 * - a change-data-capture flow whose change or data files VACUUM removed fails at once with the
 *   change-feed gap CONNECTOR-2002-400 naming the resync, not as a workspace failure retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { configureClusterSas, datasetRows, sql, waitForRuns } from "../support/journey.js";
import { ORDER_TABLE, orderFlows } from "../support/order-flows.js";
const TWO_ORDERS = "(1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')";

describe("a run whose source table was restored or vacuumed", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the runs below must fail at their first attempt
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  const latestVersion = async (table: string) => Number((await sql(system, `DESCRIBE HISTORY ${table} LIMIT 1`)).data[0][0]);
  const { onceFlowOver, startRun, resyncAndRetrigger } = orderFlows(() => system);
  const failedAtOnce = async (flowId: string, count: number) => {
    const failed = (await waitForRuns(system, flowId, count))[count - 1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    return { run: failed, error: failed.metrics.statusSummary.errors[0] as { code: string; message: string } };
  };
  const ids = (dataSetId: string) => datasetRows(system, dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id");

  it("a window reading late rows fails naming the restore, then reads its window once the flow is resynced", async () => {
    await sql(system, `CREATE TABLE demo.restored_rows ${ORDER_TABLE}`);
    await sql(system, `INSERT INTO demo.restored_rows VALUES ${TWO_ORDERS}`);
    const { pipeline, flowId } = await onceFlowOver("demo.restored_rows", false, true);
    const window = (from: number, to: number) => ({ deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(to / 1000) });
    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    const ingested = await latestVersion("demo.restored_rows");

    // order 2 deleted, and a window read since; then the restore brings it back, in the dataset already
    await sql(system, "DELETE FROM demo.restored_rows WHERE order_id = 2");
    await startRun(flowId, window(Date.UTC(2026, 0, 2), Date.UTC(2026, 2, 1)));
    expect((await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status).toBe("success");
    await sql(system, `RESTORE TABLE demo.restored_rows TO VERSION AS OF ${ingested}`);
    const restoredAt = await latestVersion("demo.restored_rows");
    await sql(system, "INSERT INTO demo.restored_rows VALUES (3, 3.00, 'placed', TIMESTAMP'2026-06-01 00:00:00'), (4, 4.00, 'placed', TIMESTAMP'2025-06-01 00:00:00')");

    // the late rows would be the pinned version's EXCEPT ALL the version without order 2: order 2 again
    await startRun(flowId, window(Date.UTC(2026, 2, 1), Date.UTC(2027, 0, 1)));
    const { run, error } = await failedAtOnce(flowId, 3);
    expect(error.code).toBe("CONNECTOR-2016-400");
    expect(error.message).toContain(`version ${restoredAt} restored it to version ${ingested}`);
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);
    expect(await ids(pipeline.dataSetId)).toEqual([{ id: 1 }, { id: 2 }]);

    await resyncAndRetrigger(flowId, run.id);
    await expect.poll(async () => (await waitForRuns(system, flowId, 3))[2].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    // the window's row; the late row added with it is no window's after a resync, and order 2 stays once
    expect(await ids(pipeline.dataSetId)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  }, 120_000);

  it("a flow reading the rows that appeared since its whole-table read fails the same way", async () => {
    await sql(system, `CREATE TABLE demo.restored_appends ${ORDER_TABLE}`);
    await sql(system, `INSERT INTO demo.restored_appends VALUES ${TWO_ORDERS}`);
    const { pipeline, flowId } = await onceFlowOver("demo.restored_appends", false, true);
    await startRun(flowId, { deltaColumn: { name: "ordered_at" } });
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    const ingested = await latestVersion("demo.restored_appends");
    await sql(system, "DELETE FROM demo.restored_appends WHERE order_id = 2");
    await startRun(flowId);
    expect((await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status).toBe("success");
    await sql(system, `RESTORE TABLE demo.restored_appends TO VERSION AS OF ${ingested}`);

    await startRun(flowId);
    const { error } = await failedAtOnce(flowId, 3);
    expect(error.code).toBe("CONNECTOR-2016-400");
    // no window to fall back on, and a resync of the flow is refused: the way out is a new flow
    expect(error.message).toContain("read the table into a new dataset with a new flow");
    expect(error.message).not.toContain("op=resync");
    expect(await ids(pipeline.dataSetId)).toEqual([{ id: 1 }, { id: 2 }]);
  }, 120_000);

  it("a change-data-capture flow reads the rows a restore brought back as upserts, once each", async () => {
    await sql(system, `CREATE TABLE demo.restored_cdc ${ORDER_TABLE}`);
    await sql(system, `INSERT INTO demo.restored_cdc VALUES ${TWO_ORDERS}`);
    const { pipeline, flowId } = await onceFlowOver("demo.restored_cdc", true);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
    const ingested = await latestVersion("demo.restored_cdc");

    await sql(system, "UPDATE demo.restored_cdc SET status = 'shipped' WHERE order_id = 1");
    await sql(system, "DELETE FROM demo.restored_cdc WHERE order_id = 2");
    await sql(system, `RESTORE TABLE demo.restored_cdc TO VERSION AS OF ${ingested}`);

    await startRun(flowId);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, status, _change_request_type AS t FROM $table ORDER BY id, t, status");
    // each key's net change across the delete, the update and the restore: the restored row, once
    expect(rows).toEqual([
      { id: 1, status: "placed", t: "u" },
      { id: 1, status: "placed", t: "u" },
      { id: 2, status: "placed", t: "u" },
      { id: 2, status: "placed", t: "u" },
    ]);
  }, 120_000);

  it("a change-data-capture flow whose change or data files were vacuumed fails as a change-feed gap naming the resync", async () => {
    /** a flow that ingested two orders, then `change` makes files the next change read needs into files no version reads, which VACUUM deletes */
    const vacuumedFlow = async (table: string, change: (ingested: number) => string) => {
      await sql(system, `CREATE TABLE ${table} ${ORDER_TABLE}`);
      await sql(system, `INSERT INTO ${table} VALUES ${TWO_ORDERS}`);
      const { flowId } = await onceFlowOver(table, true);
      expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");
      const ingested = await latestVersion(table);
      await sql(system, `INSERT INTO ${table} VALUES (3, 3.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')`);
      await sql(system, change(ingested));
      await sql(system, `VACUUM ${table} RETAIN 0 HOURS`);
      await startRun(flowId);
      const { error } = await failedAtOnce(flowId, 2);
      expect(error.code, error.message).toBe("CONNECTOR-2002-400");
      expect(error.message).toContain(`no longer covers versions ${ingested + 1} to`);
      expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);
      // a feed turned off would fail every window after a resync too: turning it on comes first
      expect(error.message).toContain(`turn it on first: ALTER TABLE ${table} SET TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
    };
    // the update's change data file (_change_data/) is read by no version
    await vacuumedFlow("demo.vacuumed_change_file", () => "UPDATE demo.vacuumed_change_file SET status = 'shipped' WHERE order_id = 1");
    // the insert's data file, which its commit's changes are read from, is read by no version after the restore
    await vacuumedFlow("demo.vacuumed_data_file", (ingested) => `RESTORE TABLE demo.vacuumed_data_file TO VERSION AS OF ${ingested}`);
  }, 120_000);
});
