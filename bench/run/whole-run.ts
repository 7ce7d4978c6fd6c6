/**
 * One whole run, from the flow's creation to its success, through the real service (`npm start`
 * in a process of its own: API, its worker, embedded Azurite, local workspace), beside the physical
 * limit on this machine measured in the same run: DuckDB reading the same Delta table and writing
 * Parquet once. The table (default 10M rows) is read by one `once` flow per path:
 *   - cluster: exported by the all-purpose cluster to the staging container, downloaded, mapped,
 *     validated, committed;
 *   - warehouse: read through the SQL warehouse's Statement Execution API (Arrow chunks);
 *   - sharing: read through the workspace's Delta Sharing server (pre-signed files, no compute).
 * Prints each run's time, its ratio to the limit and each phase's share (from the run's own log).
 * The local SQL warehouse is about ten times slower than the cluster (it builds its Arrow results in
 * JavaScript): --warehouse-rows gives it a smaller table of its own, beside the cluster on the same.
 * The limit is the faster of two passes. --rounds N repeats the limit and the runs N times and
 * prints each path's median ratio. The driver looks for a run's end every --look-ms (default 1 s,
 * each look the service's CPU); a run's time comes from its own log, whatever the interval.
 *   npm run bench:run [-- --rows 10000000 --warehouse-rows 10000000 --paths cluster,warehouse,sharing --rounds 1 --look-ms 1000]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DELTA_SHARING_SPEC_ID } from "../../src/flowservice/specs/ids.js";
import { openDeltaTable } from "../../src/delta/index.js";
import { call, createConnection, FS } from "../../test/support/aep-calls.js";
import { configureClusterSas, createPipeline, flowBody } from "../../test/support/journey.js";
import { listFlag, numberFlag } from "../support/args.js";
import { type BenchService, finishedRuns, runningCluster, startBenchService } from "../support/service.js";
import { formatShares, mappingPath, type PhaseTime, phasesOf, runLog } from "./phases.js";
import { EVENT_COLUMNS, EVENT_MAPPINGS, EVENT_SCHEMA, eventRowsSql } from "./table.js";
import { quantile } from "../support/quantile.js";

const rows = numberFlag("rows", 10_000_000);
const warehouseRows = Math.min(rows, numberFlag("warehouse-rows", rows));
const paths = listFlag("paths", ["cluster", "warehouse", "sharing"]);
const rounds = numberFlag("rounds", 1);
const lookMs = numberFlag("look-ms", 1_000);
const unknown = paths.filter((p) => !["cluster", "warehouse", "sharing"].includes(p));
if (unknown.length) throw new Error(`--paths takes cluster, warehouse and sharing, not ${unknown.join(", ")}`);
/** the schema the local workspace shares as demo_share.shared.* */
const SCHEMA = "shared";
const TIMEOUT_MS = 60 * 60_000;

