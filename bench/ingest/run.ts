/**
 * Ingestion throughput: staged Parquet (default 10M rows, > 1 GB) mapped, validated and committed
 * to a dataset's Delta table by src/lake, once with attribute mappings only and once with 10
 * calculated fields besides, and once into a lake in a Blob container of an Azurite on this host,
 * beside a raw DuckDB COPY of the same files in the same run, each in its own process for its own
 * peak RSS.
 *   npx tsx bench/ingest/run.ts            (BENCH_ROWS=… to change the size)
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { stagedRowsSql } from "./shape.js";
import { startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const root = mkdtempSync(path.join(tmpdir(), "bench-ingest-"));
const staged = path.join(root, "staged");
const here = path.dirname(fileURLToPath(import.meta.url));
// the Azurite serving the Blob lake keeps its blobs on disk, in this process (its memory is not the ingesting process's)
const account = newEmbeddedAccount();
const blob = await startEmbeddedBlobService({ port: 0, location: path.join(root, "azurite"), accounts: [account] });
const lakeContainer = embeddedBlobAccount(account.name, account.key, blob.url).service.getContainerClient("lake");
await lakeContainer.create();

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

  const measure = async (mode: "ours" | "calculated" | "azure" | "copy") => {
    const work = path.join(root, mode);
    mkdirSync(work, { recursive: true });
    const env = { ...process.env, BENCH_LAKE_URL: `${lakeContainer.url}/bench`, BENCH_LAKE_KEY: account.key };
    const { stdout: out } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(here, "measure.ts"), mode, staged, work], { encoding: "utf8", env, maxBuffer: 16 * 1024 * 1024 });
    rmSync(work, { recursive: true, force: true });
    return JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; cpuSeconds: number; rows: number; peakRssMb: number };
  };
  const copy = await measure("copy");
  const ours = await measure("ours");
  const calculated = await measure("calculated");
  const azure = await measure("azure");
  if (ours.rows !== rows || copy.rows !== rows || calculated.rows !== rows || azure.rows !== rows) {
    throw new Error(`row counts differ: ours ${ours.rows}, calculated ${calculated.rows}, azure ${azure.rows}, copy ${copy.rows}, staged ${rows}`);
  }
  const line = (name: string, r: typeof ours) =>
    `${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s  ${(rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s  CPU ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB`;
  console.log(line("DuckDB COPY of the files (baseline)", copy));
  console.log(line("ours: map + validate + Delta commit", ours));
  console.log(line("ours + 10 calculated fields", calculated));
  console.log(line("ours, lake in Azurite (Blob)", azure));
  console.log(`ours / baseline time: ${(ours.seconds / copy.seconds).toFixed(2)}×`);
  console.log(`10 calculated fields / attributes only: ${(calculated.seconds / ours.seconds).toFixed(2)}× wall, ${(calculated.cpuSeconds / ours.cpuSeconds).toFixed(2)}× CPU (target ≤ 1.3×)`);
  console.log(`Blob lake / local-disk lake: ${(azure.seconds / ours.seconds).toFixed(2)}×`);
} finally {
  await blob.close();
  rmSync(root, { recursive: true, force: true });
}
