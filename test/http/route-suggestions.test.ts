import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * A request no route answers is told what it most likely meant (docs/api/conventions.md#error-codes):
 * the methods its path takes, or the route a mistyped segment apart, with its own ids kept.
 */
describe("the answer to a path or method no route has", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("names the methods a path takes when the method is not one of them", async () => {
    const reply = await call(system, "PUT", `${FS}/connections/abc`, { body: {} });
    expect(reply.status).toBe(404);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-404");
    expect(reply.body.errorMessage).toBe(
      `No resource exists at PUT ${FS}/connections/abc. Verify the path and method and try again. ${FS}/connections/abc takes GET, PATCH, DELETE.`,
    );
  });

  it("suggests the route a mistyped segment apart, keeping the request's ids", async () => {
    const cases: Array<[string, string, string]> = [
      ["GET", `${FS}/connection`, `GET ${FS}/connections`],
      ["GET", `${FS}/sourceconnections`, `GET ${FS}/sourceConnections`],
      ["GET", `${FS}/connections/abc/tset`, `GET ${FS}/connections/abc/test`],
      ["POST", "/data/foundation/catalog/datasets", "POST /data/foundation/catalog/dataSets"],
      ["POST", "/ims/tokens/v3", "POST /ims/token/v3"],
    ];
    for (const [method, path, meant] of cases) {
      const reply = await call(system, method, path, method === "POST" ? { body: {} } : {});
      expect(reply.status, path).toBe(404);
      expect(reply.body.errorMessage, path).toBe(`No resource exists at ${method} ${path}. Verify the path and method and try again. Did you mean ${meant}?`);
    }
  });

  it("shows a schema's $id put into a path as it is, URL-encoded", async () => {
    const $id = "https://ns.adobe.com/test/schemas/0123456789abcdef";
    const reply = await call(system, "GET", `/data/foundation/schemaregistry/tenant/schemas/${$id}`);
    expect(reply.status).toBe(404);
    expect(reply.body.errorMessage).toContain(
      `An id that is a URL (a schema's $id) is URL-encoded in a path: did you mean GET /data/foundation/schemaregistry/tenant/schemas/${encodeURIComponent($id)}?`,
    );
  });

  it("suggests nothing when no route is close", async () => {
    const reply = await call(system, "GET", `${FS}/nothing-like-it`);
    expect(reply.body.errorMessage).toBe(`No resource exists at GET ${FS}/nothing-like-it. Verify the path and method and try again.`);
  });
});