interface Table {
  name: string;
  rows: number;
  /** the paths that read it */
  paths: string[];
}
/** the table of --rows for every path but a warehouse of fewer rows, which gets a table of its own with the cluster beside it */
const tables: Table[] =
  paths.includes("warehouse") && warehouseRows < rows
    ? [
        { name: "events", rows, paths: paths.filter((p) => p !== "warehouse") },
        { name: "events_small", rows: warehouseRows, paths: ["cluster", "warehouse"] },
      ].filter((t) => t.paths.length > 0)
    : [{ name: "events", rows, paths }];

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const service = await startBenchService();
const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-run-"));
let failed = false;
try {
  const { system } = service;
  const cluster = await runningCluster(system);
  await cluster.runSql(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`, { timeoutMs: 60_000 });
  for (const table of tables) {
    console.log(`creating ${SCHEMA}.${table.name} with ${table.rows.toLocaleString("en")} rows on the local workspace…`);
    await cluster.runSql(`CREATE TABLE ${SCHEMA}.${table.name} AS ${eventRowsSql(0, table.rows)}`, { timeoutMs: TIMEOUT_MS });
  }
  if (paths.includes("cluster")) await configureClusterSas(system);

  const report: string[] = [];
  for (const table of tables) {
    report.push("", `${SCHEMA}.${table.name}, ${table.rows.toLocaleString("en")} rows:`);
    const line = (name: string, ms: number) =>
      `${name.padEnd(44)} ${seconds(ms).padStart(7)} s  ${Math.round(table.rows / (ms / 1000)).toLocaleString("en").padStart(11)} rows/s`;
    const ratios = new Map<string, number[]>(table.paths.map((name) => [name, []]));
    // each round measures the limit again beside its runs: the machine's speed drifts between rounds
    for (let round = 1; round <= rounds; round++) {
      const limit = await duckdbLimit(service.tableDir(SCHEMA, table.name), path.join(scratch, `${table.name}.parquet`));
      console.log(`${SCHEMA}.${table.name}: DuckDB reads the Delta table and writes Parquet once in ${seconds(limit.ms)} s (${(limit.bytes / 1e6).toFixed(0)} MB)`);
      if (rounds > 1) report.push(`round ${round}:`);
      report.push(line("DuckDB: Delta table → Parquet (the limit)", limit.ms));
      for (const name of table.paths) {
        const result = await wholeRun(service, name, table.name);
        failed ||= result.rows !== table.rows;
        console.log(`${name}: ${seconds(result.ms)} s, ${result.rows.toLocaleString("en")} rows in the dataset${result.rows === table.rows ? "" : ` (expected ${table.rows.toLocaleString("en")})`}`);
        ratios.get(name)!.push(result.ms / limit.ms);
        report.push(
          `${line(`${name}: whole run, creation → success`, result.ms)}  ${(result.ms / limit.ms).toFixed(2)}x the limit`,
          `  phases: ${formatShares(result.phases)}`,
          `  ${phaseRates(result.phases, result.stagedBytes)}`,
          `  mapping: ${result.mapping}`,
        );
      }
    }
    if (rounds > 1) {
      for (const [name, list] of ratios) report.push(`${name}: median ${quantile(list, 0.5).toFixed(2)}x the limit over ${rounds} rounds (${list.map((r) => r.toFixed(2)).join(", ")})`);
    }
  }
  console.log(`\ncores: ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(report.join("\n"));
} catch (error) {
  const { exitCode, signalCode } = service.process.child;
  console.error(`the service (exit code ${exitCode}, signal ${signalCode}); its last output:\n${service.process.output().slice(-3000)}`);
  throw error;
} finally {
  await service.close();
  rmSync(scratch, { recursive: true, force: true });
}
if (failed) {
  console.error("a run did not land every row of its table");
  process.exitCode = 1;
}

/** One `once` flow over the table through `name`'s connection, timed from its creation to its run's success. */
async function wholeRun(bench: BenchService, name: string, table: string): Promise<{ ms: number; rows: number; stagedBytes: number; phases: PhaseTime[]; mapping: string }> {
  const { system } = bench;
  const connectionId = await connectionFor(bench, name);
  const pipeline = await createPipeline(system, {
    connectionId,
    tableName: name === "sharing" ? `demo_share.${SCHEMA}.${table}` : `${SCHEMA}.${table}`,
    connectionSpecId: name === "sharing" ? DELTA_SHARING_SPEC_ID : undefined,
    schema: EVENT_SCHEMA,
    mappings: EVENT_MAPPINGS,
    columns: EVENT_COLUMNS,
  });
  const createdAt = Date.now();
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(createdAt / 1000), frequency: "once" }) });
  if (created.status !== 201) throw new Error(`${name}: flow not created: ${created.status} ${created.text}`);
  // the run's time comes from its own log: the driver looks seldom, each look being the service's CPU
  const [run] = await finishedRuns(system, created.body.id, 1, TIMEOUT_MS, lookMs);
  const status = run.metrics.statusSummary;
  if (status.status !== "success") throw new Error(`${name}: the run ${status.status}: ${JSON.stringify(status.errors ?? status)}`);
  const log = await runLog(system, run.id);
  const phases = phasesOf(log, createdAt);
  return {
    ms: phases.reduce((s, p) => s + p.ms, 0),
    rows: run.metrics.recordSummary.outputRecordCount,
    stagedBytes: run.metrics.sizeSummary.inputBytes,
    phases,
    mapping: mappingPath(log),
  };
}

async function connectionFor(bench: BenchService, name: string): Promise<string> {
  if (name === "cluster") return createConnection(bench.system, { database: SCHEMA });
  if (name === "warehouse") return createConnection(bench.system, { database: SCHEMA, clusterId: undefined, warehouseId: bench.warehouseId });
  const reply = await call(bench.system, "POST", `${FS}/connections`, {
    body: {
      name: "Delta Sharing benchmark",
      auth: { specName: "Delta Sharing Profile Authentication", params: bench.sharing },
      connectionSpec: { id: DELTA_SHARING_SPEC_ID, version: "1.0" },
    },
  });
  if (reply.status !== 201) throw new Error(`sharing connection: ${reply.status} ${reply.text}`);
  return reply.body.id;
}

/** What the window's bytes (as staged, or as read from the source) move at in the phases that carry them, per second and per core. */
function phaseRates(phases: readonly PhaseTime[], bytes: number): string {
  const cores = os.cpus().length;
  const rates = ["exporting", "downloading", "mapping"].map((name) => {
    const ms = phases.find((p) => p.name === name)?.ms ?? 0;
    // a phase that took no time (the cluster's download overlaps the mapping) has no rate of its own
    if (ms < 50) return `${name} —`;
    const perSecond = bytes / 1e6 / (ms / 1000);
    return `${name} ${perSecond.toFixed(0)} MB/s (${(perSecond / cores).toFixed(0)} a core)`;
  });
  return `the ${(bytes / 1e6).toFixed(0)} MB read: ${rates.join(" · ")}`;
}

/** The faster of two passes: the baseline a run is held to is the machine at its quickest. */
async function duckdbLimit(tableDir: string, out: string): Promise<{ ms: number; bytes: number }> {
  const passes = [await duckdbPass(tableDir, out), await duckdbPass(tableDir, out)];
  return passes[0].ms <= passes[1].ms ? passes[0] : passes[1];
}

/** DuckDB alone: the table's current snapshot read with the service's Delta reader and written as one Parquet file. */
async function duckdbPass(tableDir: string, out: string): Promise<{ ms: number; bytes: number }> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const t0 = Date.now();
    const table = openDeltaTable(tableDir);
    const relation = await table.scanRelation(conn, await table.snapshot());
    await conn.run(`COPY (SELECT * FROM ${relation}) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`);
    return { ms: Date.now() - t0, bytes: statSync(out).size };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
