/**
 * Ingestion of a mapping that only renames columns (src/lake/rename-fast-path.ts): the staged files
 * become the dataset's data files with their column data copied as it is, beside the raw DuckDB COPY
 * of the same files and the same mapping through the usual path (one unmapped field more, so the
 * plan is not a pure rename: every value decoded, mapped and encoded again), in the same run, each
 * in a process of its own for its own peak RSS. The staged rows are bench:ingest's (shape.ts), the
 * decimal column as a double (a decimal is never renamed).
 *   npx tsx bench/ingest/rename.ts    (BENCH_ROWS=… to change the size, default 10M rows, > 1 GB)
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { writeStagedFiles } from "../support/staged-files.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { batchRowErrorsDir, datasetTableRoot } from "../../src/lake/lake-paths.js";
import { stagedRowsSql } from "./shape.js";
import { scriptArgs } from "../../test/support/built-scripts.js";

const SCHEMA = {
  properties: {
    _id: { type: "string" },
    customerId: { type: "number" },
    name: { type: "string" },
    note: { type: "string" },
    balance: { type: "number" },
    updatedAt: { type: "string", format: "date-time" },
  },
};
const RULES = [
  { sourceAttribute: "email", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "name", destinationXdmPath: "name" },
  { sourceAttribute: "note", destinationXdmPath: "note" },
  { sourceAttribute: "balance", destinationXdmPath: "balance" },
  { sourceAttribute: "updated_at", destinationXdmPath: "updatedAt" },
];
const MODES = ["copy", "renamed", "usual"] as const;
type Mode = (typeof MODES)[number];
const LABELS: Record<Mode, string> = {
  copy: "DuckDB COPY of the files (baseline)",
  renamed: "ours, pure rename (column data copied)",
  usual: "ours, same mapping + 1 unmapped field",
};
interface Measured {
  seconds: number;
  cpuSeconds: number;
  rows: number;
  peakRssMb: number;
  renamedFiles: number;
  dataFiles: number;
}

if (process.argv[2] === "measure") {
  console.log(JSON.stringify(await measureOne(process.argv[3] as Mode, process.argv[4], process.argv[5])));
} else {
  await run();
}

async function run(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
  const root = mkdtempSync(path.join(tmpdir(), "bench-rename-"));
  const staged = path.join(root, "staged");
  try {
    console.log(`generating ${rows.toLocaleString()} staged rows…`);
    await writeStagedFiles(staged, path.join(root, "gen-spill"), `SELECT id, name, email, note, balance::DOUBLE AS balance, updated_at FROM (${stagedRowsSql(rows)})`);
    const files = readdirSync(staged).filter((f) => f.endsWith(".parquet"));
    const mb = files.reduce((sum, f) => sum + statSync(path.join(staged, f)).size, 0) / 1024 / 1024;
    console.log(`staged: ${files.length} files, ${mb.toFixed(0)} MB`);
    const load = loadavg();
    const results = new Map<Mode, Measured>();
    for (const mode of MODES) {
      const work = path.join(root, mode);
      mkdirSync(work, { recursive: true });
      const script = fileURLToPath(import.meta.url);
      const { stdout } = await promisify(execFile)(process.execPath, [...scriptArgs(script), "measure", mode, staged, work], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      rmSync(work, { recursive: true, force: true });
      const measured = JSON.parse(stdout.trim().split("\n").at(-1)!) as Measured;
      if (measured.rows !== rows) throw new Error(`${mode}: ${measured.rows} rows, staged ${rows}`);
      results.set(mode, measured);
    }
    console.log(`load average before the runs: ${load.map((l) => l.toFixed(2)).join(", ")}`);
    for (const mode of MODES) {
      const r = results.get(mode)!;
      const files = mode === "copy" ? "" : `  ${r.renamedFiles} of ${r.dataFiles} data files renamed`;
      console.log(
        `${LABELS[mode].padEnd(40)} ${r.seconds.toFixed(2).padStart(7)} s  ${(rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s  CPU ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB${files}`,
      );
    }
    const ratio = (a: Mode, b: Mode, what: string) => {
      const [x, y] = [results.get(a)!, results.get(b)!];
      console.log(`${what}: ${(x.seconds / y.seconds).toFixed(2)}× wall, ${(x.cpuSeconds / y.cpuSeconds).toFixed(2)}× CPU`);
    };
    ratio("renamed", "copy", "pure rename / baseline (target < 1.0×)");
    ratio("renamed", "usual", "pure rename / usual path");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** One mode, in this process: its wall and CPU time and its peak RSS. */
async function measureOne(mode: Mode, stagedDir: string, workDir: string): Promise<Measured> {
  const files = readdirSync(stagedDir).filter((f) => f.endsWith(".parquet")).sort().map((f) => path.join(stagedDir, f));
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let rows: number;
  let renamedFiles = 0;
  let dataFiles = 1;
  if (mode === "copy") {
    const instance = await DuckDBInstance.create(":memory:", { memory_limit: "512MB", temp_directory: path.join(workDir, "spill") });
    const conn = await instance.connect();
    const list = `[${files.map((f) => `'${f}'`).join(", ")}]`;
    const copied = await conn.run(`COPY (SELECT * FROM read_parquet(${list})) TO '${path.join(workDir, "copy.parquet")}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
    rows = Number(copied.rowsChanged);
    conn.closeSync();
    instance.closeSync();
  } else {
    const schema = mode === "usual" ? { properties: { ...SCHEMA.properties, unmapped: { type: "string" } } } : SCHEMA;
    const result = await ingestStaged({
      files,
      rules: RULES,
      schema,
      tableRoot: datasetTableRoot(workDir, "dataset"),
      txn: { appId: "bench-flow", version: 1 },
      rowErrorsDir: batchRowErrorsDir(workDir, "bench-batch"),
      partialIngestionPercent: 0,
      tempDir: path.join(workDir, "ingest"),
    });
    rows = result.outputRecords;
    renamedFiles = result.renamedFiles;
    dataFiles = result.dataFiles.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows, peakRssMb: process.resourceUsage().maxRSS / 1024, renamedFiles, dataFiles };
}
