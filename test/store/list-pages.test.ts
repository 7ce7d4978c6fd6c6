/**
 * A list read in SQL (filters and order pushed down, keyset pages) answers exactly what the
 * in-memory reference `applyListQuery` answers over every document: the same items, pages and
 * counts, for any mix of filters SQL can and cannot run, any order and any page size.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListQuery } from "../../src/aep-conventions/listing/list-query.js";
import { applyListQuery, type ListResult } from "../../src/aep-conventions/listing/page.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { insertResource, pageResources, type ResourceRecord } from "../../src/store/resources.repository.js";
import { pageRuns, runRow } from "../../src/store/runs.repository.js";
import type { RunTable } from "../../src/store/dataflows.table.js";
import { runItem } from "../../src/runs/run-details.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { seededRandom } from "../support/seeded-random.js";

const SCOPE = { imsOrgId: "ORG@AdobeOrg", sandboxName: "prod" };
const NAMES = ["alpha", "Beta", "gamma"];
const toItem = (r: ResourceRecord) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, ...r.document });
type Item = ReturnType<typeof toItem>;

/** Every page of a list, following continuation tokens: the items of each page. */
async function allPages<T extends { id: string }>(first: Record<string, unknown>, read: (query: ReturnType<typeof parseListQuery>) => Promise<ListResult<T>>) {
  const pages: string[][] = [];
  let query = parseListQuery(first);
  for (;;) {
    const result = await read(query);
    if (result.kind === "count") return result.count;
    pages.push(result.items.map((i) => i.id));
    if (!result.nextToken) return pages;
    expect(pages.length).toBeLessThan(200);
    query = parseListQuery({ continuationToken: result.nextToken, limit: first.limit });
  }
}

const filterArb = fc.oneof(
  fc.tuple(fc.constantFrom("==", "!=", "<", ">", "<=", ">="), fc.integer({ min: 0, max: 12 })).map(([op, n]) => `createdAt${op}${n}`),
  fc.integer({ min: 0, max: 12 }).map((n) => `updatedAt==${n},${n + 1}`),
  fc.constantFrom("createdAt==x", "createdAt!=1.5", "createdAt<abc"),
  fc.constantFrom(...NAMES).map((n) => `name==${n}`),
  fc.constantFrom(...NAMES).map((n) => `name!=${n}`),
  fc.constantFrom("tags[]==red", "tags[]!=blue", "size>2", "missing==1"),
);
const queryArb = fc.record({
  property: fc.array(filterArb, { maxLength: 3 }),
  orderby: fc.constantFrom(undefined, "+createdAt", "-createdAt", "+updatedAt", "-updatedAt", "+id", "-id", "+name", "-name", "size"),
  limit: fc.constantFrom(undefined, "1", "2", "3", "7", "40"),
  count: fc.constantFrom(undefined, "true", "false"),
});

describe.each(DIALECTS)("lists read in SQL (%s)", (dialect) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let store: Store;
  const documents: Item[] = [];
  const seeded = seededRandom("test/store/list-pages.test.ts");

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-list-"));
    database = dialect === "postgres" ? await createTestDatabase() : undefined;
    store = openStore({ databaseUrl: database?.url, dataDir });
    await migrateToLatest(store.db);
    const random = seeded.next;
    for (let i = 0; i < 60; i++) {
      // few distinct times: many ties, which the id breaks
      const record: ResourceRecord = {
        id: randomUUID(),
        kind: "connection",
        parentId: null,
        document: {
          name: NAMES[Math.floor(random() * NAMES.length)],
          tags: ["red", "blue", "green"].filter(() => random() < 0.5),
          ...(random() < 0.7 ? { size: Math.floor(random() * 5) } : {}),
        },
        secret: null,
        etag: '"1"',
        createdAt: Math.floor(random() * 12),
        updatedAt: Math.floor(random() * 12),
      };
      await insertResource(store.db, SCOPE, record);
      documents.push(toItem(record));
    }
    // another sandbox's and another kind's rows are never listed
    await insertResource(store.db, { ...SCOPE, sandboxName: "dev" }, { id: randomUUID(), kind: "connection", parentId: null, document: {}, secret: null, etag: '"1"', createdAt: 1, updatedAt: 1 });
    await insertResource(store.db, SCOPE, { id: randomUUID(), kind: "sourceConnection", parentId: null, document: {}, secret: null, etag: '"1"', createdAt: 1, updatedAt: 1 });
  });
  afterAll(async () => {
    await store.db.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answer every query, page by page, exactly as the in-memory reference", async () => {
    await fc.assert(
      fc.asyncProperty(queryArb, async (q) => {
        const first = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
        if (first.count === "true") delete first.limit;
        const expected = await allPages(first, async (query) => applyListQuery(documents, query));
        const actual = await allPages(first, (query) => pageResources(store.db, "connection", SCOPE, query, { toDocument: toItem }));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 150, seed: seeded.seed | 0 },
    );
  });

  it("skips Catalog's start offset the same way", async () => {
    for (const offset of [0, 5, 59, 70]) {
      const query = parseListQuery({ limit: "10", property: "createdAt>3" });
      const result = await pageResources(store.db, "connection", SCOPE, query, { toDocument: toItem, offset });
      const all = applyListQuery(documents, { ...query, limit: Number.MAX_SAFE_INTEGER });
      expect(result.kind === "page" && result.items.map((i) => i.id)).toEqual(all.kind === "page" && all.items.slice(offset, offset + 10).map((i) => i.id));
    }
  });
});

