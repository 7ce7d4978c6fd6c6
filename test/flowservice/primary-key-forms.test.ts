/**
 * A source connection's params.primaryKey takes a column name or a list of them
 * (docs/api/flowservice.md#source-connections): a single name is stored and shown as a list of one,
 * on a create and on a PATCH alike, and list filters read it as a list. Anything else is refused
 * saying both forms.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createConnection, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("a source connection's primaryKey", () => {
  let system: TestSystem;
  let baseId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    baseId = await createConnection(system);
  });
  afterAll(() => system?.close());

  const source = (primaryKey: unknown) => ({
    name: "keyed customers",
    baseConnectionId: baseId,
    data: { format: "tabular" },
    params: { tableName: "demo.customers", primaryKey },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
  });
  const item = async (id: string) => (await call(system, "GET", `${FS}/sourceConnections/${id}`)).body.items[0];

  it("stores a single column name as a list of one, on create and on PATCH", async () => {
    const created = await call(system, "POST", `${FS}/sourceConnections`, { body: source("id") });
    expect(created.status, created.text).toBe(201);
    expect((await item(created.body.id)).params.primaryKey).toEqual(["id"]);
    const found = await call(system, "GET", `${FS}/sourceConnections?property=${encodeURIComponent("params.primaryKey[]==id")}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);

    const patched = await call(system, "PATCH", `${FS}/sourceConnections/${created.body.id}`, {
      body: [{ op: "replace", path: "/params/primaryKey", value: "email" }],
      headers: { "if-match": "*" },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await item(created.body.id)).params.primaryKey).toEqual(["email"]);
  });

  it.each([[""], [[]], [5], [["id", ""]]])("refuses %j, saying it takes a column name or a non-empty list of them", async (primaryKey) => {
    const reply = await call(system, "POST", `${FS}/sourceConnections`, { body: source(primaryKey) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(reply.body.errorMessage).toContain("property=params.primaryKey. It must be a column name or a non-empty list of column names");
  });
});
