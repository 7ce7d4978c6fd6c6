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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListQuery } from "../../src/aep-conventions/listing/list-query.js";
import { applyListQuery, type ListResult } from "../../src/aep-conventions/listing/page.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { insertResource, pageResources, type ResourceRecord } from "../../src/store/resources.repository.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";
import { seededRandom } from "../support/seeded-random.js";

const SCOPE = { imsOrgId: "ORG@AdobeOrg", sandboxName: "prod" };
const NAMES = ["alpha", "Beta", "gamma"];
const toItem = (r: ResourceRecord) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, ...r.document });
type Item = ReturnType<typeof toItem>;

/** Every page of a list, following continuation tokens: the items of each page. */
async function allPages(first: Record<string, unknown>, read: (query: ReturnType<typeof parseListQuery>) => Promise<ListResult<Item>>) {
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
