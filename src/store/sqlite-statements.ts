/**
 * better-sqlite3 with its prepared statements kept: Kysely's SQLite driver prepares every query
 * anew, which was a fifth of the CPU of a cheap indexed read (GET credentials). Kysely emits the
 * same SQL text for the same query shape, so a bounded map from SQL to statement serves nearly
 * every call. SQLite re-prepares a kept statement itself when the schema changes under it.
 */
import type Sqlite from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

const KEPT_STATEMENTS = 500;

export function withKeptStatements(database: Sqlite.Database): SqliteDatabase {
  const kept = new Map<string, Sqlite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = kept.get(sql);
      // A statement still iterating (a streamed read) cannot run again until it is done.
      if (statement && !statement.busy) return statement as unknown as SqliteStatement;
      const prepared = database.prepare(sql);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      kept.set(sql, prepared);
      return prepared as unknown as SqliteStatement;
    },
  };
}
