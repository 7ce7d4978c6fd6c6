/**
 * The outbox table on each dialect. A URL's deliveries are found through an index on a fixed-width
 * key of the URL: a webhook with a URL of any length is still queued and delivered (an index on the
 * URL itself refuses an entry over ~2.7 KB on PostgreSQL), and the check for an earlier pending
 * delivery to the same URL reads that index instead of every pending delivery. "The same URL" is the
 * URL as its receiver gets it, and deliveries that a process on older code queued (without keys, or
 * keyed by the URL as typed) are keyed before they are posted, so they keep that order too; the
 * deliveries being posted and those unkeyed are each found through an index of only them. The outbox's loop
 * deletes deliveries delivered or given up longer than the retention ago, every few minutes and in
 * batches, and keeps newer ones and every pending one however old.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CompiledQuery, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { claimDelivery, dueDeliveries, enqueueDeliveries, postingByTenantQuery, unkeyedDeliveries } from "../../src/store/webhooks.repository.js";
import { webhookTenantKey } from "../../src/store/webhooks.table.js";
import { eventually } from "../support/blob.js";
import { arrived, pacedListener } from "../support/paced-listener.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { startRecordingListener } from "../support/recording-listener.js";

const DAY = 24 * 3_600_000;
const tenant = (imsOrgId: string, sandboxName = "prod") => ({ imsOrgId, sandboxName });
const MINUTE = 60_000;

interface PlanNode {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** A delivery as the outbox stores it, last changed at `at`. */
const delivery = (url: string, status: string, at: number, nextAttemptAt: number, eventId: string = randomUUID()) => ({
  id: randomUUID(), event_id: eventId, type: "sources_flow_run_success", url, secret_ref: null, body: "{}", status,
  attempts: 1, next_attempt_at: nextAttemptAt, lease_until: null, last_error: null, created_at: at, updated_at: at,
});

