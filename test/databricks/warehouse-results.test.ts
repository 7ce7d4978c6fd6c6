/**
 * What a SQL warehouse's result answers can make the client do (docs/security.md, "Where tokens and
 * payloads go"): a result whose next_chunk_index never advances, or never ends, is cut off with an
 * error naming the warehouse, and a next_chunk_internal_link is a link on the workspace itself: one
 * that would move the call, with the access token, to another host is refused before anything is sent.
 * The workspace is a real HTTP listener on loopback answering as told.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksProtocolError } from "../../src/databricks/errors.js";
import { DatabricksWarehouse } from "../../src/databricks/warehouse.js";
import { fetchBlocksPort } from "../../src/util/fetch-blocked-ports.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";

const TOKEN = "dapi-warehouse-secret";
const MANIFEST = { format: "JSON_ARRAY", schema: { columns: [{ name: "id", type_text: "BIGINT", position: 0 }] } };
const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await c.close();
});

type Chunk = (index: number) => Record<string, unknown>;

/** A workspace whose statement succeeds at once, its first chunk and each chunk asked for as `chunk` says. */
async function workspace(chunk: Chunk, listener?: RecordingListener): Promise<RecordingListener> {
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST" && req.url === "/api/2.0/sql/statements") return json({ statement_id: "st1", status: { state: "SUCCEEDED" }, manifest: MANIFEST, result: chunk(0) });
    const asked = /\/result\/chunks\/(\d+)/.exec(req.url ?? "");
    if (asked) return json(chunk(Number(asked[1])));
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "ENDPOINT_NOT_FOUND", message: "no" }));
  };
  const l = listener ?? (await startRecordingListener(answer));
  if (!listener) closing.push(l);
  return l;
}

const warehouseOf = (url: string) => new DatabricksWarehouse(new DatabricksClient({ domain: url, accessToken: TOKEN }), "wh1");

/**
 * Two listeners on 127.0.0.1 whose ports are P and P followed by the digit 1 (P·10+1): base + "1/…" names the second.
 * P is below 6554, so that P·10+1 is a port, and not one fetch refuses to call (it would fail at once, before any request); one that another process holds is skipped.
 */
async function portPair(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ near: string; far: RecordingListener }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 2000 + Math.floor(Math.random() * 4500);
    if (fetchBlocksPort(port)) continue;
    const near = await listen(port, answer);
    if (!near) continue;
    const far = await listen(port * 10 + 1, () => undefined);
    if (!far) {
      await new Promise((resolve) => near.server.close(resolve));
      continue;
    }
    closing.push({ close: () => new Promise((resolve) => near.server.close(() => resolve())) });
    closing.push({ close: () => new Promise((resolve) => { far.server.closeAllConnections(); far.server.close(() => resolve()); }) });
    return { near: `http://127.0.0.1:${port}`, far: far.recording };
  }
  throw new Error("no free pair of ports");
}

async function listen(port: number, answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; recording: RecordingListener } | undefined> {
  const requests: RecordingListener["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body: "" });
    answer(req, res);
    if (!res.writableEnded) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ chunk_index: 1, data_array: [["666"]] }));
  });
  const ok = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  return ok ? { server, recording: { url: `http://127.0.0.1:${port}`, requests, close: async () => undefined } } : undefined;
}

