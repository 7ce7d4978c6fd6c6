import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as arrow from "apache-arrow";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Metastore } from "../../../local/workspace/catalog/metastore.js";
import { TableLocations } from "../../../local/workspace/catalog/table-locations.js";
import type { Cluster } from "../../../local/workspace/cluster/cluster.js";
import { Engine } from "../../../local/workspace/engine/engine.js";
import type { WorkspaceParts } from "../../../local/workspace/exec/context.js";
import { StatementRunner, type Format, type StatementRecord } from "../../../local/workspace/warehouses/statements.js";
import { Warehouses } from "../../../local/workspace/warehouses/warehouse.js";

/**
 * A statement's result is not held by the API process: the query runs into a file on disk, which is
 * encoded a chunk at a time into a file per chunk; the statement keeps only where each chunk lies
 * and its size, and a fetch reads the chunk's file.
 */
describe("statement results spilled to disk, chunks read on demand", () => {
  const ROWS = 10_500;
  const CHUNK_ROWS = 1_000;
  // a descending order, so rows must come back in the query's order, not the scan's
  const QUERY = `SELECT i AS id, 'name-' || i AS name, i * 0.5 AS half FROM range(${ROWS}) t(i) ORDER BY i DESC`;
  const expectedRow = (position: number) => {
    const i = ROWS - 1 - position;
    return { id: String(i), name: `name-${i}` };
  };
  let dir: string;
  let engine: Engine;
  let runner: StatementRunner;
  let newRunner: (chunkRows: number) => StatementRunner;
  let clock = Date.now();
  const spillFile = (record: StatementRecord) => path.join(dir, "tmp", "statements", `${record.id}.duckdb`);
  const chunkFiles = (record: StatementRecord) => {
    const folder = path.join(dir, "tmp", "statements", record.id);
    return existsSync(folder) ? readdirSync(folder).length : 0;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "statement-results-"));
    const tempDir = path.join(dir, "tmp");
    engine = await Engine.create(tempDir);
    const metastore = new Metastore(path.join(dir, "metastore.json"), path.join(dir, "warehouse"), "hive_metastore", clock);
    const parts: WorkspaceParts = {
      metastore,
      locations: new TableLocations({ warehouse: metastore.warehouse, roots: [], dataDir: dir }),
      cluster: undefined as unknown as Cluster,
      blobEndpointFor: (host) => host,
      tempDir,
      maxResultRows: 10,
      user: "me",
      sharedAs: () => [],
      logger: pino({ level: "silent" }),
      now: () => clock,
      globalTempViews: new Map(),
    };
    const warehouses = new Warehouses({ file: path.join(dir, "warehouses.json"), startDelayMs: 0, stopDelayMs: 0, now: () => clock, user: "me" });
    warehouses.provide("w", "w", 0);
    newRunner = (chunkRows) => new StatementRunner(engine, parts, warehouses, { chunkRows, pollMs: 5, now: () => clock });
    runner = newRunner(CHUNK_ROWS);
  });
  afterAll(async () => {
    await runner.drain();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (format: Format, statement = QUERY, rowLimit?: number) => {
    const record = runner.submit({ statement, warehouseId: "w", disposition: "EXTERNAL_LINKS", format, rowLimit });
    await record.done;
    expect(record.state, JSON.stringify(record.error)).toBe("SUCCEEDED");
    return record;
  };

  for (const format of ["JSON_ARRAY", "ARROW_STREAM"] as const) {
    it(`${format}: the statement keeps only each chunk's position and size; chunk k is rows [k·n, (k+1)·n) of the result`, async () => {
      const record = await submit(format);
      expect(existsSync(spillFile(record))).toBe(false); // the query's own spill is gone once the chunks are written
      expect(record.chunks).toHaveLength(Math.ceil(ROWS / CHUNK_ROWS));
      expect(chunkFiles(record)).toBe(record.chunks!.length);
      for (const chunk of record.chunks!) expect(Object.keys(chunk).sort()).toEqual(["byte_count", "chunk_index", "row_count", "row_offset"]);
      expect(record.chunks!.reduce((n, c) => n + c.row_count, 0)).toBe(ROWS);

      for (const k of [0, 7, record.chunks!.length - 1]) {
        const chunk = record.chunks![k];
        expect(chunk).toMatchObject({ chunk_index: k, row_offset: k * CHUNK_ROWS, row_count: Math.min(CHUNK_ROWS, ROWS - k * CHUNK_ROWS) });
        const bytes = await runner.chunkBytes(record, chunk);
        const rows =
          format === "ARROW_STREAM"
            ? arrow.tableFromIPC(bytes).toArray().map((r) => ({ id: String(r.id), name: r.name as string }))
            : (JSON.parse(bytes.toString()) as string[][]).map(([id, name]) => ({ id, name }));
        expect(bytes.byteLength).toBe(chunk.byte_count);
        expect(rows).toEqual(Array.from({ length: chunk.row_count }, (_, j) => expectedRow(chunk.row_offset + j)));
      }
    });
  }

  it("a chunk spanning the spilled table's row groups still has the result's rows in order", async () => {
    // 300,000 rows are three of DuckDB's row groups (122,880 rows), which its threads scan side by side
    const large = newRunner(100_000);
    const record = large.submit({ statement: "SELECT i AS id FROM range(300000) t(i) ORDER BY i DESC", warehouseId: "w", disposition: "EXTERNAL_LINKS", format: "ARROW_STREAM" });
    await record.done;
    expect(record.state, JSON.stringify(record.error)).toBe("SUCCEEDED");
    for (const chunk of record.chunks!) {
      const ids = Array.from(arrow.tableFromIPC(await large.chunkBytes(record, chunk)).getChild("id")!.toArray() as BigInt64Array, Number);
      const misplaced = ids.findIndex((id, j) => id !== 299_999 - chunk.row_offset - j);
      expect({ chunk: chunk.chunk_index, rows: ids.length, misplaced }).toEqual({ chunk: chunk.chunk_index, rows: chunk.row_count, misplaced: -1 });
    }
    await large.drain();
  });

  it("row_limit cuts the spilled result and says it is truncated", async () => {
    const record = await submit("JSON_ARRAY", QUERY, 1_500);
    expect(record.truncated).toBe(true);
    expect(record.chunks!.map((c) => c.row_count)).toEqual([1_000, 500]);
    expect(JSON.parse((await runner.chunkBytes(record, record.chunks![1])).toString()).at(-1)[0]).toBe(expectedRow(1_499).id);
  });

  it("a statement's files are deleted when it is cancelled, and when it is closed", async () => {
    const cancelled = runner.submit({ statement: `SELECT count(*) FROM range(2000000000) a(i), range(10) b(j) WHERE i + j < 0`, warehouseId: "w", disposition: "EXTERNAL_LINKS", format: "JSON_ARRAY" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    runner.cancel(cancelled.id);
    await cancelled.done;
    expect(cancelled.state).toBe("CANCELED");
    expect(existsSync(spillFile(cancelled))).toBe(false);
    expect(chunkFiles(cancelled)).toBe(0);

    const record = await submit("ARROW_STREAM");
    expect(chunkFiles(record)).toBe(11);
    clock += 61 * 60_000; // an hour after it finished, the statement is closed
    expect(runner.get(record.id).state).toBe("CLOSED");
    await expect.poll(() => chunkFiles(record)).toBe(0);
  });
});
