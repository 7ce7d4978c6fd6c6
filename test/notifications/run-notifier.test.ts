import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunNotifier } from "../../src/notifications/run-notifier.js";
import { SIGNATURE_HEADER, verifySignature } from "../../src/notifications/signature.js";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { runRow } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { eventually } from "../support/blob.js";

describe.runIf(DIALECTS.includes("postgres"))("running-too-long notifications (PostgreSQL, two processes)", () => {
  let database: TestDatabase;
  let stores: Store[];
  let dataDir: string;
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.end();
    });
  });
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-notify-"));
    database = await createTestDatabase();
    stores = [0, 1].map(() => openStore({ databaseUrl: database.url, dataDir }));
    await migrateToLatest(stores[0].db);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database.drop();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("tell a flow's webhook once when a run passes the flow's threshold, and not before", async () => {
    const now = Date.now();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const body = JSON.stringify({ name: "f", notifications: { delayedRunThresholdMinutes: 10, webhooks: [{ url }] } });
    const [id] = await insertFlowRows(stores[0], 1, { body, startTime: 0, frequency: "hour", scheduledThrough: 1, createdAt: now });
    const flow = { id, imsOrgId: "ORG", sandboxName: "prod" };
    const slow = { ...runRow(flow, { sequence: 0, start: null, end: 0, dueAt: 0 }, "schedule", now), status: "inProgress", started_at: now - 11 * 60_000 };
    const young = { ...runRow(flow, { sequence: 1, start: 0, end: 1, dueAt: 0 }, "schedule", now), status: "inProgress", started_at: now - 5 * 60_000 };
    await stores[0].db.insertInto("runs").values([slow, young]).execute();

    const notifiers = stores.map((store) => {
      const outbox = new WebhookOutbox({ store, secretOf: async () => undefined });
      return {
        outbox,
        notifier: new RunNotifier({
          store,
          outbox,
          webhooksOf: (row) => JSON.parse(row.body).notifications.webhooks,
          sandboxWebhooks: {},
          defaultDelayMinutes: 150,
        }),
      };
    });
    const sent = await Promise.all(notifiers.map(({ notifier }) => notifier.checkDelayed(now)));
    for (const { outbox } of notifiers) await outbox.drain();
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0])).toMatchObject({ type: "sources_flow_run_delayed", event: { id: slow.id, flowId: flow.id } });
    // a later check sends nothing more
    expect(await notifiers[0].notifier.checkDelayed(now + 60_000)).toBe(0);
  });

  it("say a run lost its worker by the check's clock, the database's, where the host's clock runs behind", async () => {
    received.length = 0;
    await stores[0].db.updateTable("runs").set({ status: "success" }).execute(); // the first test's runs
    const now = Date.now();
    const databaseNow = now + 5 * 60_000; // this host's clock is five minutes behind the database's
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const body = JSON.stringify({ name: "lost", notifications: { delayedRunThresholdMinutes: 10, webhooks: [{ url }] } });
    const [id] = await insertFlowRows(stores[0], 1, { body, startTime: 0, frequency: "hour", scheduledThrough: 1, createdAt: now });
    const flow = { id, imsOrgId: "ORG", sandboxName: "prod" };
    const leaseEnd = now + 60_000;
    const lost = { ...runRow(flow, { sequence: 0, start: null, end: 0, dueAt: 0 }, "schedule", now), status: "inProgress", attempts: 1, started_at: now - 11 * 60_000, lease_expires_at: leaseEnd };
    await stores[0].db.insertInto("runs").values(lost).execute();
    const outbox = new WebhookOutbox({ store: stores[0], secretOf: async () => undefined });
    const notifier = new RunNotifier({ store: stores[0], outbox, webhooksOf: (row) => JSON.parse(row.body).notifications.webhooks, sandboxWebhooks: {}, defaultDelayMinutes: 150 });

    expect(await notifier.checkDelayed(databaseNow)).toBe(1);
    await outbox.drain();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]).event).toMatchObject({ id: lost.id, heldBack: { reason: "workerLost", since: leaseEnd } });
  });
});

/** Before the suite's tests, a migrated SQLite store in a folder of its own (handed to `opened`) and `server` listening on loopback; both gone after them. */
function storeBeside(server: Server, opened: (store: Store) => void): void {
  let dataDir: string;
  let store: Store;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-notify-"));
    store = openStore({ dataDir });
    await migrateToLatest(store.db);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    opened(store);
  });
  afterAll(async () => {
    await store.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });
}