describe("a SQL warehouse's result chunks", () => {
  it("are read while next_chunk_index advances", async () => {
    const ws = await workspace((i) => ({ chunk_index: i, data_array: [[String(i)]], ...(i < 2 ? { next_chunk_index: i + 1, next_chunk_internal_link: `/api/2.0/sql/statements/st1/result/chunks/${i + 1}` } : {}) }));
    const result = await warehouseOf(ws.url).runSql("SELECT id", { timeoutMs: 10_000 });
    expect(result.rows.map((r) => String(r[0]))).toEqual(["0", "1", "2"]);
  });

  it("are not followed when next_chunk_index repeats, and the error names the warehouse", async () => {
    const ws = await workspace(() => ({ chunk_index: 0, data_array: [["1"]], next_chunk_index: 0 }));
    const refused = await warehouseOf(ws.url).runSql("SELECT id", { timeoutMs: 10_000 }).catch((e) => e);
    expect(refused).toBeInstanceOf(DatabricksProtocolError);
    expect(refused.message).toBe("the workspace answered next_chunk_index 0 after chunk 0 of statement st1 on SQL warehouse wh1: a result's chunks must advance, so it was not followed");
    expect(ws.requests.filter((r) => r.path.includes("/result/chunks/"))).toHaveLength(0);
  });

  it("are cut off after 1,000 chunks when next_chunk_index never ends", async () => {
    const ws = await workspace((i) => ({ chunk_index: i, data_array: [], next_chunk_index: i + 1 }));
    const refused = await warehouseOf(ws.url).runSql("SELECT id", { timeoutMs: 60_000 }).catch((e) => e);
    expect(refused).toBeInstanceOf(DatabricksProtocolError);
    expect(refused.message).toBe("the workspace kept answering next_chunk_index after 1000 chunks of statement st1 on SQL warehouse wh1; the result was not read further");
    expect(ws.requests.filter((r) => r.path.includes("/result/chunks/"))).toHaveLength(999);
  }, 60_000);

  it("stop at the statement's deadline, however slowly each chunk comes", async () => {
    const slow = await startRecordingListener((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      const asked = /\/result\/chunks\/(\d+)/.exec(req.url ?? "");
      if (!asked) return json({ statement_id: "st1", status: { state: "SUCCEEDED" }, manifest: MANIFEST, result: { chunk_index: 0, data_array: [], next_chunk_index: 1 } });
      const i = Number(asked[1]);
      setTimeout(() => json({ chunk_index: i, data_array: [], next_chunk_index: i + 1 }), 300);
    });
    closing.push(slow);
    const started = Date.now();
    const refused = await warehouseOf(slow.url).runSql("SELECT id", { timeoutMs: 1000 }).catch((e) => e);
    expect(refused.name).toBe("DatabricksTimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuse a next_chunk_internal_link to another origin, naming its host, before the token goes there", async () => {
    const elsewhere = await startRecordingListener();
    closing.push(elsewhere);
    const ws = await workspace(() => ({ chunk_index: 0, data_array: [["1"]], next_chunk_index: 1, next_chunk_internal_link: `${elsewhere.url}/collect` }));
    const refused = await warehouseOf(ws.url).runSql("SELECT id", { timeoutMs: 10_000 }).catch((e) => e);
    expect(refused).toBeInstanceOf(DatabricksProtocolError);
    expect(refused.message).toBe(
      `statements/chunk: the workspace at ${ws.url} gave a link to another host (${new URL(elsewhere.url).host}); it was not followed and the access token was not sent there`,
    );
    expect(elsewhere.requests).toEqual([]);
  });

  it("resolve a link against the workspace, so text glued to its URL cannot name another port or host", async () => {
    // the workspace at 127.0.0.1:P hands out "1/…": glued to its URL that would be 127.0.0.1:P1
    const { near, far } = await portPair((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "POST") return json({ statement_id: "st1", status: { state: "SUCCEEDED" }, manifest: MANIFEST, result: { chunk_index: 0, data_array: [["1"]], next_chunk_index: 1, next_chunk_internal_link: "1/collect" } });
      json({ chunk_index: 1, data_array: [["2"]] });
    });
    const result = await warehouseOf(near).runSql("SELECT id", { timeoutMs: 10_000 }).catch((e) => e);
    expect(far.requests).toEqual([]);
    // a failure says why (it failed now and then within milliseconds: fetch refuses its bad ports, as 5061, before any request)
    expect(result instanceof Error ? `${result.name}: ${result.message}` : "rows").toBe("rows");
    expect(result.rows.map((r: unknown[]) => String(r[0]))).toEqual(["1", "2"]);
  });
});
