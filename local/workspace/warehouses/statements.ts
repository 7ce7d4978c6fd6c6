/**
 * The Statement Execution API 2.0 on the local warehouses. A statement waits (PENDING) while its
 * warehouse starts — submitting to a STOPPED warehouse starts it, as Databricks does — then runs
 * (RUNNING) on its own DuckDB connection through the same SQL engine as the cluster, and ends
 * SUCCEEDED, FAILED or CANCELED. A result is never held by the API process: a query runs into a
 * file on disk (spilled-result.ts), which is then read a chunk at a time, each chunk encoded
 * (JSON_ARRAY rows of strings, or one Arrow IPC stream), measured and written to a file of its own;
 * the record keeps only each chunk's position and size, and a fetch reads the chunk's file. The
 * files are deleted when the statement is closed: an hour after it finished or when more than
 * MAX_KEPT statements have finished since.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { apiErrors, SqlError, sqlErrors } from "../errors.js";
import type { Engine } from "../engine/engine.js";
import type { WorkspaceParts } from "../exec/context.js";
import { commandStatements, executeSql } from "../exec/executor.js";
import type { CommandResult, TableResult } from "../results/table-result.js";
import type { JsonValue } from "../results/values.js";
import { parseStatement } from "../sql/parser.js";
import type { SparkType } from "../sql/spark-types.js";
import type { StatementParameter } from "../sql/parameter-markers.js";
import type { ChunkColumn } from "./arrow-chunk.js";
import { columnInfo, type ColumnInfo } from "./column-info.js";
import { rowsInMemory, SpilledResult, type ResultRows } from "./spilled-result.js";
import type { Warehouses } from "./warehouse.js";

export type StatementState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "CLOSED";
export type Disposition = "INLINE" | "EXTERNAL_LINKS";
export type Format = "JSON_ARRAY" | "ARROW_STREAM";

/** Databricks: an INLINE result above 25 MiB fails the statement */
const INLINE_LIMIT_BYTES = 25 * 1024 * 1024;
const KEEP_MS = 60 * 60_000;
const MAX_KEPT = 200;

/** where a chunk lies in the result: its rows are read when the chunk is fetched */
export interface Chunk {
  chunk_index: number;
  row_offset: number;
  row_count: number;
  byte_count: number;
}


export interface StatementRecord {
  id: string;
  warehouseId: string;
  state: StatementState;
  error?: { error_code: string; message: string };
  disposition: Disposition;
  format: Format;
  columns?: ColumnInfo[];
  chunks?: Chunk[];
  /** the folder of the result's encoded chunks; gone once CLOSED */
  chunkDir?: string;
  truncated: boolean;
  finishedAt?: number;
  abort: AbortController;
  done: Promise<void>;
}

export interface SubmitRequest {
  statement: string;
  warehouseId: string;
  catalog?: string;
  schema?: string;
  disposition: Disposition;
  format: Format;
  rowLimit?: number;
  /** what the statement's named parameter markers stand for */
  parameters?: StatementParameter[];
}

export interface StatementRunnerOptions {
  chunkRows: number;
  /** how often a PENDING statement looks at its starting warehouse */
  pollMs: number;
  now: () => number;
}

export class StatementRunner {
  private statements = new Map<string, StatementRecord>();
  private running = new Map<string, number>();
  private readonly spillDir: string;

  constructor(
    private readonly engine: Engine,
    private readonly parts: WorkspaceParts,
    private readonly warehouses: Warehouses,
    private readonly opts: StatementRunnerOptions,
  ) {
    warehouses.isBusy = (id) => (this.running.get(id) ?? 0) > 0;
    this.spillDir = path.join(parts.tempDir, "statements");
    mkdirSync(this.spillDir, { recursive: true });
  }

