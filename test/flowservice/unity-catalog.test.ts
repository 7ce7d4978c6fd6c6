import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";
import { sql } from "../support/journey.js";

/** Unity Catalog's three-level names: the local workspace's REST listings, explore's folders, and tables named catalog.schema.table. */
describe("Unity Catalog", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 } });
    await waitForCluster(system, "RUNNING");
    await sql(system, "CREATE SCHEMA main.sales");
    await sql(system, "CREATE TABLE main.sales.customers AS SELECT id, name, balance FROM hive_metastore.demo.customers");
    await sql(system, "CREATE TABLE main.sales.`order lines` (id BIGINT, sku STRING)");
  });
  afterAll(() => system.close());

  const rest = async (path: string) => {
    const response = await fetch(`${system.workspace!.url}${path}`, { headers: { authorization: `Bearer ${system.workspace!.token}` } });
    return { status: response.status, body: (await response.json()) as any };
  };

  it("the local workspace lists catalogs, schemas and tables in Databricks' shapes, page by page", async () => {
    const catalogs = await rest("/api/2.1/unity-catalog/catalogs");
    expect(catalogs.status).toBe(200);
    expect(catalogs.body.catalogs.map((c: { name: string }) => c.name)).toEqual(["hive_metastore", "main"]);
    expect(catalogs.body.catalogs[1]).toMatchObject({ name: "main", full_name: "main", catalog_type: "MANAGED_CATALOG", securable_type: "CATALOG", owner: expect.any(String), created_at: expect.any(Number) });
    expect(catalogs.body).not.toHaveProperty("next_page_token");

    const schemas = await rest("/api/2.1/unity-catalog/schemas?catalog_name=main");
    expect(schemas.body.schemas.map((s: { full_name: string }) => s.full_name)).toEqual(["main.default", "main.sales"]);
    expect(schemas.body.schemas[1]).toMatchObject({ name: "sales", catalog_name: "main", securable_type: "SCHEMA" });

    const firstPage = await rest("/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales&max_results=1");
    expect(firstPage.body.tables).toHaveLength(1);
    expect(firstPage.body.tables[0]).toMatchObject({
      name: "customers",
      catalog_name: "main",
      schema_name: "sales",
      full_name: "main.sales.customers",
      table_type: "MANAGED",
      data_source_format: "DELTA",
      storage_location: expect.stringMatching(/^file:\/\//),
    });
    const secondPage = await rest(`/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales&max_results=1&page_token=${firstPage.body.next_page_token}`);
    expect(secondPage.body.tables.map((t: { name: string }) => t.name)).toEqual(["order lines"]);
    expect(secondPage.body).not.toHaveProperty("next_page_token");

    expect(await rest("/api/2.1/unity-catalog/tables/main.sales.customers")).toMatchObject({ status: 200, body: { full_name: "main.sales.customers" } });
    expect(await rest("/api/2.1/unity-catalog/schemas?catalog_name=nope")).toEqual({ status: 404, body: { error_code: "CATALOG_DOES_NOT_EXIST", message: "Catalog 'nope' does not exist." } });
    expect(await rest("/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=nope")).toMatchObject({ status: 404, body: { error_code: "SCHEMA_DOES_NOT_EXIST" } });
    expect((await rest("/api/2.1/unity-catalog/catalogs?max_results=-1")).status).toBe(400);
  });

  it("explore walks catalogs → schemas → tables for a connection that names no catalog, paths ready for the next step", async () => {
    const id = await createConnection(system);
    const folder = (object?: string) => call(system, "GET", `${FS}/connections/${id}/explore?objectType=folder${object === undefined ? "" : `&object=${encodeURIComponent(object)}`}`);

    const catalogs = await folder();
    expect(catalogs.status, catalogs.text).toBe(200);
    expect(catalogs.body).toEqual([
      { type: "folder", name: "hive_metastore", path: "hive_metastore", canPreview: false, canFetchSchema: false },
      { type: "folder", name: "main", path: "main", canPreview: false, canFetchSchema: false },
    ]);
    const schemas = await folder("main");
    expect(schemas.body.map((s: { path: string }) => s.path)).toEqual(["main.default", "main.sales"]);
    const tables = await folder("main.sales");
    expect(tables.body).toEqual([
      { type: "table", name: "customers", path: "main.sales.customers", canPreview: true, canFetchSchema: true },
      { type: "table", name: "order lines", path: "main.sales.`order lines`", canPreview: true, canFetchSchema: true },
    ]);

    // the table path works as it is for preview and for a source connection
    const preview = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=table&object=main.sales.customers&preview=true`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.schema.columns.map((c: { name: string }) => c.name)).toEqual(["id", "name", "balance"]);
    expect(preview.body.data).toHaveLength(20);
    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "uc source", baseConnectionId: id, data: { format: "tabular" }, params: { tableName: "main.sales.customers" }, connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" } },
    });
    expect(source.status, source.text).toBe(201);

    const missing = await folder("nope");
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("CATALOG_DOES_NOT_EXIST");
  });

  it("a connection that names a catalog is browsed inside it", async () => {
    const id = await createConnection(system, { catalog: "main", database: "sales" });
    const schemas = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=folder`);
    expect(schemas.body.map((s: { path: string }) => s.path)).toEqual(["main.default", "main.sales"]);
    const tables = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=folder&object=sales`);
    expect(tables.body.map((t: { path: string }) => t.path)).toEqual(["main.sales.customers", "main.sales.`order lines`"]);
    const root = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`);
    expect(root.body.map((t: { path: string }) => t.path)).toEqual(["main.sales.customers", "main.sales.`order lines`"]);
  });
});
