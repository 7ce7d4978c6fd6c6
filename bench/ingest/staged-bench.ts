/**
 * What the ingestion benchmarks share: the staged rows (shape.ts) written as Parquet files of about
 * 128 MB and copied into the container `staging` of an Azurite in this process, and each mode
 * measured by measure.ts in a process of its own, so its peak RSS is its own (neither the
 * generator's nor Azurite's memory counts).
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
import { scriptArgs } from "../../test/support/built-scripts.js";

export const MODES = ["copy", "ours", "calculated", "everyday", "checked", "azure"] as const;
export type Mode = (typeof MODES)[number];
export const LABELS: Record<Mode, string> = {
  copy: "DuckDB COPY of the files (baseline)",
  ours: "ours, local files into a local-folder lake",
  calculated: "ours + 10 calculated fields",
  everyday: "ours + 10 everyday calculated fields",
  checked: "ours + 10 calculated fields, constrained",
  azure: "ours, staging and lake in Azurite (Blob)",
};

/** measure.ts's line */
export interface Measured {
  seconds: number;
  cpuSeconds: number;
  rows: number;
  peakRssMb: number;
  peakScratchMb: number;
  groups: number;
  /** the largest V8 heap plus the buffers outside it: what of the peak RSS is Node's */
  peakNodeHeapMb: number;
}

export interface StagedBench {
  rows: number;
  files: number;
  /** the staged Parquet's size, MiB */
  mb: number;
  /** one mode in a process of its own; throws unless it counted every staged row */
  measure(mode: Mode): Promise<Measured>;
  /** every mode, one after the other, then the load average from before them printed */
  measureAll(modes: readonly Mode[]): Promise<Map<Mode, Measured>>;
  /** stops Azurite and deletes every file of the benchmark */
  close(): Promise<void>;
}

/** The modes of BENCH_MODES (comma-separated), or `fallback`. */
export function modesFromEnv(fallback: readonly Mode[]): Mode[] {
  return (process.env.BENCH_MODES?.split(",") ?? fallback).map((m) => {
    if (!(MODES as readonly string[]).includes(m)) throw new Error(`BENCH_MODES: ${m} is not one of ${MODES.join(", ")}`);
    return m as Mode;
  });
}

/** Writes `rows` staged rows, uploads them to Azurite, and returns what measures the modes on them. */
export async function openStagedBench(rows: number, scratchBytes: number): Promise<StagedBench> {
  const root = mkdtempSync(path.join(tmpdir(), "bench-ingest-"));
  const staged = path.join(root, "staged");
  // the Azurite serving the Blob lake keeps its blobs on disk, in this process (its memory is not the ingesting process's)
  const account = newEmbeddedAccount();
  const blob = await startEmbeddedBlobService({ port: 0, location: path.join(root, "azurite"), accounts: [account] });
  const close = async () => {
    await blob.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const service = embeddedBlobAccount(account.name, account.key, blob.url).service;
    const lakeContainer = service.getContainerClient("lake");
    await lakeContainer.create();
    const stagingContainer = service.getContainerClient("staging");
    await stagingContainer.create();
    console.log(`generating ${rows.toLocaleString()} staged rows…`);
    await writeStagedFiles(staged, path.join(root, "gen-spill"), stagedRowsSql(rows));
    const files = readdirSync(staged).filter((f) => f.endsWith(".parquet"));
    const mb = files.reduce((sum, f) => sum + statSync(path.join(staged, f)).size, 0) / 1024 / 1024;
    for (const file of files) await stagingContainer.getBlockBlobClient(`run-1/${file}`).uploadFile(path.join(staged, file));
    const env = {
      ...process.env,
      BENCH_LAKE_URL: `${lakeContainer.url}/bench`,
      BENCH_STAGING_URL: `${stagingContainer.url}/run-1`,
      BENCH_LAKE_KEY: account.key,
      BENCH_SCRATCH_BYTES: String(scratchBytes),
    };
    const measureScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "measure.ts");
    const measure = async (mode: Mode): Promise<Measured> => {
      const work = path.join(root, mode);
      mkdirSync(work, { recursive: true });
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [...scriptArgs(measureScript), mode, staged, work], { encoding: "utf8", env, maxBuffer: 16 * 1024 * 1024 });
        const measured = JSON.parse(stdout.trim().split("\n").at(-1)!) as Measured;
        if (measured.rows !== rows) throw new Error(`${mode}: ${measured.rows} rows, staged ${rows}`);
        return measured;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    };
    const measureAll = async (modes: readonly Mode[]) => {
      const load = loadavg();
      const results = new Map<Mode, Measured>();
      for (const mode of modes) results.set(mode, await measure(mode));
      console.log(`load average before the runs: ${load.map((l) => l.toFixed(2)).join(", ")}`);
      return results;
    };
    return { rows, files: files.length, mb, measure, measureAll, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A mode's figures on one line: wall, rows/s, MB/s, CPU, peak RSS. */
export function resultLine(label: string, r: Measured, bench: Pick<StagedBench, "rows" | "mb">): string {
  return `${label.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  ${(bench.rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(bench.mb / r.seconds).toFixed(0).padStart(5)} MB/s  CPU ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB`;
}
