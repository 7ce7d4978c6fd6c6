import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { TokenIssuer } from "../../src/ims/tokens.js";

/** the service's token key, so that the test can sign a token that has expired */
const SIGNING_KEY = "gateway-test-signing-key-of-32-bytes-at-least";

describe("gateway checks on /data/**", () => {
  let system: TestSystem;
  let good: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem({ env: { AUTH_TOKEN_SIGNING_KEY: SIGNING_KEY } });
    good = await system.headers();
  });
  afterAll(() => system.close());

  const without = (name: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
  const request = async (headers: Record<string, string>, init: RequestInit = {}, path = DLZ_CREDENTIALS) => {
    const response = await fetch(`${system.url}${path}`, { ...init, headers });
    return { status: response.status, body: await response.json(), requestId: response.headers.get("x-request-id") };
  };

  const NOT_ISSUED = "it is not a token this service's IMS issued, or not all of one: get one with POST /ims/token/v3";
  // issued two days ago for a day
  const issuedAt = Date.now() - 2 * 86_400_000;
  const EXPIRED = {
    token: new TokenIssuer(Buffer.from(SIGNING_KEY), 86_400, () => issuedAt).issue(TEST_CLIENT.clientId, TEST_CLIENT.orgId, "openid").token,
    at: new Date(Math.floor(issuedAt / 1000) * 1000 + 86_400_000).toISOString(),
  };
  const NOT_BEARER = "the Authorization header must be `Bearer <token>` (the word Bearer, a space, then the access token), and this one is not";
  // docs/api/conventions.md#gateway-checks, one row each, in the gateway's order of checks.
  const rows: Array<[string, () => Record<string, string>, number, string, string]> = [
    ["no Authorization", () => without("authorization"), 403, "403010", "Oauth token is missing."],
    ["a token not signed by us", () => ({ ...good, authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x" }), 401, "401013", `Oauth token is not valid: ${NOT_ISSUED}`],
    ["a token signed by us that has expired", () => ({ ...good, authorization: `Bearer ${EXPIRED.token}` }), 401, "401013", `Oauth token is not valid: it expired at ${EXPIRED.at}: get a new one with POST /ims/token/v3`],
    ["a scheme other than Bearer", () => ({ ...good, authorization: good.authorization.replace("Bearer", "Basic") }), 401, "401013", `Oauth token is not valid: ${NOT_BEARER}`],
    ["the token without the Bearer prefix", () => ({ ...good, authorization: good.authorization.replace("Bearer ", "") }), 401, "401013", `Oauth token is not valid: ${NOT_BEARER}`],
    ["no x-api-key", () => without("x-api-key"), 403, "403000", "Api Key is required: send the client id in the x-api-key header"],
    ["an x-api-key of another client", () => ({ ...good, "x-api-key": "someone-else" }), 403, "403003", "Api Key is invalid: send in the x-api-key header the client id the access token was issued to (the client_id its token request sent), not another client's"],
    ["no x-gw-ims-org-id", () => without("x-gw-ims-org-id"), 400, "400003", "Missing header: x-gw-ims-org-id"],
    ["an org the token is not entitled to", () => ({ ...good, "x-gw-ims-org-id": "OTHER@AdobeOrg" }), 403, "403025", "Profile is not valid: the x-gw-ims-org-id header names an org the token was not issued for"],
  ];

  it.each(rows)("answers %s with the documented status and flat body", async (_name, headers, status, code, message) => {
    const { status: got, body } = await request(headers());
    expect(got).toBe(status);
    expect(body.error_code).toBe(code);
    expect(body.message).toBe(message);
    // and the AEP envelope fields aepp looks for
    expect(body.status).toBe(status);
    expect(body.report["request-id"]).toEqual(expect.any(String));
    expect(body.errorMessage).toBe(message);
  });

  it("accepts the bearer scheme in any case (aepp sends 'bearer')", async () => {
    expect((await request({ ...good, authorization: good.authorization.replace("Bearer", "bEaReR") })).status).toBe(200);
  });

  it("needs x-sandbox-name, naming an existing sandbox", async () => {
    const missing = await request(without("x-sandbox-name"));
    expect(missing.status).toBe(400);
    expect(missing.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-2105-400");
    const unknown = await request({ ...good, "x-sandbox-name": "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-2100-404");
    expect(unknown.body.title).toBe("Resource not found");
    const upper = await request({ ...good, "x-sandbox-name": "Prod" });
    expect(upper.status).toBe(404);
    expect(upper.body.errorMessage).toBe("The sandbox Prod is not found. Verify the sandbox name and try again. The sandboxes are prod, dev (names are lower-case).");
  });

  it("needs a JSON Content-Type on a body, but not on a bodiless POST", async () => {
    const refresh = `${DLZ_CREDENTIALS}&action=refresh`;
    const noType = await request(without("content-type"), { method: "POST", body: "{}" }, refresh);
    // fetch adds text/plain to a string body
    expect(noType.status).toBe(400);
    // Adobe's body, whose message goes on to say what to send and what was sent
    const fix = 'A valid content-type must be specified: send the body as JSON with Content-Type: application/json (this request\'s was "text/plain;charset=UTF-8")';
    expect(noType.body).toMatchObject({ type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail: fix, errorMessage: fix });
    const form = await request({ ...good, "content-type": "application/x-www-form-urlencoded" }, { method: "POST", body: "name=x" }, refresh);
    expect(form.body.detail).toContain(`(this request's was "application/x-www-form-urlencoded")`);
    const bodiless = await request(good, { method: "POST" }, refresh);
    expect(bodiless.status).toBe(200);
    const json = await request({ ...good, "content-type": "application/json" }, { method: "POST", body: "{}" }, refresh);
    expect(json.status).toBe(200);
  });

  it("answers malformed JSON with a 400 in the AEP envelope", async () => {
    const { status, body } = await request(
      { ...good, "content-type": "application/json" },
      { method: "POST", body: '{"name": ' },
      `${DLZ_CREDENTIALS}&action=refresh`,
    );
    expect(status).toBe(400);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
    expect(body.errorMessage).toMatch(/not valid JSON/);
  });

  it("answers unknown routes with a 404 in the AEP envelope, authenticated or not", async () => {
    const known = await request(good, {}, "/data/foundation/flowservice/nothing-here");
    expect(known.status).toBe(404);
    expect(known.body).toMatchObject({ status: 404, title: "Resource not found" });
    expect(known.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-404");
    const outside = await fetch(`${system.url}/no/such/path`);
    expect(outside.status).toBe(404);
    expect((await outside.json()).type).toBe("https://ns.adobe.com/aep/errors/FLOW-1100-404");
  });

  it("puts a request id on every response, the caller's own when it sends one", async () => {
    const own = await request({ ...good, "x-request-id": "my-trace-42" });
    expect(own.requestId).toBe("my-trace-42");
    const failed = await request(without("authorization"));
    expect(failed.requestId).toBe(failed.body.report["request-id"]);
    const health = await fetch(`${system.url}/health`);
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("scopes what is stored to the sandbox: two sandboxes never share a container", async () => {
    const prod = await request(good);
    const dev = await request({ ...good, "x-sandbox-name": "dev" });
    expect(prod.body.containerName).not.toBe(dev.body.containerName);
    expect(prod.body.SASToken).not.toBe(dev.body.SASToken);
  });

  it("knows the configured sandboxes through the sandbox management API", async () => {
    const { status, body } = await request(good, {}, "/data/foundation/sandbox-management/sandboxes/dev");
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: "dev", state: "active", id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
