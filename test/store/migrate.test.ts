import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { InCodeMigrations, migrateToLatest } from "../../src/store/migrate.js";
import { claimRun, finishRun, retriggerRun, runRow } from "../../src/store/runs.repository.js";
import { dueDeliveryIds } from "../../src/store/webhooks.repository.js";
import { webhookTenantKey, webhookUrlKey } from "../../src/store/webhooks.table.js";
import { webhookUrlRefusal } from "../../src/security/allowed-hosts.js";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import { pacedListener } from "../support/paced-listener.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS } from "../support/postgres.js";

describe.each(DIALECTS)("migrations (%s)", (dialect) => {
  it("apply once, are a no-op the second time, and survive concurrent migrators", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const stores = [0, 1].map(() => openStore({ databaseUrl: database?.url, dataDir }));
    try {
      const [a, b] = await Promise.all(stores.map((s) => migrateToLatest(s.db)));
      const applied = [...a, ...b];
      expect(applied).toContain("0001_landing_zone");
      expect(applied.filter((name) => name === "0001_landing_zone")).toHaveLength(1);
      expect(await migrateToLatest(stores[0].db)).toEqual([]);
      const tables = (await stores[0].db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["landing_zone_containers", "landing_zone_policies"]));
    } finally {
      for (const store of stores) await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0015_held_runs (%s)", (dialect) => {
  it("holds the runs already waiting behind a failed window or for their disabled flow, and only those", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0014_runs_one_index_fewer")).error).toBeUndefined();
      const [blocked, healthy] = await insertFlowRows(store, 2, { state: "enabled", startTime: 0, frequency: "minute" });
      const [disabled] = await insertFlowRows(store, 1, { state: "disabled", startTime: 0, frequency: "minute" });
      const org = { imsOrgId: "ORG", sandboxName: "prod" };
      const runs = [blocked, healthy, disabled].flatMap((id) =>
        [0, 1, 2].map((sequence) => runRow({ id, ...org }, { sequence, start: sequence, end: sequence + 1, dueAt: sequence }, "schedule", 0)),
      );
      runs[0].status = "failed";
      runs[3].status = "success";
      await store.db.insertInto("runs").values(runs).execute();
      await migrateToLatest(store.db);
      const held = await store.db.selectFrom("runs").select(["flow_id", "window_seq"]).where("held", "=", 1).execute();
      expect(held.map((r) => `${r.flow_id}/${r.window_seq}`).sort()).toEqual([`${blocked}/1`, `${blocked}/2`, `${disabled}/0`, `${disabled}/1`, `${disabled}/2`].sort());
      // the failed window, re-triggered, releases them when it succeeds
      expect(await retriggerRun(store.db, runs[0].id, 1)).toBe(true);
      const again = await claimRun(store.db, store.capabilities, "w", 1, 60_000);
      expect(again?.id).toBe(runs[0].id);
      await finishRun(store.db, runs[0].id, "w", { status: "success", details: {}, now: 1 });
      expect(await store.db.selectFrom("runs").select("flow_id").where("held", "=", 1).execute()).toEqual([{ flow_id: disabled }, { flow_id: disabled }, { flow_id: disabled }]);
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0017_batches_one_success_per_window (%s)", (dialect) => {
  it("keeps the batches recorded, and lets a window hold several failed batches but one success batch", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0016_runs_by_updated")).error).toBeUndefined();
      const batch = (id: string, status: string) => ({
        id, ims_org_id: "ORG", sandbox_name: "prod", dataset_id: "d", flow_id: "f", run_id: "r", window_seq: 1, status, delta_version: null,
        files: "[]", input_records: 2, output_records: 0, failed_records: 1, errors: "[]", created_at: 1, completed_at: 1,
      });
      await store.db.insertInto("batches").values(batch("01M8V2JHXGC21RAS940XABQWT1", "failed")).execute();
      await migrateToLatest(store.db);
      expect(await store.db.selectFrom("batches").select(["id", "status"]).execute()).toEqual([{ id: "01M8V2JHXGC21RAS940XABQWT1", status: "failed" }]);
      await store.db.insertInto("batches").values([batch("01M8V2JHXGC21RAS940XABQWT2", "failed"), batch("01M8V2JHXGC21RAS940XABQWT3", "success")]).execute();
      await expect(store.db.insertInto("batches").values(batch("01M8V2JHXGC21RAS940XABQWT4", "success")).execute()).rejects.toThrow();
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0018_webhook_url_key (%s)", (dialect) => {
  it("gives every delivery already queued its URL's key, past one batch, and its URL's deliveries still go in order", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0017_batches_one_success_per_window")).error).toBeUndefined();
      const urls = ["https://a.example.com/hook", "https://b.example.com/hook?x=1", `https://c.example.com/${"long/".repeat(800)}`];
      const rows = Array.from({ length: 2_500 }, (_, i) => ({
        id: `d-${String(i).padStart(5, "0")}`, event_id: `e-${i}`, type: "sources_flow_run_success", url: urls[i % urls.length], secret_ref: null, body: "{}",
        status: i < 2_400 ? "delivered" : "pending", attempts: 0, next_attempt_at: i, lease_until: null, last_error: null, created_at: i, updated_at: i,
      }));
      for (let i = 0; i < rows.length; i += 250) await store.db.insertInto("webhook_deliveries").values(rows.slice(i, i + 250) as never).execute();
      await migrateToLatest(store.db);
      const keys = await store.db.selectFrom("webhook_deliveries").select(["url", "url_key"]).execute();
      expect(keys).toHaveLength(2_500);
      for (const { url, url_key } of keys) expect(url_key).toBe(createHash("sha256").update(url).digest("hex"));
      // the first pending of each URL is due; the later ones wait behind it
      expect((await dueDeliveryIds(store.db, store.capabilities.clockMs, 10)).sort()).toEqual(["d-02400", "d-02401", "d-02402"]);
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0019_webhook_tenant_key (%s)", (dialect) => {
  it("keeps the deliveries already queued, without a tenant, and they are still due", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0018_webhook_url_key")).error).toBeUndefined();
      const urls = ["https://a.example.com/hook", "https://b.example.com/hook"];
      const rows = urls.map((url, i) => ({
        id: `d-${i}`, event_id: `e-${i}`, type: "sources_flow_run_success", url, url_key: createHash("sha256").update(url).digest("hex"), secret_ref: null, body: "{}",
        status: "pending", attempts: 0, next_attempt_at: i, lease_until: null, last_error: null, created_at: i, updated_at: i,
      }));
      await store.db.insertInto("webhook_deliveries").values(rows as never).execute();
      expect(await migrateToLatest(store.db)).toContain("0019_webhook_tenant_key");
      expect(await store.db.selectFrom("webhook_deliveries").select(["id", "tenant_key"]).orderBy("id").execute()).toEqual([
        { id: "d-0", tenant_key: null },
        { id: "d-1", tenant_key: null },
      ]);
      expect((await dueDeliveryIds(store.db, store.capabilities.clockMs, 10)).sort()).toEqual(["d-0", "d-1"]);
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0020_webhook_delivery_keys (%s)", (dialect) => {
  it("keys the deliveries already queued by the URL as its receiver gets it, so one spelt two ways still goes one at a time in order, and gives those queued without a tenant their run's", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    const log: string[] = [];
    const hooks = await pacedListener(log, (label) => ({ delayMs: label.endsWith("r1") ? 800 : 0 }));
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0019_webhook_tenant_key")).error).toBeUndefined();
      const urls = [`HTTP://127.0.0.1:${new URL(hooks.base).port}/hook`, `${hooks.base}/hook`, `${hooks.base}/other`];
      const rows = ["r0", "r1", "r2", "r3"].map((id, i) => ({
        id: `d-${i}`, event_id: `e-${i}`, type: "sources_flow_run_success", url: urls[i % 2], url_key: createHash("sha256").update(urls[i % 2]).digest("hex"), tenant_key: null, secret_ref: null,
        body: JSON.stringify({ event_id: `e-${i}`, type: "sources_flow_run_success", event: { id, imsOrgId: "ORG", sandboxName: "prod" } }),
        status: i === 0 ? "delivered" : "pending", attempts: 0, next_attempt_at: i, lease_until: null, last_error: null, created_at: i, updated_at: i,
      }));
      await store.db.insertInto("webhook_deliveries").values(rows as never).execute();
      expect(await migrateToLatest(store.db)).toContain("0020_webhook_delivery_keys");
      const pending = await store.db.selectFrom("webhook_deliveries").select("tenant_key").where("status", "=", "pending").distinct().execute();
      expect(pending).toEqual([{ tenant_key: webhookTenantKey("ORG", "prod") }]);
      const box = new WebhookOutbox({ store, secretOf: async () => undefined });
      await box.enqueue([{ url: urls[2] }], "sources_flow_run_success", { id: "r4" });
      await box.drain();
      expect(log.filter((line) => line.startsWith("/hook"))).toEqual(["r1", "r2", "r3"].flatMap((id) => [`/hook ${id} in`, `/hook ${id} out`]));
      // another URL's goes meanwhile
      expect(log.indexOf("/other r4 out")).toBeLessThan(log.indexOf("/hook r1 out"));
    } finally {
      await hooks.close();
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("0023_webhook_url_credentials (%s)", (dialect) => {
  it("replaces the user name and password of a webhook URL stored before such URLs were refused, in the flow and in its deliveries, and leaves every other URL as it was", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0022_batches_recorded_order")).error).toBeUndefined();
      const webhooks = [{ url: "https://alice:s3cret-pw@hooks.example.com/run?x=1" }, { url: "https://hooks.example.com/by@mail" }, { url: "https://tok3n-only@hooks.example.com/" }];
      const document = { name: "f", notifications: { webhooks, email: "ops@example.com" } };
      const [withCredentials] = await insertFlowRows(store, 1, { startTime: 0, frequency: "once", body: JSON.stringify(document) });
      const untouchedBody = JSON.stringify({ name: "g", description: "mail me@example.com" });
      const [without] = await insertFlowRows(store, 1, { startTime: 0, frequency: "once", body: untouchedBody });
      const delivery = (id: string, url: string) => ({
        id, event_id: id, type: "sources_flow_run_success", url, url_key: webhookUrlKey(url), tenant_key: null, keys_version: 1, secret_ref: null,
        body: "{}", status: "pending", attempts: 0, next_attempt_at: 0, lease_until: null, last_error: null, created_at: 0, updated_at: 0,
      });
      await store.db.insertInto("webhook_deliveries").values([delivery("d-1", webhooks[0].url), delivery("d-2", webhooks[1].url)] as never).execute();

      expect(await migrateToLatest(store.db)).toContain("0023_webhook_url_credentials");
      const bodyOf = async (id: string) => (await store.db.selectFrom("flows").select("body").where("id", "=", id).executeTakeFirstOrThrow()).body;
      const stored = JSON.parse(await bodyOf(withCredentials));
      expect(stored.notifications.webhooks.map((h: { url: string }) => h.url)).toEqual([
        "https://REDACTED@hooks.example.com/run?x=1",
        "https://hooks.example.com/by@mail",
        "https://REDACTED@hooks.example.com/",
      ]);
      expect(stored.notifications.email).toBe("ops@example.com");
      expect(await bodyOf(without)).toBe(untouchedBody);
      const deliveries = await store.db.selectFrom("webhook_deliveries").select(["id", "url", "url_key"]).orderBy("id").execute();
      expect(deliveries).toEqual([
        { id: "d-1", url: "https://REDACTED@hooks.example.com/run?x=1", url_key: webhookUrlKey("https://REDACTED@hooks.example.com/run?x=1") },
        { id: "d-2", url: webhooks[1].url, url_key: webhookUrlKey(webhooks[1].url) },
      ]);
      // still refused when due, as it was: the URL carries credentials
      expect(webhookUrlRefusal(deliveries[0].url, { webhooksUnrestricted: false, webhookAllowedHosts: [] })).toContain("must not carry credentials");
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
