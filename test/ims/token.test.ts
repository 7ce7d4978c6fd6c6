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

  it("says where the parameters it did not read went: a body of another type, v3's query string, a Basic header", async () => {
    const text = await fetch(`${system.url}/ims/token/v3`, { method: "POST", headers: { "content-type": "text/plain" }, body: new URLSearchParams(valid).toString() });
    expect(text.status).toBe(400);
    const textBody = await text.json();
    expect(textBody.error).toBe("invalid_request");
    expect(textBody.error_description).toBe(
      'missing grant_type parameter: the body was not read, its Content-Type is "text/plain"; send grant_type, client_id and client_secret in a form body (Content-Type: application/x-www-form-urlencoded) or a JSON object',
    );
    const query = await fetch(`${system.url}/ims/token/v3?${new URLSearchParams(valid)}`, { method: "POST" });
    expect(query.status).toBe(400);
    expect((await query.json()).error_description).toContain("POST /ims/token/v3 reads its parameters from the body, not the query string");
    const basic = await fetch(`${system.url}/ims/token/v3`, {
      ...form({ grant_type: "client_credentials" }),
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${TEST_CLIENT.clientId}:${TEST_CLIENT.clientSecret}`).toString("base64")}` },
    });
    const basicBody = await basic.json();
    expect(basicBody.error_description).toContain("missing client_id parameter: an Authorization: Basic header is not read");
    expect(JSON.stringify(basicBody)).not.toContain(TEST_CLIENT.clientSecret);
    // a request that simply left a parameter out is told only that
    expect((await (await fetch(`${system.url}/ims/token/v3`, form({ client_id: "x", client_secret: "y" }))).json()).error_description).toBe("missing grant_type parameter");
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