  submit(request: SubmitRequest): StatementRecord {
    if (!this.warehouses.exists(request.warehouseId)) throw apiErrors.warehouseNotFound(request.warehouseId);
    this.forgetOld();
    const record: StatementRecord = {
      id: randomUUID(),
      warehouseId: request.warehouseId,
      state: "PENDING",
      disposition: request.disposition,
      format: request.format,
      truncated: false,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.statements.set(record.id, record);
    this.warehouses.touch(request.warehouseId);
    record.done = this.run(record, request);
    return record;
  }

  get(id: string): StatementRecord {
    this.forgetOld();
    const record = this.statements.get(id);
    if (!record) throw apiErrors.statementNotFound(id);
    return record;
  }

  cancel(id: string): void {
    const record = this.get(id);
    if (record.state === "PENDING" || record.state === "RUNNING") {
      record.abort.abort();
      this.finish(record, "CANCELED");
    }
  }

  /** a SUCCEEDED statement's chunk as sent: JSON_ARRAY rows of strings as JSON text, or the Arrow IPC stream */
  async chunkBytes(record: StatementRecord, chunk: Chunk): Promise<Buffer> {
    if (!record.chunkDir) throw apiErrors.invalidParameter(`Statement ${record.id} is ${record.state}: its result is no longer kept.`);
    return readFile(path.join(record.chunkDir, String(chunk.chunk_index)));
  }

  /** resolves when every statement has stopped and its result is deleted (for close) */
  async drain(): Promise<void> {
    for (const record of this.statements.values()) record.abort.abort();
    await Promise.all([...this.statements.values()].map((r) => r.done));
    await Promise.all([...this.statements.values()].map((r) => this.forget(r)));
  }

  private async run(record: StatementRecord, request: SubmitRequest): Promise<void> {
    const spill = new SpilledResult(this.engine, this.spillDir, record.id);
    try {
      await this.waitForWarehouse(record);
      if (record.abort.signal.aborted) return;
      record.state = "RUNNING";
      this.running.set(record.warehouseId, (this.running.get(record.warehouseId) ?? 0) + 1);
      try {
        const result = await this.execute(record, request, spill);
        if (record.state !== "RUNNING") return;
        if (result.resultType === "error") return this.fail(record, result.summary);
        await this.keepResult(record, result, spill.filled ? spill : rowsInMemory(result.data));
      } finally {
        this.running.set(record.warehouseId, (this.running.get(record.warehouseId) ?? 1) - 1);
        this.warehouses.touch(record.warehouseId);
      }
    } catch (error) {
      if (record.state === "PENDING" || record.state === "RUNNING") {
        this.fail(record, error instanceof SqlError ? error.summary : (error as Error).message);
      }
    } finally {
      await spill.close();
      if (record.state !== "SUCCEEDED") await this.forget(record);
    }
  }

  private async waitForWarehouse(record: StatementRecord): Promise<void> {
    for (;;) {
      // a canceled statement starts nothing, even when its warehouse stopped while it slept
      if (record.abort.signal.aborted) return;
      const state = this.warehouses.state(record.warehouseId);
      if (state === "RUNNING") return;
      if (state === "STOPPED" || state === "STOPPING") this.warehouses.start(record.warehouseId);
      await new Promise((resolve) => setTimeout(resolve, this.opts.pollMs));
    }
  }

  private async execute(record: StatementRecord, request: SubmitRequest, spill: SpilledResult): Promise<CommandResult> {
    const statements = commandStatements(request.statement, request.parameters ?? []);
    if (statements.length !== 1) {
      throw new SqlError("org.apache.spark.sql.catalyst.parser.ParseException", "PARSE_SYNTAX_ERROR", "A statement execution request runs exactly one statement. SQLSTATE: 42601");
    }
    if (parseStatement(statements[0]).kind === "insertOverwriteDirectory") throw sqlErrors.unsupported("INSERT OVERWRITE DIRECTORY on a SQL warehouse");
    const conn = await this.engine.connect();
    try {
      const session = { catalog: request.catalog ?? this.parts.metastore.defaultCatalog, schema: request.schema ?? "default" };
      const rowLimit = request.rowLimit ?? Number.POSITIVE_INFINITY;
      const parts = { ...this.parts, maxResultRows: rowLimit };
      const spillQuery = (queryConn: typeof conn, sql: string) => spill.fill(queryConn, sql, rowLimit);
      return await executeSql({ conn, session, parts, signal: record.abort.signal, spillQuery }, request.statement, request.parameters);
    } finally {
      conn.closeSync();
    }
  }

  /** encodes the result a chunk at a time, each into a file of its own; the record keeps only their positions and sizes */
  private async keepResult(record: StatementRecord, result: TableResult, rows: ResultRows): Promise<void> {
    const columns: ChunkColumn[] = result.schema.map((c) => ({ name: c.name, type: JSON.parse(c.type) as SparkType }));
    const chunkDir = path.join(this.spillDir, record.id);
    await mkdir(chunkDir, { recursive: true });
    record.chunkDir = chunkDir; // from here on, whatever ends the statement deletes it (forget)
    const chunks: Chunk[] = [];
    let bytes = 0;
    for (let offset = 0; offset < rows.rowCount; offset += this.opts.chunkRows) {
      const encoded = await encodeChunk(record.format, columns, rows, offset, this.opts.chunkRows);
      if (record.state !== "RUNNING") return;
      bytes += encoded.byteLength;
      if (record.disposition === "INLINE" && bytes > INLINE_LIMIT_BYTES) {
        return this.fail(record, "The result is more than the 25 MiB an INLINE result may hold: use disposition EXTERNAL_LINKS.");
      }
      await writeFile(path.join(chunkDir, String(chunks.length)), encoded);
      chunks.push({ chunk_index: chunks.length, row_offset: offset, row_count: Math.min(this.opts.chunkRows, rows.rowCount - offset), byte_count: encoded.byteLength });
    }
    record.columns = columns.map((c, position) => columnInfo(c.name, position, c.type));
    record.chunks = chunks;
    record.truncated = result.truncated;
    this.finish(record, "SUCCEEDED");
  }

  private fail(record: StatementRecord, message: string): void {
    record.error = { error_code: "BAD_REQUEST", message };
    this.finish(record, "FAILED");
  }

  private finish(record: StatementRecord, state: StatementState): void {
    record.state = state;
    record.finishedAt = this.opts.now();
  }

  /** closes statements that finished over an hour ago, and the oldest beyond MAX_KEPT */
  private forgetOld(): void {
    const now = this.opts.now();
    const finished = [...this.statements.values()].filter((r) => r.finishedAt !== undefined && r.state !== "CLOSED");
    finished.forEach((r, k) => {
      if (now - r.finishedAt! > KEEP_MS || k < finished.length - MAX_KEPT) {
        r.state = "CLOSED";
        delete r.chunks;
        this.forget(r).catch((err) => this.parts.logger.warn({ err }, "could not delete a statement's result"));
      }
    });
    for (const [id, r] of this.statements) if (r.state === "CLOSED" && now - r.finishedAt! > 2 * KEEP_MS) this.statements.delete(id);
  }

  private async forget(record: StatementRecord): Promise<void> {
    const dir = record.chunkDir;
    delete record.chunkDir;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** a chunk as sent: ARROW_STREAM one IPC stream, JSON_ARRAY the JSON text of its rows of strings */
async function encodeChunk(format: Format, columns: readonly ChunkColumn[], rows: ResultRows, offset: number, count: number): Promise<Uint8Array> {
  if (format === "ARROW_STREAM") return rows.readArrow(columns, offset, count);
  return Buffer.from(JSON.stringify((await rows.read(offset, count)).map((row) => row.map(asText))));
}

/** JSON_ARRAY sends every value as a string; complex values as their JSON text */
function asText(value: JsonValue): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}
