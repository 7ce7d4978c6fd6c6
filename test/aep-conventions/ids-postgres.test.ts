import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/journey.js";

describe.runIf(DIALECTS.includes("postgres"))("ids no row could have, on PostgreSQL", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ dialect: "postgres" });
  });
  afterAll(() => system.close());

  it.each([
    ["GET", `${FS}/flows/a%00b`],
    ["PATCH", `${FS}/flows/a%00b`],
    ["DELETE", `${FS}/flows/a%00b`],
    ["POST", `${FS}/flows/a%00b/action?op=enable`],
    ["GET", `${FS}/runs/a%00b`],
    ["POST", `${FS}/runs/a%00b/action?op=re-trigger`],
    ["GET", "/data/foundation/catalog/batches/a%00b"],
    ["GET", "/data/foundation/export/batches/a%00b/files"],
  ])("answers %s %s with 4xx, never 5xx", async (method, path) => {
    const reply = await call(system, method, path, method === "PATCH" ? { body: [{ op: "replace", path: "/name", value: "x" }], headers: { "if-match": "*" } } : {});
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  });

  it("answers an on-demand run of a flow id with a NUL byte with 404", async () => {
    const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId: "a\u0000b" } });
    expect(reply.status).toBe(404);
  });
});
