import type { KyselyPlugin, PluginTransformResultArgs, QueryResult, UnknownRow } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFilteredBatches } from "../../src/catalog/filtered-batches.js";
import { tagFilters } from "../../src/catalog/tag-filters.js";
import { call, createSchema, DATASETS } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { insertBatch } from "./catalog-fixtures.js";

/**
 * A filtered batch list reads the batches 500 at a time until its page is filled
 * (docs/api/catalog.md#paging-a-list-that-changes). A batch recorded between two of those reads,
 * before the first one's end, moved the second by one: the page answered the batch at the boundary
 * twice (so one fewer batch) and every batch after it one place late. The reads now share one
 * snapshot of the store.
 */
const T0 = 1_798_000_000_000;
const WINDOW = 500;

describe.each(DIALECTS)("a filtered batch list read while a batch is recorded (%s)", (dialect) => {
  let system: TestSystem;
  let datasetId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    const schemaId = await createSchema(system);
    const created = await call(system, "POST", DATASETS, { body: { name: "busy", schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } } });
    expect(created.status, created.text).toBe(201);
    datasetId = created.body[0].slice("@/dataSets/".length);
    for (let i = 0; i < WINDOW + 4; i++) ids.push((await insertBatch(system, { datasetId, createdAt: T0 + i * 1000 })).id);
  });
  afterAll(() => system.close());

  it("answers the page of the batches as they were when it started, each once", async () => {
    let recorded: Promise<unknown> | undefined;
    // once the first window of batches is read, another run records a batch that sorts before all of them
    const recordAfterFirstWindow: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
        if (recorded === undefined && result.rows.length === WINDOW) {
          recorded = insertBatch(system, { datasetId, createdAt: T0 - 1000 });
          // SQLite's one connection is this read's until it ends: the record waits for it there
          if (dialect === "postgres") await recorded;
        }
        return result;
      },
    };
    const db = system.service.store.db.withPlugin(recordAfterFirstWindow);
    const page = await listFilteredBatches(
      db,
      { imsOrgId: TEST_CLIENT.orgId, sandboxName: "prod" },
      { datasetId, order: [{ field: "created", direction: "asc" }], offset: WINDOW - 2, limit: 4 },
      tagFilters({ tags: "flowId:*" }),
    );
    await recorded;
    expect(recorded).toBeDefined();
    expect(page.map((batch) => batch.id)).toEqual(ids.slice(WINDOW - 2, WINDOW + 2));
  });
});
