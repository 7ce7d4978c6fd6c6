/** A test's connection to a workspace engine (every Spark macro and JavaScript function registered), open from beforeAll to afterAll */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";
import { Engine } from "./engine.js";

export function engineSession(): { rows: (sql: string) => Promise<Record<string, unknown>[]> } {
  let dir: string;
  let engine: Engine | undefined;
  let conn: DuckDBConnection | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "engine-"));
    engine = await Engine.create(dir);
    conn = await engine.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { rows: async (sql) => (await conn!.runAndReadAll(sql)).getRowObjects() };
}
