/**
 * A run never sends a connection's token to a workspace the allow-list does not hold, even when
 * the connection was stored before its host left the list: the run fails at once, naming the
 * setting, and is not retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingListener, type RecordingListener } from "../support/recording-listener.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, waitForRuns } from "../support/journey.js";

describe("a run whose connection names a workspace that is not allowed", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let elsewhere: RecordingListener;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "0" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
    elsewhere = await startRecordingListener();
  });
  afterAll(async () => {
    await elsewhere.close();
    await system.close();
  });

  it("fails without calling it, naming DATABRICKS_ALLOWED_HOSTS, and is not retried", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status).toBe(201);
    // the stored connection now points at a host nobody allowed (as if the list had changed since)
    const row = await system.service.store.db.selectFrom("resources").select(["document"]).where("id", "=", pipeline.connectionId).executeTakeFirstOrThrow();
    const document = JSON.parse(row.document);
    document.auth.params.domain = elsewhere.url;
    await system.service.store.db.updateTable("resources").set({ document: JSON.stringify(document) }).where("id", "=", pipeline.connectionId).execute();

    const run = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id, status: "active" } });
    expect(run.status).toBe(201);
    const [finished] = await waitForRuns(system, created.body.id, 1);
    expect(finished.metrics.statusSummary.status).toBe("failed");
    const errors = finished.metrics.statusSummary.errors ?? finished.activities.flatMap((a: any) => a.statusSummary?.errors ?? []);
    expect(JSON.stringify(errors)).toContain("CONNECTOR-2003-400");
    expect(JSON.stringify(errors)).toContain("DATABRICKS_ALLOWED_HOSTS");
    expect(elsewhere.requests).toEqual([]);
    const attempts = await system.service.store.db.selectFrom("runs").select(["attempts"]).where("flow_id", "=", created.body.id).executeTakeFirstOrThrow();
    expect(Number(attempts.attempts)).toBe(1);
  });
});
