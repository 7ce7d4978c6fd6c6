import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorkspace, startLocalWorkspace } from "../../local/workspace/index.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";

const OAUTH = "OAuth Service Principal Authentication";

function oauthBody(system: TestSystem, params: Record<string, unknown> = {}) {
  return {
    name: "Databricks as a service principal",
    auth: {
      specName: OAUTH,
      params: {
        domain: system.workspace!.url,
        clusterId: system.workspace!.clusterId,
        clientId: system.workspace!.servicePrincipal.clientId,
        clientSecret: system.workspace!.servicePrincipal.clientSecret,
        database: "demo",
        ...params,
      },
    },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
  };
}

async function tokenRequest(url: string, clientId: string, clientSecret: string, form: Record<string, string> = { grant_type: "client_credentials", scope: "all-apis" }) {
  const response = await fetch(`${url}/oidc/v1/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe("connections that sign in as a service principal (OAuth machine-to-machine)", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(() => system.close());

  it("the connection spec offers the token and the service principal, the client secret write-only", async () => {
    const { body } = await call(system, "GET", `${FS}/connectionSpecs/${DATABRICKS_SPEC}`);
    const oauth = body.items[0].authSpec.find((a: { name: string }) => a.name === OAUTH);
    expect(oauth.type).toBe("OAuth2ClientCredential");
    expect(oauth.spec.required).toEqual(["domain", "clientId", "clientSecret", "database"]);
    expect(oauth.spec.oneOf).toEqual([{ required: ["clusterId"] }, { required: ["warehouseId"] }]);
    expect(oauth.spec.properties.clientSecret.format).toBe("password");
    expect(oauth.spec.properties).not.toHaveProperty("accessToken");
  });

  it("creates, explores, previews and tests with a client id and secret; the secret is sealed, never shown or logged", async () => {
    const created = await call(system, "POST", `${FS}/connections`, { body: oauthBody(system) });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;

    const got = await call(system, "GET", `${FS}/connections/${id}`);
    expect(got.body.items[0].auth).toEqual({
      specName: OAUTH,
      params: { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, clientId: system.workspace!.servicePrincipal.clientId, database: "demo" },
    });
    const row = await system.service.store.db.selectFrom("resources").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.document).not.toContain(system.workspace!.servicePrincipal.clientSecret);
    expect(row.secret).toMatch(/^v1\./);

    const root = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`);
    expect(root.status, root.text).toBe(200);
    expect(root.body.map((t: { path: string }) => t.path)).toContain("demo.customers");
    const preview = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=table&object=demo.customers&preview=true`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.data.length).toBeGreaterThan(0);

    const test = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(test.status).toBe(200);
    expect(test.body.checks.find((c: { name: string }) => c.name === "token")).toEqual({
      name: "token",
      passed: true,
      message: `the service principal ${system.workspace!.servicePrincipal.clientId} (its OAuth client id or secret) is accepted`,
    });

    const listed = await call(system, "GET", `${FS}/connections`);
    for (const text of [created.text, got.text, root.text, preview.text, test.text, listed.text, system.logs.join("")]) {
      expect(text).not.toContain(system.workspace!.servicePrincipal.clientSecret);
    }
  });

  it("refuses a wrong client secret at creation, naming the service principal and not the secret", async () => {
    const wrong = "dose-not-the-secret";
    const created = await call(system, "POST", `${FS}/connections`, { body: oauthBody(system, { clientSecret: wrong }) });
    expect(created.status).toBe(400);
    expect(created.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
    expect(created.text).toContain(`refused the service principal ${system.workspace!.servicePrincipal.clientId}`);
    expect(created.text).toContain("HTTP 401 invalid_client");
    expect(created.text).not.toContain(wrong);
  });

  it("refuses token params in a service principal connection, and a PATCH to another workspace without the secret", async () => {
    const mixed = await call(system, "POST", `${FS}/connections`, { body: oauthBody(system, { accessToken: system.workspace!.token }) });
    expect(mixed.status).toBe(400);
    expect(mixed.text).toContain(`It is not a parameter of ${OAUTH}`);

    const created = await call(system, "POST", `${FS}/connections`, { body: oauthBody(system) });
    const moved = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      headers: { "if-match": created.body.etag },
      body: [{ op: "replace", path: "/auth/params/domain", value: "https://adb-1.2.azuredatabricks.net" }],
    });
    expect(moved.status).toBe(400);
    expect(moved.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1304-400");
    expect(moved.text).toContain("auth.params.clientSecret");
  });

  it("switches a token connection to the service principal with one PATCH of /auth", async () => {
    const created = await call(system, "POST", `${FS}/connections`, {
      body: { ...oauthBody(system), auth: { specName: "Access Token Authentication", params: { domain: system.workspace!.url, clusterId: system.workspace!.clusterId, accessToken: system.workspace!.token, database: "demo" } } },
    });
    expect(created.status, created.text).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      headers: { "if-match": created.body.etag },
      body: [{ op: "replace", path: "/auth", value: oauthBody(system).auth }],
    });
    expect(patched.status, patched.text).toBe(200);
    const got = await call(system, "GET", `${FS}/connections/${created.body.id}`);
    expect(got.body.items[0].auth.specName).toBe(OAUTH);
    expect((await call(system, "GET", `${FS}/connections/${created.body.id}/explore?objectType=root`)).status).toBe(200);
  });
});

describe("the local workspace's OAuth token endpoint", () => {
  let dataDir: string;
  let workspace: LocalWorkspace;
  let clock = Date.now();
  const principal = { clientId: "sp-1", clientSecret: "dose-secret-1" };
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-oauth-"));
    workspace = await startLocalWorkspace({
      port: 0,
      token: "dapi-pat",
      servicePrincipal: principal,
      oauthTokenLifetimeSeconds: 60,
      dataDir,
      blobEndpointFor: (h) => `http://127.0.0.1:1/${h}`,
      clusterStartDelayMs: 10,
      now: () => clock,
    });
  });
  afterAll(async () => {
    await workspace.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (token: string) => fetch(`${workspace.url}/api/2.1/clusters/get?cluster_id=${workspace.clusterId}`, { headers: { authorization: `Bearer ${token}` } });

  it("issues Bearer tokens for the service principal that the APIs take until they expire, then refuses them with Databricks' error", async () => {
    const issued = await tokenRequest(workspace.url, principal.clientId, principal.clientSecret);
    expect(issued.status).toBe(200);
    expect(issued.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 60, scope: "all-apis" });
    expect((await get(issued.body.access_token)).status).toBe(200);

    clock += 61_000;
    const expired = await get(issued.body.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ error_code: "UNAUTHENTICATED", message: "Token is expired." });
    // the personal access token keeps working
    expect((await get("dapi-pat")).status).toBe(200);
    const unknown = await get("dose-never-issued");
    expect(await unknown.json()).toEqual({ error_code: "UNAUTHENTICATED", message: "Invalid access token." });
  });

  it("answers OAuth errors for a wrong secret, another grant or an unknown scope", async () => {
    expect(await tokenRequest(workspace.url, principal.clientId, "wrong")).toEqual({ status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } });
    expect((await tokenRequest(workspace.url, "someone-else", principal.clientSecret)).status).toBe(401);
    expect((await tokenRequest(workspace.url, principal.clientId, principal.clientSecret, { grant_type: "password" })).body.error).toBe("unsupported_grant_type");
    expect((await tokenRequest(workspace.url, principal.clientId, principal.clientSecret, { grant_type: "client_credentials", scope: "admin" })).body.error).toBe("invalid_scope");
  });
});
