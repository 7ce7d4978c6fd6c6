/**
 * A workspace that refuses the connection's access token refuses every retry the same way: the run
 * fails at its first attempt with CONNECTOR-2013-400, naming the base connection and the JSON Patch
 * that renews the token; done as it says, a re-trigger succeeds (docs/api/runs.md#run-errors).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { eventually } from "../support/blob.js";
import { createConnection } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, waitForRuns, workspaceCall } from "../support/journey.js";

describe("a run whose workspace refuses the connection's token", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a retried failure would wait ten minutes: the run below must fail at its first attempt
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "600000" } });
    await configureClusterSas(system);
  });
  afterAll(() => system.close());

  const replaceToken = async (connectionId: string, token: string) => {
    const { etag } = (await call(system, "GET", `${FS}/connections/${connectionId}`)).body.items[0];
    const patched = await call(system, "PATCH", `${FS}/connections/${connectionId}`, {
      headers: { "if-match": etag },
      body: [{ op: "replace", path: "/auth/params/accessToken", value: token }],
    });
    expect(patched.status, patched.text).toBe(200);
  };

  it("fails at once with how to renew the token, and succeeds when re-triggered after the renewal", async () => {
    const first = await workspaceCall(system, "/api/2.0/token/create", { comment: "for the source" });
    const pipeline = await createPipeline(system, { connectionId: await createConnection(system, { accessToken: first.token_value }) });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 6, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    // the token is revoked in the workspace after the flow was set up, before its run
    await workspaceCall(system, "/api/2.0/token/delete", { token_id: first.token_info.token_id });
    const [run] = await waitForRuns(system, created.body.id, 1, 30_000);
    expect(run.metrics.statusSummary.status).toBe("failed");
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2013-400");
    expect(error.message).toContain("refused the access token");
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain(`PATCH /data/foundation/flowservice/connections/${pipeline.connectionId}`);
    expect(error.message).toContain('"path": "/auth/params/accessToken"');
    expect(error.message).not.toContain(first.token_value);

    const renewed = await workspaceCall(system, "/api/2.0/token/create", { comment: "renewed" });
    await replaceToken(pipeline.connectionId, renewed.token_value);
    expect((await call(system, "POST", `${FS}/runs/${run.id}/action?op=re-trigger`)).status).toBe(200);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${run.id}`)).body.items[0].metrics.statusSummary.status === "success", 30_000, 100);
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT count(*)::INTEGER AS n FROM $table")).toEqual([{ n: 5 }]);
  }, 90_000);
});
