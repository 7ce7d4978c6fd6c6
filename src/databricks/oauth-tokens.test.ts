import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DatabricksApiError, DatabricksRedirectError } from "./errors.js";
import { WorkspaceHttp } from "./http.js";
import { OAuthTokenCache } from "./oauth-tokens.js";

/** A workspace on loopback: its token endpoint counts requests; its API accepts only tokens it calls good. */
interface FakeWorkspace {
  url: string;
  tokenRequests: Array<{ authorization?: string; body: string }>;
  good: Set<string>;
  lifetimeSeconds: number;
  redirectTokens: boolean;
}

describe("OAuth workspace tokens", () => {
  let server: Server;
  let ws: FakeWorkspace;
  let counter = 0;
  beforeAll(async () => {
    ws = { url: "", tokenRequests: [], good: new Set(), lifetimeSeconds: 3600, redirectTokens: false };
    server = createServer(async (req, res) => {
      const body = await read(req);
      if (req.url === "/oidc/v1/token") {
        ws.tokenRequests.push({ authorization: req.headers.authorization, body });
        if (ws.redirectTokens) return res.writeHead(302, { location: "https://elsewhere.example/token" }).end();
        const [id, secret] = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ""), "base64").toString().split(":");
        if (id !== "sp" || secret !== "s3cret") return res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_client", error_description: "Client authentication failed" }));
        const token = `tok-${++counter}`;
        ws.good.add(token);
        return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: ws.lifetimeSeconds }));
      }
      const token = String(req.headers.authorization).replace(/^Bearer /, "");
      if (!ws.good.has(token)) return res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "UNAUTHENTICATED", message: "Token is expired." }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ws.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    ws.tokenRequests = [];
    ws.good.clear();
    ws.lifetimeSeconds = 3600;
    ws.redirectTokens = false;
  });

  const http = (cache: OAuthTokenCache, clientSecret = "s3cret") =>
    new WorkspaceHttp({ baseUrl: ws.url, credentials: { kind: "oauth", clientId: "sp", clientSecret }, tokenCache: cache, maxNetworkRetries: 0 });
  const call = (h: WorkspaceHttp) => h.get<{ token: string }>("/api/2.1/clusters/get", {}, "clusters/get");

  it("asks the token endpoint once with client_credentials, scope all-apis and Basic auth, and reuses the token", async () => {
    const cache = new OAuthTokenCache();
    const [a, b] = await Promise.all([call(http(cache)), call(http(cache))]);
    await call(http(cache));
    expect(ws.tokenRequests).toHaveLength(1);
    expect(ws.tokenRequests[0]).toEqual({ authorization: `Basic ${Buffer.from("sp:s3cret").toString("base64")}`, body: "grant_type=client_credentials&scope=all-apis" });
    expect(a.token).toBe(b.token);
  });

  it("renews a token ahead of its expiry", async () => {
    let now = 1_000_000;
    const cache = new OAuthTokenCache({ now: () => now });
    const first = await call(http(cache));
    now += 3600_000 - 5 * 60_000 - 1; // just before the renewal point
    expect((await call(http(cache))).token).toBe(first.token);
    now += 2;
    expect((await call(http(cache))).token).not.toBe(first.token);
    expect(ws.tokenRequests).toHaveLength(2);
  });

  it("renews once when the workspace refuses a token it gave, and fails on a second refusal", async () => {
    const cache = new OAuthTokenCache();
    const first = await call(http(cache));
    ws.good.delete(first.token); // expired or revoked early on the workspace's side
    const second = await call(http(cache));
    expect(second.token).not.toBe(first.token);
    expect(ws.tokenRequests).toHaveLength(2);

    const always = new OAuthTokenCache();
    ws.good.clear();
    const original = ws.good.add.bind(ws.good);
    ws.good.add = () => ws.good; // issues tokens it will never take
    try {
      const error = await call(http(always)).catch((e) => e);
      expect(error).toBeInstanceOf(DatabricksApiError);
      expect(error.status).toBe(401);
    } finally {
      ws.good.add = original;
    }
  });

  it("keeps a connection with another secret apart: a wrong secret never rides on a good one's token", async () => {
    const cache = new OAuthTokenCache();
    await call(http(cache));
    const error = await call(http(cache, "wrong")).catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ status: 401, errorCode: "invalid_client", operation: "oidc/v1/token" });
    expect(error.message).not.toContain("wrong");
  });

  it("follows no redirect of the token endpoint (the secret would go along)", async () => {
    ws.redirectTokens = true;
    const error = await call(http(new OAuthTokenCache())).catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksRedirectError);
    expect(ws.tokenRequests).toHaveLength(1);
  });

  it("leaves a personal access token as it is: a refusal is final", async () => {
    const h = new WorkspaceHttp({ baseUrl: ws.url, accessToken: "dapi-x", maxNetworkRetries: 0 });
    const error = await call(h).catch((e) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(ws.tokenRequests).toHaveLength(0);
  });
});

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text));
  });
}
