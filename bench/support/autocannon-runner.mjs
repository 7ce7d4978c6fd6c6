// The load generator's own process: runs autocannon against each target in turn and prints one
// JSON summary line per target. Plain JavaScript, so that it starts without a TypeScript loader.
// It waits for a line on its stdin before each target: the benchmark reads what it measures around
// each target's load alone (the service's CPU time), with one process start for all.
import { createInterface } from "node:readline";
import autocannon from "autocannon";

const { targets } = JSON.parse(process.argv[2]);
const goes = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
for (const target of targets) {
  if ((await goes.next()).done) break;
  const result = await autocannon({
    url: target.url,
    connections: target.connections,
    headers: target.headers ?? {},
    // a smoke run's few requests end at the next sample, so sample often then
    ...(target.requests === undefined ? { duration: target.seconds } : { amount: target.requests, sampleInt: 20 }),
  });
  const { requests, latency, non2xx, errors, timeouts, duration } = result;
  process.stdout.write(`${JSON.stringify({ requests, latency, non2xx, errors, timeouts, duration })}\n`);
}
process.stdin.destroy();
