/**
 * Append throughput: DeltaTable.append of a SELECT over staged Parquet (default 10M rows of a wide-ish
 * table: BIGINT, DECIMAL(38,18), TIMESTAMP WITH TIME ZONE, DATE, DOUBLE, strings) beside a plain DuckDB
 * COPY of the same SELECT to one Parquet file, in the same run; then the same for a table partitioned by
 * a low-cardinality string column (beside a COPY … PARTITION_BY). Each measurement runs in its own
 * process, under the same memory limit, so its peak RSS is its own.
 * Each side runs BENCH_REPEAT times (default 3), alternating; the best time of each is compared.
 *   npx tsx bench/delta/append.ts            (BENCH_ROWS=…, BENCH_MEMORY_LIMIT=… (default 1GB), BENCH_REPEAT=…, BENCH_CASES=plain,partitioned)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { writeStagedFiles } from "../support/staged-files.js";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { scriptArgs } from "../../test/support/built-scripts.js";

type Mode = "copy" | "append";
type Case = "plain" | "partitioned";
interface Measurement {
  seconds: number;
  rows: number;
  outputBytes: number;
  files: number;
  peakRssMb: number;
}

const field = (name: string, type: string, nullable = true) => ({ name, type, nullable, metadata: {} });
const SCHEMA: StructType = {
  type: "struct",
  fields: [
    field("id", "long", false),
    field("account", "string"),
    field("email", "string"),
    field("note", "string"),
    field("amount", "decimal(38,18)"),
    field("qty", "integer"),
    field("price", "double"),
    field("created_at", "timestamp"),
    field("day", "date"),
    field("region", "string"),
  ],
};

/** ≈ 150 bytes a row of random-looking text so the Parquet stays large; `region` has 8 values, some sparse nulls. */
function stagedRowsSql(rows: number): string {
  return `SELECT i::BIGINT AS id, 'ACC-' || lpad((i % 100003)::VARCHAR, 8, '0') AS account,
            md5(i::VARCHAR) || '@example.com' AS email,
            CASE WHEN i % 17 = 0 THEN NULL ELSE md5((i * 7)::VARCHAR) || md5((i * 13)::VARCHAR) END AS note,
            (i || '.' || lpad((i % 1000000)::VARCHAR, 18, '0'))::DECIMAL(38,18) AS amount,
            (i % 1000)::INTEGER AS qty, (i % 100000) / 7.0 AS price,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997) AS created_at,
            DATE '2024-01-01' + (i % 365)::INTEGER AS day,
            ['eu-west', 'eu-north', 'us-east', 'us-west', 'ap-south', 'ap-east', 'sa-east', 'af-south'][(i % 8) + 1] AS region
          FROM range(${rows}) t(i)`;
}

/** The SELECT both sides run: the staged columns, in table order. */
const selectSql = (staged: string) => `SELECT * FROM read_parquet('${staged}/*.parquet')`;

