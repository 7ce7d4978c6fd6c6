/**
 * HTTP load from a process of its own: autocannon run by autocannon-runner.mjs, its summaries
 * read back. A load generator inside the server's process shares its event loop and hides the server's
 * real latency (measured for GET credentials: 38–540 ms p99 from a process of its own where the
 * in-process loop showed 13 ms).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** stop after this many requests instead (a smoke run of a benchmark) */
  requests?: number;
  headers?: Record<string, string>;
}

export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** answers other than 2xx, plus connection errors and timeouts */
  failures: number;
  /** the server's CPU time per request (µs), where the server runs in the measuring process */
  serverCpuMicros?: number;
}

interface AutocannonSummary {
  requests: { total: number };
  /** seconds */
  duration: number;
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const RUNNER = fileURLToPath(new URL("./autocannon-runner.mjs", import.meta.url));

export async function loadFromOwnProcess(url: string, options: LoadOptions): Promise<LoadFigures> {
  return (await loadEachInTurn([{ url, ...options }], (load) => load()))[0];
}

/**
 * The load's figures with the server's CPU time per request, the server running in this process:
 * steadier than latency on a machine other jobs share.
 */
export async function withServerCpu(load: () => Promise<LoadFigures>): Promise<LoadFigures> {
  const before = process.cpuUsage();
  const figures = await load();
  const used = process.cpuUsage(before);
  return { ...figures, serverCpuMicros: figures.requests > 0 ? (used.user + used.system) / figures.requests : undefined };
}

/**
 * Each target in turn from one load-generator process, `measure` around each target's load: the
 * process starts once, then waits for its go before each target, so what `measure` reads while the
 * load runs (the service's CPU time, its stalls) is that target's load alone, neither the load
 * generator's start nor another target's. One start for all the targets instead of one each: about
 * half a second of the 2 cores a target, most of a smoke run's time.
 */
export async function loadEachInTurn<T>(
  targets: ReadonlyArray<LoadOptions & { url: string }>,
  measure: (load: () => Promise<LoadFigures>, index: number) => Promise<T>,
): Promise<T[]> {
  const child = spawn(process.execPath, [RUNNER, JSON.stringify({ targets })], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  closed.catch(() => {}); // awaited below; a spawn error also ends its output
  child.stdin.on("error", () => {}); // a go written after the process ended: its end is what is reported
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const results: T[] = [];
  try {
    for (const [index, target] of targets.entries()) {
      const load = async () => {
        child.stdin.write("go\n");
        const line = await lines.next();
        if (line.done) throw new Error(`the load generator exited ${await closed} before its summary of ${target.url}: ${stderr.slice(-500)}`);
        return figuresOf(line.value);
      };
      results.push(await measure(load, index));
    }
  } finally {
    child.stdin.end();
  }
  const code = await closed;
  if (code !== 0) throw new Error(`the load generator exited ${code}: ${stderr.slice(-500)}`);
  return results;
}

function figuresOf(line: string): LoadFigures {
  const summary = JSON.parse(line) as AutocannonSummary;
  return {
    requests: summary.requests.total,
    perSecond: summary.requests.total / summary.duration,
    p50: summary.latency.p50,
    p99: summary.latency.p99,
    failures: summary.non2xx + summary.errors + summary.timeouts,
  };
}

export function formatLoad(name: string, f: LoadFigures): string {
  return `${name.padEnd(36)} ${f.perSecond.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms   ${f.serverCpuMicros === undefined ? "" : `server CPU ${f.serverCpuMicros.toFixed(0).padStart(4)} µs/req   `}(${f.requests} requests, ${f.failures} failed)`;
}
