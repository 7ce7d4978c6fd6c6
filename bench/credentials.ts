/**
 * GET credentials under load: throughput and p50/p99 latency at 64 concurrent connections from
 * autocannon in a process of its own, beside GET /health on the same server as the baseline (the
 * cost of HTTP + gateway alone), and the server's CPU time per request.
 *   npm run bench:credentials [-- --seconds 5 --connections 64 --dialects sqlite,postgres] (--requests N: a smoke run)
 */
import { startTestSystem } from "../test/support/system.js";
import type { Dialect } from "../test/support/postgres.js";
import { listFlag, numberFlag } from "./support/args.js";
import { formatLoad, type LoadFigures, loadFromOwnProcess } from "./support/load.js";

const connections = numberFlag("connections", 64);
const seconds = numberFlag("seconds", 5);
/** a smoke run: this many requests per endpoint instead of `seconds` of load */
const requests = process.argv.includes("--requests") ? numberFlag("requests", 1) : undefined;
const dialects = listFlag("dialects", ["sqlite", "postgres"]) as Dialect[];

/** The server's CPU time per request: steadier than latency on a machine other jobs share. */
async function withServerCpu(load: () => Promise<LoadFigures>): Promise<LoadFigures> {
  const before = process.cpuUsage();
  const figures = await load();
  const used = process.cpuUsage(before);
  return { ...figures, serverCpuMicros: (used.user + used.system) / figures.requests };
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
    const baseline = await withServerCpu(() => loadFromOwnProcess(`${system.url}/health`, options));
    console.log(formatLoad("GET /health (baseline)", baseline));
    const credentials = await withServerCpu(() => loadFromOwnProcess(credentialsUrl, options));
    console.log(formatLoad("GET credentials", credentials));
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
