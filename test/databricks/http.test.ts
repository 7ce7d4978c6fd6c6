import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksApiError, DatabricksRedirectError, DatabricksUnreachableError } from "../../src/databricks/errors.js";

/**
 * The client's retry and failure rules against a scripted HTTP server: conditions a real
 * workspace produces (429 with Retry-After, 503, slow answers, a self-signed certificate) but the
 * local workspace never does.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];

async function serve(handler: Handler, server: Server = createServer(), scheme = "http"): Promise<string> {
  server.on("request", handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return `${scheme}://127.0.0.1:${port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const CLUSTER = JSON.stringify({ cluster_id: "c1", state: "RUNNING" });

describe("the workspace HTTP client", () => {
  it("retries 429 and 503, honouring Retry-After, and sends the bearer token", async () => {
    const seen: Array<{ auth?: string; at: number }> = [];
    const replies = [
      [429, { "retry-after": "1" }],
      [503, {}],
      [200, {}],
    ] as const;
    const url = await serve((req, res) => {
      seen.push({ auth: req.headers.authorization, at: Date.now() });
      const [status, headers] = replies[seen.length - 1];
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(status === 200 ? CLUSTER : JSON.stringify({ error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" }));
    });
    const client = new DatabricksClient({ domain: url, accessToken: "dapi-secret", retryBaseDelayMs: 10 });
    const info = await client.getCluster("c1");
    expect(info.state).toBe("RUNNING");
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.auth === "Bearer dapi-secret")).toBe(true);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950); // Retry-After: 1 second
  });

  it("gives up after the retries with a typed error carrying Databricks' error_code, never the token", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" }));
    });
    const client = new DatabricksClient({ domain: url, accessToken: "dapi-secret", maxRetries: 2, retryBaseDelayMs: 5 });
    const error = await client.getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ status: 503, errorCode: "TEMPORARILY_UNAVAILABLE", detail: "busy" });
    expect(String(error.message)).not.toContain("dapi-secret");
    expect(calls).toBe(3);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message: "Cluster c1 does not exist" }));
    });
    await expect(new DatabricksClient({ domain: url, accessToken: "t" }).getCluster("c1")).rejects.toMatchObject({ status: 400, errorCode: "INVALID_PARAMETER_VALUE" });
    expect(calls).toBe(1);
  });

  it.each([301, 302, 307, 308])("follows no redirect: %s is an error naming the status and the Location's host, the target never called", async (status) => {
    let targetCalls = 0;
    const target = await serve((_req, res) => {
      targetCalls++;
      res.writeHead(200, { "content-type": "application/json" }).end(CLUSTER);
    });
    const url = await serve((_req, res) => res.writeHead(status, { location: `${target}/api/2.1/clusters/get?cluster_id=c1` }).end("<html>moved</html>"));
    const error = await new DatabricksClient({ domain: url, accessToken: "dapi-secret" }).getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksRedirectError);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(new URL(target).host);
    expect(error.message).not.toContain("moved");
    expect(targetCalls).toBe(0);
  });

  it("quotes Databricks' own error body, never another one: an HTML page is reported by its status only", async () => {
    const url = await serve((_req, res) => res.writeHead(500, { "content-type": "text/html" }).end("<html><body><h1>Internal proxy error</h1></body></html>"));
    const error = await new DatabricksClient({ domain: url, accessToken: "t" }).getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error.status).toBe(500);
    expect(error.message).toContain("HTTP 500");
    expect(error.message).not.toMatch(/<html|proxy error/i);
  });

  it("bounds every request with a timeout", async () => {
    const url = await serve(() => undefined); // never answers
    const started = Date.now();
    const error = await new DatabricksClient({ domain: url, accessToken: "t", requestTimeoutMs: 100, maxNetworkRetries: 0 }).getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksUnreachableError);
    expect(error.message).toContain("no answer within 100 ms");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("says how often a GET that got no answer was sent, where it named one timeout for a wait of three", async () => {
    let requests = 0;
    const url = await serve(() => void requests++); // never answers
    const client = new DatabricksClient({ domain: url, accessToken: "t", requestTimeoutMs: 100, maxNetworkRetries: 2, retryBaseDelayMs: 1 });
    const error = await client.getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksUnreachableError);
    expect(requests).toBe(3);
    expect(error.message).toContain("did not answer: no answer within 100 ms, on the last of 3 tries.");
  });

  it("says a workspace on a port fetch refuses to call is unreachable for that reason, not that it is down", async () => {
    const error = await new DatabricksClient({ domain: "http://127.0.0.1:6000", accessToken: "t", maxNetworkRetries: 0 }).getCluster("c1").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksUnreachableError);
    expect(error.message).toContain("its port is one Node's fetch refuses to call");
  });

  it("verifies TLS: a self-signed certificate is refused", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ds-tls-"));
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
      const server = createTlsServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) });
      const url = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(CLUSTER), server, "https");
      expect(url.startsWith("https://")).toBe(true);
      const error = await new DatabricksClient({ domain: url, accessToken: "t", maxNetworkRetries: 0 }).getCluster("c1").catch((e) => e);
      expect(error).toBeInstanceOf(DatabricksUnreachableError);
      expect(error.message).toMatch(/SELF_SIGNED|certificate/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
