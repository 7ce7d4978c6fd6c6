/**
 * A JSON string may escape half of a surrogate pair alone ("\ud800"); it is not Unicode text and
 * nothing downstream can encode it (encodeURIComponent threw, a 500). Every JSON route refuses it,
 * as a value or a key, with a 400 naming where it sits and never its value; a pair is still text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { secretsOf } from "../../src/databricks/oauth-tokens.js";
import { call, DATABRICKS_SPEC, FS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const LONE = "\ud800";
const SECRET = "s3cret-before-the-surrogate";
const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

describe("request bodies escaping a lone UTF-16 surrogate", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
  }, 60_000);
  afterAll(() => system?.close());

  const oauthBody = (params: Record<string, unknown>) => ({
    name: "Databricks as a service principal",
    auth: {
      specName: "OAuth Service Principal Authentication",
      params: { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, ...system.workspace!.servicePrincipal, database: "demo", ...params },
    },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
  });

  function expectRefused(reply: { status: number; text: string; body: any }, where: string) {
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1101-400");
    expect(reply.body.errorMessage).toContain(`${where} holds an escaped UTF-16 surrogate without its pair`);
    expect(reply.text).not.toContain(SECRET);
  }

  it.each([
    ["clientSecret", { clientSecret: `${SECRET}${LONE}` }],
    ["clientId", { clientId: `sp${LONE}` }],
    ["warehouseId", { clusterId: undefined, warehouseId: LONE }],
  ])("refuses a service principal connection whose %s holds one", async (field, params) => {
    expectRefused(await call(system, "POST", `${FS}/connections`, { body: oauthBody(params) }), `the value at auth.params.${field}`);
  });

  it("refuses a PATCH of the client secret holding one, and the connection keeps working", async () => {
    const created = await call(system, "POST", `${FS}/connections`, { body: oauthBody({}) });
    expect(created.status, created.text).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      body: [{ op: "replace", path: "/auth/params/clientSecret", value: `${SECRET}${LONE}` }],
      headers: { "if-match": created.body.etag },
    });
    expectRefused(patched, "the value at [0].value");
    expect((await call(system, "GET", `${FS}/connections/${created.body.id}`)).body.items[0].etag).toBe(created.body.etag);
  });

  it("refuses a Delta Sharing source whose table name holds one", async () => {
    const sharing = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "Delta Sharing from the provider",
        auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: system.workspace!.sharingEndpoint, bearerToken: DEV_SHARING_TOKEN } },
        connectionSpec: { id: SHARING_SPEC, version: "1.0" },
      },
    });
    expect(sharing.status, sharing.text).toBe(201);
    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "shared", baseConnectionId: sharing.body.id, connectionSpec: { id: SHARING_SPEC, version: "1.0" }, params: { tableName: `demo_share.demo.${LONE}` } },
    });
    expectRefused(source, "the value at params.tableName");
  });

  it("names a key holding one by the object it is in, on another API family", async () => {
    const reply = await call(system, "POST", SCHEMAS, { body: { title: "lone key", type: "object", properties: { [`a${LONE}`]: { type: "string" } } } });
    expectRefused(reply, "a key of properties");
  });

  it("stores an escaped surrogate pair as the character it spells", async () => {
    const reply = await call(system, "POST", SCHEMAS, { body: '{"title":"pair \\ud83d\\ude00","type":"object","properties":{"a":{"type":"string"}}}' });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.title).toBe("pair 😀");
  });

  it("redacts a stored secret holding one without throwing", () => {
    expect(() => secretsOf({ kind: "oauth", clientId: `sp${LONE}`, clientSecret: `s${LONE}` })).not.toThrow();
  });
});
