/**
 * A change range in the delta response format, as a provider whose deletes write deletion vectors
 * and no change files answers it (a remove and an add of the same file, the add with a vector):
 * the run's netted changes are an upsert of every row kept and a delete of exactly the rows the
 * vector deletes. The provider is a stand-in HTTP server on loopback serving those lines and the
 * file, since the local workspace writes change files for every delete.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dvInline } from "../../src/delta/deletion-vectors.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import { SharedTableRead } from "../../src/runs/sharing-read.js";

const TOKEN = "provider-token";
const TABLE = "/shares/s/schemas/d/tables/t";
const SCHEMA = { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }, { name: "name", type: "string", nullable: true, metadata: {} }] };

describe("a change range in the delta response format whose delete wrote a deletion vector and no change files", () => {
  let dir: string;
  let server: Server;
  let endpoint: string;
  const capabilitiesAsked: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "sharing-dv-changes-"));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(`COPY (SELECT i::BIGINT AS id, 'row ' || i AS name FROM range(10) t(i)) TO '${path.join(dir, "a.parquet")}' (FORMAT PARQUET)`);
    instance.closeSync();
    const fileBytes = readFileSync(path.join(dir, "a.parquet"));
    const lines = (base: string) => {
      const file = (version: number, kind: "add" | "remove", action: object) => ({
        file: { id: "file-a", version, timestamp: 1_700_000_000_000 + version * 1000, deltaSingleAction: { [kind]: { path: `${base}/files/a`, partitionValues: {}, size: fileBytes.length, dataChange: true, ...action } } },
      });
      return [
        { protocol: { deltaProtocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["deletionVectors"], writerFeatures: ["deletionVectors", "changeDataFeed"] } } },
        { metaData: { deltaMetadata: { id: "t", format: { provider: "parquet", options: {} }, schemaString: JSON.stringify(SCHEMA), partitionColumns: [], configuration: { "delta.enableChangeDataFeed": "true" } } } },
        file(1, "add", { modificationTime: 1 }),
        file(2, "remove", {}),
        file(2, "add", { modificationTime: 2, deletionVector: dvInline([3, 5]) }),
      ];
    };
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url!, "http://localhost");
      if (url.pathname === "/files/a") return res.writeHead(200, { "content-type": "application/octet-stream" }).end(fileBytes);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end(JSON.stringify({ errorCode: "UNAUTHENTICATED", message: "no" }));
      if (url.pathname === `${TABLE}/changes`) {
        capabilitiesAsked.push(String(req.headers["delta-sharing-capabilities"]));
        const body = lines(endpoint).map((l) => JSON.stringify(l)).join("\n");
        return res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "1", "delta-sharing-capabilities": "responseformat=delta" }).end(body);
      }
      if (url.pathname === `${TABLE}/query`) {
        // the pinned version, whose rows the window's changed keys are counted in: the file with its vector
        const [protocol, metaData, , , kept] = lines(endpoint);
        const body = [protocol, metaData, kept].map((l) => JSON.stringify(l)).join("\n");
        return res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "2", "delta-sharing-capabilities": "responseformat=delta" }).end(body);
      }
      res.writeHead(404).end(JSON.stringify({ errorCode: "RESOURCE_DOES_NOT_EXIST", message: url.pathname }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("upserts the rows the vector keeps and deletes exactly the rows it deletes", async () => {
    const inputs = {
      connection: { sharing: { shareCredentialsVersion: 1, endpoint, bearerToken: TOKEN } },
      source: { tableName: "s.d.t", columns: [] },
    } as unknown as RunInputs;
    const read = new SharedTableRead(inputs);
    const staged = await read.rowFiles(2, { kind: "changes", fromVersion: 1, key: ["id"] }, path.join(dir, "run"));
    expect(capabilitiesAsked.at(-1)).toBe("responseformat=delta,parquet;readerfeatures=deletionvectors,columnmapping,timestampntz,vacuumprotocolcheck,v2checkpoint,varianttype,varianttype-preview,typewidening,typewidening-preview");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`SELECT id::VARCHAR, _change_request_type, _commit_version::VARCHAR FROM read_parquet('${staged.files[0]}') ORDER BY id`)).getRowsJson();
    instance.closeSync();
    expect(rows).toEqual(Array.from({ length: 10 }, (_, id) => [String(id), id === 3 || id === 5 ? "d" : "u", "2"]));
  });
});
