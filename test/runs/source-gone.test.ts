/**
 * A source table dropped, or a column the flow reads missing from it, cannot come back by a retry:
 * the run fails at its first attempt with CONNECTOR-2012-400 naming what is missing and what to do,
 * instead of CONNECTOR-2001-500 retried with backoff (docs/api/runs.md#run-errors).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { eventually } from "../support/blob.js";

describe("a run whose source table or column is gone", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the runs below must fail at their first attempt
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  /** a copy of demo.customers under `table` and a once flow over it, due in a few seconds */
  const onceFlowOver = async (table: string) => {
    await sql(system, `CREATE TABLE ${table} AS SELECT * FROM demo.customers`);
    const pipeline = await createPipeline(system, { tableName: table });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 8, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  };
  const failureOf = async (flowId: string) => {
    const [run] = await waitForRuns(system, flowId, 1, 30_000);
    expect(run.metrics.statusSummary.status).toBe("failed");
    return run.metrics.statusSummary.errors[0] as { code: string; message: string };
  };

  it("fails at once, naming the column, when a column the flow reads is not in the table", async () => {
    const flowId = await onceFlowOver("demo.no_updated_at");
    // replaced before the run by a table without updated_at, which the source connection lists
    await sql(system, "DROP TABLE demo.no_updated_at");
    await sql(system, "CREATE TABLE demo.no_updated_at AS SELECT id, name, email, country, balance, address FROM demo.customers");
    const error = await failureOf(flowId);
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain("updated_at");
    expect(error.message).toContain("Add the column back to the table");
    expect(error.message).toMatch(/PATCH \/sourceConnections\/\S+ \(its params\.columns without it\)/);
  });

  it("fails at once, naming the table, when the table was dropped after the flow was created", async () => {
    const flowId = await onceFlowOver("demo.dropped_later");
    await sql(system, "DROP TABLE demo.dropped_later");
    const error = await failureOf(flowId);
    expect(error.code).toBe("CONNECTOR-2012-400");
    expect(error.message).toContain("dropped_later");
    expect(error.message).toContain("Bring the table back under its name (ALTER TABLE … RENAME TO it; a Unity Catalog managed table dropped less than 7 days ago: UNDROP TABLE)");
    // the message's way for a table created again under the name: resync, then re-trigger, which succeeds
    expect(error.message).toContain(`resync the flow first (POST /flows/${flowId}/action?op=resync), then re-trigger this run`);
    await sql(system, "CREATE TABLE demo.dropped_later AS SELECT * FROM demo.customers");
    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=resync`)).status).toBe(200);
    const [failed] = await waitForRuns(system, flowId, 1, 30_000);
    expect((await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await waitForRuns(system, flowId, 1, 30_000))[0].metrics.statusSummary.status === "success", 30_000);
    expect((await waitForRuns(system, flowId, 1))[0].metrics.recordSummary.outputRecordCount).toBe(5);
  });
});
