import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, customerSchema, DATABRICKS_SPEC, DATALAKE_SPEC, FS, waitForCluster } from "../support/aep-calls.js";

const SCHEMAS = "/data/foundation/schemaregistry/tenant/schemas";
const DATASETS = "/data/foundation/catalog/dataSets";
const MAPPINGS = "/data/foundation/conversion/mappingSets";


describe("Schema Registry, Catalog, Data Prep, source and target connections", () => {
  let system: TestSystem;
  let schemaId: string;
  let dataSetId: string;
  let baseId: string;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    baseId = await createConnection(system);
  });
  afterAll(() => system.close());

  describe("schemas", () => {
    it("creates a tenant schema with typed fields and finds it by $id (encoded) and meta:altId", async () => {
      const created = await call(system, "POST", SCHEMAS, { body: customerSchema });
      expect(created.status).toBe(201);
      expect(created.body.$id).toMatch(/^https:\/\/ns\.adobe\.com\/test\/schemas\/[0-9a-f]{32}$/);
      expect(created.body["meta:altId"]).toMatch(/^_test\.schemas\.[0-9a-f]{32}$/);
      expect(created.body).toMatchObject({ title: "Databricks customers", version: "1.0", "meta:containerId": "tenant", imsOrg: "TEST@AdobeOrg" });
      schemaId = created.body.$id;
      for (const ref of [encodeURIComponent(schemaId), created.body["meta:altId"]]) {
        const got = await call(system, "GET", `${SCHEMAS}/${ref}`, { headers: { accept: "application/vnd.adobe.xed-full+json; version=1" } });
        expect(got.status).toBe(200);
        expect(got.body.properties.person.properties.name).toEqual({ type: "string" });
      }
      const list = await call(system, "GET", `${SCHEMAS}?orderby=title`, { headers: { accept: "application/vnd.adobe.xed-id+json" } });
      expect(list.body.results).toEqual([{ $id: schemaId, "meta:altId": created.body["meta:altId"], version: "1.0", title: "Databricks customers" }]);
      expect(list.body._links).toMatchObject({ next: null });
    });

    it.each([
      [{ description: "no title", properties: {} }],
      [{ title: "t", properties: { a: { type: "date" } } }],
      [{ title: "t", properties: { a: { type: "array" } } }],
      [{ title: "t", properties: { a: { type: "object" } } }],
      [{ title: "t", properties: { a: { type: "integer", format: "date" } } }],
      [{ title: "t", properties: { "a.b": { type: "string" } } }],
      [{ title: "t", allOf: [{ $ref: "#/definitions/missing" }] }],
      [[1, 2]],
    ])("refuses an invalid schema %j with XDM-1000-400", async (body) => {
      const reply = await call(system, "POST", SCHEMAS, { body });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1000-400");
    });

    it("answers 404 for an unknown schema", async () => {
      const reply = await call(system, "GET", `${SCHEMAS}/_test.schemas.${"0".repeat(32)}`);
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1010-404");
    });
  });

  describe("datasets", () => {
    it("creates a dataset of a schema: 201 [\"@/dataSets/<24 hex>\"], GET keyed by id", async () => {
      const created = await call(system, "POST", DATASETS, {
        body: { name: "Databricks customers", schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" }, tags: { unifiedProfile: ["enabled: true"] } },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual([expect.stringMatching(/^@\/dataSets\/[0-9a-f]{24}$/)]);
      dataSetId = created.body[0].slice("@/dataSets/".length);
      const got = await call(system, "GET", `${DATASETS}/${dataSetId}`);
      expect(Object.keys(got.body)).toEqual([dataSetId]);
      expect(got.body[dataSetId]).toMatchObject({ name: "Databricks customers", schemaRef: { id: schemaId }, imsOrg: "TEST@AdobeOrg" });
      const list = await call(system, "GET", `${DATASETS}?limit=10&property=name==Databricks%20customers`);
      expect(Object.keys(list.body)).toEqual([dataSetId]);
    });

    it.each([
      [{ schemaRef: { id: "x" } }, 400, "CAT-1000-400"],
      [{ name: "n" }, 400, "CAT-1000-400"],
      [{ name: "n", schemaRef: { id: `https://ns.adobe.com/test/schemas/${"1".repeat(32)}` } }, 400, "CAT-1000-400"],
    ])("refuses %j", async (body, status, code) => {
      const reply = await call(system, "POST", DATASETS, { body });
      expect(reply.status).toBe(status);
      expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    });

    it("answers a deleted or unknown dataset with a 404 body carrying status (aepp's check)", async () => {
      const reply = await call(system, "GET", `${DATASETS}/${"a".repeat(24)}`);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ status: 404, type: "https://ns.adobe.com/aep/errors/CAT-1010-404" });
    });
  });

  describe("mapping sets", () => {
    const mapping = (destinationXdmPath: string, sourceAttribute: string) => ({
      destinationXdmPath,
      sourceAttribute,
      identity: false,
      identityGroup: null,
      namespaceCode: null,
      version: 0,
    });

    it("creates a mapping set (200, 32-hex id) whose destinations are fields of the schema", async () => {
      const body = {
        version: 0,
        xdmSchema: schemaId,
        xdmVersion: "1.0",
        id: null,
        mappings: [mapping("_id", "id"), mapping("person.name", "name"), mapping("person.email", "email"), mapping("updatedAt", "updated_at")],
      };
      const created = await call(system, "POST", MAPPINGS, { body });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 0, createdDate: expect.any(Number), modifiedDate: expect.any(Number), createdBy: "test-client@AdobeID", modifiedBy: "test-client@AdobeID" });
      const got = await call(system, "GET", `${MAPPINGS}/${created.body.id}`);
      expect(got.body).toMatchObject({ id: created.body.id, xdmSchema: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }, {}, {}, {}] });
      const list = await call(system, "GET", `${MAPPINGS}?limit=5`);
      expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
      expect(list.body._links).toEqual({});
    });

    it("refuses destinations that are not in the schema, and sources not in the input schema", async () => {
      const wrongDestination = await call(system, "POST", MAPPINGS, { body: { xdmSchema: schemaId, mappings: [mapping("person.age", "age")] } });
      expect(wrongDestination.status).toBe(400);
      expect(wrongDestination.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
      expect(wrongDestination.body.errorMessage).toContain("person.age is not a field of the schema");

      const inputSchema = { jsonSchema: { type: "object", properties: { id: { type: "integer" }, address: { type: "object", properties: { city: { type: "string" } } } } } };
      const ok = await call(system, "POST", MAPPINGS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "id"), mapping("country", "address.city")] } });
      expect(ok.status, ok.text).toBe(200);
      const wrongSource = await call(system, "POST", MAPPINGS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "missing")] } });
      expect(wrongSource.status).toBe(400);
      expect(wrongSource.body.errorMessage).toContain("sourceAttribute missing is not a source column");
    });

    it.each([
      [{ mappings: [] }],
      [{ xdmSchema: "https://ns.adobe.com/test/schemas/nope", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] }],
      [{ xdmSchema: "x", mappings: "no" }],
      [{ xdmSchema: "x", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "concat(a,b)", sourceType: "EXPRESSION" }] }],
    ])("refuses %j", async (body) => {
      const reply = await call(system, "POST", MAPPINGS, { body });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    });
  });

  describe("source connections", () => {
    const source = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      name: "Database source connection",
      description: "demo.customers",
      baseConnectionId: baseId,
      data: { format: "tabular" },
      params,
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      ...extra,
    });

    it("creates one for a table that exists, with columns of that table", async () => {
      const created = await call(system, "POST", `${FS}/sourceConnections`, {
        body: source({ tableName: "demo.customers", columns: [{ name: "id", type: "bigint", xdm: { type: "integer" } }, { name: "email", type: "string", xdm: { type: "string" } }] }),
      });
      expect(created.status, created.text).toBe(201);
      const item = (await call(system, "GET", `${FS}/sourceConnections/${created.body.id}`)).body.items[0];
      expect(item).toMatchObject({
        baseConnectionId: baseId,
        state: "enabled",
        data: { format: "tabular" },
        params: { tableName: "demo.customers" },
        connectionSpec: { id: DATABRICKS_SPEC },
        inheritedAttributes: { baseConnection: { id: baseId, connectionSpec: { id: DATABRICKS_SPEC } } },
      });
      const byColumn = await call(system, "GET", `${FS}/sourceConnections?property=params.columns[].name==email`);
      expect(byColumn.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
      const byBase = await call(system, "GET", `${FS}/sourceConnections?property=baseConnectionId==${baseId}`);
      expect(byBase.body.items.length).toBeGreaterThanOrEqual(1);
    });

    it("enables CDC only on a table with delta.enableChangeDataFeed = true", async () => {
      const orders = await call(system, "POST", `${FS}/sourceConnections`, { body: source({ tableName: "demo.orders", cdcEnabled: true }) });
      expect(orders.status, orders.text).toBe(201);
      const customers = await call(system, "POST", `${FS}/sourceConnections`, { body: source({ tableName: "demo.customers", cdcEnabled: true }) });
      expect(customers.status).toBe(400);
      expect(customers.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
      expect(customers.body.errorMessage).toContain("delta.enableChangeDataFeed = true");
    });

    it.each([
      ["no tableName", () => source({}), "SRC-1323-400"],
      ["a table that does not exist", () => source({ tableName: "demo.nope" }), "SRC-1308-400"],
      ["a column the table lacks", () => source({ tableName: "demo.customers", columns: [{ name: "age" }] }), "SRC-1312-400"],
      ["another format", () => source({ tableName: "demo.customers" }, { data: { format: "delimited" } }), "SRC-1327-400"],
      ["an unknown base connection", () => source({ tableName: "demo.customers" }, { baseConnectionId: "00000000-0000-4000-8000-000000000000" }), "SRC-1100-400"],
      ["another spec than the base connection's", () => source({ tableName: "demo.customers" }, { connectionSpec: { id: DATALAKE_SPEC } }), "FLOW-1413-400"],
      ["cdcEnabled of the wrong type", () => source({ tableName: "demo.orders", cdcEnabled: 3 }), "SRC-1312-400"],
      ["no params", () => source(undefined as never), "SRC-1304-400"],
    ])("refuses %s", async (_what, body, code) => {
      const reply = await call(system, "POST", `${FS}/sourceConnections`, { body: body() });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    });

    it("patches params with If-Match, re-checking the table; the base connection cannot change", async () => {
      const created = await call(system, "POST", `${FS}/sourceConnections`, { body: source({ tableName: "demo.customers" }) });
      const patched = await call(system, "PATCH", `${FS}/sourceConnections/${created.body.id}`, {
        body: [{ op: "replace", path: "/params/tableName", value: "demo.orders" }, { op: "add", path: "/params/cdcEnabled", value: true }],
        headers: { "if-match": created.body.etag },
      });
      expect(patched.status, patched.text).toBe(200);
      const missing = await call(system, "PATCH", `${FS}/sourceConnections/${created.body.id}`, {
        body: [{ op: "replace", path: "/params/tableName", value: "demo.nope" }],
        headers: { "if-match": patched.body.etag },
      });
      expect(missing.status).toBe(400);
      const rebased = await call(system, "PATCH", `${FS}/sourceConnections/${created.body.id}`, {
        body: [{ op: "replace", path: "/baseConnectionId", value: "x" }],
        headers: { "if-match": patched.body.etag },
      });
      expect(rebased.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1365-400");
      expect((await call(system, "DELETE", `${FS}/sourceConnections/${created.body.id}`)).status).toBe(204);
    });
  });

  describe("target connections", () => {
    const target = (extra: Record<string, unknown> = {}) => ({
      name: "Database target connection",
      description: "Database target connection",
      data: { schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
      params: { dataSetId },
      connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
      ...extra,
    });

    it("creates one for a dataset of the sandbox", async () => {
      const created = await call(system, "POST", `${FS}/targetConnections`, { body: target() });
      expect(created.status, created.text).toBe(201);
      const item = (await call(system, "GET", `${FS}/targetConnections/${created.body.id}`)).body.items[0];
      expect(item).toMatchObject({ params: { dataSetId }, data: { schema: { id: schemaId } }, connectionSpec: { id: DATALAKE_SPEC }, state: "enabled" });
    });

    it.each([
      ["another spec", () => target({ connectionSpec: { id: DATABRICKS_SPEC } }), "SRC-1307-400"],
      ["no dataSetId", () => target({ params: {} }), "SRC-1325-400"],
      ["an unknown dataset", () => target({ params: { dataSetId: "b".repeat(24) } }), "SRC-1100-400"],
      ["a schema other than the dataset's", () => target({ data: { schema: { id: `https://ns.adobe.com/test/schemas/${"2".repeat(32)}` } } }), "SRC-1100-400"],
    ])("refuses %s", async (_what, body, code) => {
      const reply = await call(system, "POST", `${FS}/targetConnections`, { body: body() });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    });
  });

  it("keeps every neighbour scoped to its sandbox", async () => {
    const dev = (method: string, path: string, body?: unknown) => call(system, method, path, { sandbox: "dev", body });
    expect((await dev("GET", `${SCHEMAS}/${encodeURIComponent(schemaId)}`)).status).toBe(404);
    expect((await dev("GET", SCHEMAS)).body.results).toEqual([]);
    expect((await dev("GET", `${DATASETS}/${dataSetId}`)).status).toBe(404);
    expect((await dev("GET", DATASETS)).body).toEqual({});
    expect((await dev("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
    expect((await dev("GET", `${FS}/targetConnections`)).body.items).toEqual([]);
    expect((await dev("GET", MAPPINGS)).body.data).toEqual([]);
    // a dataset of prod is unknown to a target connection of dev
    const reply = await dev("POST", `${FS}/targetConnections`, { name: "t", params: { dataSetId }, connectionSpec: { id: DATALAKE_SPEC } });
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1100-400");
  });
});
