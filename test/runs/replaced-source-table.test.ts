/**
 * A source table dropped and created again between two runs of a flow starts its Delta versions
 * over under a new table id: the next run that reads since the flow's last version fails at once
 * with CONNECTOR-2015-400 naming both ids and the resync, and after the resync and a re-trigger the
 * new table's rows arrive exactly (docs/api/runs.md#run-errors).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { configureClusterSas, datasetRows, sql, waitForRuns } from "../support/journey.js";
import { ORDER_TABLE, orderFlows } from "../support/order-flows.js";

describe("a run whose source table was dropped and created again", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the runs below must fail at their first attempt
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  const tableId = async (table: string) => String((await sql(system, `DESCRIBE DETAIL ${table}`)).data[0][1]);
  const { onceFlowOver, startRun, resyncAndRetrigger } = orderFlows(() => system);

  it("a change-data-capture flow fails naming the resync, then reads the new table whole", async () => {
    await sql(system, `CREATE TABLE demo.replaced_cdc ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_cdc VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00'), (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const oldId = await tableId("demo.replaced_cdc");
    const { pipeline, flowId } = await onceFlowOver("demo.replaced_cdc", true);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    // the same number of versions as before: the version alone tells nothing changed
    await sql(system, "DROP TABLE demo.replaced_cdc");
    await sql(system, `CREATE TABLE demo.replaced_cdc ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_cdc VALUES (3, 3.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const newId = await tableId("demo.replaced_cdc");
    expect(newId).not.toBe(oldId);

    await startRun(flowId);
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2015-400");
    expect(error.message).toContain(`from ${oldId} to ${newId}`);
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);

    await resyncAndRetrigger(flowId, failed.id);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id, _change_request_type AS t FROM $table ORDER BY id, t");
    expect(rows).toEqual([
      { id: 1, t: "d" },
      { id: 1, t: "u" },
      { id: 2, t: "d" },
      { id: 2, t: "u" },
      { id: 3, t: "u" },
    ]);
  }, 120_000);

  it("a run reading the rows since a whole-table read says to read the new table with a new flow, not to resync", async () => {
    await sql(system, `CREATE TABLE demo.replaced_whole ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_whole VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    await sql(system, "INSERT INTO demo.replaced_whole VALUES (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { flowId } = await onceFlowOver("demo.replaced_whole", false);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await sql(system, "DROP TABLE demo.replaced_whole");
    await sql(system, `CREATE TABLE demo.replaced_whole ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_whole VALUES (3, 3.00, 'placed', TIMESTAMP'2026-06-01 00:00:00')");
    await startRun(flowId, { deltaColumn: { name: "ordered_at" } });
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2015-400");
    // a resync would leave this run no version to read the rows since: it would read none of them
    expect(error.message).toContain("read the table into a new dataset with a new flow");
    expect(error.message).not.toContain("op=resync");
  }, 120_000);

  it("a window reading late rows fails when the new table has fewer versions, then reads the new table's window", async () => {
    await sql(system, `CREATE TABLE demo.replaced_rows ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_rows VALUES (1, 1.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    await sql(system, "INSERT INTO demo.replaced_rows VALUES (2, 2.00, 'placed', TIMESTAMP'2026-01-01 00:00:00')");
    const { pipeline, flowId } = await onceFlowOver("demo.replaced_rows", false, true);
    const window = (from: number, to: number) => ({ deltaColumn: { name: "ordered_at" }, windowStartTime: String(from / 1000), windowEndTime: String(to / 1000) });
    await startRun(flowId, window(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 2)));
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    await sql(system, "DROP TABLE demo.replaced_rows");
    await sql(system, `CREATE TABLE demo.replaced_rows ${ORDER_TABLE}`);
    await sql(system, "INSERT INTO demo.replaced_rows VALUES (3, 3.00, 'placed', TIMESTAMP'2026-06-01 00:00:00'), (4, 4.00, 'placed', TIMESTAMP'2025-01-01 00:00:00')");

    // the window's late rows would be compared with version 2, the one the first run read
    await startRun(flowId, window(Date.UTC(2026, 0, 2), Date.UTC(2027, 0, 1)));
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2015-400");
    expect(error.message).toContain("lies below version 2");
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);

    await resyncAndRetrigger(flowId, failed.id);
    await expect.poll(async () => (await waitForRuns(system, flowId, 2))[1].metrics.statusSummary.status, { timeout: 30_000 }).toBe("success");
    // the new table's row of the window; its row dated before the window is no window's
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT orderId::INTEGER AS id FROM $table ORDER BY id");
    expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  }, 120_000);
});
