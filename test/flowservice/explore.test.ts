import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, clusterState, createConnection, FS, startCluster, terminateCluster, waitForCluster } from "../support/aep-calls.js";

describe("explore and preview against the local workspace", () => {
  let system: TestSystem;
  let id: string;
  const explore = (query: string, sandbox?: string) => call(system, "GET", `${FS}/connections/${id}/explore?${query}`, { sandbox });

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 150 } });
    await waitForCluster(system, "RUNNING");
    const cluster = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token }).cluster(system.workspace!.clusterId);
    await cluster.session(
      async (sql) => {
        await sql.run(
          "CREATE TABLE demo.edge_values (id BIGINT, amount DECIMAL(38,18), small DECIMAL(10,2), at TIMESTAMP, d DATE, f DOUBLE, flag BOOLEAN, tags ARRAY<STRING>, attrs MAP<STRING,STRING>) USING DELTA",
        );
        await sql.run(
          "INSERT INTO demo.edge_values VALUES (9223372036854775807, 12345678901234567890.123456789012345678, 1.10, TIMESTAMP '2024-02-29 12:34:56.123456', DATE '2024-02-29', 0.1, true, array('a','b'), map('k','v'))",
        );
      },
      { timeoutMs: 30_000 },
    );
    id = await createConnection(system);
  });
  afterAll(() => system.close());

  it.each(["root", "ROOT", "Root"])("lists the database's tables with objectType=%s", async (objectType) => {
    const { status, body } = await explore(`objectType=${objectType}`);
    expect(status).toBe(200);
    expect(body).toEqual(
      ["customers", "edge_values", "orders"].map((t) => ({ type: "table", name: `demo.${t}`, path: `demo.${t}`, canPreview: true, canFetchSchema: true })),
    );
  });

  it("refuses an object with objectType=root, which lists the connection's database only, saying how to list another", async () => {
    const { status, body } = await explore("objectType=root&object=sales");
    expect(status).toBe(400);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(body.report.property).toBe("object");
    expect(body.errorMessage).toContain("objectType=root takes no object: it lists the tables of the connection's database (demo)");
    expect(body.errorMessage).toContain("objectType=folder&object=<catalog>.<schema>");
    expect((await explore("objectType=root&object=")).status).toBe(200);
  });

  it("describes a table's columns with Databricks and XDM types", async () => {
    const { status, body } = await explore("objectType=table&object=demo.customers");
    expect(status).toBe(200);
    expect(body.format).toBe("flat");
    expect(body).not.toHaveProperty("data");
    const columns = Object.fromEntries(body.schema.columns.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(columns)).toEqual(["id", "name", "email", "country", "balance", "address", "updated_at"]);
    expect(columns.id).toMatchObject({ type: "bigint", "meta:xdmType": "long", xdm: { type: "integer" } });
    expect(columns.name).toEqual({ name: "name", type: "string", xdm: { type: "string" } });
    expect(columns.balance).toMatchObject({ type: "decimal(38,18)", xdm: { type: "string" } });
    expect(columns.address).toMatchObject({
      type: "struct<street:string,city:string,postal_code:string>",
      xdm: { type: "object", properties: { street: { type: "string" }, city: { type: "string" }, postal_code: { type: "string" } } },
    });
    expect(columns.updated_at).toMatchObject({ type: "timestamp", "meta:xdmType": "date-time", xdm: { type: "string", format: "date-time" } });
  });

  it("previews at most 100 rows, keyed by column", async () => {
    const { status, body } = await explore("objectType=TABLE&object=demo.customers&preview=TRUE");
    expect(status).toBe(200);
    expect(body.data).toHaveLength(100);
    expect(body.data[0]).toEqual({
      id: 1,
      name: "Customer 1",
      email: "customer1@example.com",
      country: "DE",
      balance: "1.000000000000000001",
      address: { street: "1 Main Street", city: "Riverside", postal_code: "00001" },
      updated_at: "2024-01-01T00:00:07.919000Z",
    });
  });

  it("keeps every value loss-free: BIGINT beyond 2^53, DECIMAL digits and scale, microseconds", async () => {
    const { body } = await explore("objectType=table&object=edge_values&preview=true");
    expect(body.data).toEqual([
      {
        id: "9223372036854775807",
        amount: "12345678901234567890.123456789012345678",
        small: "1.10",
        at: "2024-02-29T12:34:56.123456Z",
        d: "2024-02-29",
        f: 0.1,
        flag: true,
        tags: ["a", "b"],
        attrs: { k: "v" },
      },
    ]);
    const columns = Object.fromEntries(body.schema.columns.map((c: { name: string; xdm: unknown }) => [c.name, c.xdm]));
    expect(columns.small).toMatchObject({ type: "number" });
    expect(columns.d).toMatchObject({ type: "string", format: "date" });
    expect(columns.tags).toMatchObject({ type: "array", items: { type: "string" } });
    expect(columns.attrs).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
  });

  it("reads paths with the catalog when the connection names one", async () => {
    const withCatalog = await createConnection(system, { catalog: "hive_metastore" });
    const root = await call(system, "GET", `${FS}/connections/${withCatalog}/explore?objectType=root`);
    expect(root.body.map((t: { path: string }) => t.path)).toContain("hive_metastore.demo.customers");
    const table = await call(system, "GET", `${FS}/connections/${withCatalog}/explore?objectType=table&object=hive_metastore.demo.orders`);
    expect(table.status).toBe(200);
    expect(table.body.schema.columns.map((c: { name: string }) => c.name)).toEqual(["order_id", "customer_id", "amount", "status", "ordered_at"]);
  });

  it.each([
    ["", "SRC-1358-400"],
    ["objectType=file", "SRC-1358-400"],
    ["objectType=folder&object=a.b.c", "SRC-1312-400"],
    ["objectType=table", "SRC-1337-400"],
    ["objectType=table&object=", "SRC-1337-400"],
    ["objectType=table&object=a.b.c.d", "SRC-1312-400"],
    ["objectType=table&object=demo.customers&preview=true&filters=eyJ0eXBlIjoiUFFMIn0=", "SRC-1353-400"],
    ["objectType=table&object=demo.customers&preview=maybe", "FLOW-1453-400"],
    ["objectType=root&fileType=delimited", "FLOW-1451-400"],
  ])("refuses explore?%s with %s", async (query, code) => {
    const { status, body } = await explore(query);
    expect(status).toBe(400);
    expect(body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  });

  it("says what Databricks said about a table that does not exist", async () => {
    const { status, body } = await explore("objectType=table&object=demo.nope");
    expect(status).toBe(400);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
    expect(body.errorMessage).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("answers 404 for an unknown connection", async () => {
    const { status, body } = await call(system, "GET", `${FS}/connections/00000000-0000-4000-8000-00000000000f/explore?objectType=root`);
    expect(status).toBe(404);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1439-404");
  });

  it("needs a RUNNING cluster: a clear 400 naming the state, never a restart; autoStart=true starts it and waits", async () => {
    await terminateCluster(system);
    try {
      for (const query of ["objectType=root", "objectType=table&object=demo.customers&preview=true"]) {
        const { status, body } = await explore(query);
        expect(status).toBe(400);
        expect(body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
        // the cluster's own state message rides along: "(Terminated by …)"
        expect(body.errorMessage).toMatch(
          new RegExp(`^The request could not be processed\\. Error message: cluster ${system.workspace!.clusterId} is TERMINATED( \\(.*\\))?; start it in Databricks, or pass autoStart=true to explore$`),
        );
      }
      expect(await clusterState(system)).toBe("TERMINATED");
      const started = await explore("objectType=table&object=demo.orders&preview=true&autoStart=true");
      expect(started.status).toBe(200);
      expect(started.body.data).toHaveLength(100);
      expect(await clusterState(system)).toBe("RUNNING");
    } finally {
      await startCluster(system);
    }
  });
});
