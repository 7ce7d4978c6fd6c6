import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, createConnection, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";
import { createPipeline, flowBody, sql } from "../support/journey.js";

/**
 * A schema named in one catalog that the workspace keeps in another: demo (a schema of
 * hive_metastore) on a connection whose catalog is main, or sales (a schema of Unity Catalog's
 * main) on one that names no catalog. Creating the connection, testing a SQL warehouse's, exploring
 * its database, a table or a folder, creating a source connection and creating a flow each refuse it saying which
 * catalog holds the schema and how to name it there; following the hint works. A schema no catalog
 * has, or a table missing from a schema that is where it was looked for, gets no hint.
 */
describe("a schema in another catalog than the one it is looked for in", () => {
  let system: TestSystem;
  let onMain: string;
  const explore = (connection: string, query: string) => call(system, "GET", `${FS}/connections/${connection}/explore?${query}`);
  const sourceConnection = (connection: string, tableName: string) =>
    call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: `source of ${tableName}`, baseConnectionId: connection, connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" }, params: { tableName } },
    });
  const DEMO_IN_HIVE = "demo is a schema of hive_metastore, not of main:";

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await waitForCluster(system, "RUNNING");
    await sql(system, "CREATE SCHEMA main.sales");
    await sql(system, "CREATE TABLE main.sales.orders (id BIGINT, total DOUBLE)");
    onMain = await createConnection(system, { catalog: "main", database: "sales" });
  }, 60_000);
  afterAll(() => system?.close());

  it.each([
    [{ catalog: "main", database: "demo" }, "demo is a schema of hive_metastore, not of main: set auth.params.catalog to hive_metastore", "hive_metastore"],
    [{ database: "sales" }, "sales is a schema of main, not of hive_metastore: set auth.params.catalog to main", "main"],
  ])("refuses a connection whose database %o is in another catalog, naming the catalog to set", async (params, hint, catalog) => {
    const refused = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, params) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toContain("SCHEMA_NOT_FOUND");
    expect(refused.body.errorMessage).toContain(hint);

    const followed = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { ...params, catalog }) });
    expect(followed.status, followed.text).toBe(201);
  });

  it("says so in a SQL warehouse connection's test and its explore of the root when its database has moved to another catalog", async () => {
    await sql(system, "CREATE SCHEMA main.moving");
    const connection = await createConnection(system, { clusterId: undefined, warehouseId: system.workspace!.warehouseId, catalog: "main", database: "moving" });
    await sql(system, "DROP SCHEMA main.moving");
    await sql(system, "CREATE SCHEMA hive_metastore.moving");

    const tested = await call(system, "GET", `${FS}/connections/${connection}/test`);
    expect(tested.status, tested.text).toBe(200);
    expect(tested.body.result).toBe(false);
    const warehouse = tested.body.checks.find((check: { name: string }) => check.name === "warehouse");
    expect(warehouse.passed).toBe(false);
    expect(warehouse.message).toContain("moving is a schema of hive_metastore, not of main: set auth.params.catalog to hive_metastore");

    const root = await explore(connection, "objectType=root");
    expect(root.status, root.text).toBe(400);
    expect(root.body.errorMessage).toContain("SCHEMA_NOT_FOUND");
    expect(root.body.errorMessage).toContain("moving is a schema of hive_metastore, not of main: set auth.params.catalog to hive_metastore");
  });

  it.each([
    ["demo.customers", "main"],
    ["main.demo.customers", "main"],
    ["MAIN.demo.customers", "MAIN"],
  ])("says table %s is in hive_metastore, not %s, with its full path, and the path works", async (object, catalog) => {
    const explored = await explore(onMain, `objectType=table&object=${object}`);
    expect(explored.status, explored.text).toBe(400);
    expect(explored.body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(explored.body.errorMessage).toContain(`demo is a schema of hive_metastore, not of ${catalog}: name the table as hive_metastore.demo.customers`);

    const followed = await explore(onMain, "objectType=table&object=hive_metastore.demo.customers");
    expect(followed.status, followed.text).toBe(200);
    expect(followed.body.schema.columns.length).toBeGreaterThan(0);
  });

  it("says a table of main's schema named on a connection without a catalog is in main", async () => {
    const withoutCatalog = await createConnection(system);
    const explored = await explore(withoutCatalog, "objectType=table&object=sales.orders");
    expect(explored.status, explored.text).toBe(400);
    expect(explored.body.errorMessage).toContain("sales is a schema of main, not of hive_metastore: name the table as main.sales.orders");
    expect((await explore(withoutCatalog, "objectType=table&object=main.sales.orders")).status).toBe(200);
  });

  it.each(["sales.nosuch", "nowhere.customers", "hive_metastore.nowhere.customers"])("gives no catalog hint for %s, whose schema is where it was looked for or nowhere", async (object) => {
    const reply = await explore(onMain, `objectType=table&object=${object}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(reply.body.errorMessage).not.toContain("is a schema");
  });

  it.each(["demo", "main.demo"])("says folder %s is a schema of hive_metastore and which folder lists its tables", async (object) => {
    const reply = await explore(onMain, `objectType=folder&object=${object}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("Schema 'main.demo' does not exist.");
    expect(reply.body.errorMessage).toContain(
      `${DEMO_IN_HIVE} send objectType=folder&object=hive_metastore.demo to list its tables (a table's path is hive_metastore.demo.<table>)`,
    );
    const followed = await explore(onMain, "objectType=folder&object=hive_metastore.demo");
    expect(followed.status, followed.text).toBe(200);
    expect(followed.body.map((t: { path: string }) => t.path)).toContain("hive_metastore.demo.customers");
  });

  it("gives no hint for a folder no catalog has", async () => {
    const reply = await explore(onMain, "objectType=folder&object=nowhere");
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toBe("The request could not be processed. Error message: unity-catalog/tables failed with HTTP 404 SCHEMA_DOES_NOT_EXIST: Schema 'main.nowhere' does not exist.");
  });

  it("says so for a source connection's tableName, which is created once named by the hint's path", async () => {
    const refused = await sourceConnection(onMain, "demo.customers");
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toContain(`${DEMO_IN_HIVE} name the table as hive_metastore.demo.customers`);

    const followed = await sourceConnection(onMain, "hive_metastore.demo.customers");
    expect(followed.status, followed.text).toBe(201);
  });

  it("says so when a flow is created after its connection's catalog changed, and the flow is created once the source connection names the full path", async () => {
    const pipeline = await createPipeline(system);
    const connection = (await call(system, "GET", `${FS}/connections/${pipeline.connectionId}`)).body.items[0];
    const moved = await call(system, "PATCH", `${FS}/connections/${pipeline.connectionId}`, {
      body: [
        { op: "add", path: "/auth/params/catalog", value: "main" },
        { op: "replace", path: "/auth/params/database", value: "sales" },
      ],
      headers: { "if-match": connection.etag },
    });
    expect(moved.status, moved.text).toBe(200);
    const schedule = { frequency: "hour", interval: 1, startTime: Math.floor(Date.now() / 1000) + 3600 };

    const refused = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toContain(`${DEMO_IN_HIVE} name the table as hive_metastore.demo.customers`);

    const source = (await call(system, "GET", `${FS}/sourceConnections/${pipeline.sourceId}`)).body.items[0];
    const renamed = await call(system, "PATCH", `${FS}/sourceConnections/${pipeline.sourceId}`, {
      body: [{ op: "replace", path: "/params/tableName", value: "hive_metastore.demo.customers" }],
      headers: { "if-match": source.etag },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule) });
    expect(created.status, created.text).toBe(201);
  });
});
