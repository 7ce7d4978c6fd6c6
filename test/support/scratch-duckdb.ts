import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";

export interface ScratchDuckDb {
  /** a folder of the suite's own, removed afterwards */
  dir: string;
  /** an in-memory DuckDB connection in UTC */
  conn: DuckDBConnection;
}

/** A suite's scratch folder and in-memory DuckDB (UTC), opened before its tests and closed after them. */
export function useScratchDuckDb(prefix: string): ScratchDuckDb {
  const scratch = {} as ScratchDuckDb;
  let instance: DuckDBInstance;
  beforeAll(async () => {
    scratch.dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    instance = await DuckDBInstance.create(":memory:");
    scratch.conn = await instance.connect();
    await scratch.conn.run("SET TimeZone = 'UTC'");
  });
  afterAll(() => {
    scratch.conn.closeSync();
    instance.closeSync();
    rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
