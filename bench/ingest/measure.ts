/**
 * One measurement in a process of its own, so its peak RSS is its own:
 *   tsx bench/ingest/measure.ts ours|calculated|azure|copy <stagedDir> <workDir>
 * "azure" writes the dataset to the Blob container BENCH_LAKE_URL names (path-style, an account key
 * in BENCH_LAKE_KEY) instead of the local disk. Prints one JSON line: {seconds, cpuSeconds, rows, peakRssMb}
 * (cpuSeconds: the process's user and system time over the same span, every DuckDB thread included;
 * on a shared machine it varies far less than the wall time).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { ingestStaged } from "../../src/lake/ingest.js";
import { useAzureLake } from "../../src/lake/lake-location.js";
import { batchRowErrorsDir, datasetTableRoot } from "../../src/lake/lake-paths.js";
import { BENCH_CALCULATED_MAPPINGS, BENCH_MAPPINGS, BENCH_SCHEMA } from "./shape.js";

const [mode, stagedDir, workDir] = process.argv.slice(2);
const files = readdirSync(stagedDir).filter((f) => f.endsWith(".parquet")).sort().map((f) => path.join(stagedDir, f));
const started = performance.now();
const cpuAtStart = process.cpuUsage();
let rows: number;
if (mode === "ours" || mode === "calculated" || mode === "azure") {
  const lakeRoot = mode === "azure" ? azureLake() : workDir;
  const result = await ingestStaged({
    files,
    rules: mode === "calculated" ? BENCH_CALCULATED_MAPPINGS : BENCH_MAPPINGS,
    schema: BENCH_SCHEMA,
    tableRoot: datasetTableRoot(lakeRoot, "dataset"),
    txn: { appId: "bench-flow", version: 1 },
    rowErrorsDir: batchRowErrorsDir(lakeRoot, "bench-batch"),
    partialIngestionPercent: 0,
    tempDir: path.join(workDir, "spill"),
    memoryLimit: process.env.BENCH_MEMORY_LIMIT,
  });
  rows = result.outputRecords;
} else {
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: process.env.BENCH_MEMORY_LIMIT ?? "512MB", temp_directory: path.join(workDir, "spill") });
  const conn = await instance.connect();
  const list = `[${files.map((f) => `'${f}'`).join(", ")}]`;
  await conn.run(`COPY (SELECT * FROM read_parquet(${list})) TO '${path.join(workDir, "copy.parquet")}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  rows = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${list})`)).getRowObjectsJson()[0].n);
  conn.closeSync();
  instance.closeSync();
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

function azureLake(): string {
  const url = new URL(process.env.BENCH_LAKE_URL!);
  const [account, container, ...folder] = url.pathname.split("/").filter(Boolean);
  return useAzureLake(
    { blobEndpoint: `${url.origin}/${account}`, account, container, folder: folder.join("/"), accountKey: process.env.BENCH_LAKE_KEY },
    { cacheFolder: path.join(workDir, "copies") },
  );
}
console.log(JSON.stringify({ seconds, cpuSeconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
