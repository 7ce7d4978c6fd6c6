/**
 * List endpoints over a big sandbox (default 10,000 flows × 100 runs = 1,000,000 runs, 10,000
 * connections, 10,000 datasets): p50/p99 of each first page and of a later page reached by its
 * continuation token, from autocannon in its own process, beside GET /health on the same server;
 * on SQLite and PostgreSQL.
 * Each endpoint is loaded by one client (the latency a lone user sees) and then by several at once
 * (the same 2 cores then also queue the requests), with the service's CPU time per request.
 *   npm run bench:api-lists [-- --flows 10000 --runs-per-flow 100 --resources 10000 --seconds 5 --connections 1,8 --dialects sqlite,postgres]
 *   (--requests N instead of --seconds: a smoke run)
 */
import { FLOW_SERVICE } from "../src/aep-conventions/paths.js";
import type { Dialect } from "../test/support/postgres.js";
import { startTestSystem } from "../test/support/system.js";
import { listFlag, numberFlag } from "./support/args.js";
import { formatLoad, type LoadFigures, type LoadOptions, loadEachInTurn, withServerCpu } from "./support/load.js";
import { seedLists } from "./support/seed-lists.js";

const flows = numberFlag("flows", 10_000);
const runsPerFlow = numberFlag("runs-per-flow", 100);
const resources = numberFlag("resources", 10_000);
const seconds = numberFlag("seconds", 5);
/** a smoke run: this many requests per endpoint instead of `seconds` of load */
const requests = process.argv.includes("--requests") ? numberFlag("requests", 1) : undefined;
const connectionCounts = listFlag("connections", ["1", "8"]).map(Number);
if (!connectionCounts.every((n) => Number.isInteger(n) && n > 0)) throw new Error("--connections wants positive whole numbers separated by commas");
const dialects = listFlag("dialects", ["sqlite", "postgres"]) as Dialect[];

let failed = false;
for (const dialect of dialects) {
  // no worker: the bulk-inserted flows are not to be scheduled while the lists are measured
  const system = await startTestSystem({ dialect, env: { LOG_LEVEL: "warn", RUN_WORKER: "false" } });
  try {
    const headers = await system.headers();
    const scope = { imsOrgId: headers["x-gw-ims-org-id"], sandboxName: headers["x-sandbox-name"] };
    const seeding = performance.now();
    const flowIds = await seedLists(system.service.store.db, dialect, { flows, runsPerFlow, connections: resources, datasets: resources, scope });
    console.log(`\n${dialect}: seeded ${flows.toLocaleString()} flows, ${(flows * runsPerFlow).toLocaleString()} runs, ${resources.toLocaleString()} connections and datasets in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const api = `${system.url}${FLOW_SERVICE}`;
    const oneFlow = flowIds[Math.floor(flowIds.length / 2)];
    const endpoints: Array<[string, string]> = [
      ["GET /runs?property=flowId==…", `${api}/runs?property=flowId==${oneFlow}`],
      ["GET /runs (the sandbox's)", `${api}/runs`],
      ["GET /runs?…status==failed", `${api}/runs?property=metrics.statusSummary.status==failed&orderby=-createdAt`],
      ["GET /runs?orderby=updatedAt", `${api}/runs?orderby=updatedAt`],
      ["GET /runs?orderby=-updatedAt", `${api}/runs?orderby=-updatedAt`],
      ["GET /runs?flowId==…&orderby=updatedAt", `${api}/runs?property=flowId==${oneFlow}&orderby=updatedAt`],
      ["GET /runs?flowId==…&orderby=-updatedAt", `${api}/runs?property=flowId==${oneFlow}&orderby=-updatedAt`],
      ["GET /flows", `${api}/flows`],
      ["GET /connections", `${api}/connections`],
      ["GET /catalog/dataSets", `${system.url}/data/foundation/catalog/dataSets`],
    ];
    // a later page: the href of the first page's next link
    const next = await nextPageOf(`${api}/runs?property=flowId==${oneFlow}&limit=10`, headers);
    endpoints.push(["GET /runs?continuationToken=…", `${api}${next}`]);
    for (const [, url] of endpoints) await checkAnswers(url, headers);

    for (const connections of connectionCounts) {
      console.log(`${connections} connection(s) from autocannon in its own process, ${requests === undefined ? `${seconds} s` : `${requests} requests`} each`);
      const load = { connections, seconds, requests };
      const [baseline, ...figures] = await loadEachWithServerCpu([{ url: `${system.url}/health`, ...load }, ...endpoints.map(([, url]) => ({ url, headers, ...load }))]);
      console.log(formatLoad("GET /health (baseline)", baseline));
      endpoints.forEach(([name], i) => console.log(formatLoad(name, figures[i])));
      failed ||= [baseline, ...figures].some((f) => f.failures > 0 || f.requests === 0);
    }
  } finally {
    await system.close();
  }
}
if (failed) {
  console.error("some requests failed");
  process.exitCode = 1;
}

/**
 * Each target loaded in turn, with the service's CPU time per request: the service runs in this
 * process, the load generator in its own (started once, its start its own CPU, read around each
 * target's load alone).
 */
async function loadEachWithServerCpu(targets: ReadonlyArray<LoadOptions & { url: string }>): Promise<LoadFigures[]> {
  return loadEachInTurn(targets, (load) => withServerCpu(load));
}

/** The endpoint answers 200 with a page of items before it is measured. */
async function checkAnswers(url: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { headers });
  const body = (await response.json()) as { items?: unknown[] } & Record<string, unknown>;
  const items = body.items ?? Object.values(body);
  if (response.status !== 200 || items.length === 0) throw new Error(`${url} answered ${response.status} with ${items.length} items: ${JSON.stringify(body).slice(0, 300)}`);
}

async function nextPageOf(url: string, headers: Record<string, string>): Promise<string> {
  const body = (await (await fetch(url, { headers })).json()) as { _links?: { next?: { href: string } } };
  const href = body._links?.next?.href;
  if (!href) throw new Error(`${url} has no next page`);
  return href;
}
