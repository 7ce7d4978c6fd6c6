/**
 * A change-data flow over a Delta Sharing table whose change files the provider's VACUUM removed:
 * the run fails at once with the change-feed gap and the resync, as on a cluster, instead of a
 * download failure retried until its attempts run out. Real local sharing server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { sharedOrdersChangePipeline } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("a Delta Sharing change feed whose files were vacuumed", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
  });
  afterAll(() => system.close());

  it("fails the next run at once with CONNECTOR-2002-400 naming the resync", async () => {
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
    await sql(system, "CREATE TABLE shared.vacuumed (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await sql(system, "INSERT INTO shared.vacuumed VALUES (1, 1.00, 'placed'), (2, 2.00, 'placed')");
    const pipeline = await sharedOrdersChangePipeline(system, "vacuumed");
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { noDeltaColumn: true }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    expect((await waitForRuns(system, flowId, 1))[0].metrics.statusSummary.status).toBe("success");

    // the update's change file is read by no version of the table: VACUUM deletes it
    await sql(system, "UPDATE shared.vacuumed SET status = 'shipped' WHERE order_id = 1");
    await sql(system, "VACUUM shared.vacuumed RETAIN 0 HOURS");
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId } })).status).toBe(201);
    const failed = (await waitForRuns(system, flowId, 2))[1];
    expect(failed.metrics.statusSummary.status, JSON.stringify(failed.metrics.statusSummary)).toBe("failed");
    expect(failed.attempt).toBe(1);
    const error = failed.metrics.statusSummary.errors[0];
    expect(error.code, error.message).toBe("CONNECTOR-2002-400");
    expect(error.message).toContain(`/flows/${flowId}/action?op=resync`);
  }, 120_000);
});
