/**
 * Opens the metadata store: SQLite (better-sqlite3) under DATA_DIR by default, PostgreSQL when a
 * DATABASE_URL is given. One schema and one set of migrations serve both; where the dialects
 * differ, code asks a capability of `StoreCapabilities`, never "is this SQLite?".
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { Kysely, PostgresDialect, type RawBuilder, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import * as postgresStatements from "./postgres-statements.js";
import * as sqliteStatements from "./sqlite-statements.js";

export interface StoreCapabilities {
  /** SELECT … FOR UPDATE exists and serializes writers across processes */
  rowLocks: boolean;
  /** a WITH clause may hold INSERT, UPDATE and DELETE: one statement changes several tables */
  writableCtes: boolean;
  /** a statement may commit without waiting for its write-ahead log to reach the disk (PostgreSQL's synchronous_commit) */
  commitWithoutFlush: boolean;
  /**
   * The database's clock, epoch milliseconds, as SQL: one value through a statement. Times that
   * processes on several hosts compare (a lease's end, when a delivery is due) are taken from it, so
   * the hosts' own clocks need not agree.
   */
  clockMs: RawBuilder<number>;
}

export interface Store {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  close(): Promise<void>;
}

const PG_INT8 = 20;

const POSTGRES_CLOCK_MS = sql<number>`(floor(extract(epoch from statement_timestamp()) * 1000))::int8`;
// 'now' is one instant through a statement; unixepoch's fraction is milliseconds, rounded back to a whole one
const SQLITE_CLOCK_MS = sql<number>`cast(round(unixepoch('subsec') * 1000) as integer)`;

export function openStore(options: { databaseUrl?: string; dataDir: string }): Store {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // int8 columns of this schema hold epoch milliseconds, which a JS number holds exactly.
      types: { getTypeParser: (oid: number, format?: any) => (oid === PG_INT8 ? Number : pg.types.getTypeParser(oid, format)) } as any,
    });
    // An idle connection the server drops (a restart, a failover) must not take the process down:
    // the pool discards it and the next query opens a new one.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresStatements.withKeptStatements(pool) }) });
    return { db, capabilities: { rowLocks: true, writableCtes: true, commitWithoutFlush: true, clockMs: POSTGRES_CLOCK_MS }, close: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new Sqlite(path.join(options.dataDir, "metadata.sqlite"));
  // WAL keeps readers off the writer's back; a committed transaction survives a crash.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqliteStatements.withKeptStatements(sqlite) }) });
  // One process owns the file; its single connection already serializes transactions.
  return { db, capabilities: { rowLocks: false, writableCtes: false, commitWithoutFlush: false, clockMs: SQLITE_CLOCK_MS }, close: () => db.destroy() };
}

const PG_CONFLICTS = new Set(["23505", "40001", "40P01"]); // unique violation, serialization failure, deadlock

/**
 * A write that lost a race to another process: a unique constraint another insert took first, or
 * a transaction the database chose to abort (PostgreSQL serialization or deadlock, SQLite busy).
 * Every other error is a real failure and must not be mistaken for one.
 */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return PG_CONFLICTS.has(code) || code.startsWith("SQLITE_BUSY") || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** The metadata store's own failure, named by its code rather than its message (which quotes the schema). */
export interface StoreFailure {
  /** the database's code: an SQLite result code or a PostgreSQL SQLSTATE */
  code: string;
  /** it may pass (the database busy, restarting or unreachable for a moment); else the same write fails again */
  transient: boolean;
}

// PostgreSQL's SQLSTATE classes that pass: connection, transaction rollback, insufficient resources, operator intervention, system error
const PG_TRANSIENT_CLASSES = new Set(["08", "40", "53", "57", "58"]);
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;

/** The store failure an error is, if it comes from SQLite or PostgreSQL. */
export function storeFailureOf(error: unknown): StoreFailure | undefined {
  if (error instanceof pg.DatabaseError && typeof error.code === "string") {
    return { code: `SQLSTATE ${error.code}`, transient: PG_TRANSIENT_CLASSES.has(error.code.slice(0, 2)) || error.code === "55P03" };
  }
  if (error instanceof Sqlite.SqliteError) return { code: error.code, transient: SQLITE_TRANSIENT.test(error.code) };
  return undefined;
}
