import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRun, finishRun, runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { terminateCluster } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, runsOf, waitForRuns } from "../support/journey.js";

const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;
const HOUR_MS = 3_600_000;

/** A flow row and one run of it, written straight to the store, in the test client's prod sandbox. */
async function flowWithRun(system: TestSystem, run: { status: string; leaseOwner?: string; leaseExpiresAt?: number }) {
  const db = system.service.store.db;
  const [flowId] = await insertFlowRows(system.service.store, 1, { orgId: TEST_CLIENT.orgId, name: "busy", startTime: soon(365 * 24 * 3600), frequency: "minute", backfill: 1 });
  const row = runRow({ id: flowId, imsOrgId: TEST_CLIENT.orgId, sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: Date.now() + HOUR_MS }, "schedule", Date.now());
  await db
    .insertInto("runs")
    .values({ ...row, status: run.status, lease_owner: run.leaseOwner ?? null, lease_expires_at: run.leaseExpiresAt ?? null })
    .execute();
  return { flowId, runId: row.id };
}

function expectBusy(reply: { status: number; body: any }, flowId: string) {
  expect(reply.status).toBe(409);
  expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1419-409");
  expect(reply.body.report["detailed-message"]).toMatch(/run .* is in progress/);
  expect(reply.body.report["detailed-message"]).toMatch(/wait .*or disable the flow/i);
  expect(reply.body.report.id).toBe(flowId);
}

describe.each(DIALECTS)("DELETE of a flow whose run is in progress (%s)", (dialect) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, env: { RUN_WORKER: "false" } });
  });
  afterAll(() => system?.close());

  it("is refused while a worker holds the run's lease, and works once the run has finished", async () => {
    const { flowId, runId } = await flowWithRun(system, { status: "inProgress", leaseOwner: "elsewhere", leaseExpiresAt: Date.now() + HOUR_MS });
    expectBusy(await call(system, "DELETE", `${FS}/flows/${flowId}`), flowId);
    expect((await call(system, "GET", `${FS}/flows/${flowId}`)).status).toBe(200);

    expect(await finishRun(system.service.store.db, runId, "elsewhere", { status: "success", details: {}, now: Date.now() })).toBe(true);
    expect((await call(system, "DELETE", `${FS}/flows/${flowId}`)).status).toBe(204);
    expect((await call(system, "GET", `${FS}/flows/${flowId}`)).status).toBe(404);
  });

  it("is refused while a worker on a host whose clock runs two hours behind holds the run's hour-long lease", async () => {
    const { flowId, runId } = await flowWithRun(system, { status: "scheduled" });
    const { store } = system.service;
    await store.db.updateTable("runs").set({ due_at: 0 }).where("id", "=", runId).execute();
    expect((await claimRun(store.db, store.capabilities, "behind", Date.now() - 2 * HOUR_MS, HOUR_MS))?.id).toBe(runId);
    expectBusy(await call(system, "DELETE", `${FS}/flows/${flowId}`), flowId);
  });

  it("works when the run's worker died (its lease expired) or the run only waits its turn", async () => {
    const dead = await flowWithRun(system, { status: "inProgress", leaseOwner: "gone", leaseExpiresAt: Date.now() - 1 });
    expect((await call(system, "DELETE", `${FS}/flows/${dead.flowId}`)).status).toBe(204);
    const waiting = await flowWithRun(system, { status: "scheduled" });
    expect((await call(system, "DELETE", `${FS}/flows/${waiting.flowId}`)).status).toBe(204);
  });

  it.runIf(dialect === "postgres")("waits for a claim in flight and refuses once it has committed: the check and the delete are one", async () => {
    const { flowId, runId } = await flowWithRun(system, { status: "scheduled" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let claimed!: () => void;
    const holding = new Promise<void>((resolve) => (claimed = resolve));
    // a worker's claim: the run row updated and locked, not yet committed
    const claim = system.service.store.db.transaction().execute(async (trx) => {
      await trx.updateTable("runs").set({ status: "inProgress", lease_owner: "w1", lease_expires_at: Date.now() + HOUR_MS }).where("id", "=", runId).execute();
      claimed();
      await gate;
    });
    await holding;
    let answered = false;
    const deletion = call(system, "DELETE", `${FS}/flows/${flowId}`).finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    release();
    await claim;
    expectBusy(await deletion, flowId);
  });
});

describe("DELETE of a flow whose run waits for its cluster to start", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20, clusterStartDelayMs: 2500 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(() => system?.close());

  it("is refused until the run has committed its rows and finished; then the flow goes and its batch stays", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(2), frequency: "once" }) });
    expect(created.status).toBe(201);
    const flowId = created.body.id;
    await terminateCluster(system);
    await eventually(async () => (await runsOf(system, flowId)).some((r) => r.metrics.statusSummary.status === "inProgress"), 15_000, 50);
    expectBusy(await call(system, "DELETE", `${FS}/flows/${flowId}`), flowId);

    const [run] = await waitForRuns(system, flowId, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect((await call(system, "DELETE", `${FS}/flows/${flowId}`)).status).toBe(204);
    const batchIds = JSON.stringify(run).match(/"type":"Batch","ids":\["([^"]+)"\]/);
    expect(batchIds).not.toBeNull();
    const batch = await call(system, "GET", `/data/foundation/catalog/batches/${batchIds![1]}`);
    expect(batch.status).toBe(200);
    expect(batch.body[batchIds![1]].status).toBe("success");
  });
});
