/**
 * One measurement in a process of its own, so its peak RSS is its own:
 *   tsx bench/ingest/measure.ts ours|calculated|everyday|checked|azure|copy <stagedDir> <workDir>
 * "calculated", "everyday" and "checked" add calculated fields to the attribute mapping (shape.ts).
 * Each ingestion is timed as a dataset's second window (a first one of 1,000 rows, not timed,
 * creates its table), as every window but a dataset's first is.
 * "azure" takes the path of a run on Azure Storage: the staged files are read from the Blob
 * container BENCH_STAGING_URL names (path-style: <endpoint>/<account>/<container>/<prefix>) a group
 * at a time, within a scratch budget of BENCH_SCRATCH_BYTES, and the dataset is written to the
 * container folder BENCH_LAKE_URL names (an account key in BENCH_LAKE_KEY) instead of the local disk.
 * Prints one JSON line: {seconds, cpuSeconds, rows, peakRssMb, peakScratchMb, groups, peakNodeHeapMb}
 * (cpuSeconds: the process's user and system time over the same span, every DuckDB thread included;
 * on a shared machine it varies far less than the wall time; peakScratchMb: the largest size of the
 * ingestion's scratch folders, sampled every 20 ms; peakNodeHeapMb: the largest V8 heap plus the
 * buffers outside it, sampled as often: what of the peak RSS is not DuckDB's or the code's).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { DuckDBInstance } from "@duckdb/node-api";
import { ingestStaged } from "../../src/lake/ingest.js";
import { useAzureLake } from "../../src/lake/lake-location.js";
import { batchRowErrorsDir, datasetTableRoot } from "../../src/lake/lake-paths.js";
import { blobStagedInput, listStagedFiles, type StagedInput } from "../../src/lake/staged-files.js";
import { benchMapping } from "./shape.js";

const [mode, stagedDir, workDir] = process.argv.slice(2);
const files = readdirSync(stagedDir).filter((f) => f.endsWith(".parquet")).sort().map((f) => path.join(stagedDir, f));
let rows: number;
let groups = 1;
let measuring: { scratch: ReturnType<typeof sampleFolderSize>; nodeHeap: ReturnType<typeof sampleNodeHeap>; started: number; cpuAtStart: NodeJS.CpuUsage } | undefined;
if (mode !== "copy") {
  const { rules, schema } = benchMapping(mode === "calculated" || mode === "checked" || mode === "everyday" ? mode : "attributes");
  const lakeRoot = mode === "azure" ? azureLake() : workDir;
  const window = (version: number, input: string[] | StagedInput) =>
    ingestStaged({
      files: input,
      rules,
      schema,
      tableRoot: datasetTableRoot(lakeRoot, "dataset"),
      txn: { appId: "bench-flow", version },
      rowErrorsDir: batchRowErrorsDir(lakeRoot, `bench-batch-${version}`),
      partialIngestionPercent: 0,
      tempDir: path.join(workDir, "ingest"),
      memoryLimit: process.env.BENCH_MEMORY_LIMIT,
      scratchBytes: mode === "azure" ? Number(process.env.BENCH_SCRATCH_BYTES) : undefined,
    });
  // the measured window goes into a dataset that already holds one, as every window but a dataset's first does
  await window(1, [await firstRows(1000)]);
  const input = mode === "azure" ? await stagedInBlob() : files;
  measuring = startMeasuring();
  const result = await window(2, input);
  rows = result.outputRecords;
  groups = result.groups;
} else {
  measuring = startMeasuring();
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: process.env.BENCH_MEMORY_LIMIT ?? "512MB", temp_directory: path.join(workDir, "spill") });
  const conn = await instance.connect();
  const list = `[${files.map((f) => `'${f}'`).join(", ")}]`;
  await conn.run(`COPY (SELECT * FROM read_parquet(${list})) TO '${path.join(workDir, "copy.parquet")}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  rows = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${list})`)).getRowObjectsJson()[0].n);
  conn.closeSync();
  instance.closeSync();
}
const seconds = (performance.now() - measuring.started) / 1000;
const cpu = process.cpuUsage(measuring.cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakScratchMb = measuring.scratch.stop() / 1024 / 1024;
const peakNodeHeapMb = measuring.nodeHeap.stop() / 1024 / 1024;

function startMeasuring() {
  // the worker's scratch: staged copies, spill, row errors, and the Blob lake's data files before upload
  const scratch = sampleFolderSize([path.join(workDir, "ingest"), path.join(workDir, "copies")]);
  return { scratch, nodeHeap: sampleNodeHeap(), started: performance.now(), cpuAtStart: process.cpuUsage() };
}

/** The first staged rows as a small Parquet file of their own (the dataset's first window). */
async function firstRows(count: number): Promise<string> {
  const file = path.join(workDir, "first-window.parquet");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT * FROM read_parquet('${files[0]}') LIMIT ${count}) TO '${file}' (FORMAT PARQUET)`);
  conn.closeSync();
  instance.closeSync();
  return file;
}

function azureLake(): string {
  const { endpoint, account, container, folder } = pathStyle(process.env.BENCH_LAKE_URL!);
  return useAzureLake(
    { blobEndpoint: endpoint, account, container, folder, accountKey: process.env.BENCH_LAKE_KEY },
    { cacheFolder: path.join(workDir, "copies") },
  );
}

async function stagedInBlob() {
  const { endpoint, account, container, folder } = pathStyle(process.env.BENCH_STAGING_URL!);
  const client = new ContainerClient(`${endpoint}/${container}`, new StorageSharedKeyCredential(account, process.env.BENCH_LAKE_KEY!));
  return blobStagedInput(client, await listStagedFiles(client, `${folder}/`));
}

function pathStyle(url: string) {
  const parsed = new URL(url);
  const [account, container, ...folder] = parsed.pathname.split("/").filter(Boolean);
  return { endpoint: `${parsed.origin}/${account}`, account, container, folder: folder.join("/") };
}

function sampleFolderSize(folders: string[]) {
  let peak = 0;
  const size = (dir: string): number => {
    let total = 0;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return 0; // not there (yet)
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      try {
        total += entry.isDirectory() ? size(full) : statSync(full).size;
      } catch {
        // removed while sampled
      }
    }
    return total;
  };
  const timer = setInterval(() => (peak = Math.max(peak, folders.reduce((n, f) => n + size(f), 0))), 20);
  return { stop: () => (clearInterval(timer), peak) };
}
function sampleNodeHeap() {
  let peak = 0;
  const timer = setInterval(() => {
    const { heapUsed, external } = process.memoryUsage();
    peak = Math.max(peak, heapUsed + external);
  }, 20);
  return { stop: () => (clearInterval(timer), peak) };
}
console.log(JSON.stringify({ seconds, cpuSeconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024, peakScratchMb, groups, peakNodeHeapMb }));
