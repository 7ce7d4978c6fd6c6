import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, runsOf, waitForRuns } from "../support/journey.js";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";

/** the cluster's export waits this long before each write: the SAS it holds is refreshed away meanwhile */
const WRITE_DELAY_MS = 4_000;

/**
 * A staging SAS that stops working while the cluster exports (a refresh whose grace window ends mid-export) fails the run at once
 * with the SAS's own failure and its fix (CONNECTOR-2010-400), as the check before an export does, where the workspace's
 * AuthorizationFailure text was retried first.
 */
describe("a staging SAS refreshed away while the cluster exports", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a refreshed SAS keeps working 1 s, then its policy expires
    system = await startTestSystem({ workspace: { seedRows: 20, exportWriteDelayMs: WRITE_DELAY_MS }, env: { RUN_POLL_MS: "50", DLZ_REFRESH_GRACE_SECONDS: "1" } });
    await configureClusterSas(system);
  }, 120_000);
  afterAll(() => system.close());

  it("fails the run on its first attempt with the expired SAS named and the fix, not a retried workspace failure", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    await eventually(async () => (await runsOf(system, flowId))[0]?.phase?.name === "exporting", 30_000);
    const refreshed = await call(system, "POST", `${DLZ_CREDENTIALS}&action=refresh`);
    expect(refreshed.status).toBe(200);

    const [run] = await waitForRuns(system, flowId, 1, 30_000);
    expect(run.metrics.statusSummary.status).toBe("failed");
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2010-400");
    expect(error.message).toMatch(/^(Expired|Revoked) SAS: /);
    const row = await system.service.store.db.selectFrom("runs").select(["attempts"]).where("id", "=", run.id).executeTakeFirstOrThrow();
    expect(Number(row.attempts)).toBe(1);
  }, 90_000);
});
