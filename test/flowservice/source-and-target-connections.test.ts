import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, createDataset, createSchema, DATABRICKS_SPEC, DATALAKE_SPEC, DATASETS, FS, MAPPING_SETS, SCHEMAS, waitForCluster } from "../support/aep-calls.js";

describe("source and target connections", () => {
  let system: TestSystem;
  let schemaId: string;
  let dataSetId: string;
  let baseId: string;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    baseId = await createConnection(system);
    schemaId = await createSchema(system);
    dataSetId = await createDataset(system, schemaId, "Databricks customers");
  });
  afterAll(() => system.close());

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
    const mappingSet = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] } });
    expect(mappingSet.status, mappingSet.text).toBe(200);
    const dev = (method: string, path: string, body?: unknown) => call(system, method, path, { sandbox: "dev", body });
    expect((await dev("GET", `${SCHEMAS}/${encodeURIComponent(schemaId)}`)).status).toBe(404);
    expect((await dev("GET", SCHEMAS)).body.results).toEqual([]);
    expect((await dev("GET", `${DATASETS}/${dataSetId}`)).status).toBe(404);
    expect((await dev("GET", DATASETS)).body).toEqual({});
    expect((await dev("GET", `${FS}/sourceConnections`)).body.items).toEqual([]);
    expect((await dev("GET", `${FS}/targetConnections`)).body.items).toEqual([]);
    expect((await dev("GET", MAPPING_SETS)).body.data).toEqual([]);
    // a dataset of prod is unknown to a target connection of dev
    const reply = await dev("POST", `${FS}/targetConnections`, { name: "t", params: { dataSetId }, connectionSpec: { id: DATALAKE_SPEC } });
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1100-400");
  });
});
