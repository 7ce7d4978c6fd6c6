/**
 * One worker process of bench/scheduler: the service's Worker (scheduler tick, claim, lease,
 * run log, finish) with an executor that succeeds at once, on the PostgreSQL given, for a while.
 *   tsx bench/scheduler/worker-process.ts <databaseUrl> <seconds> <pollMs>
 */
import { openStore } from "../../src/store/database.js";
import { Worker } from "../../src/runs/worker.js";

const [databaseUrl, seconds, pollMs] = process.argv.slice(2);
const store = openStore({ databaseUrl, dataDir: "." });
const worker = new Worker({ store, executor: async () => ({ status: "success", details: {} }), pollMs: Number(pollMs) });
let errors = 0;
worker.on("error", () => errors++);
worker.start();
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
await worker.stop();
await store.close();
process.stdout.write(`${JSON.stringify({ errors })}\n`);
