/**
 * The Statement Execution API 2.0 on the local warehouses. A statement waits (PENDING) while its
 * warehouse starts — submitting to a STOPPED warehouse starts it, as Databricks does — then runs
 * (RUNNING) on its own DuckDB connection through the same SQL engine as the cluster, and ends
 * SUCCEEDED, FAILED or CANCELED. A result is cut into chunks of `chunkRows` rows, kept in memory
 * (JSON_ARRAY rows of strings, or one Arrow IPC stream per chunk) until the statement is closed, an
 * hour after it finished or when more than MAX_KEPT statements have finished since.
 */
import { randomUUID } from "node:crypto";
import { apiErrors, SqlError, sqlErrors } from "../errors.js";
import type { Engine } from "../engine/engine.js";
import type { WorkspaceParts } from "../exec/context.js";
import { executeSql } from "../exec/executor.js";
import type { CommandResult } from "../results/table-result.js";
import type { JsonValue } from "../results/values.js";
import { parseStatement } from "../sql/parser.js";
import type { SparkType } from "../sql/spark-types.js";
import { splitStatements, tokenize } from "../sql/tokenizer.js";
import { arrowChunk, type ChunkColumn } from "./arrow-chunk.js";
import { columnInfo, type ColumnInfo } from "./column-info.js";
import type { Warehouses } from "./warehouse.js";

export type StatementState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "CLOSED";
export type Disposition = "INLINE" | "EXTERNAL_LINKS";
export type Format = "JSON_ARRAY" | "ARROW_STREAM";

/** Databricks: an INLINE result above 25 MiB fails the statement */
const INLINE_LIMIT_BYTES = 25 * 1024 * 1024;
const KEEP_MS = 60 * 60_000;
const MAX_KEPT = 200;

export interface Chunk {
  chunk_index: number;
  row_offset: number;
  row_count: number;
  byte_count: number;
  /** JSON_ARRAY: every value as a string (or null); ARROW_STREAM: the IPC stream */
  rows?: Array<Array<string | null>>;
  arrow?: Uint8Array;
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

  constructor(
    private readonly engine: Engine,
    private readonly parts: WorkspaceParts,
    private readonly warehouses: Warehouses,
    private readonly opts: StatementRunnerOptions,
  ) {
    warehouses.isBusy = (id) => (this.running.get(id) ?? 0) > 0;
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

  /** resolves when every statement has stopped (for close) */
  async drain(): Promise<void> {
    for (const record of this.statements.values()) record.abort.abort();
    await Promise.all([...this.statements.values()].map((r) => r.done));
  }

  private async run(record: StatementRecord, request: SubmitRequest): Promise<void> {
    try {
      await this.waitForWarehouse(record);
      if (record.abort.signal.aborted) return;
      record.state = "RUNNING";
      this.running.set(record.warehouseId, (this.running.get(record.warehouseId) ?? 0) + 1);
      try {
        const result = await this.execute(record, request);
        if (record.state !== "RUNNING") return;
        if (result.resultType === "error") return this.fail(record, result.summary);
        this.keepResult(record, result);
      } finally {
        this.running.set(record.warehouseId, (this.running.get(record.warehouseId) ?? 1) - 1);
        this.warehouses.touch(record.warehouseId);
      }
    } catch (error) {
      if (record.state === "PENDING" || record.state === "RUNNING") {
        this.fail(record, error instanceof SqlError ? error.summary : (error as Error).message);
      }
    }
  }

  private async waitForWarehouse(record: StatementRecord): Promise<void> {
    for (;;) {
      const state = this.warehouses.state(record.warehouseId);
      if (state === "RUNNING") return;
      if (state === "STOPPED" || state === "STOPPING") this.warehouses.start(record.warehouseId);
      if (record.abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, this.opts.pollMs));
    }
  }

  private async execute(record: StatementRecord, request: SubmitRequest): Promise<CommandResult> {
    const statements = splitStatements(tokenize(request.statement));
    if (statements.length !== 1) {
      throw new SqlError("org.apache.spark.sql.catalyst.parser.ParseException", "PARSE_SYNTAX_ERROR", "A statement execution request runs exactly one statement. SQLSTATE: 42601");
    }
    if (parseStatement(statements[0]).kind === "insertOverwriteDirectory") throw sqlErrors.unsupported("INSERT OVERWRITE DIRECTORY on a SQL warehouse");
    const conn = await this.engine.connect();
    try {
      const session = { catalog: request.catalog ?? this.parts.metastore.defaultCatalog, schema: request.schema ?? "default" };
      const parts = { ...this.parts, maxResultRows: request.rowLimit ?? Number.POSITIVE_INFINITY };
      return await executeSql({ conn, session, parts, signal: record.abort.signal }, request.statement);
    } finally {
      conn.closeSync();
    }
  }

  private keepResult(record: StatementRecord, result: Extract<CommandResult, { resultType: "table" }>): void {
    const columns: ChunkColumn[] = result.schema.map((c) => ({ name: c.name, type: JSON.parse(c.type) as SparkType }));
    const chunks: Chunk[] = [];
    for (let offset = 0; offset < result.data.length; offset += this.opts.chunkRows) {
      const rows = result.data.slice(offset, offset + this.opts.chunkRows);
      const chunk: Chunk = { chunk_index: chunks.length, row_offset: offset, row_count: rows.length, byte_count: 0 };
      if (record.format === "ARROW_STREAM") {
        chunk.arrow = arrowChunk(columns, rows);
        chunk.byte_count = chunk.arrow.byteLength;
      } else {
        chunk.rows = rows.map((row) => row.map(asText));
        chunk.byte_count = Buffer.byteLength(JSON.stringify(chunk.rows));
      }
      chunks.push(chunk);
    }
    const bytes = chunks.reduce((sum, c) => sum + c.byte_count, 0);
    if (record.disposition === "INLINE" && bytes > INLINE_LIMIT_BYTES) {
      return this.fail(record, `The result is ${bytes} bytes, more than the 25 MiB an INLINE result may hold: use disposition EXTERNAL_LINKS.`);
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
      }
    });
    for (const [id, r] of this.statements) if (r.state === "CLOSED" && now - r.finishedAt! > 2 * KEEP_MS) this.statements.delete(id);
  }
}

/** JSON_ARRAY sends every value as a string; complex values as their JSON text */
function asText(value: JsonValue): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}