describe("a run's notifications are its flow's tenant's", () => {
  const log: string[] = [];
  // a receiver that holds each notification to /slow for a while, and answers one to /fast at once
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      log.push(`${req.url} in`);
      setTimeout(() => (log.push(`${req.url} out`), res.end()), req.url?.startsWith("/slow") ? 800 : 0);
    });
  });
  let store: Store;
  storeBeside(server, (opened) => (store = opened));

  it("another org's run is told while the webhooks of an org's run, more than the slots, wait on a slow receiver", async () => {
    const now = Date.now();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const finishedRun = async (orgId: string, webhooks: Array<{ url: string }>) => {
      const [id] = await insertFlowRows(store, 1, { orgId, body: JSON.stringify({ name: "f", notifications: { webhooks } }), startTime: 0, frequency: "hour", createdAt: now });
      const run = { ...runRow({ id, imsOrgId: orgId, sandboxName: "prod" }, { sequence: 0, start: 0, end: 1, dueAt: 0 }, "schedule", now), status: "success" };
      await store.db.insertInto("runs").values(run).execute();
      return run.id;
    };
    const crowded = await finishedRun("ORG-A", Array.from({ length: 5 }, (_, i) => ({ url: `${base}/slow?${i}` })));
    const other = await finishedRun("ORG-B", [{ url: `${base}/fast` }]);
    const outbox = new WebhookOutbox({ store, secretOf: async () => undefined, concurrency: 4 });
    const notifier = new RunNotifier({ store, outbox, webhooksOf: (row) => JSON.parse(row.body).notifications.webhooks, sandboxWebhooks: {}, defaultDelayMinutes: 150 });
    await notifier.finished(crowded);
    await notifier.finished(other);
    await eventually(async () => log.includes("/fast in"), 10_000, 10);
    expect(log.filter((line) => line.startsWith("/slow") && line.endsWith(" out"))).toEqual([]);
    await outbox.drain();
    expect(log.filter((line) => line.startsWith("/slow") && line.endsWith(" out"))).toHaveLength(5);
  });
});

describe("a receiver named by a flow's webhook and by the service's settings", () => {
  const received: Array<{ type: string; signature?: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ type: String(req.headers["x-databricks-source-event"]), signature: req.headers[SIGNATURE_HEADER] as string | undefined, body });
      res.end();
    });
  });
  let store: Store;
  storeBeside(server, (opened) => (store = opened));

  it("gets each of a run's events once, signed with the flow's secret, and a sandbox-wide one's events the flow's webhook does not take once, signed with the setting's", async () => {
    const now = Date.now();
    const port = (server.address() as AddressInfo).port;
    // one receiver, spelt three ways
    const own = { url: `http://127.0.0.1:${port}/hook`, secret: "flow-secret", events: ["sources_flow_run_failure"] };
    const sandboxWide = { url: `HTTP://127.0.0.1:${port}/x/../hook`, secret: "sandbox-secret" };
    const everyFlow = { url: `http://127.0.0.1:${port}/hook#all`, secret: "service-secret" };
    const secrets: Record<string, string> = { "config:prod": sandboxWide.secret, "config:*": everyFlow.secret };
    const [flowId] = await insertFlowRows(store, 1, { body: JSON.stringify({ name: "f", notifications: { webhooks: [own] } }), startTime: 0, frequency: "hour", createdAt: now });
    secrets[`flow:${flowId}`] = own.secret;
    const outbox = new WebhookOutbox({ store, secretOf: async (ref) => secrets[ref] });
    const notifier = new RunNotifier({
      store,
      outbox,
      webhooksOf: (row) => JSON.parse(row.body).notifications.webhooks,
      sandboxWebhooks: { prod: [sandboxWide], "*": [everyFlow] },
      defaultDelayMinutes: 150,
    });
    const flow = { id: flowId, imsOrgId: "ORG", sandboxName: "prod" };
    const failed = { ...runRow(flow, { sequence: 0, start: 0, end: 1, dueAt: 0 }, "schedule", now), status: "failed" };
    const succeeded = { ...runRow(flow, { sequence: 1, start: 1, end: 2, dueAt: 0 }, "schedule", now), status: "success" };
    await store.db.insertInto("runs").values([failed, succeeded]).execute();
    await notifier.finished(failed.id);
    await notifier.finished(succeeded.id);
    await outbox.drain();
    expect(received.map((r) => r.type)).toEqual(["sources_flow_run_failure", "sources_flow_run_success"]);
    const [failure, success] = received;
    const at = Math.floor(Date.now() / 1000);
    expect(verifySignature(own.secret, failure.body, String(failure.signature), at)).toBe(true);
    expect(verifySignature(sandboxWide.secret, success.body, String(success.signature), at)).toBe(true);
  });
});
