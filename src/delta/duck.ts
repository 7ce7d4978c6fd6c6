import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/**
 * The library's own in-memory DuckDB, for reading checkpoints and writing data when the caller's
 * connection is not at hand (snapshot(), create(), checkpoints). One instance per process; one
 * connection per operation, because a DuckDB connection runs one query at a time.
 */
let instance: Promise<DuckDBInstance> | null = null;

export async function withConnection<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  instance ??= DuckDBInstance.create(":memory:", { threads: "2" });
  const conn = await (await instance).connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}

/** The columns of a query's rows as DuckDB names and types them; nothing of its data is read. */
export async function describeQuery(conn: DuckDBConnection, selectSql: string): Promise<{ name: string; type: string }[]> {
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (${selectSql}) AS q`);
  return described.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
