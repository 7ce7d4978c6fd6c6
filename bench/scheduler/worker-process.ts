/**
 * One worker process of bench/scheduler: the service's Worker (scheduler tick, claim, lease,
 * run log, finish) with an executor that succeeds at once, on the PostgreSQL given, for a while
 * or, with `drain`, until no run is left unfinished but `waiting` runs no worker can claim.
 * Prints its errors, runs and CPU time. While draining it counts the unfinished runs only after
 * 100 ms without a run finished here: the count reads the whole runs table (5-15 ms of PostgreSQL
 * CPU with 6,000 runs), and counting every 100 ms while runs finish was PostgreSQL CPU the
 * benchmark charged to the runs.
 *   tsx bench/scheduler/worker-process.ts <databaseUrl> <seconds> <pollMs> [drain [waiting]]
 */
import { openStore } from "../../src/store/database.js";
import { Worker } from "../../src/runs/worker.js";

const [databaseUrl, seconds, pollMs, mode, waiting = "0"] = process.argv.slice(2);
const store = openStore({ databaseUrl, dataDir: "." });
const worker = new Worker({ store, executor: async () => ({ status: "success", details: {} }), pollMs: Number(pollMs) });
let errors = 0;
let runs = 0;
worker.on("error", () => errors++);
worker.on("finished", () => runs++);
const cpuBefore = process.cpuUsage();
worker.start();
const deadline = Date.now() + Number(seconds) * 1000;
if (mode === "drain") {
  for (let finishedBefore = -1; Date.now() < deadline; ) {
    const busy = runs !== finishedBefore;
    finishedBefore = runs;
    if (!busy && (await unfinished()) <= Number(waiting)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
} else {
  await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
}
await worker.stop();
const cpu = process.cpuUsage(cpuBefore);
await store.close();
process.stdout.write(`${JSON.stringify({ errors, runs, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);

async function unfinished(): Promise<number> {
  const row = await store.db.selectFrom("runs").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "in", ["scheduled", "inProgress"]).executeTakeFirstOrThrow();
  return Number(row.n);
}
