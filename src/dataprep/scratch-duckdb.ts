/**
 * Data Prep's in-memory DuckDB, for sample rows (validate, preview, a constant's check): one thread,
 * since sample rows are few, and little memory, so an expression that builds huge values (a padding
 * of 100 million characters) fails its query instead of growing the service.
 */
import { DuckDBInstance } from "@duckdb/node-api";

export type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

const SCRATCH_MEMORY = "512MB";

let instance: Promise<DuckDBInstance> | undefined;

/** Work on a connection of its own, closed after. */
export async function withConnection<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  instance ??= DuckDBInstance.create(":memory:", { threads: "1", memory_limit: SCRATCH_MEMORY });
  const conn = await (await instance).connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}
