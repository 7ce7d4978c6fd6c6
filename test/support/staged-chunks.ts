import type { DuckDBConnection } from "@duckdb/node-api";
import type { SqlColumn } from "../../src/databricks/client.js";
import { arrowChunksToParquet } from "../../src/runs/arrow-chunk-files.js";

/** One Arrow chunk staged as Parquet the way a warehouse run stages its chunks; throws unless it makes exactly one file. */
export async function stageOneChunk(conn: DuckDBConnection, bytes: Uint8Array, columns: readonly SqlColumn[], base: string): Promise<{ file: string; rows: number }> {
  const { files, rows } = await arrowChunksToParquet(conn, 1, async () => bytes, columns, base, 1);
  if (files.length !== 1) throw new Error(`one chunk made ${files.length} files`);
  return { file: files[0], rows };
}
