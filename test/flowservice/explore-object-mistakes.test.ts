import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";
import { sharingConnectionBody } from "../support/sharing-connection.js";
import { sql } from "../support/journey.js";

/**
 * An explore's `object` that names the wrong kind of thing is refused saying what to send: an
 * object beside objectType=root (which lists every table whatever it names) on a Delta Sharing
 * connection as on a Databricks one, a folder named by a hive_metastore schema's name alone
 * (`demo`), which Unity Catalog reads as a catalog that does not exist, and a table named so, which
 * is read as the table demo.demo. A schema of another Unity Catalog catalog (main.sales) named so is
 * told where it is too.
 */
describe("explore objects that name the wrong thing", () => {
  let system: TestSystem;
  let databricks: string;
  let sharing: string;
  const explore = (connection: string, query: string) => call(system, "GET", `${FS}/connections/${connection}/explore?${query}`);

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    databricks = await createConnection(system);
    const created = await call(system, "POST", `${FS}/connections`, { body: sharingConnectionBody(system) });
    expect(created.status, created.text).toBe(201);
    sharing = created.body.id;
    await waitForCluster(system, "RUNNING");
    await sql(system, "CREATE SCHEMA main.sales");
    await sql(system, "CREATE TABLE main.sales.orders (id BIGINT, total DOUBLE)");
  }, 60_000);
  afterAll(() => system?.close());

  it("refuses an object with objectType=root on a Delta Sharing connection, as on a Databricks one, naming the folder and table forms", async () => {
    const everything = await explore(sharing, "objectType=root");
    expect(everything.status, everything.text).toBe(200);
    expect(everything.body.length).toBeGreaterThan(0);

    for (const connection of [sharing, databricks]) {
      const reply = await explore(connection, "objectType=root&object=nope");
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.report.property).toBe("object");
      expect(reply.body.errorMessage).toContain("The provided param value nope is not a valid input for property=object. objectType=root takes no object");
      expect(reply.body.errorMessage).toContain("objectType=folder&object=");
    }
    const shared = await explore(sharing, "objectType=root&object=nope");
    expect(shared.body.errorMessage).toContain("objectType=table&object=<share>.<schema>.<table>");
  });

  it.each(["demo", "DEMO", "demo.customers"])("says a folder %s names a schema of hive_metastore, not a catalog", async (object) => {
    const reply = await explore(databricks, `objectType=folder&object=${object}`);
    expect(reply.status, reply.text).toBe(400);
    const catalog = object.split(".")[0];
    expect(reply.body.errorMessage).toContain(`Catalog '${catalog}' does not exist.`);
    expect(reply.body.errorMessage).toContain(
      `${catalog} is no catalog but a schema of hive_metastore: send objectType=folder&object=hive_metastore.demo to list its tables (a table's path is hive_metastore.demo.<table>)`,
    );
    const followed = await explore(databricks, "objectType=folder&object=hive_metastore.demo");
    expect(followed.status, followed.text).toBe(200);
    expect(followed.body.map((t: { path: string }) => t.path)).toContain("hive_metastore.demo.customers");
  });

  it("gives no hint for a name that is neither a catalog nor a schema", async () => {
    const reply = await explore(databricks, "objectType=folder&object=nowhere");
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toBe("The request could not be processed. Error message: unity-catalog/schemas failed with HTTP 404 CATALOG_DOES_NOT_EXIST: Catalog 'nowhere' does not exist.");
  });

  const SCHEMA_HINT = "demo is a schema, not a table: name one of its tables, as demo.<table> (objectType=folder&object=hive_metastore.demo lists them)";

  it("says a table object demo names a schema, in explore and in a source connection's tableName", async () => {
    const explored = await explore(databricks, "objectType=table&object=demo");
    expect(explored.status, explored.text).toBe(400);
    expect(explored.body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(explored.body.errorMessage).toContain(SCHEMA_HINT);

    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "schema as table", baseConnectionId: databricks, connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" }, params: { tableName: "demo" } },
    });
    expect(source.status, source.text).toBe(400);
    expect(source.body.type).toBe(explored.body.type);
    expect(source.body.errorMessage).toContain(SCHEMA_HINT);
  });

  it.each(["sales", "Sales.orders"])("says a folder %s names a schema of the catalog main, which the workspace lists besides hive_metastore", async (object) => {
    const reply = await explore(databricks, `objectType=folder&object=${object}`);
    expect(reply.status, reply.text).toBe(400);
    const catalog = object.split(".")[0];
    expect(reply.body.errorMessage).toContain(`Catalog '${catalog}' does not exist.`);
    expect(reply.body.errorMessage).toContain(
      `${catalog} is no catalog but a schema of main: send objectType=folder&object=main.sales to list its tables (a table's path is main.sales.<table>)`,
    );
    const followed = await explore(databricks, "objectType=folder&object=main.sales");
    expect(followed.body.map((t: { path: string }) => t.path)).toEqual(["main.sales.orders"]);
  });

  it("says a table object sales names a schema of the catalog main, with the full path to name its tables by", async () => {
    const explored = await explore(databricks, "objectType=table&object=sales");
    expect(explored.status, explored.text).toBe(400);
    expect(explored.body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(explored.body.errorMessage).toContain("sales is a schema, not a table: name one of its tables, as main.sales.<table> (objectType=folder&object=main.sales lists them)");
    const followed = await explore(databricks, "objectType=table&object=main.sales.orders");
    expect(followed.status, followed.text).toBe(200);
    expect(followed.body.schema.columns.map((c: { name: string }) => c.name)).toEqual(["id", "total"]);
  });

  it("gives no schema hint for a table that is neither", async () => {
    const reply = await explore(databricks, "objectType=table&object=nosuch");
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(reply.body.errorMessage).not.toContain("is a schema");
  });
});
