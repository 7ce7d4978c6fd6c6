/**
 * A run through a SQL warehouse (docs/api/runs.md#sql-warehouses): the warehouse is started and
 * waited for like a terminated cluster, the version is pinned with the same DESCRIBE HISTORY, and
 * the window is read with the Statement Execution API (disposition EXTERNAL_LINKS, format
 * ARROW_STREAM). Its chunks are downloaded a few at a time through their presigned links and
 * written as local Parquet files, each of consecutive chunks; no landing zone or SAS is involved.
 */
import { type PinnedColumnsCheck, withVariantColumns } from "./variant-columns.js";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DuckDBInstance } from "@duckdb/node-api";
import type { DatabricksWarehouse, ExternalChunk, ExternalResult } from "../databricks/warehouse.js";
import { computeStateLine, type ComputeStateSeen } from "../databricks/compute-state.js";
import { mapBounded } from "../util/map-bounded.js";
import { arrowChunksToParquet } from "./arrow-chunk-files.js";
import { type ExportRead, selectSql, type TableRef } from "./export-sql.js";
import type { RunLog } from "./run-log.js";
import type { StagedWindow, WindowSource } from "./window-source.js";
import { whenEnded } from "./export-command.js";
import { CLUSTER_START_TIMEOUT_SETTING } from "../databricks/errors.js";

export interface WarehouseSourceOptions {
  warehouse: DatabricksWarehouse;
  table: TableRef;
  columns: readonly string[];
  /** the run's log (a benchmark passes its own) */
  log: Pick<RunLog, "phase" | "info">;
  startTimeoutMs: number;
  statementTimeoutMs: number;
  signal?: AbortSignal;
  /** the run's details.copy: when the read started and ended, chunks and bytes */
  recordCopy: (copy: { startedAt: number; completedAt?: number; files: number; bytes: number }) => Promise<void>;
  /** the clock the copy's times are by: the run's (ExecutionContext.now); a benchmark's is its host's */
  now?: () => number;
  /** the read's statement, kept in the run's details from its submission (before it is waited on) until it has ended (export-command.ts) */
  statement?: { submitted: (statementId: string) => Promise<void>; ended: () => void };
  /** turns a workspace failure into the run's failure */
  onWorkspace: <T>(work: () => Promise<T>) => Promise<T>;
  /** sees the pinned version's columns before the read (missing-mapped-columns.ts) */
  checkPinned?: PinnedColumnsCheck;
}

/** staged files made at once, and chunks each of them fetches at once */
const FILES_AT_ONCE = 2;
const CHUNKS_AT_ONCE = 2;

/** a staged file holds consecutive chunks of about this many bytes, as a cluster's export writes parts of about 128 MB */
const STAGED_FILE_BYTES = 128 * 1024 * 1024;

export function warehouseSource(opts: WarehouseSourceOptions): WindowSource {
  const { warehouse, log, onWorkspace, now = Date.now } = opts;
  const id = warehouse.warehouseId;
  const runSql = (sql: string) => onWorkspace(() => warehouse.runSql(sql, { timeoutMs: opts.statementTimeoutMs }));
  return {
    async prepare() {
      await log.phase("waitingForCluster", `SQL warehouse ${id}: starting it if it is stopped, waiting up to ${Math.round(opts.startTimeoutMs / 1000)} s for RUNNING`);
      const started = performance.now(); // a duration: not moved by a host clock set while waiting
      const onState = (seen: ComputeStateSeen) => log.info(computeStateLine(`SQL warehouse ${id}`, seen));
      const info = await onWorkspace(() => warehouse.ensureRunning({ autoStart: true, timeoutMs: opts.startTimeoutMs, hint: "", timeoutSetting: CLUSTER_START_TIMEOUT_SETTING, onState, signal: opts.signal }));
      await log.info(`SQL warehouse ${id} is ${info.state} (waited ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    },
    runSql,
    async stage(version: number, read: ExportRead): Promise<StagedWindow> {
      await log.phase("exporting", `SQL warehouse ${id} reads version ${version} of ${opts.table.tableName} (Statement Execution API, EXTERNAL_LINKS, ARROW_STREAM)`);
      const startedAt = now();
      await opts.recordCopy({ startedAt, files: 0, bytes: 0 });
      const sql = selectSql(opts.table, opts.columns, version, await withVariantColumns(runSql, opts.table, opts.columns, read, version, opts.checkPinned));
      const options = { timeoutMs: opts.statementTimeoutMs, signal: opts.signal, onSubmitted: opts.statement?.submitted };
      const result = await onWorkspace(() => whenEnded(warehouse.readExternal(sql, options), () => opts.statement?.ended()));
      const rows = result.chunks.reduce((n, c) => n + c.rowCount, 0);
      await opts.recordCopy({ startedAt, completedAt: now(), files: result.chunks.length, bytes: result.chunks.reduce((n, c) => n + c.byteCount, 0) });
      await log.info(`statement ${result.statementId}: ${rows} row(s) in ${result.chunks.length} chunk(s)`);
      return {
        count: result.chunks.length,
        what: `result chunk(s) of SQL warehouse ${id}, ${FILES_AT_ONCE * CHUNKS_AT_ONCE} at a time`,
        download: async (dir) => {
          const files = await onWorkspace(() => stageChunks(result, dir, opts.signal));
          await log.info(`${result.chunks.length} chunk(s) staged as ${files.length} Parquet file(s) of consecutive chunks, up to ${STAGED_FILE_BYTES / 1024 / 1024} MiB of Arrow each`);
          return files;
        },
        remove: async () => {},
      };
    },
  };
}

/**
 * The result's chunks as staged Parquet files, each of consecutive chunks of about
 * STAGED_FILE_BYTES, named so their order is the result's. FILES_AT_ONCE files are made at
 * once, each fetching CHUNKS_AT_ONCE of its chunks at a time, so one file's write overlaps the
 * next one's downloads.
 */
async function stageChunks(result: ExternalResult, dir: string, signal?: AbortSignal): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const groups = consecutiveGroups(result.chunks, STAGED_FILE_BYTES);
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: "512MB", temp_directory: path.join(dir, "spill") });
  try {
    const staged = await mapBounded(groups, FILES_AT_ONCE, async (group) => {
      const conn = await instance.connect();
      try {
        await conn.run("SET TimeZone = 'UTC'");
        const base = path.join(dir, `chunks-${String(group[0].index).padStart(5, "0")}`);
        const fetch = (k: number) => result.download(group[k], signal);
        return (await arrowChunksToParquet(conn, group.length, fetch, result.columns, base, CHUNKS_AT_ONCE)).files;
      } finally {
        conn.closeSync();
      }
    });
    return staged.flat();
  } finally {
    instance.closeSync();
  }
}

/** the chunks in order, cut into groups of at most `bytes` (a chunk larger than that alone) */
function consecutiveGroups(chunks: readonly ExternalChunk[], bytes: number): ExternalChunk[][] {
  const groups: ExternalChunk[][] = [];
  let size = 0;
  for (const chunk of chunks) {
    const last = groups.at(-1);
    if (last && size + chunk.byteCount <= bytes) {
      last.push(chunk);
      size += chunk.byteCount;
    } else {
      groups.push([chunk]);
      size = chunk.byteCount;
    }
  }
  return groups;
}
