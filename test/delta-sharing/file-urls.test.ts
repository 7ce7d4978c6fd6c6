/**
 * Which file URLs a sharing server may make the service fetch. A server reached over https may name
 * only https files, so it cannot point the service at a plain-http host inside its network (a cloud
 * metadata service, an admin page); only a plain-http sharing server (a development one an operator
 * listed by its exact origin) may name plain-http files. A server on a public address may name only
 * files on public addresses: a file host that is, or resolves to, a loopback, private or metadata
 * address is refused before anything is sent, unless the endpoint itself is on such a network.
 *
 * The listeners are real, on loopback. A sharing server on a public address cannot be one here, so a
 * test stands in for DNS with the client's resolver: it answers a public address for the endpoint's
 * name, and whatever a scenario needs for a file's. The service connects to the resolver's answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient, FileDownloadError, SharingApiError } from "../../src/delta-sharing/index.js";
import type { ResolvedAddress, ResolveHost } from "../../src/security/pinned-get.js";
import { RunFailure } from "../../src/aep-conventions/errors/catalogue.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import { SharedTableRead } from "../../src/runs/sharing-read.js";
import { type RecordingListener, redirectTo, startRecordingListener } from "../support/recording-listener.js";

/** a public address (TEST-NET-3) the stand-in DNS answers for a public server's name; nothing is ever sent to it */
const PUBLIC_ADDRESS = "203.0.113.10";
const SIGNATURE = "sig=SECRET-SIGNATURE";

