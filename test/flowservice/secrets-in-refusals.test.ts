/**
 * A connection's secret that is refused (not a string, or holding a control character that no
 * HTTP header can carry) is named by its property and the reason, never quoted: neither the
 * answer nor the log line holds it (docs/security.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, createConnection, FS } from "../support/aep-calls.js";

const DATABRICKS_SPEC = "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b";
const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";
const MARK = "SECRET-aa11";

describe("a refused secret is never quoted", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
  }, 60_000);
  afterAll(() => system?.close());

  const oauthBody = (clientSecret: unknown) => ({
    name: "as a service principal",
    auth: {
      specName: "OAuth Service Principal Authentication",
      params: { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, clientId: system.workspace!.servicePrincipal.clientId, clientSecret, database: "demo" },
    },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
  });
  const sharingBody = (bearerToken: unknown) => ({
    name: "Delta Sharing",
    auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken } },
    connectionSpec: { id: SHARING_SPEC, version: "1.0" },
  });

  async function expectRefusedUnquoted(reply: { status: number; text: string; body: any }, property: string, reason: string) {
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain(`property=${property}`);
    expect(reply.body.errorMessage).toContain(reason);
    expect(reply.text).not.toContain(MARK);
    expect(system.logs.join("")).not.toContain(MARK);
  }

  const notStrings: Array<[string, unknown]> = [
    ["an array", [`dapi-${MARK}`]],
    ["an object", { k: `dapi-${MARK}` }],
  ];
  for (const [what, value] of notStrings) {
    it(`an access token that is ${what}`, async () => {
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { accessToken: value }) });
      await expectRefusedUnquoted(reply, "auth.params.accessToken", "It must be a string");
    });
  }

  it("an access token that is a number", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { accessToken: 987_650_011 }) });
    await expectRefusedUnquoted(reply, "auth.params.accessToken", "It must be a string");
    expect(reply.text).not.toContain("987650011");
  });

  it("a client secret that is an object", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: oauthBody({ a: `WRONG${MARK}` }) });
    await expectRefusedUnquoted(reply, "auth.params.clientSecret", "It must be a string");
  });

  it("a bearer token that is an object", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: sharingBody({ a: MARK }) });
    await expectRefusedUnquoted(reply, "auth.params.bearerToken", "must be a non-empty string");
  });

  it("a JSON Patch that replaces the access token with an array", async () => {
    const id = await createConnection(system);
    const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
    const reply = await call(system, "PATCH", `${FS}/connections/${id}`, {
      body: [{ op: "replace", path: "/auth/params/accessToken", value: [`dapi-PATCH${MARK}`] }],
      headers: { "if-match": etag },
    });
    await expectRefusedUnquoted(reply, "auth.params.accessToken", "It must be a string");
  });

  it("an access token with a control character is refused before any header is built", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { accessToken: `dapi-\u0000${MARK}` }) });
    await expectRefusedUnquoted(reply, "auth.params.accessToken", "control character");
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
  });

  it("a client secret with a control character", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: oauthBody(`x\u0007${MARK}`) });
    await expectRefusedUnquoted(reply, "auth.params.clientSecret", "control character");
  });

  it("a bearer token with a control character", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: sharingBody(`${DEV_SHARING_TOKEN}\u0001${MARK}`) });
    await expectRefusedUnquoted(reply, "auth.params.bearerToken", "control character");
  });
});
