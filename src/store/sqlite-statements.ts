/**
 * better-sqlite3 with its prepared statements kept: Kysely's SQLite driver prepares every query
 * anew, which was a fifth of the CPU of a cheap indexed read (GET credentials). Kysely emits the
 * same SQL text for the same query shape, so a bounded map from SQL to statement serves nearly
 * every call. SQLite re-prepares a kept statement itself when the schema changes under it.
 *
 * A read's rows come back as arrays (better-sqlite3's raw mode) and become objects in JavaScript
 * (row-objects.ts): better-sqlite3 set each column of each row by name from C++, which was half
 * the cost of reading a page of 100 runs (550 µs of 1,100; docs/benchmarks.md, List endpoints).
 */
import type Sqlite from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import { type RowOf, rowFunction } from "./row-objects.js";

const KEPT_STATEMENTS = 500;

export function withKeptStatements(database: Sqlite.Database): SqliteDatabase {
  const kept = new Map<string, KeptStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = kept.get(sql);
      // A statement still iterating (a streamed read) cannot run again until it is done.
      if (statement && !statement.busy) return statement;
      const prepared = new KeptStatement(database.prepare(sql));
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      kept.set(sql, prepared);
      return prepared;
    },
  };
}

class KeptStatement implements SqliteStatement {
  readonly reader: boolean;
  private row: { columns: number; of: RowOf } | undefined;

  constructor(private readonly statement: Sqlite.Statement) {
    this.reader = statement.reader;
    if (this.reader) statement.raw(true);
  }

  get busy(): boolean {
    return this.statement.busy;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.statement.all(parameters) as unknown[][];
    if (rows.length === 0) return rows;
    const rowOf = this.rowsOf(rows[0].length);
    const objects = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) objects[i] = rowOf(rows[i]);
    return objects;
  }

  run(parameters: ReadonlyArray<unknown>) {
    return this.statement.run(parameters);
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    for (const values of this.statement.iterate(parameters) as IterableIterator<unknown[]>) yield this.rowsOf(values.length)(values);
  }

  /** The row function of the statement's columns; made again when their number changed (SQLite re-prepared the statement after a migration). */
  private rowsOf(columns: number): RowOf {
    if (this.row?.columns !== columns) this.row = { columns, of: rowFunction(this.statement.columns().map((c) => c.name)) };
    return this.row.of;
  }
}
