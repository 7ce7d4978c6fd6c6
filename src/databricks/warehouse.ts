/**
 * A SQL warehouse (SQL Warehouses API 2.0, /api/2.0/sql/warehouses) and the Statement Execution
 * API 2.0 (/api/2.0/sql/statements) on it: the same operations as DatabricksCluster (its state,
 * making sure it runs, running Spark SQL with loss-free values), plus a bulk read whose result
 * comes as Arrow chunks behind presigned links (disposition EXTERNAL_LINKS, format ARROW_STREAM).
 */
import { stateReporter } from "./compute-state.js";
import type { DatabricksClient, EnsureRunningOptions, SqlColumn, SqlResult, SqlSession } from "./client.js";
import { ClusterNotRunningError, ComputeStartTimeoutError, DatabricksProtocolError, DatabricksSqlError, DatabricksTimeoutError } from "./errors.js";
import { parseLosslessJson } from "./lossless-json.js";
import { fetchResultLink } from "./result-links.js";
import { toLosslessValue } from "./result-values.js";
import { parseDdlType, type SparkType } from "./spark-types.js";

export type WarehouseState = "STARTING" | "RUNNING" | "STOPPING" | "STOPPED" | "DELETING" | "DELETED";

export interface WarehouseInfo {
  id: string;
  name?: string;
  state: WarehouseState;
  [key: string]: unknown;
}

/** The warehouse is not in a state the operation accepts (the message names the warehouse). */
export class WarehouseNotRunningError extends ClusterNotRunningError {
  override name = "WarehouseNotRunningError";
  constructor(warehouseId: string, state: string, hint: string) {
    super(warehouseId, state, undefined, hint);
    this.message = `SQL warehouse ${warehouseId} is ${state}; ${hint}`;
  }
}

/** One result chunk of a bulk read: where it starts, how many rows, and how to get its bytes. */
export interface ExternalChunk {
  index: number;
  rowOffset: number;
  rowCount: number;
  byteCount: number;
}

export interface ExternalResult {
  statementId: string;
  columns: SqlColumn[];
  chunks: ExternalChunk[];
  /** the chunk's bytes through a fresh presigned link (links expire; each download asks for one) */
  download(chunk: ExternalChunk, signal?: AbortSignal): Promise<Uint8Array>;
}

interface StatementResponse {
  statement_id?: string;
  status?: { state?: string; error?: { error_code?: string; message?: string } };
  manifest?: {
    format?: string;
    schema?: { columns?: Array<{ name?: string; type_text?: string; position?: number }> };
    chunks?: Array<{ chunk_index: number; row_offset: number; row_count: number; byte_count?: number }>;
    truncated?: boolean;
  };
  result?: ResultData;
}
interface ResultData {
  chunk_index?: number;
  data_array?: unknown[][];
  next_chunk_index?: number;
  next_chunk_internal_link?: string;
  external_links?: Array<{ chunk_index: number; external_link: string; http_headers?: Record<string, string> }>;
}

const STATEMENTS = "/api/2.0/sql/statements";
const DONE = new Set(["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"]);
const STOPPED = new Set<string>(["STOPPED", "STOPPING"]);
/** A bound on an inline result's chunks (25 MiB at most in all): a workspace that keeps answering next_chunk_index is cut off, not followed forever. */
const MAX_INLINE_CHUNKS = 1000;

export class DatabricksWarehouse {
  constructor(
    private readonly client: DatabricksClient,
    readonly warehouseId: string,
  ) {}

  info(): Promise<WarehouseInfo> {
    return this.client.http.get<WarehouseInfo>(`/api/2.0/sql/warehouses/${encodeURIComponent(this.warehouseId)}`, {}, "warehouses/get");
  }

  async start(): Promise<void> {
    await this.client.http.post(`/api/2.0/sql/warehouses/${encodeURIComponent(this.warehouseId)}/start`, {}, "warehouses/start");
  }