/** DNS as a test tells it: every name's addresses, and every name asked for */
function standInDns(names: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

describe("the file URLs a sharing server names", () => {
  let internal: RecordingListener;
  let port: number;
  beforeAll(async () => {
    internal = await startRecordingListener((req, res) => {
      if (req.url?.startsWith("/moved")) return redirectTo(`${internal.url}/latest/meta-data`)(req, res);
      res.writeHead(200, { "content-type": "text/plain" }).end("metadata of the host");
    });
    port = Number(new URL(internal.url).port);
  });
  afterAll(() => internal?.close());
  const client = (endpoint: string, resolveHost?: ResolveHost) => new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint, bearerToken: "dss-token" }, { ...(resolveHost ? { resolveHost } : {}) });
  const refusal = (download: Promise<unknown>) => download.then(() => undefined, (error: unknown) => error as Error);

  it("are not fetched over plain http when the sharing server is https", async () => {
    const refused = await client("https://sharing.example.com/api/2.0/delta-sharing/metastores/m")
      .download({ url: `${internal.url}/latest/meta-data`, id: "f1" })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(SharingApiError);
    expect(refused.message).toBe(
      `download of file f1: the sharing server's answer cannot be used: the file's URL is http (host ${new URL(internal.url).host}); a sharing server at an https endpoint must name https file URLs, so it was not fetched`,
    );
    expect(internal.requests).toEqual([]);
  });

  it("are fetched over plain http from a plain-http sharing server, without its bearer token", async () => {
    const body = await client(`${internal.url}/delta-sharing`).download({ url: `${internal.url}/file.parquet`, id: "f1" });
    expect(await new Response(body).text()).toBe("metadata of the host");
    expect(internal.requests.filter((r) => r.path === "/file.parquet").map((r) => r.authorization)).toEqual([undefined]);
  });

  describe("from a sharing server on a public address", () => {
    const dns = (files: Record<string, string[]> = {}) => standInDns({ "sharing.example.com": [PUBLIC_ADDRESS], ...files });
    const publicServer = (resolve: ResolveHost) => client("http://sharing.example.com/delta-sharing", resolve);
    const sent = () => internal.requests.filter((r) => r.path.startsWith("/refused"));

    it("refuse a loopback address named in the URL, in any of the forms the URL parser reads as one", async () => {
      for (const host of ["127.0.0.1", "2130706433", "0x7f.0.0.1", "127.1", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0"]) {
        const refused = await refusal(publicServer(dns()).download({ url: `http://${host}:${port}/refused/f.parquet?${SIGNATURE}`, id: "f1" }));
        expect(refused, host).toBeInstanceOf(SharingApiError);
        const shown = new URL(`http://${host}:${port}`).host;
        expect(refused!.message, host).toContain(`download of file f1: the sharing server's answer cannot be used: the file's URL names host ${shown}, `);
        expect(refused!.message, host).not.toContain("resolves to");
        expect(refused!.message).toContain("a sharing server on a public address may name only files on public addresses, so it was not fetched");
        expect(refused!.message).toContain("auth.params.endpoint");
        expect(refused!.message).not.toContain(SIGNATURE);
        expect(refused!.message).not.toContain("/refused/");
      }
      expect(sent()).toEqual([]);
    });

    it("refuse a name that resolves to a loopback address, naming the host and not the signed URL", async () => {
      const refused = await refusal(publicServer(dns({ "files.example.com": ["127.0.0.1"] })).download({ url: `http://files.example.com:${port}/refused/f.parquet?${SIGNATURE}`, id: "f1" }));
      expect(refused).toBeInstanceOf(SharingApiError);
      expect(refused!.message).toBe(
        `download of file f1: the sharing server's answer cannot be used: the file's URL names host files.example.com:${port}, which resolves to a loopback address; ` +
          "a sharing server on a public address may name only files on public addresses, so it was not fetched (the service does not reach its own network for a server elsewhere). " +
          "The data provider's sharing server must name files in storage reachable from the internet; a sharing server inside your own network is used by naming it in auth.params.endpoint by a host on that network",
      );
      expect(sent()).toEqual([]);
    });

    it("refuse a name that resolves to a public address and an internal one: every address is checked", async () => {
      for (const internalAddress of ["10.0.0.7", "::1", "fd00::7", "169.254.169.254"]) {
        const resolve = dns({ "files.example.com": [PUBLIC_ADDRESS, internalAddress] });
        const refused = await refusal(publicServer(resolve).download({ url: `http://files.example.com:${port}/refused/f.parquet`, id: "f1" }));
        expect(refused, internalAddress).toBeInstanceOf(SharingApiError);
        expect(refused!.message).toContain(`host files.example.com:${port}, which resolves to a`);
      }
      expect(sent()).toEqual([]);
    });

    it("refuse a cloud metadata address whatever the sharing endpoint, an in-house one included", async () => {
      for (const endpoint of ["http://sharing.example.com/delta-sharing", `${internal.url}/delta-sharing`]) {
        const refused = await refusal(client(endpoint, dns()).download({ url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/", id: "f1" }));
        expect(refused).toBeInstanceOf(SharingApiError);
        expect(refused!.message).toContain("the file's URL names host 169.254.169.254, a cloud metadata service's address; files are never fetched from a cloud metadata service");
      }
    });
  });

  it("are fetched from the address their name resolved to, asked once: no second lookup between the check and the connection", async () => {
    // the loopback listener plays the storage here, so the endpoint is on loopback too (an in-house server, whose network may be reached)
    const resolve = standInDns({ "storage.example.test": ["127.0.0.1"] });
    const body = await client(`${internal.url}/delta-sharing`, resolve).download({ url: `http://storage.example.test:${port}/pinned.parquet`, id: "f1" });
    expect(await new Response(body).text()).toBe("metadata of the host");
    expect(internal.requests.map((r) => r.path)).toContain("/pinned.parquet");
    expect(resolve.asked).toEqual(["storage.example.test"]);
  });

  it("never reuse a connection opened for an in-house server's files for a public server's", async () => {
    const resolve = standInDns({ "sharing.example.com": [PUBLIC_ADDRESS], "storage.example.test": ["127.0.0.1"] });
    const url = `http://storage.example.test:${port}/kept-alive.parquet`;
    const body = await client(`${internal.url}/delta-sharing`, resolve).download({ url, id: "f1" });
    expect(await new Response(body).text()).toBe("metadata of the host");
    const refused = await refusal(client("http://sharing.example.com/delta-sharing", resolve).download({ url, id: "f1" }));
    expect(refused).toBeInstanceOf(SharingApiError);
    expect(internal.requests.filter((r) => r.path === "/kept-alive.parquet")).toHaveLength(1);
  });

  it("take an endpoint whose name resolves to loopback through the system's DNS as in-house: its loopback files are fetched", async () => {
    const body = await client(`http://localhost:${port}/delta-sharing`).download({ url: `${internal.url}/in-house.parquet`, id: "f1" });
    expect(await new Response(body).text()).toBe("metadata of the host");
  });

  it("do not follow a redirect, so it cannot lead anywhere", async () => {
    const before = internal.requests.filter((r) => r.path === "/latest/meta-data").length;
    const refused = await refusal(client(`${internal.url}/delta-sharing`).download({ url: `${internal.url}/moved?${SIGNATURE}`, id: "f1" }));
    expect(refused).toBeInstanceOf(FileDownloadError);
    expect(refused!.message).toContain(`download of file f1: its URL at ${new URL(internal.url).host} answered HTTP 302; its redirect is not followed (the answer is not quoted`);
    expect(refused!.message).not.toContain(SIGNATURE);
    expect(internal.requests.filter((r) => r.path === "/latest/meta-data").length).toBe(before);
  });
});

describe("a run reading from a sharing server on a public address", () => {
  let sharing: RecordingListener;
  let files: RecordingListener;
  let work: string;
  const SCHEMA = JSON.stringify({ type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] });

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "sharing-file-hosts-"));
    files = await startRecordingListener((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("internal page"));
    sharing = await startRecordingListener((req, res) => {
      if (!req.url?.endsWith("/shares/s/schemas/x/tables/t/query")) return void res.writeHead(404).end();
      const lines = [
        { protocol: { minReaderVersion: 1 } },
        { metaData: { id: "m", format: { provider: "parquet" }, schemaString: SCHEMA, partitionColumns: [], configuration: {} } },
        { file: { url: `${files.url}/internal/f1.parquet?${SIGNATURE}`, id: "f1", partitionValues: {}, size: 100 } },
      ];
      res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "1" }).end(lines.map((l) => JSON.stringify(l)).join("\n"));
    });
  });
  afterAll(async () => {
    await sharing?.close();
    await files?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("fails with CONNECTOR-2011-400, not retried, naming the file's host, when the server names a file on loopback", async () => {
    // the service reaches the endpoint's own calls on loopback (localhost); the file check's DNS answers a public address for it
    const endpoint = `http://localhost:${new URL(sharing.url).port}/delta-sharing`;
    const inputs = {
      connection: { id: "conn-1", domain: endpoint, sharing: { shareCredentialsVersion: 1, endpoint, bearerToken: "dss-token" } },
      source: { tableName: "s.x.t", columns: [] },
      flow: { id: "flow-1" },
    } as unknown as RunInputs;
    const read = new SharedTableRead(inputs, { resolveHost: standInDns({ localhost: [PUBLIC_ADDRESS] }) });
    const failed = await read.rowFiles(1, { kind: "snapshot" }, path.join(work, "run")).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(RunFailure);
    const failure = failed as RunFailure;
    expect(failure.code).toBe("CONNECTOR-2011-400");
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain(`download of file f1: the sharing server's answer cannot be used: the file's URL names host ${new URL(files.url).host}, a loopback address`);
    expect(failure.message).not.toContain(SIGNATURE);
    expect(sharing.requests.map((r) => r.path)).toEqual(["/delta-sharing/shares/s/schemas/x/tables/t/query"]);
    expect(files.requests).toEqual([]);
  });
});
