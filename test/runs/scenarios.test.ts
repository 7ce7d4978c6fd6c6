import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/notifications/signature.js";
import { eventually } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { clusterState, terminateCluster } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";

/** A real HTTP listener that records the webhook deliveries it receives. */
async function webhookListener() {
  const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;

describe("runs against a real cluster and storage", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let hook: Awaited<ReturnType<typeof webhookListener>>;
  let sandboxHook: Awaited<ReturnType<typeof webhookListener>>;
  let clusterSas: { SASToken: string };
  beforeAll(async () => {
    sandboxHook = await webhookListener();
    system = await startTestSystem({
      workspace: { seedRows: 100, clusterStartDelayMs: 300 },
      env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "50", SANDBOX_WEBHOOKS: JSON.stringify({ prod: [{ url: sandboxHook.url }], dev: [{ url: "http://127.0.0.1:1/never" }] }) },
    });
    hook = await webhookListener();
    clusterSas = await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(async () => {
    await system.close();
    await hook.close();
    await sandboxHook.close();
  });

  it("starts a terminated cluster, waits for it, ingests, and tells the webhook", async () => {
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: soon(2), frequency: "once" }, { notifications: { webhooks: [{ url: hook.url, secret: "hook-secret" }] } }),
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify((await call(system, "GET", `${FS}/flows/${created.body.id}`)).body)).not.toContain("hook-secret");
    await terminateCluster(system);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.metrics.recordSummary.outputRecordCount).toBe(100);
    expect(await clusterState(system)).toBe("RUNNING");

    await eventually(async () => hook.received.length >= 1);
    const delivery = hook.received[0];
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({ type: "sources_flow_run_success", event: { id: run.id, flowId: created.body.id } });
    expect(event.event.metrics.recordSummary.outputRecordCount).toBe(100);
    expect(verifySignature("hook-secret", delivery.body, String(delivery.headers["x-databricks-source-signature"]), Math.floor(Date.now() / 1000))).toBe(true);
    // the sandbox's own webhook (configuration) hears about it too
    await eventually(async () => sandboxHook.received.some((d) => JSON.parse(d.body).event.id === run.id));
  });

  it("fails a run whose cluster holds a revoked SAS, naming it; after the fix a re-trigger ingests the window once", async () => {
    const fresh = await createPipeline(system);
    // the user refreshes the credentials but does not update the cluster yet
    const refreshed = await call(system, "POST", "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&action=refresh");
    expect(refreshed.status).toBe(200);
    hook.received.length = 0;
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(fresh, { startTime: soon(), frequency: "once" }, { notifications: { webhooks: [{ url: hook.url, events: ["sources_flow_run_failure"] }] } }),
    });
    const flowId = created.body.id;
    const [failed] = await waitForRuns(system, flowId, 1);
    expect(failed.metrics.statusSummary.status).toBe("failed");
    const [error] = failed.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2010-400");
    expect(error.message).toMatch(/^Revoked SAS: .*fs\.azure\.sas\./);
    // the error never carries the SAS, in the run or in the logs
    const oldSig = new URLSearchParams(clusterSas.SASToken).get("sig")!;
    expect(error.message).not.toMatch(/sig=/i);
    expect(system.logs.join("")).not.toContain(oldSig);
    expect(await datasetRows(system, fresh.dataSetId, "SELECT count(*) AS n FROM $table")).toEqual([]);
    await eventually(async () => hook.received.some((d) => JSON.parse(d.body).type === "sources_flow_run_failure"));

    // re-triggering a run that is not failed is refused
    await configureClusterSas(system, refreshed.body);
    const retriggered = await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`);
    expect(retriggered.status).toBe(200);
    expect(retriggered.body.id).toBe(failed.id);
    await eventually(async () => (await call(system, "GET", `${FS}/runs/${failed.id}`)).body.items[0].metrics.statusSummary.status === "success", 30_000, 100);
    const again = await call(system, "POST", `${FS}/runs/${failed.id}/action?op=re-trigger`);
    expect(again.status).toBe(400);
    expect(again.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1387-400");
    const rows = await datasetRows(system, fresh.dataSetId, "SELECT count(*)::INTEGER AS n, count(DISTINCT customerId)::INTEGER AS ids FROM $table");
    expect(rows).toEqual([{ n: 100, ids: 100 }]);
  });

  it("reads the version it pinned, whatever was committed to the table afterwards", async () => {
    const fresh = await createPipeline(system);
    const history = await sql(system, "DESCRIBE HISTORY demo.customers LIMIT 1");
    const pinned = Number(history.data[0][history.schema.findIndex((c: any) => c.name === "version")]);
    await sql(system, "INSERT INTO demo.customers SELECT id + 1000, name, email, country, balance, address, updated_at FROM demo.customers WHERE id <= 5");
    // a run that pinned the older version before a crash resumes with it
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(fresh, { startTime: soon(30), frequency: "once" }) });
    const flowId = created.body.id;
    await system.service.store.db.insertInto("runs").values({
      id: "00000000-0000-4000-8000-000000000001", flow_id: flowId, ims_org_id: "TEST@AdobeOrg", sandbox_name: "prod", window_seq: 0,
      window_start: null, window_end: null, due_at: Date.now(), status: "scheduled", trigger: "schedule", attempts: 1,
      lease_owner: null, lease_expires_at: null, started_at: null, completed_at: null, etag: '"e"',
      details: JSON.stringify({ pinnedVersion: pinned }), delay_notified_at: null, created_at: Date.now(), updated_at: Date.now(),
    }).execute();
    await system.service.store.db.updateTable("flows").set({ scheduled_through: 0 }).where("id", "=", flowId).execute();
    system.service.runtime?.worker.poke();
    const [run] = await waitForRuns(system, flowId, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.metrics.recordSummary.outputRecordCount).toBe(100);
    expect(run.activities[0].sourceInfo[0].reference).toEqual({ type: "DeltaVersion", ids: [String(pinned)] });
  });
});