  /**
   * The warehouse, running. With autoStart a STOPPED one is started (a STOPPING one once stopped)
   * and a STARTING one waited for; without it any state but RUNNING is a WarehouseNotRunningError.
   */
  async ensureRunning(options: EnsureRunningOptions): Promise<WarehouseInfo> {
    const first = await this.info();
    if (first.state === "RUNNING") return first;
    if (!options.autoStart) throw new WarehouseNotRunningError(this.warehouseId, first.state, options.hint);
    if (first.state === "DELETING" || first.state === "DELETED") throw new WarehouseNotRunningError(this.warehouseId, first.state, "it is being deleted");
    const deadline = Date.now() + options.timeoutMs;
    const report = stateReporter(options.onState);
    let last = first;
    let polls = 0;
    return this.client.pollUntil(
      async () => {
        options.signal?.throwIfAborted();
        const info = polls++ === 0 ? first : await this.info();
        last = info;
        if (info.state === "RUNNING") return info;
        const stopped = STOPPED.has(info.state);
        if (stopped) await this.start();
        await report({ state: info.state, started: stopped });
        return undefined;
      },
      deadline,
      () => new ComputeStartTimeoutError("SQL warehouse", this.warehouseId, options.timeoutMs, last.state, undefined, options.timeoutSetting),
    );
  }