describe.each(DIALECTS)("pages of runs read in SQL (%s)", (dialect) => {
  const RUN_SCOPE = { imsOrgId: "ORG", sandboxName: "prod" };
  let dataDir: string;
  let database: TestDatabase | undefined;
  let store: Store;
  let flowIds: string[];
  const items: Array<ReturnType<typeof runItem>> = [];
  const seeded = seededRandom("test/store/list-pages.test.ts");
  const toItems = async (rows: RunTable[]) => rows.map((run) => runItem(run, { sandboxId: "sandbox" }));

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-run-list-"));
    database = dialect === "postgres" ? await createTestDatabase() : undefined;
    store = openStore({ databaseUrl: database?.url, dataDir });
    await migrateToLatest(store.db);
    flowIds = await insertFlowRows(store, 3, { startTime: 0, frequency: "minute" });
    const [otherOrgFlow] = await insertFlowRows(store, 1, { startTime: 0, frequency: "minute", orgId: "OTHER" });
    const random = seeded.next;
    const rows: RunTable[] = [];
    for (let sequence = 0; sequence < 25; sequence++) {
      for (const flowId of flowIds) {
        // few distinct times: many ties, which the id breaks; updatedAt in another order than createdAt
        const run = runRow({ id: flowId, ...RUN_SCOPE }, { sequence, start: null, end: null, dueAt: 0 }, "schedule", Math.floor(random() * 15));
        run.updated_at = Math.floor(random() * 8);
        run.status = random() < 0.3 ? "failed" : "success";
        rows.push(run);
      }
    }
    await store.db.insertInto("runs").values(rows).execute();
    items.push(...(await toItems(rows)));
    // another org's runs are never listed
    await store.db.insertInto("runs").values(runRow({ id: otherOrgFlow, imsOrgId: "OTHER", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: 0 }, "schedule", 3)).execute();
  });
  afterAll(async () => {
    await store.db.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("ordered by updatedAt either way, of the sandbox or of flows, page by page exactly as the in-memory reference", async () => {
    const runQueryArb = fc.record({
      property: fc.array(
        fc.oneof(
          fc.subarray([0, 1, 2], { minLength: 1 }).map((flows) => `flowId==${flows.map((i) => flowIds[i]).join(",")}`),
          fc.tuple(fc.constantFrom("<", ">=", "=="), fc.integer({ min: 0, max: 8 })).map(([op, n]) => `updatedAt${op}${n}`),
          fc.constantFrom("metrics.statusSummary.status==failed", "metrics.statusSummary.status!=failed", "createdAt>4"),
        ),
        { maxLength: 2 },
      ),
      orderby: fc.constantFrom("updatedAt", "+updatedAt", "-updatedAt", "-createdAt"),
      limit: fc.constantFrom(undefined, "1", "3", "7", "40"),
    });
    await fc.assert(
      fc.asyncProperty(runQueryArb, async (q) => {
        const first = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
        const expected = await allPages(first, async (query) => applyListQuery(items, query));
        const actual = await allPages(first, (query) => pageRuns(store.db, RUN_SCOPE, query, toItems));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 100, seed: seeded.seed | 0 },
    );
  });

  it("reads a page ordered by updatedAt through an index, in that order, without sorting the runs", async () => {
    const flowId = flowIds[0];
    for (const direction of [sql`ASC`, sql`DESC`]) {
      for (const flow of [sql``, sql`AND flow_id IN (${flowId})`]) {
        const page = sql`SELECT * FROM runs WHERE ims_org_id = ${RUN_SCOPE.imsOrgId} AND sandbox_name = ${RUN_SCOPE.sandboxName} ${flow}
          ORDER BY updated_at ${direction}, id ${direction} LIMIT 101`;
        expect(await planOf(page)).not.toMatch(/Sort|TEMP B-TREE/);
      }
    }
  });

  /** The plan's text; on PostgreSQL with sorting and whole-table scans priced out, so that a plan that needs no sort is chosen whenever one exists, however few rows the test has. */
  async function planOf(query: ReturnType<typeof sql>): Promise<string> {
    if (dialect === "sqlite") return (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.db)).rows.map((r) => r.detail).join("\n");
    return store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return (await sql<{ "QUERY PLAN": string }>`EXPLAIN ${query}`.execute(trx)).rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }
});
