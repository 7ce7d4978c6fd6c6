/**
 * Peak RSS of ingesting a staged table of more than 5 GiB (the target: at most 1 GiB): the local
 * files into a local-folder lake, and the path of a deployment on Azure Storage (staging and lake
 * containers in an Azurite on this host, the files read a group at a time within the default scratch
 * budget of INGEST_SCRATCH_BYTES, 2 GiB), beside the raw DuckDB COPY of the same files; each in a
 * process of its own (measure.ts), so neither the generator's nor Azurite's memory counts.
 *   npx tsx bench/ingest/large.ts    (BENCH_ROWS=… to change the size, default 36M rows ≈ 5.2 GiB)
 */
import { DEFAULT_INGEST_SCRATCH_BYTES } from "../../src/config.js";
import { LABELS, modesFromEnv, openStagedBench, resultLine } from "./staged-bench.js";

const TARGET_STAGED_GIB = 5;
const TARGET_PEAK_RSS_MB = 1024;

const rows = Number(process.env.BENCH_ROWS ?? 36_000_000);
const scratchBytes = Number(process.env.BENCH_SCRATCH_BYTES ?? DEFAULT_INGEST_SCRATCH_BYTES);
const modes = modesFromEnv(["copy", "ours", "azure"]);
const bench = await openStagedBench(rows, scratchBytes);

try {
  const gib = bench.mb / 1024;
  console.log(`staged: ${rows.toLocaleString()} rows in ${bench.files} files, ${gib.toFixed(2)} GiB (${gib >= TARGET_STAGED_GIB ? "at least" : "less than"} the ${TARGET_STAGED_GIB} GiB of the target)`);
  const results = await bench.measureAll(modes);
  for (const mode of modes) {
    const r = results.get(mode)!;
    const scratch = `scratch peak ${r.peakScratchMb.toFixed(0)} MB${mode === "azure" ? ` of ${(scratchBytes / 1024 / 1024).toFixed(0)} MB, ${r.groups} groups` : ""}`;
    console.log(`${resultLine(LABELS[mode], r, bench)}  (Node heap ${r.peakNodeHeapMb.toFixed(0)} MB)  ${scratch}  ${r.rows.toLocaleString()} rows`);
  }
  for (const mode of modes) {
    if (mode === "copy") continue;
    const r = results.get(mode)!;
    const within = r.peakRssMb <= TARGET_PEAK_RSS_MB;
    console.log(`${LABELS[mode]}: peak RSS ${r.peakRssMb.toFixed(0)} MB, ${within ? "within" : "over"} the target of ${TARGET_PEAK_RSS_MB} MB`);
  }
} finally {
  await bench.close();
}
