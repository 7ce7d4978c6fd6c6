/**
 * GET credentials under load: throughput and p50/p99 latency at 64 concurrent connections,
 * beside GET /health on the same server as the baseline (the cost of HTTP + gateway alone).
 *   npm run bench:credentials [-- seconds]
 */
import { Agent, request } from "undici";
import { startTestSystem } from "../test/support/system.js";

const CONCURRENCY = 64;
const seconds = Number(process.argv[2] ?? 5);

interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, dispatcher: Agent): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await request(url, { headers, dispatcher });
      await response.body.dump();
      if (response.statusCode !== 200) errors++;
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

const print = (name: string, f: Figures) =>
  console.log(
    `${name.padEnd(28)} ${f.perSecond.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms   (${f.requests} requests, ${f.errors} errors)`,
  );

const system = await startTestSystem({ env: { LOG_LEVEL: "warn" } });
try {
  const headers = await system.headers();
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const credentialsUrl = `${system.url}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`;
  await load(credentialsUrl, headers, dispatcher); // warm-up: container and first policy exist
  console.log(`${CONCURRENCY} concurrent connections, ${seconds} s each, SQLite store, embedded Azurite`);
  const baseline = await load(`${system.url}/health`, {}, dispatcher);
  print("GET /health (baseline)", baseline);
  const credentials = await load(credentialsUrl, headers, dispatcher);
  print("GET credentials", credentials);
  console.log(`credentials / baseline throughput: ${(credentials.perSecond / baseline.perSecond).toFixed(2)}`);
  await dispatcher.close();
} finally {
  await system.close();
}
