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
import { LABELS, type Mode, modesFromEnv, MODES, openStagedBench, resultLine } from "./staged-bench.js";

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const scratchBytes = Number(process.env.BENCH_SCRATCH_BYTES ?? 512 * 1024 * 1024);
const modes = modesFromEnv(MODES);
const bench = await openStagedBench(rows, scratchBytes);

try {
  console.log(`staged: ${bench.files} files, ${bench.mb.toFixed(0)} MB`);
  const results = await bench.measureAll(modes);
  for (const mode of modes) {
    const r = results.get(mode)!;
    const scratch = mode === "azure" ? `  scratch peak ${r.peakScratchMb.toFixed(0)} MB of ${(scratchBytes / 1024 / 1024).toFixed(0)} MB, ${r.groups} groups` : "";
    console.log(resultLine(LABELS[mode], r, bench) + scratch);
  }
  const ratio = (a: Mode, b: Mode, what: string, cpu = false) => {
    const x = results.get(a);
    const y = results.get(b);
    if (x && y) console.log(`${what}: ${(x.seconds / y.seconds).toFixed(2)}× wall${cpu ? `, ${(x.cpuSeconds / y.cpuSeconds).toFixed(2)}× CPU` : ""}`);
  };
  ratio("ours", "copy", "ours / baseline");
  ratio("calculated", "ours", "10 calculated fields / attributes only (target ≤ 1.3×)", true);
  ratio("everyday", "ours", "10 everyday calculated fields / attributes only (target ≤ 1.3×)", true);
  ratio("checked", "ours", "10 checked calculated fields / attributes only", true);
  ratio("azure", "ours", "staging and lake in Azurite / local files and lake");
} finally {
  await bench.close();
}
