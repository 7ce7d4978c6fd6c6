import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset, createSchema, DATALAKE_SPEC, DATASETS, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { enableSchemaForProfile, insertBatch, lakeHolds, writeLakeFiles } from "./catalog-fixtures.js";

/**
 * PATCH and DELETE of Catalog datasets (docs/api/catalog.md#change-a-dataset,
 * #delete-a-dataset): both of AEP's PATCH forms, Profile and Identity only on a schema enabled for
 * Profile, and a delete refused while a target connection uses the dataset, then done with its data.
 */
const PATCH_JSON = { "content-type": "application/json-patch+json" };
const ENABLE_PROFILE = [{ op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] }];

describe("changing and deleting Catalog datasets", () => {
  let system: TestSystem;
  let plainSchema: string;
  let profileSchema: string;

  beforeAll(async () => {
    system = await startTestSystem();
    plainSchema = await createSchema(system);
    profileSchema = await createSchema(system);
    await enableSchemaForProfile(system, profileSchema);
  });
  afterAll(() => system.close());

  const dataset = async (id: string) => (await call(system, "GET", `${DATASETS}/${id}`)).body[id];

  it("changes name and description with fields, answering [\"@/dataSets/<id>\"], and counts the change in version", async () => {
    const id = await createDataset(system, plainSchema, "before");
    const before = await dataset(id);
    const reply = await call(system, "PATCH", `${DATASETS}/${id}`, { body: { name: "after", description: "renamed" } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([`@/dataSets/${id}`]);
    const after = await dataset(id);
    expect(after).toMatchObject({ name: "after", description: "renamed", version: "1.0.1", schemaRef: before.schemaRef, created: before.created });
    expect(after.updated).toBeGreaterThanOrEqual(before.updated);
    // what a client read may go back unchanged with its change
    const again = await call(system, "PATCH", `${DATASETS}/${id}`, { body: { ...after, name: "third" } });
    expect(again.status, again.text).toBe(200);
    expect(await dataset(id)).toMatchObject({ name: "third", version: "1.0.2" });
  });

  it("answers a dataset with its ETag and makes a PATCH carrying If-Match only over that version, as AEP's Catalog does", async () => {
    const id = await createDataset(system, plainSchema, "versioned");
    const read = await call(system, "GET", `${DATASETS}/${id}`);
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f-]+"$/);
    // another client changes it in between
    expect((await call(system, "PATCH", `${DATASETS}/${id}`, { body: { description: "theirs" } })).status).toBe(200);
    const stale = await call(system, "PATCH", `${DATASETS}/${id}`, { headers: { "if-match": etag }, body: { description: "mine" } });
    expect(stale.status, stale.text).toBe(412);
    expect(stale.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1404-412");
    expect((await call(system, "GET", `${DATASETS}/${id}`)).body[id].description).toBe("theirs");
    const current = (await call(system, "GET", `${DATASETS}/${id}`)).headers.get("etag")!;
    expect(current).not.toBe(etag);
    const fresh = await call(system, "PATCH", `${DATASETS}/${id}`, { headers: { ...PATCH_JSON, "if-match": current }, body: [{ op: "replace", path: "/description", value: "mine" }] });
    expect(fresh.status, fresh.text).toBe(200);
    expect((await call(system, "GET", `${DATASETS}/${id}`)).body[id].description).toBe("mine");
  });

  it("refuses a POST or PATCH under Pragma: validate-only, which would save here, and saves nothing", async () => {
    const before = Object.keys((await call(system, "GET", `${DATASETS}?limit=100`)).body).length;
    const create = await call(system, "POST", DATASETS, { headers: { pragma: "validate-only" }, body: { name: "only checked", schemaRef: { id: plainSchema } } });
    expect(create.status).toBe(400);
    expect(create.body.errorMessage).toContain("Pragma: validate-only is not offered here");
    expect(Object.keys((await call(system, "GET", `${DATASETS}?limit=100`)).body).length).toBe(before);
    const id = await createDataset(system, plainSchema, "kept");
    const patch = await call(system, "PATCH", `${DATASETS}/${id}`, { headers: { pragma: "no-cache, validate-only" }, body: { name: "renamed" } });
    expect(patch.status).toBe(400);
    expect((await call(system, "GET", `${DATASETS}/${id}`)).body[id].name).toBe("kept");
    expect((await call(system, "PATCH", `${DATASETS}/${id}`, { headers: { pragma: "no-cache" }, body: { name: "renamed" } })).status).toBe(200);
  });

  it("merges tags key by key, null removing one", async () => {
    const id = await createDataset(system, plainSchema);
    await call(system, "PATCH", `${DATASETS}/${id}`, { body: { tags: { team: ["crm"], "adobe/pqs/table": ["customers"] } } });
    await call(system, "PATCH", `${DATASETS}/${id}`, { body: { tags: { team: ["sales"], "adobe/pqs/table": null } } });
    expect((await dataset(id)).tags).toEqual({ team: ["sales"] });
  });

  it("enables Profile and Identity on a dataset of a Profile-enabled schema, in both forms", async () => {
    const id = await createDataset(system, profileSchema);
    const patched = await call(system, "PATCH", `${DATASETS}/${id}`, { body: ENABLE_PROFILE, headers: PATCH_JSON });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toEqual([`@/dataSets/${id}`]);
    const fields = await call(system, "PATCH", `${DATASETS}/${id}`, { body: { tags: { unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] } } });
    expect(fields.status, fields.text).toBe(200);
    expect((await dataset(id)).tags).toEqual({ unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] });
    const created = await call(system, "POST", DATASETS, { body: { name: "profile at birth", schemaRef: { id: profileSchema }, tags: { unifiedProfile: ["enabled: true"] } } });
    expect(created.status, created.text).toBe(201);
  });

  it("refuses Profile or Identity on a dataset of a schema not enabled for Profile, naming the schema and how to enable it", async () => {
    const id = await createDataset(system, plainSchema);
    for (const [body, headers, tag] of [
      [ENABLE_PROFILE, PATCH_JSON, "unifiedProfile"],
      [{ tags: { unifiedIdentity: ["enabled:true"] } }, {}, "unifiedIdentity"],
    ] as const) {
      const reply = await call(system, "PATCH", `${DATASETS}/${id}`, { body, headers });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/CAT-1002-400", report: { tag, schemaId: plainSchema } });
      expect(reply.body.errorMessage).toContain('"path":"/meta:immutableTags","value":["union"]');
    }
    expect((await dataset(id)).tags).toEqual({});
    const created = await call(system, "POST", DATASETS, { body: { name: "n", schemaRef: { id: plainSchema }, tags: { unifiedProfile: ["enabled: true"] } } });
    expect(created.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1002-400");
    // turning it off, or any other tag, needs nothing
    const off = await call(system, "PATCH", `${DATASETS}/${id}`, { body: [{ op: "add", path: "/tags/unifiedProfile", value: ["enabled:false"] }], headers: PATCH_JSON });
    expect(off.status).toBe(200);
  });

  it.each([
    [{ schemaRef: { id: "https://ns.adobe.com/test/schemas/other" } }, "CAT-1000-400", "schemaRef cannot be changed"],
    [[{ op: "replace", path: "/imsOrg", value: "OTHER@AdobeOrg" }], "CAT-1000-400", "imsOrg cannot be changed"],
    [{ name: "" }, "CAT-1000-400", "name is required"],
    [{ name: null }, "CAT-1000-400", "name is required"],
    [{ tags: { team: "crm" } }, "CAT-1000-400", "tags must be an object of string arrays"],
    [[{ op: "move", path: "/name", from: "/description" }], "FLOW-1434-400", "move"],
    [[{ op: "replace", path: "/nope/deeper", value: 1 }], "FLOW-1455-400", "nope"],
    ["[]", "FLOW-1405-400", "body"],
    ['"name"', "FLOW-1104-400", "object"],
  ])("refuses the PATCH %j with %s", async (body, code, hint) => {
    const id = await createDataset(system, plainSchema, "unchanged");
    const reply = await call(system, "PATCH", `${DATASETS}/${id}`, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    expect(reply.body.errorMessage).toContain(hint);
    expect(await dataset(id)).toMatchObject({ name: "unchanged", version: "1.0.0" });
  });

  it("answers a PATCH of an unknown dataset, or one of another sandbox, with CAT-1010-404", async () => {
    const id = await createDataset(system, plainSchema);
    for (const [target, sandbox] of [[`${"a".repeat(24)}`, "prod"], [id, "dev"]]) {
      const reply = await call(system, "PATCH", `${DATASETS}/${target}`, { body: { name: "x" }, sandbox });
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1010-404");
    }
  });

  it("refuses to delete a dataset a target connection writes to, then deletes it with its batches and its Delta table", async () => {
    const id = await createDataset(system, plainSchema);
    const target = await call(system, "POST", `${FS}/targetConnections`, {
      body: { name: "lake target", params: { dataSetId: id }, connectionSpec: { id: DATALAKE_SPEC, version: "1.0" } },
    });
    expect(target.status).toBe(201);
    const batch = await insertBatch(system, { datasetId: id, createdAt: Date.now() });
    const files = await writeLakeFiles(system, id, batch.id);

    const refused = await call(system, "DELETE", `${DATASETS}/${id}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/CAT-1003-400", report: { id, targetConnections: [target.body.id], flows: [] } });
    expect(refused.body.errorMessage).toContain(`DELETE /data/foundation/flowservice/targetConnections/{id}`);
    expect((await call(system, "GET", `${DATASETS}/${id}`)).status).toBe(200);
    expect(await lakeHolds(files.table)).toBe(true);

    // another sandbox cannot delete it either: there it does not exist
    expect((await call(system, "DELETE", `${DATASETS}/${id}`, { sandbox: "dev" })).body).toEqual([]);

    expect((await call(system, "DELETE", `${FS}/targetConnections/${target.body.id}`)).status).toBe(204);
    const deleted = await call(system, "DELETE", `${DATASETS}/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual([`@/dataSets/${id}`]);
    expect((await call(system, "GET", `${DATASETS}/${id}`)).status).toBe(404);
    expect((await call(system, "GET", `/data/foundation/catalog/batches/${batch.id}`)).status).toBe(404);
    expect((await call(system, "GET", `/data/foundation/catalog/batches?dataSet=${id}`)).body).toEqual({});
    expect(await lakeHolds(files.table)).toBe(false);
    expect(await lakeHolds(files.rowErrors)).toBe(false);

    // as AEP: deleting what is not there answers 200 with an empty list
    const again = await call(system, "DELETE", `${DATASETS}/${id}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual([]);
  });
});
