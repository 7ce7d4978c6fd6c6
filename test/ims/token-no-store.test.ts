/** Token answers are never kept by a cache (RFC 6749 §5.1): Cache-Control: no-store and Pragma: no-cache on every token endpoint. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

describe("token answers", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const params = { grant_type: "client_credentials", client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret };
  const requests: Array<[string, () => Promise<Response>]> = [
    ["v3 (form body)", () => fetch(`${system.url}/ims/token/v3`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) })],
    ["v2 (query string)", () => fetch(`${system.url}/ims/token/v2?${new URLSearchParams(params)}`, { method: "POST" })],
  ];
  for (const [what, request] of requests) {
    it(`${what}: a token is answered with Cache-Control: no-store and Pragma: no-cache`, async () => {
      const response = await request();
      expect(response.status).toBe(200);
      expect((await response.json()).access_token).toEqual(expect.any(String));
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("pragma")).toBe("no-cache");
    });
  }

  it("a refusal of the token endpoint is not cached either", async () => {
    const response = await fetch(`${system.url}/ims/token/v3`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...params, client_secret: "not-the-secret" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
