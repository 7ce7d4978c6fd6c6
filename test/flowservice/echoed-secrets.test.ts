/**
 * A workspace (or a sharing server) whose error quotes the request it refused: the connection's own
 * secret (the access token, the client secret, its HTTP Basic form, the sharing bearer token) is in
 * neither the answer nor the log, whichever call met the error (docs/security.md).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, FS, waitForCluster } from "../support/aep-calls.js";

const DATABRICKS_SPEC = "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b";
const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";

/**
 * A workspace on loopback that forwards to the local one, or (echoing) answers every call with the
 * error of a workspace that repeats what it was sent: the Authorization header, its credential
 * alone, and a Basic credential decoded.
 */
class EchoingWorkspace {
  echoing: false | number = false;
  upstream = "";
  private readonly server: Server = createServer((request, response) => void this.answer(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const authorization = request.headers.authorization ?? "";
    if (this.echoing) {
      const credential = authorization.replace(/^\S+\s+/, "");
      const decoded = authorization.startsWith("Basic ") ? Buffer.from(credential, "base64").toString() : "";
      const message = `you sent ${authorization}; the credential ${credential} is not valid here${decoded ? ` (client ${decoded})` : ""}`;
      response.writeHead(this.echoing, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message }));
      return;
    }
    const forwarded = await fetch(this.upstream + request.url, {
      method: request.method,
      headers: { authorization, ...(request.headers["content-type"] ? { "content-type": request.headers["content-type"] } : {}) },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    response.writeHead(forwarded.status, { "content-type": forwarded.headers.get("content-type") ?? "application/json" }).end(Buffer.from(await forwarded.arrayBuffer()));
  }
}

describe("a workspace error that quotes the connection's secret", () => {
  let system: TestSystem;
  const workspace = new EchoingWorkspace();
  let url: string;
  beforeAll(async () => {
    url = await workspace.start();
    system = await startTestSystem({ workspace: true, env: { DATABRICKS_ALLOWED_HOSTS: url } });
    workspace.upstream = system.workspace!.url;
    await waitForCluster(system, "RUNNING");
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await workspace.close();
  });

  function expectHidden(reply: { text: string }, secrets: string[]) {
    const logs = system.logs.join("");
    for (const secret of secrets) {
      expect(reply.text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(reply.text).toContain("[REDACTED]");
  }

  it("creating a connection with an access token: the token is removed from the 400 and the log", async () => {
    workspace.echoing = 400;
    const token = "SeCrEtTok-4f1e9a77c0d2";
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: url, accessToken: token }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("the credential [REDACTED] is not valid here");
    expectHidden(reply, [token]);
  });

  it("creating a connection as a service principal: the client secret and its Basic form are removed", async () => {
    workspace.echoing = 400;
    const clientSecret = "SpSeCrEt/01+abc=xyz";
    const basic = Buffer.from(`echo-principal:${encodeURIComponent(clientSecret)}`).toString("base64");
    const reply = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "as a service principal",
        auth: { specName: "OAuth Service Principal Authentication", params: { domain: url, clusterId: system.workspace!.clusterId, clientId: "echo-principal", clientSecret, database: "demo" } },
        connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      },
    });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("oidc/v1/token");
    expectHidden(reply, [clientSecret, encodeURIComponent(clientSecret), basic]);
  });

  it("creating a Delta Sharing connection: the bearer token is removed", async () => {
    workspace.echoing = 400;
    const bearerToken = "ShArInGtOk-77aa0c1e";
    const reply = await call(system, "POST", `${FS}/connections`, {
      body: { name: "Delta Sharing", auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: `${url}/api/2.0/delta-sharing/metastores/m1`, bearerToken } }, connectionSpec: { id: SHARING_SPEC, version: "1.0" } },
    });
    expect(reply.status, reply.text).toBe(400);
    expectHidden(reply, [bearerToken]);
  });

  it("testing and exploring a stored connection: the checks and the errors hold no token", async () => {
    workspace.echoing = false;
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: url }) });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const token = system.workspace!.token;

    workspace.echoing = 400;
    const tested = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(tested.status, tested.text).toBe(200);
    expect(tested.body.result).toBe(false);
    expectHidden(tested, [token]);
    const explored = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`);
    expect(explored.status, explored.text).toBe(400);
    expectHidden(explored, [token]);

    // a workspace failing on its side is quoted in the workspace check
    workspace.echoing = 500;
    const failing = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(failing.body.checks[0]).toMatchObject({ name: "workspace", passed: false });
    expectHidden(failing, [token]);
  });
});