describe.each(DIALECTS)("the webhook outbox table (%s)", (dialect) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let store: Store;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-outbox-table-"));
    database = dialect === "postgres" ? await createTestDatabase() : undefined;
    store = openStore({ databaseUrl: database?.url, dataDir });
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("queues and delivers, in order, notifications to a 10 KB URL", async () => {
    const hook = await startRecordingListener();
    try {
      // random characters: PostgreSQL would compress a repeated one to fit an index entry
      const url = `${hook.url}/hook?pad=${randomBytes(5_000).toString("hex")}`;
      const box = new WebhookOutbox({ store, secretOf: async () => undefined });
      for (const id of ["r1", "r2"]) await box.enqueue([{ url }], "sources_flow_run_success", { id });
      await box.drain();
      expect(hook.requests.map((r) => [r.path.length, JSON.parse(r.body).event.id])).toEqual([
        [url.length - hook.url.length, "r1"],
        [url.length - hook.url.length, "r2"],
      ]);
    } finally {
      await hook.close();
    }
  });

  it("posts one receiver's deliveries one at a time in enqueue order however its URL is spelt (scheme's case, dot segments, a fragment), the first slow", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.endsWith("r1") ? 800 : 0 }));
    try {
      const port = new URL(hooks.base).port;
      const spellings = [`${hooks.base}/hook`, `HTTP://127.0.0.1:${port}/hook`, `${hooks.base}/x/../hook`, `${hooks.base}/hook#r4`];
      const box = new WebhookOutbox({ store, secretOf: async () => undefined });
      for (const [i, url] of spellings.entries()) await box.enqueue([{ url }], "sources_flow_run_success", { id: `r${i + 1}` });
      await box.drain();
    } finally {
      await hooks.close();
    }
    expect(log).toEqual(["r1", "r2", "r3", "r4"].flatMap((id) => [`/hook ${id} in`, `/hook ${id} out`]));
  });

  it("keeps a URL's order for the deliveries that a process still on older code queues during a rolling upgrade (without keys, or keyed by the URL as typed), and counts them to their tenant", async () => {
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.endsWith("r1") ? 800 : 0 }));
    const org = tenant("ORG-A");
    try {
      const box = new WebhookOutbox({ store, secretOf: async () => undefined });
      const url = `${hooks.base}/hook`;
      await box.enqueue([{ url }], "sources_flow_run_success", { id: "r1" }, org);
      await arrived(log, "/hook r1");
      // as older code wrote them: a process from before URL keys, and one that hashed the URL as typed
      const event = (id: string) => JSON.stringify({ event_id: randomUUID(), type: "sources_flow_run_success", event: { id, imsOrgId: org.imsOrgId, sandboxName: org.sandboxName } });
      const typed = `HTTP://127.0.0.1:${new URL(url).port}/hook`;
      const now = Date.now();
      await store.db
        .insertInto("webhook_deliveries")
        .values([
          { ...delivery(url, "pending", now, now), attempts: 0, body: event("r2") },
          { ...delivery(typed, "pending", now + 1, now), attempts: 0, body: event("r3"), tenant_key: webhookTenantKey(org.imsOrgId, org.sandboxName), url_key: createHash("sha256").update(typed).digest("hex") },
        ] as never)
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await box.enqueue([{ url }], "sources_flow_run_success", { id: "r4" }, org);
      await box.drain();
    } finally {
      await hooks.close();
    }
    expect(log).toEqual(["r1", "r2", "r3", "r4"].flatMap((id) => [`/hook ${id} in`, `/hook ${id} out`]));
    const tenants = await store.db.selectFrom("webhook_deliveries").select("tenant_key").distinct().execute();
    expect(tenants).toEqual([{ tenant_key: webhookTenantKey(org.imsOrgId, org.sandboxName) }]);
  });

  it("finds the first pending delivery of each URL through the index on the key", async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => delivery(`https://hooks.example.com/${i % 200}`, i % 3 === 0 ? "delivered" : "pending", i, i));
    for (let i = 0; i < rows.length; i += 200) await enqueueDeliveries(store.db, rows.slice(i, i + 200));
    await sql`ANALYZE`.execute(store.db);
    const plan = await planOf(dueDeliveries(store.db, store.capabilities.clockMs, 8));
    expect(plan).toMatch(/webhook_deliveries_pending_by_url/);
    // the first pending of each URL, due first first
    const due = (await dueDeliveries(store.db, store.capabilities.clockMs, 3).execute()).map((r) => r.id);
    expect(due).toEqual([rows[1].id, rows[2].id, rows[4].id]);
  });

  it("leaves out the deliveries of the tenants at their share, those queued without a tenant as one, still through the index on the key", async () => {
    const [a, b] = [webhookTenantKey("ORG-A", "prod"), webhookTenantKey("ORG-B", "prod")];
    const rows = Array.from({ length: 600 }, (_, i) => ({ ...delivery(`https://hooks.example.com/${i % 60}`, "pending", i, i), tenant_key: [a, b, null][i % 3] }));
    for (let i = 0; i < rows.length; i += 200) await enqueueDeliveries(store.db, rows.slice(i, i + 200));
    await sql`ANALYZE`.execute(store.db);
    const tenantsOf = async (full: Array<string | null>) => (await dueDeliveries(store.db, store.capabilities.clockMs, 100, full).execute()).map((r) => r.tenant_key);
    expect(new Set(await tenantsOf([]))).toEqual(new Set([a, b, null]));
    expect(new Set(await tenantsOf([a]))).toEqual(new Set([b, null]));
    expect(new Set(await tenantsOf([null, b]))).toEqual(new Set([a]));
    expect(await tenantsOf([a, b, null])).toEqual([]);
    expect(await planOf(dueDeliveries(store.db, store.capabilities.clockMs, 8, [a, null]))).toMatch(/webhook_deliveries_pending_by_url/);
  });

  it("finds the deliveries being posted, and those queued by older code, through indexes that hold only those, with thousands settled or waiting", async () => {
    const a = webhookTenantKey("ORG-A", "prod");
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ ...delivery(`https://hooks.example.com/${i % 300}`, i % 2 === 0 ? "delivered" : "pending", i, i), tenant_key: a }));
    for (let i = 0; i < rows.length; i += 300) await enqueueDeliveries(store.db, rows.slice(i, i + 300));
    for (const row of rows.slice(1, 7)) await claimDelivery(store.db, store.capabilities, row.id, 5_000, 60_000);
    await sql`ANALYZE`.execute(store.db);
    expect(await planOf(postingByTenantQuery(store.db, store.capabilities.clockMs))).toMatch(/webhook_deliveries_leased/);
    expect(await planOf(unkeyedDeliveries(store.db, 500))).toMatch(/webhook_deliveries_unkeyed/);
    expect(await postingByTenantQuery(store.db, store.capabilities.clockMs).execute()).toEqual([{ tenant_key: a, posting: expect.anything() }]);
    expect(Number((await postingByTenantQuery(store.db, store.capabilities.clockMs).execute())[0].posting)).toBe(3);
  });

  it("posts a new delivery exactly once beside thousands settled and a receiver's backlog waiting for a retry, reading one delivery of that receiver's, not its backlog", async () => {
    const hook = await startRecordingListener();
    try {
      const now = Date.now();
      const down = "https://down.example.com/hook";
      const settledRows = Array.from({ length: 3_000 }, (_, i) => delivery(`https://hooks.example.com/${i % 300}`, "delivered", i, i));
      // the first to `down` waits an hour for its retry; the thousand queued behind it are due but must wait their turn
      const backlog = [{ ...delivery(down, "pending", now - 2_000, now + 3_600_000), attempts: 3 }, ...Array.from({ length: 1_000 }, (_, i) => ({ ...delivery(down, "pending", now - 1_000 + i, now - 1_000), attempts: 0 }))];
      const rows = [...settledRows, ...backlog];
      for (let i = 0; i < rows.length; i += 500) await enqueueDeliveries(store.db, rows.slice(i, i + 500));
      await sql`ANALYZE`.execute(store.db);

      const box = new WebhookOutbox({ store, secretOf: async () => undefined });
      const eventId = await box.enqueue([{ url: `${hook.url}/live` }], "sources_flow_run_success", { id: "r1" });
      await box.deliverDue();
      await box.deliverDue();
      expect(hook.requests.map((r) => [r.path, JSON.parse(r.body).event_id])).toEqual([["/live", eventId]]);
      const statuses = await store.db.selectFrom("webhook_deliveries").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").orderBy("status").execute();
      expect(statuses.map((r) => [r.status, Number(r.n)])).toEqual([["delivered", 3_001], ["pending", 1_001]]);

      const search = dueDeliveries(store.db, store.capabilities.clockMs, 8);
      expect(await search.execute()).toEqual([]);
      if (dialect === "postgres") {
        // the first pending of the one receiver waiting, found through the pending deliveries' index: a few index entries, not the backlog
        expect(await deliveryRowsReadBy(search)).toBeLessThan(10);
      } else {
        const tables = (await planOf(search)).split("\n").filter((line) => /^(SCAN|SEARCH) (webhook_deliveries|later|earliest)\b/.test(line));
        expect(tables.length).toBeGreaterThan(0);
        for (const line of tables) expect(line).toMatch(/webhook_deliveries_pending_by_url|sqlite_autoindex_webhook_deliveries_1 \(id=\?\)/);
      }
    } finally {
      await hook.close();
    }
  });

  type Query = { compile(): { sql: string; parameters: readonly unknown[] } };

  /** PostgreSQL: how many rows of webhook_deliveries (and its indexes) running `query` read, those its filters then dropped included; whole-table scans priced out, as in planOf. */
  async function deliveryRowsReadBy(query: Query): Promise<number> {
    const [{ "QUERY PLAN": [{ Plan: plan }] }] = await postgresPlanOf<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>("EXPLAIN (ANALYZE, FORMAT JSON)", query);
    const read = (node: PlanNode): number =>
      (node["Relation Name"] === "webhook_deliveries" ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"] : 0) +
      (node.Plans ?? []).reduce((sum, child) => sum + read(child), 0);
    return read(plan);
  }

  /** The plan's text; on PostgreSQL with whole-table scans priced out, so that an index that fits is chosen however few rows the test has. */
  async function planOf(query: Query): Promise<string> {
    if (dialect === "sqlite") {
      const { sql: text, parameters } = query.compile();
      const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${text}`, [...parameters]));
      return plan.rows.map((r) => r.detail).join("\n");
    }
    return (await postgresPlanOf<{ "QUERY PLAN": string }>("EXPLAIN", query)).map((r) => r["QUERY PLAN"]).join("\n");
  }

  /** `explain` (EXPLAIN and its options) of `query` on PostgreSQL, whole-table scans priced out. */
  function postgresPlanOf<Row>(explain: string, query: Query): Promise<Row[]> {
    const { sql: text, parameters } = query.compile();
    return store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return (await trx.executeQuery<Row>(CompiledQuery.raw(`${explain} ${text}`, [...parameters]))).rows;
    });
  }

  /** A delivery settled (or, pending, last tried) at `at`; a given-up one's next_attempt_at is its last backoff later, a pending one's a year from now (by the database's clock, which says when it is due). */
  const settled = (status: string, at: number, label: string) =>
    delivery("https://hooks.example.com/hook", status, at, status === "abandoned" ? at + 32_000 : status === "pending" ? Date.now() + 365 * DAY : at, label);
  const labels = async () => (await store.db.selectFrom("webhook_deliveries").select("event_id").distinct().orderBy("event_id").execute()).map((r) => r.event_id);

  it("deletes deliveries settled longer ago than the retention, many batches of them, at most every few minutes, and keeps pending ones", async () => {
    let clock = 100 * DAY;
    const old = Array.from({ length: 2_300 }, () => settled("delivered", clock - 8 * DAY, "old delivered"));
    for (let i = 0; i < old.length; i += 500) await enqueueDeliveries(store.db, old.slice(i, i + 500));
    await enqueueDeliveries(store.db, [
      settled("abandoned", clock - 8 * DAY, "old abandoned"),
      settled("pending", clock - 30 * DAY, "old pending"),
      settled("delivered", clock - 6 * DAY, "recent delivered"),
      settled("abandoned", clock - 6 * DAY, "recent abandoned"),
    ]);
    const box = new WebhookOutbox({ store, secretOf: async () => undefined, retentionMs: 7 * DAY, pollMs: 5, now: () => clock });
    box.start();
    try {
      await eventually(async () => (await labels()).length === 3, 10_000, 20);
      expect(await labels()).toEqual(["old pending", "recent abandoned", "recent delivered"]);

      // a minute on, the loop has polled many times but deletes nothing before its next round
      clock += MINUTE;
      await enqueueDeliveries(store.db, [settled("delivered", clock - 7 * DAY - MINUTE, "settled since")]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await labels()).toEqual(["old pending", "recent abandoned", "recent delivered", "settled since"]);

      clock += 5 * MINUTE;
      await eventually(async () => !(await labels()).includes("settled since"), 10_000, 20);
      expect(await labels()).toEqual(["old pending", "recent abandoned", "recent delivered"]);
    } finally {
      await box.stop();
    }
  });
});
