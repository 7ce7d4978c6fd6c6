import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifySignature } from "../../src/notifications/signature.js";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { startConnectionCounter } from "../support/connection-counter.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { redirectTo, startRecordingListener } from "../support/recording-listener.js";
import { arrived, mostInFlight, pacedListener } from "../support/paced-listener.js";
import { claimDelivery } from "../../src/store/webhooks.repository.js";
import { eventually } from "../support/blob.js";
import { startChild } from "../support/process.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real HTTP listener that answers with the given statuses in turn, then 200. */
async function listener(statuses: number[] = [], port = 0) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const tenant = (imsOrgId: string, sandboxName = "prod") => ({ imsOrgId, sandboxName });

describe("the webhook outbox", () => {
  let dataDir: string;
  let store: Store;
  const closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-outbox-"));
    store = openStore({ dataDir });
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const outbox = (options: Partial<ConstructorParameters<typeof WebhookOutbox>[0]> = {}) =>
    new WebhookOutbox({ store, secretOf: async (ref) => (ref === "flow:f1" ? "s3cret" : undefined), ...options });

  it("posts a signed AEP-style event that the receiver can verify, without storing the secret", async () => {
    const hook = await listener();
    closers.push(hook.close);
    const box = outbox();
    const run = { id: "run-1", flowId: "f1", metrics: { statusSummary: { status: "success" } } };
    const eventId = await box.enqueue([{ url: hook.url, secretRef: "flow:f1" }], "sources_flow_run_success", run);
    await box.drain();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(JSON.parse(delivery.body)).toEqual({ event_id: eventId, type: "sources_flow_run_success", event: run });
    const signature = String(delivery.headers[SIGNATURE_HEADER]);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature("s3cret", delivery.body, signature, now)).toBe(true);
    expect(verifySignature("wrong", delivery.body, signature, now)).toBe(false);
    expect(verifySignature("s3cret", `${delivery.body} `, signature, now)).toBe(false);
    expect(verifySignature("s3cret", delivery.body, signature, now + 3600)).toBe(false);
    const stored = await store.db.selectFrom("webhook_deliveries").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain("s3cret");
    expect(stored[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("retries 5xx and 429 with backoff until the receiver accepts, the same event each time", async () => {
    const hook = await listener([503, 429, 500]);
    closers.push(hook.close);
    const box = outbox({ initialBackoffMs: 20 });
    await box.enqueue([{ url: hook.url }], "sources_flow_run_failure", { id: "r" });
    await box.drain();
    expect(hook.received.map((r) => r.headers["x-databricks-source-delivery-attempt"])).toEqual(["1", "2", "3", "4"]);
    expect(new Set(hook.received.map((r) => JSON.parse(r.body).event_id)).size).toBe(1);
  });

  it("gives up on a 4xx at once and on an unreachable URL after its attempts", async () => {
    const hook = await listener([404]);
    closers.push(hook.close);
    const box = outbox({ initialBackoffMs: 5, attempts: 3 });
    await box.enqueue([{ url: hook.url }, { url: "http://127.0.0.1:1/unreachable" }], "sources_flow_run_failure", {});
    await box.drain();
    expect(hook.received).toHaveLength(1);
    const rows = await store.db.selectFrom("webhook_deliveries").select(["url", "status", "attempts"]).orderBy("url").execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["abandoned", 3],
      ["abandoned", 1],
    ]);
  });

  it("follows no redirect: a 3xx is a failed delivery, retried like a 5xx, and the target never receives the payload", async () => {
    const target = await startRecordingListener();
    const redirecting = await startRecordingListener(redirectTo(`${target.url}/stolen`, 307));
    closers.push(target.close, redirecting.close);
    const box = outbox({ initialBackoffMs: 5, attempts: 3 });
    await box.enqueue([{ url: `${redirecting.url}/hook`, secretRef: "flow:f1" }], "sources_flow_run_success", { id: "r1" });
    await box.drain();
    expect(redirecting.requests).toHaveLength(3);
    expect(target.requests).toEqual([]);
    const [row] = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts", "last_error"]).execute();
    expect(row).toMatchObject({ status: "abandoned", attempts: 3 });
    expect(row.last_error).toContain("HTTP 307");
    expect(row.last_error).toContain(new URL(target.url).host);
  });

  it("gives up unsent a delivery to plain http that the policy no longer takes", async () => {
    const hook = await startRecordingListener();
    closers.push(hook.close);
    const box = outbox({ policy: { webhooksUnrestricted: false, webhookAllowedHosts: [] } });
    await box.enqueue([{ url: `${hook.url}/hook` }], "sources_flow_run_success", {});
    await box.drain();
    expect(hook.requests).toEqual([]);
    const [row] = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts", "last_error"]).execute();
    expect(row).toMatchObject({ status: "abandoned", attempts: 1 });
    expect(row.last_error).toContain("WEBHOOK_ALLOWED_HOSTS");
  });

  const production = { webhooksUnrestricted: false, webhookAllowedHosts: [] };

  it("gives up unsent, not retried, a delivery to an internal IP address stored before the rule tightened", async () => {
    const box = outbox({ policy: production, timeoutMs: 500 });
    await box.enqueue([{ url: "https://10.1.2.3/hook" }, { url: "https://[::ffff:a9fe:a9fe]/latest/meta-data" }], "sources_flow_run_success", {});
    await box.drain();
    const rows = await store.db.selectFrom("webhook_deliveries").select(["url", "status", "attempts", "last_error"]).orderBy("url").execute();
    expect(rows).toEqual([
      { url: "https://10.1.2.3/hook", status: "abandoned", attempts: 1, last_error: expect.stringContaining("not sent: 10.1.2.3 is a private (RFC 1918) address (10.0.0.0/8)") },
      { url: "https://[::ffff:a9fe:a9fe]/latest/meta-data", status: "abandoned", attempts: 1, last_error: expect.stringContaining("::ffff:a9fe:a9fe is a link-local address (169.254.0.0/16)") },
    ]);
    for (const row of rows) expect(row.last_error).toContain("WEBHOOK_ALLOWED_HOSTS");
  });

  it("resolves a webhook's host when posting and never connects to an internal address it resolves to: given up unsent, not retried", async () => {
    const counter = await startConnectionCounter();
    closers.push(counter.close);
    const box = outbox({ policy: production, initialBackoffMs: 5 });
    await box.enqueue([{ url: `https://localhost:${counter.port}/hook`, secretRef: "flow:f1" }], "sources_flow_run_success", {});
    await box.drain();
    expect(counter.connections()).toBe(0);
    const [row] = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts", "last_error"]).execute();
    expect(row).toMatchObject({ status: "abandoned", attempts: 1 });
    expect(row.last_error).toMatch(/^not sent: localhost resolves to (127\.0\.0\.1, a loopback address \(127\.0\.0\.0\/8\)|::1, a loopback address \(::1\/128\)), inside the service's own network/);
    expect(row.last_error).toContain("WEBHOOK_ALLOWED_HOSTS");
  });

  it("posts to an internal address whose host WEBHOOK_ALLOWED_HOSTS lists", async () => {
    const hook = await startRecordingListener();
    closers.push(hook.close);
    const port = new URL(hook.url).port;
    const box = outbox({ policy: { webhooksUnrestricted: false, webhookAllowedHosts: ["localhost"] } });
    await box.enqueue([{ url: `http://localhost:${port}/hook` }], "sources_flow_run_success", { id: "r1" });
    await box.drain();
    expect(hook.requests.map((r) => JSON.parse(r.body).event.id)).toEqual(["r1"]);
  });

  it("keeps deliveries across a restart: a receiver that was down gets its event later", async () => {
    const first = outbox({ initialBackoffMs: 10 });
    // nobody listens on the port yet
    const down = await listener();
    const url = down.url;
    await down.close();
    await first.enqueue([{ url }], "sources_flow_run_success", { id: "r1" });
    await first.deliverDue();
    await first.stop();
    // the process restarts; the receiver is back
    const port = Number(new URL(url).port);
    const up = await listener([], port);
    closers.push(up.close);
    const second = outbox({ initialBackoffMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await second.drain();
    expect(up.received.map((r) => JSON.parse(r.body).event.id)).toEqual(["r1"]);
  });

  it("takes a 2xx as delivered when it arrives, though its body never ends, and closes the connection (at once past 64 KiB, else at the timeout)", async () => {
    const received: string[] = [];
    const open = new Set<unknown>();
    const streaming = createServer((req, res) => {
      received.push(String(req.headers["x-databricks-source-delivery-attempt"]));
      res.writeHead(200);
      const chunk = req.url === "/fast" ? "x".repeat(16 * 1024) : "x";
      const writing = setInterval(() => res.write(chunk), 5);
      res.on("close", () => clearInterval(writing));
    });
    streaming.on("connection", (socket) => {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    });
    await new Promise<void>((resolve) => streaming.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => (streaming.closeAllConnections(), streaming.close(() => resolve()))));
    const base = `http://127.0.0.1:${(streaming.address() as AddressInfo).port}`;
    const box = outbox({ initialBackoffMs: 5, attempts: 3, timeoutMs: 400 });
    const started = Date.now();
    await box.enqueue([{ url: `${base}/fast` }], "sources_flow_run_success", {});
    await box.drain();
    expect(Date.now() - started).toBeLessThan(300);
    await box.enqueue([{ url: `${base}/trickle` }], "sources_flow_run_success", {});
    await box.drain();
    expect(received).toEqual(["1", "1"]);
    const rows = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts"]).execute();
    expect(rows).toEqual([
      { status: "delivered", attempts: 1 },
      { status: "delivered", attempts: 1 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(open.size).toBe(0);
  });

  it("gives up waiting for a status after the timeout, closing the connection, and tries again", async () => {
    const open = new Set<unknown>();
    const silent = createServer(() => undefined);
    silent.on("connection", (socket) => {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => (silent.closeAllConnections(), silent.close(() => resolve()))));
    const box = outbox({ initialBackoffMs: 5, attempts: 2, timeoutMs: 200 });
    await box.enqueue([{ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/` }], "sources_flow_run_success", {});
    await box.drain();
    const [row] = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts", "last_error"]).execute();
    expect(row).toEqual({ status: "abandoned", attempts: 2, last_error: "no answer within 200 ms" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open.size).toBe(0);
  });

  it("never makes a run wait: enqueue returns before the receiver answers", async () => {
    const slow = createServer((_req, res) => setTimeout(() => res.end(), 300));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => slow.close(() => resolve())));
    const box = outbox();
    const started = Date.now();
    await box.enqueue([{ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/` }], "sources_flow_run_success", {});
    expect(Date.now() - started).toBeLessThan(250);
    await box.drain();
  });

  it("posts to a fast receiver of another flow while a slow one, enqueued first, is still answering", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.startsWith("/slow") ? 2_000 : 0 }));
    closers.push(hooks.close);
    const box = outbox();
    await box.enqueue([{ url: `${hooks.base}/slow` }], "sources_flow_run_success", { id: "r1", flowId: "f1" });
    await arrived(log, "/slow r1");
    await box.enqueue([{ url: `${hooks.base}/fast` }], "sources_flow_run_failure", { id: "r2", flowId: "f2" });
    await box.drain();
    expect(log).toEqual(["/slow r1 in", "/fast r2 in", "/fast r2 out", "/slow r1 out"]);
  });

  it("posts a URL's deliveries one at a time in enqueue order, the first slow, even when enqueued in the same instant", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.endsWith("r1") ? 1_000 : 0 }));
    closers.push(hooks.close);
    const box = outbox();
    const url = `${hooks.base}/hook`;
    await Promise.all(["r1", "r2", "r3"].map((id) => box.enqueue([{ url }], "sources_flow_run_success", { id })));
    await box.drain();
    expect(log).toEqual(["/hook r1 in", "/hook r1 out", "/hook r2 in", "/hook r2 out", "/hook r3 in", "/hook r3 out"]);
  });

  it("holds a URL's later deliveries while its first waits to be retried, and posts other URLs' meanwhile", async () => {
    const log: string[] = [];
    let refused = false;
    const hooks = await pacedListener(log, (label) => (label === "/hook r1" && !refused ? ((refused = true), { delayMs: 0, status: 503 }) : { delayMs: 0 }));
    closers.push(hooks.close);
    const box = outbox({ initialBackoffMs: 1_000 });
    await box.enqueue([{ url: `${hooks.base}/hook` }], "sources_flow_run_success", { id: "r1" });
    await box.enqueue([{ url: `${hooks.base}/hook` }, { url: `${hooks.base}/other` }], "sources_flow_run_success", { id: "r2" });
    await box.drain();
    expect(log.filter((line) => line.startsWith("/hook"))).toEqual(["/hook r1 in", "/hook r1 out", "/hook r1 in", "/hook r1 out", "/hook r2 in", "/hook r2 out"]);
    expect(log.indexOf("/other r2 out")).toBeLessThan(log.lastIndexOf("/hook r1 in"));
  });

  it.each([
    { concurrency: undefined, bound: 8 },
    { concurrency: 2, bound: 2 },
  ])("posts to at most $bound receivers at once (concurrency $concurrency)", async ({ concurrency, bound }) => {
    const log: string[] = [];
    const hooks = await pacedListener(log, () => ({ delayMs: 800 }));
    closers.push(hooks.close);
    const box = outbox({ concurrency });
    // each of another tenant: no tenant's share bounds them
    for (let i = 0; i < bound + 3; i++) await box.enqueue([{ url: `${hooks.base}/receiver-${i}` }], "sources_flow_run_success", { id: "r1" }, tenant(`ORG${i}`));
    await box.drain();
    expect(log.filter((line) => line.endsWith(" out"))).toHaveLength(bound + 3);
    expect(hooks.mostInFlight()).toBe(bound);
  });

  it.each([
    { tenantConcurrency: undefined, share: 2 },
    { tenantConcurrency: 1, share: 1 },
    { tenantConcurrency: 3, share: 3 },
  ])("gives one tenant at most $share slots (tenantConcurrency $tenantConcurrency): another tenant's delivery, queued after its many to a receiver that holds each, arrives while they hang", async ({ tenantConcurrency, share }) => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.startsWith("/slow") ? 800 : 0 }));
    closers.push(hooks.close);
    const box = outbox({ concurrency: 4, tenantConcurrency });
    // a flow of tenant A with more webhooks than the process has slots, each to its own URL on one receiver that is slow to answer
    const many = Array.from({ length: 5 }, (_, i) => ({ url: `${hooks.base}/slow?${i}` }));
    await box.enqueue(many, "sources_flow_run_failure", { id: "a" }, tenant("ORG-A"));
    await box.enqueue([{ url: `${hooks.base}/fast` }], "sources_flow_run_success", { id: "b" }, tenant("ORG-B"));
    await arrived(log, "/fast b");
    expect(log.filter((line) => line.startsWith("/slow") && !line.endsWith(" in"))).toEqual([]);
    await box.drain();
    expect(log.filter((line) => line.startsWith("/slow") && line.endsWith(" out"))).toHaveLength(5);
    expect(mostInFlight(log, "/slow")).toBe(share);
  });

  it("counts the sandboxes of one org as tenants of their own, and the deliveries queued without a tenant as one", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, () => ({ delayMs: 500 }));
    closers.push(hooks.close);
    const box = outbox({ concurrency: 8, tenantConcurrency: 1 });
    for (const sandbox of ["prod", "dev"]) {
      await box.enqueue([{ url: `${hooks.base}/${sandbox}?1` }, { url: `${hooks.base}/${sandbox}?2` }], "sources_flow_run_success", { id: sandbox }, tenant("ORG", sandbox));
    }
    await box.enqueue([{ url: `${hooks.base}/none?1` }, { url: `${hooks.base}/none?2` }], "sources_flow_run_success", { id: "none" });
    await box.drain();
    expect(log.filter((line) => line.endsWith(" out"))).toHaveLength(6);
    expect(hooks.mostInFlight()).toBe(3);
    for (const group of ["/prod", "/dev", "/none"]) expect(mostInFlight(log, group)).toBe(1);
  });

  it("posts again, once its lease has run out, a delivery that a process claimed and never finished, and only then the next one to its URL", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, () => ({ delayMs: 0 }));
    closers.push(hooks.close);
    const url = `${hooks.base}/hook`;
    // a process that enqueued two deliveries, claimed the first and died before it was answered
    const died = outbox();
    await died.stop(0);
    for (const id of ["r1", "r2"]) await died.enqueue([{ url }], "sources_flow_run_success", { id });
    const [first] = await store.db.selectFrom("webhook_deliveries").select("id").orderBy("created_at").execute();
    const leaseMs = 1_000;
    expect(await claimDelivery(store.db, store.capabilities, first.id, Date.now(), leaseMs)).toBeDefined();
    const claimed = Date.now();
    const restarted = outbox();
    await restarted.deliverDue();
    expect(log).toEqual([]);
    await restarted.drain();
    expect(Date.now() - claimed).toBeGreaterThanOrEqual(leaseMs - 50);
    expect(log).toEqual(["/hook r1 in", "/hook r1 out", "/hook r2 in", "/hook r2 out"]);
  });

  it("cuts off its POST once another process has claimed the delivery (its lease ran out unrenewed), and stores no outcome over that claim", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, () => ({ delayMs: 5_000 }));
    closers.push(hooks.close);
    const box = outbox({ leaseMs: 600 });
    await box.enqueue([{ url: `${hooks.base}/hook` }], "sources_flow_run_success", { id: "r1" });
    await arrived(log, "/hook r1");
    // its lease runs out (as a process stalled past it would let it), and another process claims it
    const { id } = await store.db.updateTable("webhook_deliveries").set({ lease_until: 1 }).returning("id").executeTakeFirstOrThrow();
    const claim = await claimDelivery(store.db, store.capabilities, id, Date.now(), 60_000);
    expect(claim).toBeDefined();
    const started = Date.now();
    await box.deliverDue();
    expect(Date.now() - started).toBeLessThan(2_000);
    await eventually(async () => log.includes("/hook r1 cut"), 1_000, 10);
    expect(log).toEqual(["/hook r1 in", "/hook r1 cut"]);
    const rows = await store.db.selectFrom("webhook_deliveries").select(["status", "attempts", "lease_until"]).execute();
    expect(rows).toEqual([{ status: "pending", attempts: 0, lease_until: claim!.lease_until }]);
  });

  it("starts nothing after a stop, and cuts off a delivery still in flight when the stop's wait ends, recording it to be posted again without using up an attempt", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.startsWith("/slow") ? 1_000 : 0 }));
    closers.push(hooks.close);
    let clock = Date.now();
    // on its last attempt: the cut-off one is not given up for it
    const box = outbox({ concurrency: 1, attempts: 1, now: () => clock });
    box.start();
    await box.enqueue([{ url: `${hooks.base}/slow` }], "sources_flow_run_success", { id: "r1" });
    await arrived(log, "/slow r1");
    await box.enqueue([{ url: `${hooks.base}/fast` }], "sources_flow_run_success", { id: "r2" });
    await box.stop(100);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(log).toEqual(["/slow r1 in", "/slow r1 cut"]);
    const rows = await store.db.selectFrom("webhook_deliveries").select(["url", "status", "attempts", "lease_until", "last_error"]).orderBy("url").execute();
    expect(rows).toEqual([
      { url: `${hooks.base}/fast`, status: "pending", attempts: 0, lease_until: null, last_error: null },
      { url: `${hooks.base}/slow`, status: "pending", attempts: 0, lease_until: null, last_error: "cut off: the service is stopping" },
    ]);
    // due again at once, not after a backoff
    const restarted = outbox({ attempts: 1, now: () => clock });
    await restarted.drain();
    expect(log.slice(2).sort()).toEqual(["/fast r2 in", "/fast r2 out", "/slow r1 in", "/slow r1 out"]);
    const settled = await store.db.selectFrom("webhook_deliveries").select(["url", "status", "attempts"]).orderBy("url").execute();
    expect(settled).toEqual([
      { url: `${hooks.base}/fast`, status: "delivered", attempts: 1 },
      { url: `${hooks.base}/slow`, status: "delivered", attempts: 1 },
    ]);
  });
});

