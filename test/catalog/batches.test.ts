import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset, createSchema } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { insertBatch } from "./catalog-fixtures.js";

/**
 * GET /data/foundation/catalog/batches (docs/api/catalog.md#list-batches): AEP's filters, orderBy,
 * start and limit over batches of two datasets, on both stores (the store answers them in SQL).
 */
const BATCHES = "/data/foundation/catalog/batches";
const T0 = 1_796_000_000_000;

describe.each(DIALECTS)("Catalog's batch list (%s)", (dialect) => {
  let system: TestSystem;
  let customers: string;
  let orders: string;
  /** batch ids by dataset, oldest first */
  const ids: Record<string, string[]> = {};
  const failed: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    const schemaId = await createSchema(system);
    customers = await createDataset(system, schemaId, "customers");
    orders = await createDataset(system, schemaId, "orders");
    ids[customers] = [];
    ids[orders] = [];
    // 24 batches a minute apart, alternating datasets; every fourth one failed
    for (let i = 0; i < 24; i++) {
      const datasetId = i % 2 === 0 ? customers : orders;
      const batch = await insertBatch(system, { datasetId, createdAt: T0 + i * 60_000, status: i % 4 === 3 ? "failed" : "success" });
      ids[datasetId].push(batch.id);
      if (batch.status === "failed") failed.push(batch.id);
    }
    // a batch of another sandbox never shows
    await insertBatch(system, { datasetId: customers, createdAt: T0 + 30_000, sandboxName: "dev" });
  });
  afterAll(() => system.close());

  const list = async (query: string) => {
    const reply = await call(system, "GET", `${BATCHES}${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body as Record<string, any>;
  };

  it("answers Catalog's object keyed by batch id, 20 by default, oldest first", async () => {
    const page = await list("");
    const keys = Object.keys(page);
    expect(keys).toHaveLength(20);
    const created = keys.map((k) => page[k].created);
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(created[0]).toBe(T0);
    for (const key of keys) expect(page[key].id).toBe(key);
  });

  it("filters by dataSet and status, and answers a failed batch's errors with Catalog's description", async () => {
    const ofCustomers = await list(`?dataSet=${customers}&limit=100`);
    expect(Object.keys(ofCustomers)).toEqual(ids[customers]);
    for (const batch of Object.values(ofCustomers)) expect(batch.relatedObjects[0]).toEqual({ type: "dataSet", id: customers });

    const failures = await list("?status=failed&limit=100");
    expect(Object.keys(failures)).toEqual(failed);
    const first = failures[failed[0]];
    expect(first.errors).toEqual([{ code: "MAPPER-3700-400", message: "10 rows failed", description: "10 rows failed", recordCount: 10 }]);
    expect(first.sandboxId).toMatch(/^[0-9a-f-]{36}$/);

    expect(Object.keys(await list(`?dataSet=${orders}&status=failed&limit=100`))).toEqual(failed.filter((id) => ids[orders].includes(id)));
    expect(await list(`?dataSet=${"f".repeat(24)}`)).toEqual({});
  });

  it("refuses an unknown query parameter on a batch's GET with FLOW-1451-400 naming it, and takes Catalog's properties", async () => {
    const id = ids[customers][0];
    const unknown = await call(system, "GET", `${BATCHES}/${id}?dataset=x`);
    expect(unknown.status, unknown.text).toBe(400);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(unknown.body.errorMessage).toContain("dataset");
    const withProperties = await call(system, "GET", `${BATCHES}/${id}?properties=status`);
    expect(withProperties.status, withProperties.text).toBe(200);
    expect(withProperties.body).toEqual({ [id]: { status: "success" } });
  });

  it("answers only the fields properties names, as AEP's Catalog does (every field was answered), {} for an object having none of them", async () => {
    const id = ids[customers][0];
    const one = await call(system, "GET", `${BATCHES}/${id}?properties=status,metrics.outputRecordCount,relatedObjects`);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ [id]: { status: "success", metrics: { outputRecordCount: 10 }, relatedObjects: expect.any(Array) } });
    const page = await list(`?dataSet=${customers}&limit=2&properties=id,created`);
    expect(Object.values(page)).toEqual(ids[customers].slice(0, 2).map((batchId, i) => ({ id: batchId, created: T0 + 2 * i * 60_000 })));
    expect(Object.values(await list(`?limit=1&properties=nothing`))).toEqual([{}]);
    const files = await call(system, "GET", `/data/foundation/catalog/dataSetFiles?batchId=${id}&properties=records`);
    expect(files.status, files.text).toBe(200);
    expect(files.body).toEqual({ [`${id}-1`]: { records: 10 } });
  });

  it.each(["batchId", "dataSetId"])("refuses an empty %s on dataSetFiles with CAT-1001-400 (it answered {} as if no file matched)", async (name) => {
    const reply = await call(system, "GET", `/data/foundation/catalog/dataSetFiles?${name}=`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1001-400");
    expect(reply.body.errorMessage).toBe(`The query parameter ${name}= is not valid: an id; leave the parameter out to list them all. Please correct it and try again.`);
  });

  it.each([
    ["property=status==failed", () => failed],
    ["property=status~%5Efail", () => failed],
    ["property=status!=success", () => failed],
    ["property=status~ed%24&property=errors", () => failed],
    ["property=status==failed&dataSet=ORDERS", () => failed.filter((id) => ids[orders].includes(id))],
    ["property=!errors", () => []],
    ["property=!tags.nothing&status=failed", () => failed],
    [`property=created>${T0 + 20 * 60_000}`, () => [21, 22, 23].map((i) => ids[i % 2 === 0 ? customers : orders][i >> 1])],
  ])("filters with %s as AEP's Catalog documents property filters (it answered CAT-1001-400)", async (filters, expected) => {
    const query = filters.replace("ORDERS", orders);
    expect(Object.keys(await list(`?limit=100&${query}`)).sort()).toEqual([...expected()].sort());
  });

  it("pages a property-filtered batch list with start and limit in the list's order", async () => {
    expect(Object.keys(await list("?property=status~%5Efail&limit=2&start=2"))).toEqual(failed.slice(2, 4));
    expect(Object.keys(await list("?property=status~%5Efail&limit=2&start=2&orderBy=desc:created"))).toEqual([...failed].reverse().slice(2, 4));
    expect(await list("?property=status~%5Efail&start=6")).toEqual({});
  });

  it("answers a failed batch's dataset file id with CAT-1012-404 on Data Access: the batch lists no file and has none", async () => {
    const batchId = failed[0];
    expect((await call(system, "GET", `/data/foundation/export/batches/${batchId}/files`)).body.data).toEqual([]);
    for (const url of [`/data/foundation/export/files/${batchId}-1`, `/data/foundation/export/files/${batchId}-1?path=x.parquet`]) {
      const reply = await call(system, "GET", url);
      expect(reply.status, reply.text).toBe(404);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1012-404");
      expect(reply.body.report.id).toBe(`${batchId}-1`);
    }
  });

  it("answers a file a batch does not have with CAT-1012-404 naming the call that lists its files, where it said only that it is not found", async () => {
    const batchId = ids[customers][0];
    const EXPORT = "/data/foundation/export";
    for (const [url, path, listing] of [
      [`${EXPORT}/files/${batchId}-1?path=nope.parquet`, "nope.parquet", `${EXPORT}/files/${batchId}-1`],
      [`${EXPORT}/batches/${batchId}/meta?path=row_errors/nope.json`, "row_errors/nope.json", `${EXPORT}/batches/${batchId}/meta?path=row_errors`],
      [`${EXPORT}/batches/${batchId}/failed?path=nope.json`, "nope.json", `${EXPORT}/batches/${batchId}/failed`],
      [`${EXPORT}/batches/${batchId}/failed?path=../nope.json`, "../nope.json", `${EXPORT}/batches/${batchId}/failed`],
    ]) {
      const reply = await call(system, "GET", url);
      expect(reply.status, reply.text).toBe(404);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1012-404");
      expect(reply.body.errorMessage).toBe(`The file ${path} of ${url.includes("/files/") ? `${batchId}-1` : batchId} is not found: GET ${listing} lists the names path takes.`);
    }
  });

  it("answers a meta call without a path or with another path with CAT-1013-400 saying which paths it takes", async () => {
    const meta = `/data/foundation/export/batches/${ids[customers][0]}/meta`;
    const missing = await call(system, "GET", meta);
    expect(missing.status).toBe(400);
    expect(missing.body.errorMessage).toBe("The meta call needs a path: path=row_errors lists the batch's row error files, path=row_errors/<name> gives one.");
    const other = await call(system, "GET", `${meta}?path=logs`);
    expect([other.status, other.body.errorMessage]).toEqual([400, "The meta path logs is not supported; use path=row_errors."]);
  });

  it("takes createdAfter and createdBefore as exclusive bounds", async () => {
    const window = await list(`?createdAfter=${T0 + 2 * 60_000}&createdBefore=${T0 + 6 * 60_000}`);
    expect(Object.values(window).map((b) => b.created)).toEqual([3, 4, 5].map((i) => T0 + i * 60_000));
    const ofOrders = await list(`?dataSet=${orders}&createdAfter=${T0 + 20 * 60_000}`);
    expect(Object.keys(ofOrders)).toEqual(ids[orders].slice(-2));
  });

  it("orders desc:created and pages with start, pages neither overlapping nor skipping", async () => {
    const seen: string[] = [];
    for (let start = 0; ; start += 5) {
      const page = Object.keys(await list(`?dataSet=${customers}&orderBy=desc:created&limit=5&start=${start}`));
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(5);
      seen.push(...page);
    }
    expect(seen).toEqual([...ids[customers]].reverse());
    const byUpdated = await list(`?orderBy=desc:updated,created&limit=3`);
    expect(Object.values(byUpdated).map((b) => b.updated)).toEqual([23, 22, 21].map((i) => T0 + i * 60_000 + 500));
  });

  it.each([
    ["?limit=0", "CAT-1001-400", "limit"],
    ["?limit=101", "CAT-1001-400", "from 1 to 100"],
    ["?limit=ten", "CAT-1001-400", "limit"],
    ["?start=-1", "CAT-1001-400", "start"],
    ["?createdAfter=yesterday", "CAT-1001-400", "epoch milliseconds"],
    ["?orderBy=desc:name", "CAT-1001-400", "the fields this list sorts on are created, updated"],
    ["?orderBy=sideways:created", "CAT-1001-400", "asc:<field>"],
    ["?orderBy=-name", "CAT-1001-400", "orderBy=-name is not valid: orderBy takes asc:<field>, desc:<field>, <field> (ascending), +<field> or -<field>"],
    ["?orderby=desc:nmae", "CAT-1001-400", "orderby=desc:nmae is not valid: orderby takes"],
    ["?orderBy=desc:created&orderby=-created", "CAT-1001-400", "not both"],
    ["?status=done", "CAT-1001-400", "success"],
    ["?size=5", "FLOW-1451-400", "size"],
    ["?limit=1&limit=2", "FLOW-1453-400", "limit"],
    ["?dataSet=", "CAT-1001-400", "dataSet= is not valid: an id; leave the parameter out"],
  ])("refuses %s with %s, saying what to send", async (query, code, hint) => {
    const reply = await call(system, "GET", `${BATCHES}${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    expect(reply.body.errorMessage).toContain(hint);
  });

  it.each(["orderby=desc:created", "orderBy=-created", "orderby=-created"])("takes %s as the dataset list does, newest first", async (order) => {
    expect(Object.keys(await list(`?${order}&limit=3`))).toEqual(Object.keys(await list("?orderBy=desc:created&limit=3")));
  });

  it("orders a field written without a direction ascending, as AEP's Catalog does, whatever the field before it (it took the one before it)", async () => {
    const schemaId = await createSchema(system);
    const tied = await createDataset(system, schemaId, "tied");
    const createdAt = T0 + 100 * 60_000;
    const early = await insertBatch(system, { datasetId: tied, createdAt, completedAt: createdAt + 100 });
    const late = await insertBatch(system, { datasetId: tied, createdAt, completedAt: createdAt + 900 });
    expect(Object.keys(await list(`?dataSet=${tied}&orderBy=desc:created,updated`))).toEqual([early.id, late.id]);
    expect(Object.keys(await list(`?dataSet=${tied}&orderBy=desc:created,desc:updated`))).toEqual([late.id, early.id]);
  });
});
