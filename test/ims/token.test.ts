import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";

describe("local IMS", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const form = (params: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const valid = { grant_type: "client_credentials", client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, scope: "openid,AdobeID" };

  it("issues a bearer token on /ims/token/v3 that the gateway accepts", async () => {
    const response = await fetch(`${system.url}/ims/token/v3`, form(valid));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 86399 });
    const use = await fetch(`${system.url}${DLZ_CREDENTIALS}`, {
      headers: { ...(await system.headers()), authorization: `Bearer ${body.access_token}` },
    });
    expect(use.status).toBe(200);
  });

  it("takes the parameters in the query string on /ims/token/v2 (the Postman form)", async () => {
    const response = await fetch(`${system.url}/ims/token/v2?${new URLSearchParams(valid)}`, { method: "POST" });
    expect(response.status).toBe(200);
    expect((await response.json()).expires_in).toBe(86399);
  });

  it("answers a wrong secret with 401 and an IMS error body", async () => {
    const response = await fetch(`${system.url}/ims/token/v3`, form({ ...valid, client_secret: "wrong" }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client", error_description: expect.any(String) });
  });

  it("answers an unknown grant type and missing parameters with 400", async () => {
    const grant = await fetch(`${system.url}/ims/token/v3`, form({ ...valid, grant_type: "password" }));
    expect(grant.status).toBe(400);
    expect((await grant.json()).error).toBe("unsupported_grant_type");
    const missing = await fetch(`${system.url}/ims/token/v3`, form({ grant_type: "client_credentials" }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toBe("invalid_request");
  });
});
