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