  /** Statements are independent: a session is only the deadline they share. */
  async session<T>(work: (session: SqlSession) => Promise<T>, options: { timeoutMs: number }): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    return work({ run: (sql) => this.runUntil(sql, deadline) });
  }

  /** One statement, its whole result inline (JSON_ARRAY, every chunk followed). */
  runSql(sql: string, options: { timeoutMs: number }): Promise<SqlResult> {
    return this.runUntil(sql, Date.now() + options.timeoutMs);
  }

  /**
   * One statement read in bulk: EXTERNAL_LINKS + ARROW_STREAM; the chunks are downloaded by the
   * caller. An abort cancels the statement; `onSubmitted` is told its id before it is waited on
   * (should it fail, the statement is cancelled).
   */
  async readExternal(sql: string, options: { timeoutMs: number; signal?: AbortSignal; onSubmitted?: (statementId: string) => Promise<void> }): Promise<ExternalResult> {
    const done = await this.execute(sql, "EXTERNAL_LINKS", "ARROW_STREAM", Date.now() + options.timeoutMs, options.signal, options.onSubmitted);
    const statementId = done.statement_id!;
    const chunks = (done.manifest?.chunks ?? []).map((c) => ({ index: c.chunk_index, rowOffset: c.row_offset, rowCount: c.row_count, byteCount: c.byte_count ?? 0 }));
    return {
      statementId,
      columns: columnsOf(done),
      chunks,
      download: async (chunk, signal) => {
        const data = await this.client.http.get<ResultData>(`${STATEMENTS}/${statementId}/result/chunks/${chunk.index}`, {}, "statements/chunk", signal);
        const link = data.external_links?.find((l) => l.chunk_index === chunk.index) ?? data.external_links?.[0];
        if (!link) throw new DatabricksProtocolError(`chunk ${chunk.index} of statement ${statementId} came without an external link`);
        return fetchResultLink(link.external_link, link.http_headers, chunk.byteCount, await this.client.resultLinkReach(), this.client.resolveHost, signal);
      },
    };
  }

  private async runUntil(sql: string, deadline: number): Promise<SqlResult> {
    const done = await this.execute(sql, "INLINE", "JSON_ARRAY", deadline);
    const columns = columnsOf(done);
    const rows: unknown[][] = [];
    let data: ResultData | undefined = done.result;
    let chunk = data?.chunk_index ?? 0;
    for (let read = 1; data; read++) {
      rows.push(...(data.data_array ?? []));
      if (data.next_chunk_index === undefined) break;
      const next = data.next_chunk_index;
      const statement = `statement ${done.statement_id} on SQL warehouse ${this.warehouseId}`;
      if (typeof next !== "number" || !(next > chunk)) {
        throw new DatabricksProtocolError(`the workspace answered next_chunk_index ${JSON.stringify(next)} after chunk ${chunk} of ${statement}: a result's chunks must advance, so it was not followed`);
      }
      if (read >= MAX_INLINE_CHUNKS) throw new DatabricksProtocolError(`the workspace kept answering next_chunk_index after ${MAX_INLINE_CHUNKS} chunks of ${statement}; the result was not read further`);
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabricksTimeoutError(`the result of ${statement} was not read within the statement's time (${read} chunks read)`);
      const link = data.next_chunk_internal_link ?? `${STATEMENTS}/${done.statement_id}/result/chunks/${next}`;
      data = await this.client.http.get<ResultData>(link, {}, "statements/chunk", AbortSignal.timeout(left));
      chunk = next;
    }
    return {
      schema: columns,
      rows: rows.map((row) => columns.map((c, i) => toLosslessValue(readCell(row[i], c.type), c.type))),
      truncated: done.manifest?.truncated === true,
    };
  }

  /** Asks the warehouse to cancel a statement; one already done stays as it ended. */
  async cancelStatement(statementId: string): Promise<void> {
    await this.client.http.post(`${STATEMENTS}/${encodeURIComponent(statementId)}/cancel`, {}, "statements/cancel");
  }

  /**
   * Submits, then polls until the statement is done; past the deadline, or once `signal` aborts, it
   * is cancelled. `onSubmitted` is told the id of a statement not done at its submission.
   */
  private async execute(
    sql: string,
    disposition: string,
    format: string,
    deadline: number,
    signal?: AbortSignal,
    onSubmitted?: (statementId: string) => Promise<void>,
  ): Promise<StatementResponse> {
    const submitted = await this.client.http.post<StatementResponse>(
      STATEMENTS,
      { statement: sql, warehouse_id: this.warehouseId, disposition, format, wait_timeout: "10s", on_wait_timeout: "CONTINUE" },
      "statements/execute",
    );
    const id = submitted.statement_id;
    if (typeof id !== "string") throw new DatabricksProtocolError("statements/execute answered without a statement_id");
    let done: StatementResponse;
    try {
      if (!DONE.has(submitted.status?.state ?? "")) await onSubmitted?.(id);
    } catch (error) {
      await this.cancelStatement(id).catch(() => undefined);
      throw error;
    }
    try {
      done = DONE.has(submitted.status?.state ?? "")
        ? submitted
        : await this.client.pollUntil(
            async () => {
              if (signal?.aborted) throw new DatabricksTimeoutError(`the statement on SQL warehouse ${this.warehouseId} was abandoned: ${String(signal.reason ?? "aborted")}`);
              const s = await this.client.http.get<StatementResponse>(`${STATEMENTS}/${id}`, {}, "statements/get");
              return DONE.has(s.status?.state ?? "") ? s : undefined;
            },
            deadline,
            () => `a statement on SQL warehouse ${this.warehouseId} finishing`,
          );
    } catch (error) {
      if (error instanceof DatabricksTimeoutError) await this.cancelStatement(id).catch(() => undefined);
      throw error;
    }
    const state = done.status?.state;
    if (state === "FAILED") throw new DatabricksSqlError(done.status?.error?.message || "the statement failed", undefined);
    if (state !== "SUCCEEDED") throw new DatabricksSqlError(`the statement ended ${state}`, undefined);
    return done;
  }
}

function columnsOf(response: StatementResponse): SqlColumn[] {
  return (response.manifest?.schema?.columns ?? []).map((c, i) => ({ name: c.name ?? `_c${i}`, type: readType(c.type_text) }));
}

function readType(text: string | undefined): SparkType {
  try {
    return parseDdlType(text ?? "string");
  } catch {
    // a type this client does not know: its values stay text, which loses nothing
    return { kind: "primitive", name: "string" };
  }
}

/** JSON_ARRAY cells are strings; ARRAY, STRUCT and MAP values are their JSON text. */
function readCell(cell: unknown, type: SparkType): unknown {
  if (typeof cell !== "string" || (type.kind !== "array" && type.kind !== "struct" && type.kind !== "map")) return cell;
  try {
    return parseLosslessJson(cell);
  } catch {
    return cell;
  }
}
