/**
 * HTTP load from a process of its own: autocannon's command line, spawned, its JSON summary read
 * back. A load generator inside the server's process shares its event loop and hides the server's
 * real latency (issue 15 measured 38–540 ms p99 where the in-process loop showed 13 ms).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const AUTOCANNON = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

export interface LoadOptions {
  connections: number;
  seconds: number;
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
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function loadFromOwnProcess(url: string, options: LoadOptions): Promise<LoadFigures> {
  const args = [AUTOCANNON, "--json", "--no-progress", "-c", String(options.connections), "-d", String(options.seconds)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}=${value}`);
  args.push(url);
  const summary = JSON.parse(await output(process.execPath, args)) as AutocannonSummary;
  return {
    requests: summary.requests.total,
    perSecond: summary.requests.average,
    p50: summary.latency.p50,
    p99: summary.latency.p99,
    failures: summary.non2xx + summary.errors + summary.timeouts,
  };
}

function output(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`autocannon exited ${code}: ${stderr.slice(-500)}`))));
  });
}

export function formatLoad(name: string, f: LoadFigures): string {
  return `${name.padEnd(36)} ${f.perSecond.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms   ${f.serverCpuMicros === undefined ? "" : `server CPU ${f.serverCpuMicros.toFixed(0).padStart(4)} µs/req   `}(${f.requests} requests, ${f.failures} failed)`;
}
