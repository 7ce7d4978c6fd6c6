/**
 * Ingestion throughput: staged Parquet (default 10M rows, > 1 GB, in files of about 128 MB as a
 * Spark export writes them) mapped, validated and committed to a dataset's Delta table by src/lake,
 * once with attribute mappings only and once with 10 calculated fields besides (local files, local
 * lake), and once on the path of a deployment on Azure Storage: the staged files read from a Blob
 * container of an Azurite on this host a group at a time, within a scratch budget
 * (BENCH_SCRATCH_BYTES, default 512 MiB, a third of the default batch), into a lake in another
 * container there; beside a raw DuckDB COPY of the same files in the same run, each in its own
 * process for its own peak RSS and scratch.
 * The same 10 calculated fields into fields with constraints (so every value is checked) too.
 *   npx tsx bench/ingest/run.ts    (BENCH_ROWS=… to change the size, BENCH_MODES=copy,ours,… to run some)
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeStagedFiles } from "../support/staged-files.js";
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
const service = embeddedBlobAccount(account.name, account.key, blob.url).service;
const lakeContainer = service.getContainerClient("lake");
await lakeContainer.create();
const stagingContainer = service.getContainerClient("staging");
await stagingContainer.create();
const scratchBytes = Number(process.env.BENCH_SCRATCH_BYTES ?? 512 * 1024 * 1024);
const MODES = ["copy", "ours", "calculated", "checked", "azure"] as const;
const LABELS: Record<(typeof MODES)[number], string> = {
  copy: "DuckDB COPY of the files (baseline)",
  ours: "ours, local files into a local-folder lake",
  calculated: "ours + 10 calculated fields",
  checked: "ours + 10 calculated fields, constrained",
  azure: "ours, staging and lake in Azurite (Blob)",
};
const modes = (process.env.BENCH_MODES?.split(",") ?? MODES).map((m) => {
  if (!(MODES as readonly string[]).includes(m)) throw new Error(`BENCH_MODES: ${m} is not one of ${MODES.join(", ")}`);
  return m as (typeof MODES)[number];
});

try {
  console.log(`generating ${rows.toLocaleString()} staged rows…`);
  await writeStagedFiles(staged, path.join(root, "gen-spill"), stagedRowsSql(rows));
  const files = readdirSync(staged).filter((f) => f.endsWith(".parquet"));
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(staged, f)).size, 0);
  const mb = bytes / 1024 / 1024;
  console.log(`staged: ${files.length} files, ${mb.toFixed(0)} MB`);
  for (const file of files) await stagingContainer.getBlockBlobClient(`run-1/${file}`).uploadFile(path.join(staged, file));

  type Mode = (typeof MODES)[number];
  type Measured = { seconds: number; cpuSeconds: number; rows: number; peakRssMb: number; peakScratchMb: number; groups: number };
  const measure = async (mode: Mode): Promise<Measured> => {
    const work = path.join(root, mode);
    mkdirSync(work, { recursive: true });
    const env = {
      ...process.env,
      BENCH_LAKE_URL: `${lakeContainer.url}/bench`,
      BENCH_STAGING_URL: `${stagingContainer.url}/run-1`,
      BENCH_LAKE_KEY: account.key,
      BENCH_SCRATCH_BYTES: String(scratchBytes),
    };
    const { stdout: out } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(here, "measure.ts"), mode, staged, work], { encoding: "utf8", env, maxBuffer: 16 * 1024 * 1024 });
    rmSync(work, { recursive: true, force: true });
    const measured = JSON.parse(out.trim().split("\n").at(-1)!) as Measured;
    if (measured.rows !== rows) throw new Error(`${mode}: ${measured.rows} rows, staged ${rows}`);
    return measured;
  };
  const load = loadavg();
  const results = new Map<Mode, Measured>();
  for (const mode of modes) results.set(mode, await measure(mode));
  const line = (name: string, r: Measured) =>
    `${name.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  ${(rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s  CPU ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB`;
  console.log(`load average before the runs: ${load.map((l) => l.toFixed(2)).join(", ")}`);
  for (const mode of modes) {
    const r = results.get(mode)!;
    const scratch = mode === "azure" ? `  scratch peak ${r.peakScratchMb.toFixed(0)} MB of ${(scratchBytes / 1024 / 1024).toFixed(0)} MB, ${r.groups} groups` : "";
    console.log(line(LABELS[mode], r) + scratch);
  }
  const ratio = (a: Mode, b: Mode, what: string, cpu = false) => {
    const x = results.get(a);
    const y = results.get(b);
    if (x && y) console.log(`${what}: ${(x.seconds / y.seconds).toFixed(2)}× wall${cpu ? `, ${(x.cpuSeconds / y.cpuSeconds).toFixed(2)}× CPU` : ""}`);
  };
  ratio("ours", "copy", "ours / baseline");
  ratio("calculated", "ours", "10 calculated fields / attributes only (target ≤ 1.3×)", true);
  ratio("checked", "ours", "10 checked calculated fields / attributes only", true);
  ratio("azure", "ours", "staging and lake in Azurite / local files and lake");
} finally {
  await blob.close();
  rmSync(root, { recursive: true, force: true });
}
