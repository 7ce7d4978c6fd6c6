/**
 * A statement's result kept on disk instead of in the API process: the query runs once into a
 * table of its own DuckDB database file (attached to the engine under a per-statement name), and
 * each chunk is read back by row id — a CREATE TABLE AS keeps the query's row order, so rows
 * [a, b) of the result are rowid >= a AND rowid < b, found through the table's zone maps without
 * reading the rest. The file is detached and deleted when the statement is closed; the folder
 * lives in the workspace's tmp directory, which is emptied at start.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection, DuckDBMaterializedResult, DuckDBType } from "@duckdb/node-api";
import type { Engine } from "../engine/engine.js";
import { describeQuery } from "../exec/context.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { sparkColumnName, tableResult, type TableResult } from "../results/table-result.js";
import { toJsonValue, type JsonValue } from "../results/values.js";
import { quoteString } from "../sql/spark-types.js";
import { arrowChunk, type ChunkColumn } from "./arrow-chunk.js";
import { duckArrowChunk } from "./duck-arrow-chunk.js";

/** rows of a finished result, read by position: as JSON table values, or as one Arrow IPC stream */
export interface ResultRows {
  readonly rowCount: number;
  read(offset: number, count: number): Promise<JsonValue[][]>;
  readArrow(columns: readonly ChunkColumn[], offset: number, count: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** a small result (SHOW, DESCRIBE, DDL) that the executor already holds */
export function rowsInMemory(data: JsonValue[][]): ResultRows {
  const read = async (offset: number, count: number) => data.slice(offset, offset + count);
  return { rowCount: data.length, read, readArrow: async (columns, offset, count) => arrowChunk(columns, await read(offset, count)), close: async () => {} };
}

export class SpilledResult implements ResultRows {
  rowCount = 0;
  private types: DuckDBType[] = [];
  private readonly alias: string;
  private readonly file: string;
  private attached = false;

  /** whether the statement's query was spilled here (a table result); otherwise its rows are in memory */
  get filled(): boolean {
    return this.attached;
  }

  constructor(
    private readonly engine: Engine,
    dir: string,
    id: string,
  ) {
    this.alias = `statement_${id.replace(/-/g, "")}`;
    this.file = path.join(dir, `${id}.duckdb`);
  }

  /** runs the query into the file; returns its columns (no rows) and whether rowLimit cut it */
  async fill(conn: DuckDBConnection, sql: string, rowLimit: number): Promise<TableResult> {
    const columns = await describeQuery(conn, sql);
    // the storage version that holds a VARIANT column (DuckDB's default one does not)
    await conn.run(`ATTACH ${quoteString(this.file)} AS ${this.alias} (STORAGE_VERSION 'v1.5.0')`);
    this.attached = true;
    const limit = Number.isFinite(rowLimit) ? ` LIMIT ${rowLimit + 1}` : "";
    await conn.run(`CREATE TABLE ${this.alias}.result AS SELECT * FROM (${sql})${limit}`);
    const count = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${this.alias}.result`)).getRows()[0][0]);
    this.types = columns.map((c) => c.type);
    this.rowCount = Math.min(count, rowLimit);
    const table = tableResult(
      columns.map((c) => ({ name: sparkColumnName(c.name), type: duckToSpark(c.type) })),
      [],
    );
    table.truncated = count > rowLimit;
    return table;
  }

  async read(offset: number, count: number): Promise<JsonValue[][]> {
    return this.readRows(offset, count, (result) => {
      const rows: JsonValue[][] = [];
      for (let c = 0; c < result.chunkCount; c++) {
        for (const row of result.getChunk(c).getRows()) rows.push(row.map((v, k) => toJsonValue(v, this.types[k])));
      }
      return rows;
    });
  }

  /** the rows as Arrow straight from DuckDB's column vectors (duck-arrow-chunk.ts), not through JSON values */
  async readArrow(columns: readonly ChunkColumn[], offset: number, count: number): Promise<Uint8Array> {
    return this.readRows(offset, count, (result) => {
      const chunks = Array.from({ length: result.chunkCount }, (_, c) => result.getChunk(c));
      return duckArrowChunk(columns, this.types, chunks);
    });
  }

  /** rows [offset, offset + count) of the result, in its order, handed to use while their connection is open */
  private async readRows<T>(offset: number, count: number, use: (result: DuckDBMaterializedResult) => T): Promise<T> {
    const end = Math.min(offset + count, this.rowCount);
    const conn = await this.engine.connect();
    try {
      // no ORDER BY: the engine keeps insertion order (DuckDB's preserve_insertion_order, on by default), so a scan gives the rows by row id, and sorting each chunk again cost ~30 ms in 100,000 rows
      return use(await conn.run(`SELECT * FROM ${this.alias}.result WHERE rowid >= ${offset} AND rowid < ${end}`));
    } finally {
      conn.closeSync();
    }
  }

  async close(): Promise<void> {
    if (this.attached) {
      this.attached = false;
      const conn = await this.engine.connect();
      try {
        await conn.run(`DETACH DATABASE IF EXISTS ${this.alias}`);
      } finally {
        conn.closeSync();
      }
    }
    await Promise.all([rm(this.file, { force: true }), rm(`${this.file}.wal`, { force: true })]);
  }
}
