import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksApiError } from "./errors.js";
import { WorkspaceHttp } from "./http.js";
import { OAuthTokenCache } from "./oauth-tokens.js";

/**
 * A workspace that quotes the credentials it was sent in its error answers, bare (without
 * "Bearer "), in the Basic form and decoded: the error that goes on to a run's errors, the service
 * log and API answers must carry none of them.
 */
describe("a workspace quoting the credentials it refused", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const sent = String(req.headers.authorization ?? "").replace(/^\S+ /, "");
      const decoded = Buffer.from(sent, "base64").toString();
      const message = `you sent ${sent} (${decoded}), ${encodeURIComponent(sent)}`;
      const body = req.url === "/oidc/v1/token" ? { error: `bad_${sent}`, error_description: message } : { error_code: "BAD_REQUEST", message };
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = (http: WorkspaceHttp) => http.get("/api/2.1/clusters/get", { cluster_id: "c" }, "clusters/get").then(() => expect.unreachable(), (e: unknown) => e);

  it("an access token the workspace quotes bare never reaches the error", async () => {
    const token = "Zq7SECRETCANARYxY9token";
    const error = await failure(new WorkspaceHttp({ baseUrl: url, accessToken: token, maxNetworkRetries: 0 }));
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(String((error as Error).message)).toContain("you sent [REDACTED]");
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain("SECRETCANARY");
  });

  it("an OAuth client secret the token endpoint quotes, as sent or decoded, never reaches the error", async () => {
    const http = new WorkspaceHttp({ baseUrl: url, credentials: { kind: "oauth", clientId: "sp", clientSecret: "doseSECRETCANARYoauth" }, tokenCache: new OAuthTokenCache(), maxNetworkRetries: 0 });
    const error = await failure(http);
    expect(error).toBeInstanceOf(DatabricksApiError);
    const shown = JSON.stringify({ message: (error as Error).message, ...(error as object) });
    expect(shown).not.toContain("SECRETCANARY");
    expect(shown).not.toContain(Buffer.from("sp:doseSECRETCANARYoauth").toString("base64"));
  });
});