async function measure(mode: Mode, kind: Case, staged: string, work: string, memoryLimit: string): Promise<Measurement> {
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: memoryLimit, temp_directory: path.join(work, "spill") });
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  const out = path.join(work, "out");
  let rows: number;
  let files: string[];
  const started = performance.now();
  if (mode === "copy") {
    const target = kind === "plain" ? path.join(out, "copy.parquet") : out;
    mkdirSync(kind === "plain" ? out : work, { recursive: true });
    const partition = kind === "partitioned" ? ", PARTITION_BY (region)" : "";
    const result = await conn.runAndReadAll(`COPY (${selectSql(staged)}) TO '${target}' (FORMAT parquet, COMPRESSION snappy${partition}, RETURN_STATS)`);
    rows = result.getRowsJson().reduce((n, r) => n + Number(r[1]), 0);
    files = result.getRowsJson().map((r) => String(r[0]));
  } else {
    const table = openDeltaTable(out);
    await table.create({ schema: SCHEMA, partitionColumns: kind === "partitioned" ? ["region"] : [] });
    const result = await table.append(conn, selectSql(staged), { txn: { appId: "bench", version: 1 } });
    rows = result.numRecords;
    files = result.files.map((f) => path.join(out, decodeURIComponent(f)));
  }
  const seconds = (performance.now() - started) / 1000;
  conn.closeSync();
  instance.closeSync();
  const outputBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  return { seconds, rows, outputBytes, files: files.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const here = fileURLToPath(import.meta.url);
if (process.argv[2] === "--measure") {
  const [mode, kind, staged, work, memoryLimit] = process.argv.slice(3) as [Mode, Case, string, string, string];
  console.log(JSON.stringify(await measure(mode, kind, staged, work, memoryLimit)));
} else {
  const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
  const memoryLimit = process.env.BENCH_MEMORY_LIMIT ?? "1GB";
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
  const cases = (process.env.BENCH_CASES ?? "plain,partitioned").split(",") as Case[];
  const root = mkdtempSync(path.join(tmpdir(), "bench-delta-append-"));
  try {
    console.log(`generating ${rows.toLocaleString()} staged rows…`);
    const staged = path.join(root, "staged");
    await writeStagedFiles(staged, path.join(root, "gen-spill"), stagedRowsSql(rows), "256MB");
    execFileSync("sync"); // so the staged files' writeback does not land in the first measurement
    const stagedFiles = readdirSync(staged).filter((f) => f.endsWith(".parquet"));
    const mb = stagedFiles.reduce((n, f) => n + statSync(path.join(staged, f)).size, 0) / 1024 / 1024;
    console.log(`staged: ${stagedFiles.length} files, ${mb.toFixed(0)} MB; memory limit ${memoryLimit}`);

    const run = (mode: Mode, kind: Case): Measurement => {
      const work = path.join(root, `${mode}-${kind}`);
      mkdirSync(work, { recursive: true });
      const out = execFileSync(process.execPath, [...scriptArgs(here), "--measure", mode, kind, staged, work, memoryLimit], { encoding: "utf8" });
      rmSync(work, { recursive: true, force: true });
      execFileSync("sync");
      return JSON.parse(out.trim().split("\n").at(-1)!) as Measurement;
    };
    const line = (name: string, r: Measurement) =>
      `${name.padEnd(40)} ${r.seconds.toFixed(2).padStart(7)} s  ${(rows / r.seconds / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / r.seconds).toFixed(0).padStart(5)} MB/s  ` +
      `${String(r.files).padStart(3)} file(s) ${(r.outputBytes / 1024 / 1024).toFixed(0).padStart(5)} MB  peak RSS ${r.peakRssMb.toFixed(0)} MB`;
    const best = (runs: Measurement[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    for (const kind of cases) {
      const copies: Measurement[] = [];
      const appends: Measurement[] = [];
      for (let i = 0; i < repeat; i++) {
        copies.push(run("copy", kind));
        appends.push(run("append", kind));
      }
      const [copy, append] = [best(copies), best(appends)];
      const all = (runs: Measurement[]) => runs.map((r) => r.seconds.toFixed(2)).join(", ");
      if (copy.rows !== rows || append.rows !== rows) throw new Error(`row counts differ: copy ${copy.rows}, append ${append.rows}, staged ${rows}`);
      console.log(`— ${kind === "plain" ? "unpartitioned" : "partitioned by region (8 values)"} —`);
      console.log(line(kind === "plain" ? "DuckDB COPY of the SELECT (baseline)" : "DuckDB COPY … PARTITION_BY (baseline)", copy));
      console.log(line("DeltaTable.append of the SELECT", append));
      console.log(`append / baseline time: ${(append.seconds / copy.seconds).toFixed(2)}×  (best of ${repeat}; COPY runs ${all(copies)} s, append runs ${all(appends)} s)`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