describe.runIf(DIALECTS.includes("postgres"))("the webhook outbox of two processes on one PostgreSQL", () => {
  let database: TestDatabase;
  let stores: Store[];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-outbox-pg-"));
    database = await createTestDatabase();
    stores = [0, 1].map(() => openStore({ databaseUrl: database.url, dataDir }));
    await migrateToLatest(stores[0].db);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("posts a URL's deliveries one at a time in enqueue order while the other process is free to post", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.endsWith("r1") ? 1_000 : 0 }));
    const [first, second] = stores.map((store) => new WebhookOutbox({ store, secretOf: async () => undefined }));
    const url = `${hooks.base}/hook`;
    try {
      for (const id of ["r1", "r2", "r3"]) await first.enqueue([{ url }], "sources_flow_run_success", { id });
      await arrived(log, "/hook r1");
      await Promise.all([second.drain(), first.drain()]);
    } finally {
      await hooks.close();
    }
    expect(log).toEqual(["/hook r1 in", "/hook r1 out", "/hook r2 in", "/hook r2 out", "/hook r3 in", "/hook r3 out"]);
  });

  // a clock ahead of the database's: a lease timed by it would hold a dead process's delivery that much longer
  it.each([0, 30_000])("keeps a delivery with the process posting it for as long as its receiver takes, and gives it and its tenant's slot to the other process within the short lease once that process is killed (its clock %i ms ahead)", async (skewMs) => {
    // long enough that a renewal late on a busy machine does not lose it, short beside the minute it was
    const leaseMs = 1_500;
    const log: string[] = [];
    // holds the first delivery of /hold until the sender is gone; answers everything else at once
    const hooks = await pacedListener(log, (label) => ({ delayMs: label === "/hold a" && !log.includes("/hold a cut") ? 60_000 : 0 }));
    const env = { OUTBOX_DATABASE_URL: database.url, OUTBOX_DATA_DIR: dataDir, OUTBOX_LEASE_MS: String(leaseMs), OUTBOX_TENANT_CONCURRENCY: "1", OUTBOX_CLOCK_SKEW_MS: String(skewMs) };
    const child = await startChild(["test/notifications/outbox-child.ts"], env, (line) => line === "outbox ready");
    const survivor = new WebhookOutbox({ store: stores[1], secretOf: async () => undefined, leaseMs, tenantConcurrency: 1, pollMs: 50 });
    try {
      // queued by a process that posts nothing itself
      const queuer = new WebhookOutbox({ store: stores[0], secretOf: async () => undefined });
      await queuer.stop(0);
      await queuer.enqueue([{ url: `${hooks.base}/hold` }], "sources_flow_run_success", { id: "a" }, tenant("ORG-A"));
      await queuer.enqueue([{ url: `${hooks.base}/next` }], "sources_flow_run_success", { id: "b" }, tenant("ORG-A"));
      await arrived(log, "/hold a");
      survivor.start();
      // two leases long: the child's heartbeat keeps the delivery, and its tenant's one slot, its own
      await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
      expect(log).toEqual(["/hold a in"]);
      await child.stop("SIGKILL");
      const killed = Date.now();
      await eventually(async () => log.includes("/next b out"), 10_000, 10);
      expect(Date.now() - killed).toBeLessThan(leaseMs + 2_000);
    } finally {
      await child.stop("SIGKILL");
      await survivor.stop();
      await hooks.close();
    }
    expect(log).toEqual(["/hold a in", "/hold a cut", "/hold a in", "/hold a out", "/next b in", "/next b out"]);
  });

  it.each([
    ["the other process's clock 30 s ahead", 0, 30_000],
    ["the posting process's clock 30 s behind", -30_000, 0],
  ])("never lets the other process post a delivery while one is posting it, with %s: leases are timed by the database's clock", async (_clocks, holderSkewMs, otherSkewMs) => {
    const leaseMs = 1_500;
    const log: string[] = [];
    // answered after two leases: the holder's heartbeat keeps it meanwhile
    const hooks = await pacedListener(log, () => ({ delayMs: 2 * leaseMs }));
    const [holder, other] = [holderSkewMs, otherSkewMs].map((skewMs, i) => new WebhookOutbox({ store: stores[i], secretOf: async () => undefined, leaseMs, now: () => Date.now() + skewMs }));
    try {
      await holder.enqueue([{ url: `${hooks.base}/hook` }], "sources_flow_run_success", { id: "r1" });
      await arrived(log, "/hook r1");
      await Promise.all([other.drain(), holder.drain()]);
    } finally {
      await hooks.close();
    }
    expect(log).toEqual(["/hook r1 in", "/hook r1 out"]);
    const rows = await stores[0].db.selectFrom("webhook_deliveries").select(["status", "attempts"]).where("url", "=", `${hooks.base}/hook`).execute();
    expect(rows).toEqual([{ status: "delivered", attempts: 1 }]);
  });

  it("posts when due by the database's clock what a process whose clock is 30 s ahead queued, or set to retry, before it stopped", async () => {
    const log: string[] = [];
    // the first POST to /retry fails: its process sets it to be tried again a second later
    const hooks = await pacedListener(log, (label) => ({ delayMs: 0, status: label === "/retry r1" && log.filter((line) => line === "/retry r1 in").length === 1 ? 503 : 200 }));
    const ahead = new WebhookOutbox({ store: stores[0], secretOf: async () => undefined, initialBackoffMs: 1_000, now: () => Date.now() + 30_000 });
    const other = new WebhookOutbox({ store: stores[1], secretOf: async () => undefined });
    try {
      await ahead.enqueue([{ url: `${hooks.base}/retry` }], "sources_flow_run_failure", { id: "r1" });
      await ahead.deliverDue();
      expect(log).toEqual(["/retry r1 in", "/retry r1 out"]);
      await ahead.stop(0);
      // queued, not posted: the process stops (or dies) right after
      await ahead.enqueue([{ url: `${hooks.base}/queued` }], "sources_flow_run_success", { id: "r2" });
      const started = Date.now();
      await other.drain();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await hooks.close();
    }
    expect(log.slice(2).sort()).toEqual(["/queued r2 in", "/queued r2 out", "/retry r1 in", "/retry r1 out"]);
  });

  it("cuts off its POST before its lease runs out when the database does not take the lease's renewal, and posts the delivery again once it answers", async () => {
    const leaseMs = 1_500;
    const log: string[] = [];
    const hooks = await pacedListener(log, () => ({ delayMs: log.includes("/hook r1 cut") ? 0 : 5_000 }));
    const box = new WebhookOutbox({ store: stores[0], secretOf: async () => undefined, leaseMs });
    let release!: () => void;
    try {
      await box.enqueue([{ url: `${hooks.base}/hook` }], "sources_flow_run_success", { id: "r1" });
      await arrived(log, "/hook r1");
      // the other connection holds the delivery's row: the renewals wait on it, and its lease ends where it is
      let locked!: (leaseUntil: number) => void;
      const leaseUntil = new Promise<number>((resolve) => (locked = resolve));
      const holding = stores[1].db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ lease_until: number }>`SELECT lease_until FROM webhook_deliveries WHERE url = ${`${hooks.base}/hook`} FOR UPDATE`.execute(trx);
        locked(Number(rows[0].lease_until));
        await new Promise<void>((resolve) => (release = resolve));
      });
      const until = await leaseUntil;
      await eventually(async () => log.includes("/hook r1 cut"), 3_000, 5);
      // before another process could claim it
      expect(Date.now()).toBeLessThan(until);
      release();
      await holding;
      await box.drain();
    } finally {
      release?.();
      await hooks.close();
    }
    expect(log).toEqual(["/hook r1 in", "/hook r1 cut", "/hook r1 in", "/hook r1 out"]);
    const rows = await stores[0].db.selectFrom("webhook_deliveries").select(["status", "attempts"]).where("url", "=", `${hooks.base}/hook`).execute();
    expect(rows).toEqual([{ status: "delivered", attempts: 1 }]);
  });

  it.each([
    { tenantConcurrency: undefined, share: 2 },
    { tenantConcurrency: 1, share: 1 },
  ])("gives one tenant at most $share slots across both processes (tenantConcurrency $tenantConcurrency), another tenant's delivery arriving while its many hang", async ({ tenantConcurrency, share }) => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.startsWith("/slow") ? 600 : 0 }));
    const [first, second] = stores.map((store) => new WebhookOutbox({ store, secretOf: async () => undefined, concurrency: 4, tenantConcurrency }));
    try {
      const many = Array.from({ length: 6 }, (_, i) => ({ url: `${hooks.base}/slow?${i}` }));
      await first.enqueue(many, "sources_flow_run_failure", { id: "a" }, tenant("ORG-A"));
      await first.enqueue([{ url: `${hooks.base}/fast` }], "sources_flow_run_success", { id: "b" }, tenant("ORG-B"));
      const draining = Promise.all([first.drain(), second.drain()]);
      await arrived(log, "/fast b");
      expect(log.filter((line) => line.startsWith("/slow") && line.endsWith(" out"))).toEqual([]);
      await draining;
    } finally {
      await hooks.close();
    }
    expect(log.filter((line) => line.startsWith("/slow") && line.endsWith(" out"))).toHaveLength(6);
    expect(mostInFlight(log, "/slow")).toBe(share);
  });
});
