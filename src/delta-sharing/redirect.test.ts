import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient } from "./client.js";
import { SharingApiError } from "./errors.js";

/**
 * A sharing server that answers with a redirect: the bearer token must not follow it to another
 * host, and the error names the Location's host (never its query, which may carry a signature)
 * and what to fix, where fetch's own refusal said only "fetch failed".
 */
describe("a sharing server answering with a redirect", () => {
  let server: Server;
  let elsewhere: Server;
  const reached: string[] = [];
  let endpoint = "";
  let elsewhereHost = "";
  const listen = async (s: Server) => {
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      reached.push(`${req.url} ${req.headers.authorization ?? ""}`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [{ name: "stolen" }] }));
    });
    elsewhereHost = await listen(elsewhere);
    server = createServer((req, res) => {
      const location = req.url?.startsWith("/relative/") ? "/moved/shares" : `http://${elsewhereHost}/delta-sharing/shares?sig=SIGCANARY`;
      res.writeHead(req.url?.startsWith("/permanent/") ? 308 : 302, { location }).end();
    });
    endpoint = `http://${await listen(server)}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  });

  const refusal = (path: string) =>
    new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: `${endpoint}${path}`, bearerToken: "Qw3SECRETCANARYsharing" }).listShares().then(
      () => expect.unreachable(),
      (e: unknown) => e as SharingApiError,
    );

  it("is refused naming the status and the Location's host, the token never sent there", async () => {
    const error = await refusal("/delta-sharing");
    expect(error).toBeInstanceOf(SharingApiError);
    expect(error.status).toBe(302);
    expect(error.message).toBe(
      `list shares: the sharing server answered HTTP 302: a redirect to ${elsewhereHost}; redirects are not followed, so the bearer token was not sent there. ` +
        "The sharing endpoint must answer directly: give the server's final URL as the profile's endpoint (auth.params.endpoint)",
    );
    expect(error.message).not.toContain("SIGCANARY");
    expect(reached).toEqual([]);
  });

  it("names the endpoint's own host for a relative Location, and refuses a permanent redirect alike", async () => {
    expect((await refusal("/relative/delta-sharing")).message).toContain(`a redirect to ${new URL(endpoint).host}; redirects are not followed`);
    const permanent = await refusal("/permanent/delta-sharing");
    expect(permanent.status).toBe(308);
    expect(permanent.message).toContain(`HTTP 308: a redirect to ${elsewhereHost}`);
    expect(reached).toEqual([]);
  });
});
