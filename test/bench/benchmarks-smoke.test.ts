/**
 * Each benchmark of bench/ run in a small configuration: proof that the benchmark code itself
 * works (its load generator, its seeding, its checks), not of any timing. The figures are read
 * from real runs of the full configurations (docs/benchmarks.md).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";
import { scriptArgs } from "../support/built-scripts.js";
import { DIALECTS } from "../support/postgres.js";
import { TEST_DEMO_ROWS } from "../support/process.js";

/** Runs `work` once fewer than `lanes` others started here run, in the order asked. */
function takingTurns(lanes: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (running >= lanes) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      // the turn passes straight to the next in line, so no later arrival takes it first
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Two benchmarks at a time: each waits much of its time (on a window's end, a worker's runs, a
 * cluster, the disk), which the other fills; more would only slow each down on two cores. Every one
 * has its own ports, data directory and database.
 */
const inTurn = takingTurns(2);

async function bench(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await inTurn(() =>
    promisify(execFile)(process.execPath, [...scriptArgs(script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    }),
  );
  return stdout;
}

/**
 * The service of `npm start` as the smoke runs it: its cluster starts at once and its worker looks for
 * due runs every 100 ms, instead of the defaults' 3 s and 1 s, and its demo tables (which the
 * benchmarks do not read) are small; what the benchmark does is the same.
 */
const QUICK_SERVICE = { DATABRICKS_CLUSTER_START_DELAY_MS: "100", RUN_POLL_MS: "100", DATABRICKS_LOCAL_DEMO_ROWS: TEST_DEMO_ROWS };

// each takes 5–60 s on an idle machine; a busy one (another test run beside the suite) may take minutes,
// and one waits for its turn behind the others
describe.concurrent("benchmarks in a small configuration", { timeout: 600_000 }, () => {
  it("bench:credentials loads /health and GET credentials from autocannon in its own process, with no failed request", async () => {
    const out = await bench("bench/credentials.ts", ["--requests", "200", "--connections", "4", "--dialects", DIALECTS.join(",")]);
    for (const dialect of DIALECTS) expect(out).toContain(`${dialect} store`);
    const lines = out.split("\n").filter((l) => l.startsWith("GET "));
    expect(lines).toHaveLength(2 * DIALECTS.length);
    for (const line of lines) {
      expect(line).toMatch(/p99 +\d+(\.\d+)? ms/);
      expect(line).toMatch(/\(\d+ requests, 0 failed\)/);
      expect(Number(/\((\d+) requests/.exec(line)![1])).toBeGreaterThan(0);
    }
  });

  it("bench:api-lists seeds a sandbox on each store and loads every list endpoint, each answering pages", async () => {
    const out = await bench("bench/api-lists.ts", ["--flows", "12", "--runs-per-flow", "60", "--resources", "12", "--requests", "20", "--connections", "2", "--dialects", DIALECTS.join(",")]);
    for (const dialect of DIALECTS) expect(out).toContain(`${dialect}: seeded 12 flows, 720 runs, 12 connections and datasets`);
    const lines = out.split("\n").filter((l) => l.startsWith("GET "));
    expect(lines).toHaveLength(12 * DIALECTS.length);
    for (const line of lines) expect(line).toMatch(/p99 +\d+(\.\d+)? ms .*\(\d+ requests, 0 failed\)/);
  });

  it("bench:scheduler runs worker processes on PostgreSQL and finds no window created twice or lost", async () => {
    if (!DIALECTS.includes("postgres")) return;
    const out = await bench("bench/scheduler/run.ts", ["--flows", "20", "--seconds", "5", "--margin-seconds", "2", "--workers", "2", "--poll-ms", "200"]);
    expect(out).toMatch(/2 worker processes: dispatch lag p50 \d+ ms, p99 \d+ ms.* 0 windows with two runs, 0 of [1-9]\d* due windows lost, 0 due runs never claimed, 0 worker errors/);
  });

  it("bench:scheduler:backlog drains a backlog of due runs with 1 and 2 worker processes, each run finished once, past runs behind failed windows", async () => {
    if (!DIALECTS.includes("postgres")) return;
    // beside runs behind failed windows only: a backlog alone (--behind-failed 0) is the same drain without them
    const out = await bench("bench/scheduler/backlog.ts", ["--runs", "60", "--workers", "1,2", "--behind-failed", "150"]);
    expect(out).toMatch(/with 150 more runs due before them, waiting behind failed windows:\n 1 worker process : 60 of 60 runs in [\d.]+ s, \d+ runs\/s \(1\.00x one worker\); .* 0 runs claimed more than once, 0 worker errors, 0 waiting runs claimed/);
    expect(out).toMatch(/ 1 worker process : 60 of 60 runs in [\d.]+ s, \d+ runs\/s \(1\.00x one worker\); per run: [\d.]+ ms CPU in the workers, [\d.?]+ ms in PostgreSQL; /);
    expect(out).toMatch(/ 2 worker processes: 60 of 60 runs in [\d.]+ s, \d+ runs\/s \([\d.]+x one worker\); .* 0 runs claimed more than once, 0 worker errors, 0 waiting runs claimed/);
  });

  it("bench:run takes one table through a whole run on each path of a real `npm start`, every row landed, with each phase's share, round after round", async () => {
    const out = await bench("bench/run/whole-run.ts", ["--rows", "3000", "--rounds", "2", "--look-ms", "200"], QUICK_SERVICE);
    expect(out).toMatch(/DuckDB: Delta table → Parquet \(the limit\) +[\d.]+ s/);
    for (const path of ["cluster", "warehouse", "sharing"]) {
      expect(out).toMatch(new RegExp(`${path}: [\\d.]+ s, 3,000 rows in the dataset\\n`));
      expect(out).toMatch(new RegExp(`${path}: whole run, creation → success +[\\d.]+ s .* [\\d.]+x the limit\\n  phases: dispatch [\\d.]+ s \\(\\d+%\\) · claim .*exporting .*downloading .*mapping .*committing [\\d.]+ s`));
    }
    expect(out).toMatch(/round 1:\n[^]*round 2:\n/);
    for (const path of ["cluster", "warehouse", "sharing"]) expect(out).toMatch(new RegExp(`${path}: median [\\d.]+x the limit over 2 rounds \\([\\d.]+, [\\d.]+\\)`));
    // the benchmark's mapping (longs, a decimal, strings, a timestamp) renames the cluster's staged files
    expect(out).toMatch(/cluster: whole run.*\n  phases: .*\n  .*\n  mapping: 1 staged file\(s\) renamed into the dataset/);
  });

  it("bench:freshness measures a one-minute flow's window end → batch readable, each window's batch holding its one row", async () => {
    const out = await bench("bench/freshness/run.ts", ["--windows", "1", "--lead-seconds", "4"], QUICK_SERVICE);
    expect(out).toMatch(/window  1: batch readable \d+ ms after the window's end/);
    expect(out).toMatch(/window end → batch committed and readable: p50 \d+ ms, p99 \d+ ms/);
    expect(out).toContain("rows per window: 1\n");
    expect(out).toMatch(/dispatch \d+ ms · claim \d+ ms · .*exporting \d+ ms/);
  });

  it("bench:ingest ingests the staged rows in every mode, the Azure one from a staging container within its scratch budget, each landing every row", async () => {
    const out = await bench("bench/ingest/run.ts", [], { BENCH_ROWS: "5000", BENCH_SCRATCH_BYTES: String(64 * 1024 * 1024) });
    for (const label of ["DuckDB COPY of the files (baseline)", "ours, local files into a local-folder lake", "ours + 10 calculated fields", "ours + 10 everyday calculated fields", "ours + 10 calculated fields, constrained"]) {
      expect(out).toMatch(new RegExp(`${label.replace(/[()+]/g, "\\$&")} +[\\d.]+ s`));
    }
    expect(out).toMatch(/ours, staging and lake in Azurite \(Blob\) +[\d.]+ s .* scratch peak \d+ MB of 64 MB, 1 groups/);
  });

  it("bench:workspace exports the events table through the local cluster into Azurite beside DuckDB's COPY, both holding every row", async () => {
    const out = await bench("bench/workspace/export.ts", [], { BENCH_ROWS: "20000", BENCH_ROUNDS: "1" });
    expect(out).toContain("rows: 20,000 (the export's parts and the COPY's file hold them all)");
    expect(out).toMatch(/INSERT OVERWRITE DIRECTORY → Azurite \(\d+ parts\) +[\d.]+ s .* rows\/s .* MB\/s/);
    expect(out).toMatch(/DuckDB COPY → local Parquet +[\d.]+ s/);
    expect(out).toMatch(/ratio \(export time \/ COPY time\): [\d.]+x/);
    expect(out).toMatch(/export phases per round .*: Parquet written at \d+ ms, last upload done \d+ ms later/);
  });

  it("bench:warehouse reads one table through the cluster, a SQL warehouse and Delta Sharing, each path staging every row", async () => {
    const out = await bench("bench/workspace/warehouse-read.ts", [], { BENCH_ROWS: "20000", BENCH_ROUNDS: "1" });
    expect(out).toContain("rows: 20,000 (every path staged them all)");
    for (const line of [/cluster: export to Azurite \+ download \(\d+ part files\) +[\d.]+ s/, /warehouse: ARROW_STREAM chunks .* \(\d+ chunks\) +[\d.]+ s/, /Delta Sharing: .* +[\d.]+ s/]) expect(out).toMatch(line);
    expect(out).toMatch(/warehouse split: the statement .* [\d.]+ s, the service's download and Parquet [\d.]+ s/);
  });

  it("bench:delta appends the staged rows to a Delta table beside DuckDB's COPY, unpartitioned and partitioned, counting every row", async () => {
    const out = await bench("bench/delta/append.ts", [], { BENCH_ROWS: "5000", BENCH_REPEAT: "1" });
    expect(out).toMatch(/— unpartitioned —\nDuckDB COPY of the SELECT \(baseline\) +[\d.]+ s .*\nDeltaTable.append of the SELECT +[\d.]+ s .*\nappend \/ baseline time: [\d.]+×/);
    expect(out).toMatch(/— partitioned by region \(8 values\) —\nDuckDB COPY … PARTITION_BY \(baseline\) +[\d.]+ s .*\nDeltaTable.append of the SELECT +[\d.]+ s +[\d.]+ M rows\/s .* +8 file\(s\)/);
  });

  it("bench/delta/dv-scan.ts reads a table through its deletion vector beside the files filtered by the delete's predicate, the same rows both ways", async () => {
    const out = await bench("bench/delta/dv-scan.ts", ["30000"]);
    expect(out).toContain("count, sum: 20000, 300000000 (the same both ways)");
    expect(out).toMatch(/scan with the deletion vector \/ baseline: [\d.]+×/);
    expect(out).toMatch(/second delete id % 5 = 0 \(vectors merged\) +\d+ ms/);
  });

  it("bench/ingest/large.ts ingests the staged table locally and through Azurite beside the COPY, each counting every row, and judges each peak RSS against 1 GiB", async () => {
    const out = await bench("bench/ingest/large.ts", [], { BENCH_ROWS: "5000" });
    expect(out).toMatch(/staged: 5,000 rows in \d+ files, [\d.]+ GiB \(less than the 5 GiB of the target\)/);
    expect(out).toMatch(/load average before the runs: [\d.]+, [\d.]+, [\d.]+/);
    for (const label of ["DuckDB COPY of the files (baseline)", "ours, local files into a local-folder lake", "ours, staging and lake in Azurite (Blob)"]) {
      const escaped = label.replace(/[()+]/g, "\\$&");
      expect(out).toMatch(new RegExp(`${escaped} +[\\d.]+ s +[\\d.]+ M rows/s .* peak RSS +\\d+ MB  \\(Node heap \\d+ MB\\)  scratch peak \\d+ MB.*  5,000 rows\\n`));
      if (!label.includes("baseline")) expect(out).toMatch(new RegExp(`${escaped}: peak RSS \\d+ MB, within the target of 1024 MB`));
    }
    expect(out).toMatch(/ours, staging and lake in Azurite \(Blob\) .* scratch peak \d+ MB of 2048 MB, 1 groups/);
  });
});
