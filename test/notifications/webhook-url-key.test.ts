/**
 * A URL's deliveries are found through an index on a fixed-width key of the URL: a webhook with a
 * URL of any length is still queued and delivered (an index on the URL itself refuses an entry over
 * ~2.7 KB on PostgreSQL), and the check for an earlier pending delivery to the same URL reads that
 * index instead of every pending delivery.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CompiledQuery, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { dueDeliveries, enqueueDeliveries } from "../../src/store/webhooks.repository.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { startRecordingListener } from "../support/recording-listener.js";

describe.each(DIALECTS)("a webhook URL's key (%s)", (dialect) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let store: Store;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-url-key-"));
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

  it("finds the first pending delivery of each URL through the index on the key", async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      id: randomUUID(), event_id: randomUUID(), type: "sources_flow_run_success", url: `https://hooks.example.com/${i % 200}`, secret_ref: null,
      body: "{}", status: i % 3 === 0 ? "delivered" : "pending", attempts: 0, next_attempt_at: i, lease_until: null, last_error: null, created_at: i, updated_at: i,
    }));
    for (let i = 0; i < rows.length; i += 200) await enqueueDeliveries(store.db, rows.slice(i, i + 200));
    await sql`ANALYZE`.execute(store.db);
    const plan = await planOf(dueDeliveries(store.db, 5_000, 8));
    expect(plan).toMatch(/webhook_deliveries_by_url/);
    // the first pending of each URL, due first first
    const due = (await dueDeliveries(store.db, 5_000, 3).execute()).map((r) => r.id);
    expect(due).toEqual([rows[1].id, rows[2].id, rows[4].id]);
  });

  /** The plan's text; on PostgreSQL with whole-table scans priced out, so that an index that fits is chosen however few rows the test has. */
  async function planOf(query: ReturnType<typeof dueDeliveries>): Promise<string> {
    const { sql: text, parameters } = query.compile();
    if (dialect === "sqlite") {
      const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${text}`, [...parameters]));
      return plan.rows.map((r) => r.detail).join("\n");
    }
    return store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const plan = await trx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`EXPLAIN ${text}`, [...parameters]));
      return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }
});
