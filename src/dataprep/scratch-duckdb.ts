/** Data Prep's in-memory DuckDB, for sample rows (validate, preview, a constant's check): one thread, since sample rows are few. */
import { DuckDBInstance } from "@duckdb/node-api";

export type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

let instance: Promise<DuckDBInstance> | undefined;

/** Work on a connection of its own, closed after. */
export async function withConnection<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  instance ??= DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await (await instance).connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}
