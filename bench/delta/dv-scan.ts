/**
 * How the scan with deletion vectors applied scales: a table of ROWS rows (default 2,000,000), a
 * third of it deleted through one deletion vector, then a full scan, beside the baseline measured
 * in the same run: DuckDB reading the same data files with the deleted rows filtered out by the
 * delete's own predicate instead of the vector. Both must give the same count and sum.
 *
 *   npx tsx bench/delta/dv-scan.ts [ROWS]
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
const time = async <T>(label: string, work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms`);
  return { result, ms };
};
const countAndSum = async (relation: string) => (await conn.runAndReadAll(`SELECT count(*), sum(id) FROM ${relation}`)).getRowsJson()[0].map(String).join(", ");
try {
  await table.create({
    schema: { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }, { name: "v", type: "double", nullable: true, metadata: {} }] },
    properties: { "delta.enableDeletionVectors": "true" },
  });
  await time(`append ${rows.toLocaleString("en")} rows`, () => table.append(conn, `SELECT range AS id, random() AS v FROM range(${rows})`));
  await time("delete id % 3 = 0 (deletion vector)", () => table.deleteWhere(conn, "id % 3 = 0"));
  const snapshot = await table.snapshot();
  const files = snapshot.files.map((file) => `'${path.join(table.root, decodeURIComponent(file.path)).replaceAll("'", "''")}'`).join(", ");
  const scan = await time("build the scan (reads the deletion vector)", () => table.scanRelation(conn, snapshot));
  const applied = await time("count and sum over the scan", () => countAndSum(scan.result));
  const baseline = await time("baseline: the files filtered by the predicate", () => countAndSum(`read_parquet([${files}]) WHERE NOT (id % 3 = 0)`));
  if (applied.result !== baseline.result) throw new Error(`the scan gave ${applied.result}, the baseline ${baseline.result}`);
  console.log(`count, sum: ${applied.result} (the same both ways)`);
  console.log(`scan with the deletion vector / baseline: ${((scan.ms + applied.ms) / baseline.ms).toFixed(2)}×`);
  await time("second delete id % 5 = 0 (vectors merged)", () => table.deleteWhere(conn, "id % 5 = 0"));
} finally {
  conn.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
}
