/**
 * Bodies are bounded before any route sees them: size (1 MiB), nesting depth (64) and key count
 * (10,000), each a 4xx in the AEP envelope naming its limit; headers over Node's limit are a 431 in
 * the envelope too (docs/api/conventions.md#request-bodies). Nothing a create accepts can break a
 * later read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createConnection, DATABRICKS_SPEC, FS, SCHEMAS, waitForCluster } from "../support/aep-calls.js";
import { rawRequest, requestText } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/** `levels` objects nested inside one another: {"a":{"a":…{}}} */
function nested(levels: number): string {
  return '{"a":'.repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
}

describe("request body and header limits", () => {
  let system: TestSystem;
  let baseId: string;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
    baseId = await createConnection(system);
  });
  afterAll(() => system.close());

  /** a source connection body whose `data.extra` is the given JSON text; the body nests two levels deeper */
  const sourceWithData = (extra: string) =>
    JSON.stringify({
      name: "deep",
      baseConnectionId: baseId,
      data: { format: "tabular", extra: "EXTRA" },
      params: { tableName: "demo.orders" },
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    }).replace('"EXTRA"', extra);

  it("refuses a body nested deeper than 64 levels with a 400 naming the limit, and stores nothing", async () => {
    const before = await call(system, "GET", `${FS}/sourceConnections?count=true`);
    const created = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceWithData(nested(4_110)) });
    expect(created.status, created.text).toBe(400);
    expect(created.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1103-400");
    expect(created.body.errorMessage).toMatch(/64 levels/);
    expect(created.body.report["request-id"]).toEqual(expect.any(String));
    expect((await call(system, "GET", `${FS}/sourceConnections?count=true`)).body).toEqual(before.body);
  });

  it("takes a body nested exactly 64 levels, and reads it back, alone and in the list", async () => {
    const created = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceWithData(nested(62)) });
    expect(created.status, created.text).toBe(201);
    const item = await call(system, "GET", `${FS}/sourceConnections/${created.body.id}`);
    expect(item.status, item.text).toBe(200);
    expect(JSON.stringify(item.body.items[0].data.extra)).toBe(nested(62));
    const list = await call(system, "GET", `${FS}/sourceConnections`);
    expect(list.status, list.text).toBe(200);
  });

  it("counts arrays as levels too, and ignores brackets inside strings", async () => {
    const arrays = await call(system, "POST", SCHEMAS, { body: "[".repeat(65) + "]".repeat(65) });
    expect(arrays.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1103-400");
    const inStrings = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceWithData(JSON.stringify("{[".repeat(5_000))) });
    expect(inStrings.status, inStrings.text).toBe(201);
  });

  it("refuses a body of more than 10,000 keys with a 400 naming the limit", async () => {
    const keys = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]));
    const refused = await call(system, "POST", SCHEMAS, { body: { title: "many", properties: keys } });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1105-400");
    expect(refused.body.errorMessage).toMatch(/10000 keys/);
  });

  it("answers a body over 1 MiB with a 413 in the envelope, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x".repeat(1_100_000) });
    const sent = await call(system, "POST", `${FS}/connections`, { body: big });
    expect(sent.status).toBe(413);
    expect(sent.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/FLOW-1102-413", status: 413, title: "Payload too large" });
    const declared = await rawRequest(
      system.url,
      requestText("POST", `${FS}/connections`, { ...(await system.headers()), "content-type": "application/json", "content-length": "5000000" }),
    );
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ type: "https://ns.adobe.com/aep/errors/FLOW-1102-413", status: 413 });
  });

  it("answers headers over the server's limit with a 431 in the envelope", async () => {
    const response = await rawRequest(system.url, requestText("GET", `${FS}/connections`, { ...(await system.headers()), "x-padding": "p".repeat(20_000) }));
    expect(response.status).toBe(431);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["x-request-id"]).toEqual(expect.any(String));
    expect(response.json).toMatchObject({
      type: "https://ns.adobe.com/aep/errors/FLOW-1107-431",
      status: 431,
      report: { "request-id": response.headers["x-request-id"] },
    });
    expect(response.json.errorMessage).toMatch(/16384 bytes/);
  });
});
