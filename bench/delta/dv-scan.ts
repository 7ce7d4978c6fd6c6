/**
 * How the DV-filtered scan scales: a 2M-row table, a third of it deleted through one deletion vector,
 * then full scans. Run: npx tsx bench/delta/dv-scan.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { openDeltaTable } from "../../src/delta/index.js";

const rows = Number(process.argv[2] ?? 2_000_000);
const dir = await mkdtemp(path.join(tmpdir(), "delta-bench-"));
const instance = await DuckDBInstance.create(":memory:");
const conn = await instance.connect();
const table = openDeltaTable(path.join(dir, "t"));
const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await work();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
};
try {
  await table.create({
    schema: { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }, { name: "v", type: "double", nullable: true, metadata: {} }] },
    properties: { "delta.enableDeletionVectors": "true" },
  });
  await time(`append ${rows} rows`, () => table.append(conn, `SELECT range AS id, random() AS v FROM range(${rows})`));
  await time("delete id % 3 = 0 (DV)", () => table.deleteWhere(conn, "id % 3 = 0"));
  const snapshot = await table.snapshot();
  const rel = await time("build scan (reads DV)", () => table.scanRelation(conn, snapshot));
  const n = await time("count(*) over scan", async () => (await conn.runAndReadAll(`SELECT count(*), sum(id) FROM ${rel}`)).getRowsJson()[0]);
  console.log("result", n);
  await time("second delete id % 5 = 0 (DV union)", () => table.deleteWhere(conn, "id % 5 = 0"));
} finally {
  conn.closeSync();
  await rm(dir, { recursive: true, force: true });
}
