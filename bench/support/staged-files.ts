import { DuckDBInstance } from "@duckdb/node-api";

/** Writes the rows of `select` (a benchmark's generated rows) as snappy Parquet files of about `fileSize` under `dir`. */
export async function writeStagedFiles(dir: string, spillDir: string, select: string, fileSize = "128MB"): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: "2GB", temp_directory: spillDir });
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    await conn.run(`COPY (${select}) TO '${dir}' (FORMAT PARQUET, COMPRESSION SNAPPY, PER_THREAD_OUTPUT true, FILE_SIZE_BYTES '${fileSize}')`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
