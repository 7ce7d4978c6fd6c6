/**
 * GET credentials under load: throughput and p50/p99 latency at 64 concurrent connections from
 * autocannon in a process of its own, beside GET /health on the same server as the baseline (the
 * cost of HTTP + gateway alone), the server's CPU time per request, and what stalls its event loop
 * (garbage collection pauses, the loop's delay) during each load.
 *   npm run bench:credentials [-- --seconds 5 --connections 64 --dialects sqlite,postgres] (--requests N: a smoke run)
 */
import { startTestSystem } from "../test/support/system.js";
import type { Dialect } from "../test/support/postgres.js";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { listFlag, numberFlag } from "./support/args.js";
import { formatLoad, type LoadFigures, loadEachInTurn, loadFromOwnProcess, withServerCpu } from "./support/load.js";

const connections = numberFlag("connections", 64);
const seconds = numberFlag("seconds", 5);
/** a smoke run: this many requests per endpoint instead of `seconds` of load */
const requests = process.argv.includes("--requests") ? numberFlag("requests", 1) : undefined;
const dialects = listFlag("dialects", ["sqlite", "postgres"]) as Dialect[];

/** The server's garbage-collection pauses and event-loop delay while `work` runs: what a p99 waits behind. */
async function withStalls<T>(work: () => Promise<T>): Promise<{ result: T; stalls: string }> {
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ["gc"] });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  try {
    const result = await work();
    const total = pauses.reduce((a, b) => a + b, 0);
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    const stalls = `    server: ${pauses.length} GC pauses, ${total.toFixed(0)} ms in all, longest ${Math.max(0, ...pauses).toFixed(1)} ms; event-loop delay p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`;
    return { result, stalls };
  } finally {
    gc.disconnect();
    delay.disable();
  }
}

async function measure(name: string, load: () => Promise<LoadFigures>): Promise<LoadFigures> {
  const { result, stalls } = await withStalls(() => withServerCpu(load));
  console.log(formatLoad(name, result));
  console.log(stalls);
  return result;
}

let failed = false;
for (const dialect of dialects) {
  const system = await startTestSystem({ dialect, env: { LOG_LEVEL: "warn" } });
  try {
    const headers = await system.headers();
    const credentialsUrl = `${system.url}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`;
    const options = { connections, seconds, requests, headers };
    // warm-up: the container and its first policy exist, the code paths are compiled
    if (requests === undefined && seconds > 1) await loadFromOwnProcess(credentialsUrl, { ...options, seconds: 1 });
    else await (await fetch(credentialsUrl, { headers })).text();
    console.log(`\n${dialect} store, embedded Azurite: ${connections} connections from autocannon in its own process, ${seconds} s each`);
    // one load-generator process for both, each load measured alone
    const names = ["GET /health (baseline)", "GET credentials"];
    const [baseline, credentials] = await loadEachInTurn([{ url: `${system.url}/health`, ...options }, { url: credentialsUrl, ...options }], (load, i) => measure(names[i], load));
    console.log(`credentials / baseline: throughput ${(credentials.perSecond / baseline.perSecond).toFixed(2)}×, server CPU per request ${(credentials.serverCpuMicros! / baseline.serverCpuMicros!).toFixed(2)}×`);
    failed ||= baseline.failures + credentials.failures > 0 || credentials.requests === 0;
  } finally {
    await system.close();
  }
}
if (failed) {
  console.error("some requests failed");
  process.exitCode = 1;
}
