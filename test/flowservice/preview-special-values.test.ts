/**
 * One spelling of the FLOAT and DOUBLE values JSON cannot carry as numbers, in every preview path
 * (docs/databricks-xdm-types.md): NaN, ±Infinity and a stored -0.0 preview as "NaN", "Infinity",
 * "-Infinity" and "-0.0", top level and nested, through the cluster, the SQL warehouse and Delta Sharing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, FS, waitForCluster } from "../support/aep-calls.js";
import { sql } from "../support/journey.js";

const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

const EXPECTED = [
  { id: 1, d: "NaN", f: "NaN", ds: ["NaN", "Infinity", "-Infinity", "-0.0", 1.5], s: { x: "-0.0", y: "NaN" } },
  { id: 2, d: "Infinity", f: "Infinity", ds: null, s: null },
  { id: 3, d: "-Infinity", f: "-Infinity", ds: null, s: null },
  { id: 4, d: "-0.0", f: "-0.0", ds: null, s: null },
  { id: 5, d: 1.5, f: 0.25, ds: [0.1], s: { x: 2.5, y: 0 } },
];

describe("previews of NaN, ±Infinity and -0.0", () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 } });
    await waitForCluster(system, "RUNNING");
    await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
    await sql(system, "CREATE TABLE shared.edge (id INT, d DOUBLE, f FLOAT, ds ARRAY<DOUBLE>, s STRUCT<x:DOUBLE,y:FLOAT>) USING DELTA");
    await sql(
      system,
      "INSERT INTO shared.edge VALUES " +
        "(1, CAST('NaN' AS DOUBLE), CAST('NaN' AS FLOAT), array(CAST('NaN' AS DOUBLE), CAST('Infinity' AS DOUBLE), CAST('-Infinity' AS DOUBLE), CAST('-0.0' AS DOUBLE), 1.5), named_struct('x', CAST('-0.0' AS DOUBLE), 'y', CAST('NaN' AS FLOAT))), " +
        "(2, CAST('Infinity' AS DOUBLE), CAST('Infinity' AS FLOAT), NULL, NULL), " +
        "(3, CAST('-Infinity' AS DOUBLE), CAST('-Infinity' AS FLOAT), NULL, NULL), " +
        "(4, CAST('-0.0' AS DOUBLE), CAST('-0.0' AS FLOAT), NULL, NULL), " +
        "(5, 1.5, CAST(0.25 AS FLOAT), array(CAST(0.1 AS DOUBLE)), named_struct('x', CAST(2.5 AS DOUBLE), 'y', CAST(0 AS FLOAT)))",
    );
  }, 60_000);
  afterAll(() => system?.close());

  async function preview(connectionId: string, object: string): Promise<unknown[]> {
    const reply = await call(system, "GET", `${FS}/connections/${connectionId}/explore?objectType=table&object=${object}&preview=true`);
    expect(reply.status, reply.text).toBe(200);
    return [...reply.body.data].sort((a: any, b: any) => a.id - b.id);
  }

  it("through the cluster", async () => {
    expect(await preview(await createConnection(system), "shared.edge")).toEqual(EXPECTED);
  });

  it("through the SQL warehouse", async () => {
    const id = await createConnection(system, { clusterId: undefined, warehouseId: system.workspace!.warehouseId });
    expect(await preview(id, "shared.edge")).toEqual(EXPECTED);
  });

  it("through Delta Sharing", async () => {
    const created = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "Delta Sharing from the provider",
        auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN } },
        connectionSpec: { id: SHARING_SPEC, version: "1.0" },
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(await preview(created.body.id, "demo_share.shared.edge")).toEqual(EXPECTED);
  });
});
