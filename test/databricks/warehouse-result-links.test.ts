/**
 * Where a SQL warehouse's result links (EXTERNAL_LINKS) may make the service connect, judged as a
 * Delta Sharing file URL is: a workspace on a public address may name only links on public
 * addresses; a workspace inside the service's own network (the local workspace on loopback) also
 * links there; no workspace a cloud metadata service. The listeners are real, on loopback. A
 * workspace on a public address cannot be one here, so a test stands in for DNS with the client's
 * resolver: it answers a public address for "localhost" (which the workspace calls still reach
 * through the system's own resolver) and whatever a scenario needs for a link's host.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksWarehouse } from "../../src/databricks/warehouse.js";
import type { ResolvedAddress, ResolveHost } from "../../src/security/pinned-get.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";

/** a public address (TEST-NET-3) the stand-in DNS answers; nothing is ever sent to it */
const PUBLIC_ADDRESS = "203.0.113.10";
const SIGNATURE = "sig=SECRET-SIGNATURE";
const CHUNK = { index: 0, rowOffset: 0, rowCount: 1, byteCount: 5 };

function standInDns(names: Record<string, string[]>): ResolveHost {
  return async (hostname: string): Promise<ResolvedAddress[]> => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

describe("a SQL warehouse's result links", () => {
  let storage: RecordingListener;
  let workspace: RecordingListener;
  /** the link the workspace answers for chunk 0, as a test sets it */
  let link = "";
  beforeAll(async () => {
    storage = await startRecordingListener((req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      // a body with no end in sight: 1 MiB after 1 MiB until the client hangs up
      if (req.url?.startsWith("/endless")) {
        const more = () => !res.destroyed && res.write(Buffer.alloc(1024 * 1024), () => setImmediate(more));
        return more();
      }
      res.end(`arrow:${req.headers["x-ms-test"] ?? ""}`);
    });
    workspace = await startRecordingListener((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "POST") return json({ statement_id: "st1", status: { state: "SUCCEEDED" }, manifest: { format: "ARROW_STREAM", chunks: [{ chunk_index: 0, row_offset: 0, row_count: 1 }] } });
      json({ external_links: [{ chunk_index: 0, external_link: link, http_headers: { "x-ms-test": "header" } }] });
    });
  });
  afterAll(async () => {
    await storage?.close();
    await workspace?.close();
  });

  const storagePort = () => new URL(storage.url).port;
  const sentToStorage = () => storage.requests.filter((r) => r.path.startsWith("/refused"));
  /** the chunk's bytes, or the error its download failed with */
  async function download(domain: string, linkTo: string, resolveHost?: ResolveHost): Promise<Uint8Array | Error> {
    link = linkTo;
    const warehouse = new DatabricksWarehouse(new DatabricksClient({ domain, accessToken: "dapi-token", ...(resolveHost ? { resolveHost } : {}) }), "wh1");
    const result = await warehouse.readExternal("SELECT 1", { timeoutMs: 10_000 });
    return result.download(CHUNK).catch((error: Error) => error);
  }
  const publicWorkspace = (links: Record<string, string[]> = {}) => [`http://localhost:${new URL(workspace.url).port}`, standInDns({ localhost: [PUBLIC_ADDRESS], ...links })] as const;

  it("from a workspace on loopback (the local workspace) are fetched on loopback, with their headers and without the token", async () => {
    const bytes = await download(workspace.url, `${storage.url}/chunk0?${SIGNATURE}`);
    expect(new TextDecoder().decode(bytes as Uint8Array)).toBe("arrow:header");
    expect(storage.requests.filter((r) => r.path.startsWith("/chunk0")).map((r) => r.authorization)).toEqual([undefined]);
  });

  it("from a workspace on a public address are refused at a loopback address, naming the host and its kind, never the signed link", async () => {
    const [domain, dns] = publicWorkspace();
    for (const host of ["127.0.0.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]"]) {
      const refused = await download(domain, `http://${host}:${storagePort()}/refused/chunk0?${SIGNATURE}`, dns);
      expect(refused, host).toBeInstanceOf(Error);
      const shown = new URL(`http://${host}:${storagePort()}`).host;
      expect((refused as Error).message, host).toBe(
        `a result chunk's link names host ${shown}, a loopback address; a workspace on a public address may name only result links on public addresses, so it was not fetched ` +
          "(the service does not reach its own network for a workspace elsewhere)",
      );
    }
    expect(sentToStorage()).toEqual([]);
  });

  it("from a workspace on a public address are refused at a name resolving to a private address", async () => {
    const [domain, dns] = publicWorkspace({ "files.example.com": [PUBLIC_ADDRESS, "10.0.0.7"] });
    const refused = await download(domain, `http://files.example.com:${storagePort()}/refused/chunk0?${SIGNATURE}`, dns);
    expect((refused as Error).message).toContain(`a result chunk's link names host files.example.com:${storagePort()}, which resolves to a private address; `);
    expect((refused as Error).message).not.toContain(SIGNATURE);
    expect(sentToStorage()).toEqual([]);
  });

  it("that are no URL fail without quoting the link, whose signature would reach the log with it", async () => {
    const failed = (await download(workspace.url, `http://[zz/chunk0?${SIGNATURE}`)) as Error;
    expect(failed.message).toBe("a result chunk came with a link that is not a URL; it was not fetched");
    expect(JSON.stringify({ ...failed, message: failed.message, stack: failed.stack })).not.toContain(SIGNATURE);
  });

  it("are read no further than about twice the chunk's stated size", async () => {
    const failed = (await download(workspace.url, `${storage.url}/endless/chunk0?${SIGNATURE}`)) as Error;
    expect(failed).toBeInstanceOf(Error);
    expect(failed.message).toBe(`a result chunk's link (${new URL(storage.url).host}) answered more than ${2 * CHUNK.byteCount + 16 * 1024 * 1024} bytes for a chunk of 5 bytes; the rest was not read`);
  });

  it("are refused at a cloud metadata service's address whatever the workspace, the local one included", async () => {
    for (const [domain, dns] of [[workspace.url, undefined], publicWorkspace()] as const) {
      const refused = await download(domain, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", dns);
      expect((refused as Error).message).toBe(
        "a result chunk's link names host 169.254.169.254, a cloud metadata service's address; result links are never fetched from a cloud metadata service, whatever the workspace, so it was not fetched",
      );
    }
  });
});
