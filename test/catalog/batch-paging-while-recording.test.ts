import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { InCodeMigrations, migrateToLatest } from "../../src/store/migrate.js";
import { listBatches, recordBatch } from "../../src/store/batches.repository.js";
import { call, createDataset, createSchema } from "../support/aep-calls.js";
import { createTestDatabase, DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { insertBatch } from "./catalog-fixtures.js";

/**
 * Paging Catalog's batch and dataSetFile lists while runs record batches
 * (docs/api/catalog.md#paging-a-list-that-changes). A batch is recorded when its run ends but its
 * `created` is when the run started, and the lists were ordered by `created` when no orderBy was
 * given: a long run's batch, recorded after a client had paged past its start, came in before the
 * next `start`, so the client was answered a batch twice and never saw the new one. Without
 * orderBy the lists now come in the order batches were recorded, each new one last.
 */
const BATCHES = "/data/foundation/catalog/batches";
const FILES = "/data/foundation/catalog/dataSetFiles";
const T0 = 1_799_000_000_000;

describe.each(DIALECTS)("paging batches while a run records one (%s)", (dialect) => {
  let system: TestSystem;
  let schemaId: string;

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    schemaId = await createSchema(system);
  });
  afterAll(() => system.close());

  const keys = async (url: string) => {
    const reply = await call(system, "GET", url);
    expect(reply.status, reply.text).toBe(200);
    return Object.keys(reply.body);
  };

  /** Pages `list` two at a time with start, running `between` after the first page; every key answered, in order. */
  async function pageThrough(list: (start: number) => string, between: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    for (let start = 0; ; start += 2) {
      const page = await keys(list(start));
      if (page.length === 0) return seen;
      seen.push(...page);
      if (start === 0) await between();
    }
  }

  it.each([
    ["the batch list", (dataSet: string) => (start: number) => `${BATCHES}?dataSet=${dataSet}&limit=2&start=${start}`, (id: string) => id],
    ["the batch list with a tag filter", (dataSet: string) => (start: number) => `${BATCHES}?dataSet=${dataSet}&tags=flowId:*&limit=2&start=${start}`, (id: string) => id],
    ["the dataSetFile list", (dataSet: string) => (start: number) => `${FILES}?dataSetId=${dataSet}&limit=2&start=${start}`, (id: string) => `${id}-1`],
  ])("%s, paged with start and no orderBy, answers a batch recorded between two pages once, after those recorded before it", async (_, listOf, keyOf) => {
    const dataSet = await createDataset(system, schemaId);
    const before = [];
    for (let i = 1; i <= 3; i++) before.push(await insertBatch(system, { datasetId: dataSet, createdAt: T0 + i * 60_000 }));
    // a long run that started before all of them ends now
    let late: Awaited<ReturnType<typeof insertBatch>> | undefined;
    const seen = await pageThrough(listOf(dataSet), async () => (late = await insertBatch(system, { datasetId: dataSet, createdAt: T0 })));
    expect(seen).toEqual([...before, late!].map((batch) => keyOf(batch.id)));
    // created is still when the batch's run started: orderBy=asc:created puts the late one first
    expect(await keys(`${BATCHES}?dataSet=${dataSet}&orderBy=asc:created&limit=1`)).toEqual([late!.id]);
  });

  it.runIf(dialect === "postgres")("holds back a batch recorded while an earlier one's transaction is open, so a page read meanwhile answers neither", async () => {
    const dataSet = await createDataset(system, schemaId);
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let placed!: () => void;
    const firstPlaced = new Promise<void>((resolve) => (placed = resolve));
    const first = system.service.store.db.transaction().execute(async (trx) => {
      const batch = await insertBatch(system, { datasetId: dataSet, createdAt: T0 }, trx);
      placed();
      await committing;
      return batch;
    });
    await firstPlaced;
    const second = insertBatch(system, { datasetId: dataSet, createdAt: T0 + 60_000 });
    const waited = await Promise.race([second.then(() => "recorded"), new Promise((resolve) => setTimeout(() => resolve("waiting"), 300))]);
    const during = await keys(`${BATCHES}?dataSet=${dataSet}&limit=1`);
    commit();
    const ids = [(await first).id, (await second).id];
    expect(waited).toBe("waiting");
    expect(during).toEqual([]);
    expect(await keys(`${BATCHES}?dataSet=${dataSet}&limit=1&start=0`)).toEqual([ids[0]]);
    expect(await keys(`${BATCHES}?dataSet=${dataSet}&limit=1&start=1`)).toEqual([ids[1]]);
  });
});

describe.each(DIALECTS)("0022_batches_recorded_order (%s)", (dialect) => {
  it("numbers the batches already recorded by when they completed, and a batch recorded after the upgrade comes after them", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      const migrator = new Migrator({ db: store.db, provider: new InCodeMigrations() });
      expect((await migrator.migrateTo("0020_webhook_delivery_keys")).error).toBeUndefined();
      const row = (id: string, createdAt: number, completedAt: number) => ({
        id, ims_org_id: "ORG", sandbox_name: "prod", dataset_id: "d", flow_id: "f", run_id: "r", window_seq: createdAt, status: "success", delta_version: 1,
        files: "[]", input_records: 1, output_records: 1, failed_records: 0, errors: "[]", created_at: createdAt, completed_at: completedAt,
      });
      // the long run started first and completed last
      await store.db.insertInto("batches").values([row("01M8V2JHXGC21RAS940XABQWT1", 1_000, 9_000), row("01M8V2JHXGC21RAS940XABQWT2", 2_000, 3_000), row("01M8V2JHXGC21RAS940XABQWT3", 4_000, 5_000)]).execute();
      await migrateToLatest(store.db);
      const scope = { imsOrgId: "ORG", sandboxName: "prod" };
      await recordBatch(store.db, {
        id: "01M8V2JHXGC21RAS940XABQWT4", imsOrgId: "ORG", sandboxName: "prod", datasetId: "d", flowId: "f", runId: "r", windowSeq: 1, status: "success", deltaVersion: 2,
        files: [], inputRecords: 1, outputRecords: 1, failedRecords: 0, errors: [], createdAt: 500, completedAt: 10_000,
      });
      const inOrder = await listBatches(store.db, scope, { order: [{ field: "recorded", direction: "asc" }], offset: 0, limit: 10 });
      expect(inOrder.map((batch) => batch.id.slice(-1))).toEqual(["2", "3", "1", "4"]);
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
