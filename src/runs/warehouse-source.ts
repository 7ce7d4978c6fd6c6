/**
 * A run through a SQL warehouse (docs/api/runs.md#sql-warehouses): the warehouse is started and
 * waited for like a terminated cluster, the version is pinned with the same DESCRIBE HISTORY, and
 * the window is read with the Statement Execution API (disposition EXTERNAL_LINKS, format
 * ARROW_STREAM). Its chunks are downloaded a few at a time through their presigned links and
 * written as local Parquet files; no landing zone or SAS is involved.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { DatabricksWarehouse, ExternalChunk } from "../databricks/warehouse.js";
import { arrowChunkToParquet } from "./arrow-chunk-files.js";
import { type ExportRead, selectSql, type TableRef } from "./export-sql.js";
import type { RunLog } from "./run-log.js";
import type { StagedWindow, WindowSource } from "./window-source.js";

export interface WarehouseSourceOptions {
  warehouse: DatabricksWarehouse;
  table: TableRef;
  columns: readonly string[];
  /** the run's log (a benchmark passes its own) */
  log: Pick<RunLog, "phase" | "info">;
  startTimeoutMs: number;
  statementTimeoutMs: number;
  /** chunks downloaded at once (default 4) */
  parallelDownloads?: number;
  signal?: AbortSignal;
  /** the run's details.copy: when the read started and ended, chunks and bytes */
  recordCopy: (copy: { startedAt: number; completedAt?: number; files: number; bytes: number }) => Promise<void>;
  /** turns a workspace failure into the run's failure */
  onWorkspace: <T>(work: () => Promise<T>) => Promise<T>;
}

export function warehouseSource(opts: WarehouseSourceOptions): WindowSource {
  const { warehouse, log, onWorkspace } = opts;
  const id = warehouse.warehouseId;
  return {
    async prepare() {
      await log.phase("waitingForCluster", `SQL warehouse ${id}: starting it if it is stopped, waiting up to ${Math.round(opts.startTimeoutMs / 1000)} s for RUNNING`);
      const started = Date.now();
      const info = await onWorkspace(() => warehouse.ensureRunning({ autoStart: true, timeoutMs: opts.startTimeoutMs, hint: "" }));
      await log.info(`SQL warehouse ${id} is ${info.state} (waited ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
    runSql: (sql) => onWorkspace(() => warehouse.runSql(sql, { timeoutMs: opts.statementTimeoutMs })),
    async stage(version: number, read: ExportRead): Promise<StagedWindow> {
      await log.phase("exporting", `SQL warehouse ${id} reads version ${version} of ${opts.table.tableName} (Statement Execution API, EXTERNAL_LINKS, ARROW_STREAM)`);
      const startedAt = Date.now();
      await opts.recordCopy({ startedAt, files: 0, bytes: 0 });
      const result = await onWorkspace(() => warehouse.readExternal(selectSql(opts.table, opts.columns, version, read), { timeoutMs: opts.statementTimeoutMs, signal: opts.signal }));
      const rows = result.chunks.reduce((n, c) => n + c.rowCount, 0);
      await opts.recordCopy({ startedAt, completedAt: Date.now(), files: result.chunks.length, bytes: result.chunks.reduce((n, c) => n + c.byteCount, 0) });
      await log.info(`statement ${result.statementId}: ${rows} row(s) in ${result.chunks.length} chunk(s)`);
      return {
        count: result.chunks.length,
        what: `result chunk(s) of SQL warehouse ${id}, ${opts.parallelDownloads ?? 4} at a time`,
        download: (dir) =>
          onWorkspace(() => downloadChunks(result.chunks, dir, opts.parallelDownloads ?? 4, async (chunk, conn, file) => {
            const bytes = await result.download(chunk, opts.signal);
            await arrowChunkToParquet(conn, bytes, result.columns, file);
          })),
        remove: async () => {},
      };
    },
  };
}

type ChunkWork = (chunk: ExternalChunk, conn: Awaited<ReturnType<DuckDBInstance["connect"]>>, file: string) => Promise<void>;

/** At most `parallel` chunks in flight; files are named by chunk index, so their order is the result's. */
async function downloadChunks(chunks: readonly ExternalChunk[], dir: string, parallel: number, work: ChunkWork): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = chunks.map((c) => path.join(dir, `chunk-${String(c.index).padStart(5, "0")}.parquet`));
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: "512MB", temp_directory: path.join(dir, "spill") });
  try {
    let next = 0;
    const worker = async () => {
      const conn = await instance.connect();
      try {
        await conn.run("SET TimeZone = 'UTC'");
        while (next < chunks.length) {
          const k = next++;
          await work(chunks[k], conn, files[k]);
        }
      } finally {
        conn.closeSync();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, chunks.length)) }, worker));
    return files;
  } finally {
    instance.closeSync();
  }
}
