/**
 * Ingestion throughput: staged Parquet (default 10M rows, > 1 GB) mapped, validated and committed
 * to a dataset's Delta table by src/lake, once with attribute mappings only and once with 10
 * calculated fields besides, beside a raw DuckDB COPY of the same files in the same run, each in its
 * own process for its own peak RSS.
 *   npx tsx bench/ingest/run.ts            (BENCH_ROWS=… to change the size)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { stagedRowsSql } from "./shape.js";

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const root = mkdtempSync(path.join(tmpdir(), "bench-ingest-"));
const staged = path.join(root, "staged");
const here = path.dirname(fileURLToPath(import.meta.url));

try {
  console.log(`generating ${rows.toLocaleString()} staged rows…`);
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: "2GB", temp_directory: path.join(root, "gen-spill") });
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  await conn.run(`COPY (${stagedRowsSql(rows)}) TO '${staged}' (FORMAT PARQUET, COMPRESSION SNAPPY, PER_THREAD_OUTPUT true, FILE_SIZE_BYTES '256MB')`);
  conn.closeSync();
  instance.closeSync();
  const files = readdirSync(staged).filter((f) => f.endsWith(".parquet"));
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(staged, f)).size, 0);
  const mb = bytes / 1024 / 1024;
  console.log(`staged: ${files.length} files, ${mb.toFixed(0)} MB`);

  const measure = (mode: "ours" | "calculated" | "copy") => {
    const work = path.join(root, mode);
    mkdirSync(work, { recursive: true });
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(here, "measure.ts"), mode, staged, work], { encoding: "utf8" });
    rmSync(work, { recursive: true, force: true });
    return JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; rows: number; peakRssMb: number };
  };
  const copy = measure("copy");
  const ours = measure("ours");
  const calculated = measure("calculated");
  if (ours.rows !== rows || copy.rows !== rows || calculated.rows !== rows) {
    throw new Error(`row counts differ: ours ${ours.rows}, calculated ${calculated.rows}, copy ${copy.rows}, staged ${rows}`);
  }
  const line = (name: string, r: typeof ours) =>
    `${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s  ${(rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s  peak RSS ${r.peakRssMb.toFixed(0)} MB`;
  console.log(line("DuckDB COPY of the files (baseline)", copy));
  console.log(line("ours: map + validate + Delta commit", ours));
  console.log(line("ours + 10 calculated fields", calculated));
  console.log(`ours / baseline time: ${(ours.seconds / copy.seconds).toFixed(2)}×`);
  console.log(`10 calculated fields / attributes only: ${(calculated.seconds / ours.seconds).toFixed(2)}× (target ≤ 1.3×)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
