/**
 * Freshness of a one-minute flow on the embedded default (`npm start` in a process of its own): the
 * source table gets one row in each window, and for each window the driver measures the time from
 * the window's end to its batch being committed and readable (listed `success` by Catalog's
 * batches, polled every 20 ms), then prints p50/p99 beside where that time went (the phases in each
 * run's own log, p50 over the windows). Default 20 windows (20 minutes).
 *   npm run bench:freshness [-- --windows 20 --lead-seconds 10]
 */
import os from "node:os";
import { call, createConnection, FS } from "../../test/support/aep-calls.js";
import { configureClusterSas, createPipeline, flowBody } from "../../test/support/journey.js";
import { numberFlag } from "../support/args.js";
import { despiteResets, finishedRuns, runningCluster, startBenchService } from "../support/service.js";
import { type PhaseTime, runPhases } from "../run/phases.js";
import { EVENT_COLUMNS, EVENT_MAPPINGS, EVENT_SCHEMA, eventRowsSql } from "../run/table.js";
import { quantile } from "../support/quantile.js";

const windows = numberFlag("windows", 20);
/** the first window ends this long after the flow is created */
const leadSeconds = numberFlag("lead-seconds", 10);
const MINUTE = 60_000;
/** a window's row is inserted this long before its end (the previous window's run is done by then) */
const INSERT_BEFORE_END_MS = 30_000;
const POLL_MS = 20;

const service = await startBenchService();
let failed = false;
try {
  const { system } = service;
  const cluster = await runningCluster(system);
  await cluster.runSql("CREATE SCHEMA fresh", { timeoutMs: 60_000 });
  await cluster.runSql(`CREATE TABLE fresh.events AS ${eventRowsSql(0, 0)}`, { timeoutMs: 60_000 });
  await configureClusterSas(system);
  const pipeline = await createPipeline(system, {
    connectionId: await createConnection(system, { database: "fresh" }),
    tableName: "fresh.events",
    schema: EVENT_SCHEMA,
    mappings: EVENT_MAPPINGS,
    columns: EVENT_COLUMNS,
  });
  // windows end on whole seconds: the first one `leadSeconds` from now (a start time in the past is allowed)
  const startTime = Math.ceil(Date.now() / 1000) + leadSeconds - 60;
  const flow = await call(system, "POST", `${FS}/flows`, {
    body: flowBody(pipeline, { startTime, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "created_at" }),
  });
  if (flow.status !== 201) throw new Error(`flow not created: ${flow.status} ${flow.text}`);
  console.log(`one-minute flow ${flow.body.id}: ${windows} window(s), the first ending ${leadSeconds} s from now; 1 row per window`);

  const latencies: number[] = [];
  const windowEnds: number[] = [];
  for (let k = 1; k <= windows; k++) {
    const end = (startTime + 60) * 1000 + (k - 1) * MINUTE;
    await sleepUntil(end - INSERT_BEFORE_END_MS);
    const at = Date.now();
    if (at >= end - 1000) throw new Error(`window ${k}: no time left to insert its row before the window ends`);
    await cluster.runSql(`INSERT INTO fresh.events ${eventRowsSql(k, k + 1, `timestamp_millis(${at})`)}`, { timeoutMs: 60_000 });
    await sleepUntil(end);
    const readable = await batchesReadable(pipeline.dataSetId, k);
    latencies.push(readable - end);
    windowEnds.push(end);
    console.log(`window ${String(k).padStart(2)}: batch readable ${readable - end} ms after the window's end`);
  }

  // a batch is readable a moment before its run records its success
  const runs = await finishedRuns(service.system, flow.body.id, windows, 60_000);
  if (runs.some((run, i) => run.activities[0].statusSummary.extensions.sequence !== i + 1)) throw new Error("the flow's runs are not its windows 1, 2, …");
  const rowsPerWindow = runs.map((r) => r.metrics.recordSummary.outputRecordCount);
  failed = rowsPerWindow.some((n) => n !== 1);
  const phases = await Promise.all(runs.map((run, i) => runPhases(system, run.id, windowEnds[i])));
  console.log(`\n${windows} window(s) of a one-minute flow, cores: ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`window end → batch committed and readable: p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms, max ${quantile(latencies, 1)} ms`);
  console.log(`rows per window: ${rowsPerWindow.join(",")}`);
  console.log(`where it went (p50 over the windows; dispatch = window end → claimed): ${medianPhases(phases)}`);
} finally {
  await service.close();
}
if (failed) {
  console.error("a window's batch did not hold exactly its one row");
  process.exitCode = 1;
}

/** When Catalog first lists `count` successful batches of the dataset (the k-th window's batch is then committed). */
async function batchesReadable(dataSetId: string, count: number): Promise<number> {
  const deadline = Date.now() + 5 * MINUTE;
  while (Date.now() < deadline) {
    const reply = await despiteResets(() => call(service.system, "GET", `/data/foundation/catalog/batches?dataSet=${dataSetId}&status=success&limit=100`));
    if (reply.status === 200 && Object.keys(reply.body).length >= count) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`batch ${count} of dataset ${dataSetId} not committed within 5 minutes`);
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

function medianPhases(runs: readonly PhaseTime[][]): string {
  const names = [...new Set(runs.flat().map((p) => p.name))];
  return names
    .map((name) => `${name} ${quantile(runs.map((r) => r.find((p) => p.name === name)?.ms ?? 0), 0.5)} ms`)
    .join(" · ");
}
