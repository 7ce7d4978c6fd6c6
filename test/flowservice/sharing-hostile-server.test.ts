/**
 * What a Delta Sharing server on the allow-list can and cannot make the service do
 * (docs/security.md, "Where tokens and payloads go"): its HTML error pages and the answers of the
 * file URLs it names are never quoted into an API answer or a log line; a listing that never ends is
 * cut off with a 400 naming the server; a data file that is not Parquet is a 400 saying so, not a 500;
 * a server on a public address cannot make the service fetch a file on its own network.
 * The server is a real HTTP listener on loopback, each scenario under its own endpoint path.
 */
import dns from "node:dns/promises";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";
const TOKEN = "dss-hostile-test-token";
/** what an internal admin page holds: it must never reach an answer or a log */
const INTERNAL_PAGE = "<html><body>internal admin: db password hunter2</body></html>";
const SCHEMA = JSON.stringify({ type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] });
const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");

describe("a hostile Delta Sharing server", () => {
  let system: TestSystem;
  let sharing: RecordingListener;
  let internal: RecordingListener;
  let parquet: Buffer;
  let pageCalls = 0;
  const endpoint = (scenario: string) => `${sharing.url}/${scenario}/delta-sharing`;
  /** the same server by the name localhost, which the service's file check may be told is public */
  const namedEndpoint = (scenario: string) => `http://localhost:${new URL(sharing.url).port}/${scenario}/delta-sharing`;
  const create = (scenario: string, at = endpoint(scenario)) =>
    call(system, "POST", `${FS}/connections`, {
      body: {
        name: `sharing ${scenario}`,
        auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: at, bearerToken: TOKEN } },
        connectionSpec: { id: SHARING_SPEC, version: "1.0" },
      },
    });
  const preview = async (scenario: string, at?: string) => {
    const created = await create(scenario, at);
    expect(created.status, created.text).toBe(201);
    return call(system, "GET", `${FS}/connections/${created.body.id}/explore?objectType=table&object=s.x.t&preview=true`);
  };
  const logged = () => system.logs.join("");

  beforeAll(async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "hostile-sharing-"));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(`COPY (SELECT 7::BIGINT AS id) TO '${path.join(work, "f.parquet")}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    parquet = readFileSync(path.join(work, "f.parquet"));
    rmSync(work, { recursive: true, force: true });

    internal = await startRecordingListener((req, res) => {
      if (req.url === "/not-parquet") return void res.writeHead(200, { "content-type": "text/html" }).end(INTERNAL_PAGE);
      if (req.url === "/good.parquet") return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(parquet);
      res.writeHead(500, { "content-type": "text/html" }).end(INTERNAL_PAGE);
    });
    sharing = await startRecordingListener((req, res) => {
      const [, scenario, , ...rest] = (req.url ?? "").split("?")[0].split("/");
      const route = rest.join("/");
      const ndjson = (lines: object[]) => res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "1" }).end(lines.map((l) => JSON.stringify(l)).join("\n"));
      const table = [{ protocol: { minReaderVersion: 1 } }, { metaData: { id: "m", format: { provider: "parquet" }, schemaString: SCHEMA, partitionColumns: [], configuration: {} } }];
      const file = (url: string) => ({ file: { url, id: "f1", partitionValues: {}, size: 100, stats: JSON.stringify({ numRecords: 1 }) } });
      if (scenario === "html-error") {
        // a page that echoes the request, bearer token included
        return void res.writeHead(500, { "content-type": "text/html" }).end(`<html><body>Internal error for ${req.headers.authorization}</body></html>`);
      }
      if (scenario === "protocol-error") return void res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: "INVALID_PARAMETER_VALUE", message: "the share does not exist" }));
      if (route === "shares") {
        pageCalls++;
        if (scenario === "same-token") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [{ name: "s" }], nextPageToken: "again" }));
        if (scenario === "endless") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [], nextPageToken: `page-${pageCalls}` }));
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [{ name: "s" }] }));
      }
      if (route === "shares/s/schemas/x/tables/t/metadata") return void ndjson(table);
      if (route === "shares/s/schemas/x/tables/t/query") {
        const target = { "internal-file": "/internal-admin", "not-parquet": "/not-parquet", parquet: "/good.parquet" }[scenario] ?? "/missing";
        return void ndjson([...table, file(`${internal.url}${target}`)]);
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: "NOT_FOUND", message: "no such route" }));
    });
    system = await startTestSystem({ env: { DATABRICKS_ALLOWED_HOSTS: `${sharing.url},${new URL(namedEndpoint("any")).origin}` } });
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await sharing?.close();
    await internal?.close();
  });

  it("never quotes the server's HTML error page, which may echo the bearer token, in the answer or the logs", async () => {
    const refused = await create("html-error");
    expect(refused.status, refused.text).toBe(400);
    expect(code(refused)).toBe("SRC-1308-400");
    expect(refused.body.errorMessage).toContain("the sharing server answered HTTP 500: the answer is not a Delta Sharing error and is not quoted");
    expect(refused.text).not.toContain("<html>");
    expect(refused.text).not.toContain(TOKEN);
    expect(logged()).not.toContain("Internal error for");
    expect(logged()).not.toContain(TOKEN);
  });

  it("still quotes the protocol's own JSON error", async () => {
    const refused = await create("protocol-error");
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toContain("the sharing server answered HTTP 400 INVALID_PARAMETER_VALUE: the share does not exist");
  });

  it("names only the status and the host of a file URL that answers an error, never what it answered", async () => {
    const refused = await preview("internal-file");
    expect(refused.status, refused.text).toBe(400);
    expect(code(refused)).toBe("SRC-1308-400");
    expect(refused.body.errorMessage).toContain(`download of file f1: its URL at ${new URL(internal.url).host} answered HTTP 500 (the answer is not quoted`);
    expect(refused.text).not.toContain("hunter2");
    expect(logged()).not.toContain("hunter2");
    expect(internal.requests.map((r) => r.path)).toContain("/internal-admin");
    expect(internal.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it("answers a data file that is not Parquet with a 400 saying so, without quoting it", async () => {
    const refused = await preview("not-parquet");
    expect(refused.status, refused.text).toBe(400);
    expect(code(refused)).toBe("SRC-1308-400");
    expect(refused.body.errorMessage).toContain("file f1 of the answer is not a Parquet file");
    expect(refused.text).not.toContain("hunter2");
  });

  it("previews a Parquet file the same server names (the fake server is a working one otherwise)", async () => {
    const previewed = await preview("parquet");
    expect(previewed.status, previewed.text).toBe(200);
    expect(previewed.body.data).toEqual([{ id: 7 }]);
  });

  it("refuses a file on loopback named by a sharing server on a public address, naming the file's host, without fetching it", async () => {
    // DNS stands in for a public server's: localhost answers a public address to the file check (the service's calls to the server still reach it on loopback)
    const resolve = dns.lookup.bind(dns) as (host: string, options: object) => Promise<unknown>;
    const publicLocalhost = vi.spyOn(dns, "lookup").mockImplementation(((host: string, options: object) =>
      host === "localhost" ? Promise.resolve([{ address: "203.0.113.10", family: 4 }]) : resolve(host, options)) as typeof dns.lookup);
    try {
      const fetched = internal.requests.length;
      const refused = await preview("parquet", namedEndpoint("parquet"));
      expect(refused.status, refused.text).toBe(400);
      expect(code(refused)).toBe("SRC-1308-400");
      expect(refused.body.errorMessage).toContain(`download of file f1: the sharing server's answer cannot be used: the file's URL names host ${new URL(internal.url).host}, a loopback address`);
      expect(refused.body.errorMessage).toContain("a sharing server on a public address may name only files on public addresses");
      expect(internal.requests.length).toBe(fetched);
      expect(publicLocalhost).toHaveBeenCalledWith("localhost", expect.anything());
    } finally {
      publicLocalhost.mockRestore();
    }
  });

  it("cuts off a listing whose server answers the same nextPageToken again, naming the server", async () => {
    pageCalls = 0;
    const refused = await create("same-token");
    expect(refused.status, refused.text).toBe(400);
    expect(code(refused)).toBe("SRC-1308-400");
    expect(refused.body.errorMessage).toContain(`the sharing server at ${endpoint("same-token")} answered on page 2 a nextPageToken it had answered before`);
    expect(pageCalls).toBe(2);
  });

  it("cuts off a listing whose server never stops answering a new nextPageToken after 1,000 pages", async () => {
    pageCalls = 0;
    const refused = await create("endless");
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toContain(`the sharing server at ${endpoint("endless")} kept answering nextPageToken after 1000 pages`);
    expect(pageCalls).toBe(1000);
  }, 60_000);
});
