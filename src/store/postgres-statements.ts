/**
 * pg's pool with the statements marked kept sent as named prepared statements: PostgreSQL plans
 * every other statement anew on each call (Kysely sends them unnamed), and planning the claim cost
 * more than running it (0.37 ms against 0.19; docs/benchmarks.md, Scheduler). A kept statement is
 * named by a hash of its SQL text, so a changed text is a new statement, and is prepared once per
 * connection. What a statement may be kept is up to its author: its text must not vary from call to
 * call (values as parameters), and it must name the columns it returns — PostgreSQL plans a kept
 * statement again itself when a migration changes a table under it, but fails one whose result
 * gains or loses a column (`RETURNING *` after a column was added). A connection keeps at most
 * KEPT_STATEMENTS; past them a marked statement is sent unnamed, as any other.
 *
 * SQLite keeps every statement already (sqlite-statements.ts); the mark is a comment to it.
 *
 * Every statement's rows are read as arrays and made into objects by a function written once per
 * list of columns (row-objects.ts), as on SQLite: the same objects, made for less.
 */
import { createHash } from "node:crypto";
import { type RawBuilder, sql } from "kysely";
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";
import { type RowOf, rowFunction } from "./row-objects.js";

const KEPT_STATEMENTS = 50;
const MARK = "/* kept */ ";

/** `statement` sent as a named prepared statement on PostgreSQL (see above for what it must be). */
export function kept<Row>(statement: RawBuilder<Row>): RawBuilder<Row> {
  return sql<Row>`${sql.raw(MARK)}${statement}`;
}

export function withKeptStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let keeping = clients.get(client);
      // the same object for the same connection: Kysely knows a connection by it
      if (!keeping) clients.set(client, (keeping = keepingClient(client)));
      return keeping;
    },
    end: () => pool.end(),
  };
}

function keepingClient(client: pg.PoolClient): PostgresPoolClient {
  const prepared = new Set<string>();
  function query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query(textOrCursor: unknown, values?: readonly unknown[]): unknown {
    if (typeof textOrCursor !== "string") return client.query(textOrCursor as pg.Submittable);
    const name = textOrCursor.startsWith(MARK) ? statementName(textOrCursor) : undefined;
    const config: pg.QueryArrayConfig = { text: textOrCursor, values: values as unknown[], rowMode: "array" };
    if (name !== undefined && (prepared.has(name) || prepared.size < KEPT_STATEMENTS)) {
      prepared.add(name);
      config.name = name;
    }
    return client.query(config).then(withRowObjects);
  }
  return { query, release: () => client.release() };
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `kept_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    if (names.size < KEPT_STATEMENTS) names.set(text, name);
  }
  return name;
}

const ROW_FUNCTIONS = 500;
const rowFunctions = new Map<string, RowOf>();

/** The result with its rows (read as arrays) as the objects pg makes (row-objects.ts), by a function kept per list of columns. */
function withRowObjects(result: pg.QueryArrayResult): PostgresQueryResult<unknown> {
  if (Array.isArray(result)) return result.map(withRowObjects) as never; // several statements in one text: one result each
  if (result.rows.length === 0) return result as PostgresQueryResult<unknown>;
  const names = result.fields.map((field) => field.name);
  const key = names.join("\u0000");
  let rowOf = rowFunctions.get(key);
  if (!rowOf) {
    if (rowFunctions.size >= ROW_FUNCTIONS) rowFunctions.delete(rowFunctions.keys().next().value!);
    rowFunctions.set(key, (rowOf = rowFunction(names, true)));
  }
  const rows = result.rows;
  const objects = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) objects[i] = rowOf(rows[i]);
  return { command: result.command, rowCount: result.rowCount, rows: objects } as PostgresQueryResult<unknown>;
}
