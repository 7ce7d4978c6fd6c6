import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchema } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { enableSchemaForProfile, insertBatch } from "./catalog-fixtures.js";
import { aeppHeaders, PYTHON_REQUESTS } from "../support/aepp.js";

/**
 * aepp's Catalog class, call for call (aepp/catalog.py, docs/aepp.md): its paths, query strings
 * (Python's False as "False"), headers (application/json everywhere, application/json-patch+json on
 * its tag PATCHes), and the fields it reads from the answers without a guard.
 */
describe("aepp's Catalog calls", () => {
  let system: TestSystem;
  let endpoint: string;
  let headers: Record<string, string>;
  let profileSchema: string;
  let plainSchema: string;

  beforeAll(async () => {
    system = await startTestSystem();
    endpoint = `${system.url}/data/foundation/catalog`;
    headers = await aeppHeaders(system, "application/json", PYTHON_REQUESTS);
    plainSchema = await createSchema(system);
    profileSchema = await createSchema(system);
    await enableSchemaForProfile(system, profileSchema);
  });
  afterAll(() => system.close());

  /** connector.getData / postData / patchData / deleteData: requests with params and a JSON body */
  const send = async (method: string, path: string, options: { params?: Record<string, string | number | boolean>; data?: unknown; headers?: Record<string, string> } = {}) => {
    const params = Object.entries(options.params ?? {}).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "True" : "False") : String(v)]);
    const search = params.length ? `?${new URLSearchParams(params)}` : "";
    const response = await fetch(`${endpoint}${path}${search}`, {
      method,
      headers: { ...headers, ...options.headers },
      body: options.data === undefined ? undefined : JSON.stringify(options.data),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const PATCH_HEADERS = { "Content-Type": "application/json-patch+json" };

  /** createDataSet(name=…, schemaId=…, profileEnabled=…, identityEnabled=…) */
  const createDataSet = (name: string, schemaId: string, enabled: boolean) =>
    send("POST", "/dataSets", {
      params: { requestDataSource: false },
      data: {
        name,
        schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" },
        fileDescription: { persisted: true, containerFormat: "parquet", format: "parquet" },
        tags: enabled ? { unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] } : {},
      },
    });
  const idOf = (created: { body: string[] }) => created.body[0].split("/").pop()!;

  it("createDataSet, getDataSets with getDatasetsInfos' reads, getDataSet", async () => {
    const created = await createDataSet("aepp profile dataset", profileSchema, true);
    expect(created.status).toBe(201);
    const id = idOf(created);
    const refused = await createDataSet("aepp plain dataset", plainSchema, true);
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1002-400");

    const all = await send("GET", "/dataSets", { params: { limit: 100 } });
    expect(all.status).toBe(200);
    for (const el of Object.values(all.body) as any[]) {
      // getDatasetsInfos: el['classification'].get('dataBehavior'), el['tags'].get('unifiedProfile', [])
      expect(el.classification.dataBehavior).toBe("record");
      expect(el.tags).toBeTypeOf("object");
      expect(el.schemaRef.id).toBeTypeOf("string");
    }
    expect(all.body[id].tags.unifiedProfile.some((t: string) => t.includes("enabled:true"))).toBe(true);
    const one = await send("GET", `/dataSets/${id}`);
    expect(Object.keys(one.body)).toEqual([id]);
  });

  it("enableDatasetProfile, enableDatasetIdentity, enableDatasetUpsert, disableDatasetProfile, disableDatasetIdentity", async () => {
    const id = idOf(await createDataSet("aepp tags", profileSchema, false));
    const patch = (op: string, tag: string, value: string[]) => send("PATCH", `/dataSets/${id}`, { data: [{ op, path: `/tags/${tag}`, value }], headers: PATCH_HEADERS });
    for (const [op, tag, value] of [
      ["add", "unifiedProfile", ["enabled:true"]],
      ["add", "unifiedIdentity", ["enabled:true"]],
      ["replace", "unifiedProfile", ["enabled:true", "isUpsert:true"]],
    ] as const) {
      const reply = await patch(op, tag, [...value]);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([`@/dataSets/${id}`]);
    }
    expect((await send("GET", `/dataSets/${id}`)).body[id].tags).toEqual({ unifiedProfile: ["enabled:true", "isUpsert:true"], unifiedIdentity: ["enabled:true"] });
    expect((await patch("replace", "unifiedProfile", ["enabled:false"])).status).toBe(200);
    expect((await patch("add", "unifiedIdentity", ["enabled:false"])).status).toBe(200);
    expect((await send("GET", `/dataSets/${id}`)).body[id].tags).toEqual({ unifiedProfile: ["enabled:false"], unifiedIdentity: ["enabled:false"] });

    const plain = idOf(await createDataSet("aepp plain", plainSchema, false));
    const refused = await send("PATCH", `/dataSets/${plain}`, { data: [{ op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] }], headers: PATCH_HEADERS });
    expect(refused.status).toBe(400);
    expect(refused.body.report).toMatchObject({ tag: "unifiedProfile", schemaId: plainSchema });
  });

  it("getBatches with n_results paging, getBatches with filters, getFailedBatchesDF's reads, getBatch", async () => {
    const id = idOf(await createDataSet("aepp batches", plainSchema, false));
    const t0 = Date.now() - 3_600_000;
    for (let i = 0; i < 15; i++) await insertBatch(system, { datasetId: id, createdAt: t0 + i * 1000, status: i % 5 === 4 ? "failed" : "success" });

    // getBatches(limit=10, n_results=15, dataSet=id): start=0, then start += limit while fewer than n_results
    const collected: Record<string, any> = {};
    const params: Record<string, string | number> = { limit: 10, dataSet: id, start: 0 };
    let page = (await send("GET", "/batches", { params })).body;
    Object.assign(collected, page);
    while (Object.keys(collected).length < 15 && Object.keys(page).length !== 0) {
      params.start = Number(params.start) + 10;
      page = (await send("GET", "/batches", { params })).body;
      Object.assign(collected, page);
    }
    expect(Object.keys(collected)).toHaveLength(15);

    const newest = (await send("GET", "/batches", { params: { limit: 3, dataSet: id, status: "success", orderBy: "desc:created" } })).body;
    expect(Object.values(newest).map((b: any) => b.created)).toEqual([t0 + 13_000, t0 + 12_000, t0 + 11_000]);

    // getFailedBatchesDF(limit=10): getBatches(status="failed", orderBy="desc:created", limit=10)
    const failedPage = await send("GET", "/batches", { params: { status: "failed", orderBy: "desc:created", limit: 10 } });
    const failed = Object.entries(failedPage.body).filter(([, batch]: [string, any]) => batch.relatedObjects[0].id === id);
    expect(failed).toHaveLength(3);
    for (const [batchId, batch] of failed as Array<[string, any]>) {
      expect(batch.relatedObjects[0].type).toBe("dataSet");
      expect(batch.errors.map((er: any) => er.code)).toEqual(["MAPPER-3700-400"]);
      expect(batch.errors.map((er: any) => er.description)).toEqual(["10 rows failed"]);
      expect(batch.sandboxId).toBeTypeOf("string");
      expect(batch.tags.flowId[0]).toBeTypeOf("string");
      expect(batch.metrics.failedRecordCount).toBe(10);
      const one = await send("GET", `/batches/${batchId}`);
      expect(Object.keys(one.body)).toEqual([batchId]);
    }
  });

  it("deleteDataSet", async () => {
    const id = idOf(await createDataSet("aepp doomed", plainSchema, false));
    const deleted = await send("DELETE", `/dataSets/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual([`@/dataSets/${id}`]);
    // aepp's FlowManager reads a 404 body with `status` as "deleted"
    expect((await send("GET", `/dataSets/${id}`)).body.status).toBe(404);
  });
});
