/**
 * The scheduler and workers under many one-minute flows on PostgreSQL (default 10,000): for 1, 2
 * and 4 worker processes, the dispatch lag of each window (window end → run claimed) p50/p99, the
 * runs finished per second, and the proof that no window got two runs and none was lost. The
 * flows' windows end spread over the measured time, as flows created at different moments do.
 * The first window ends --margin-seconds (default 5) after the flows are written, when the worker
 * processes are up, and the windows counted are those that ended that long before the workers
 * stopped, so each had the time to be claimed.
 *   npm run bench:scheduler [-- --flows 10000 --seconds 65 --workers 1,2,4 --poll-ms 1000 --margin-seconds 5]
 */
import { openStore } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { migratedTestDatabase } from "../../test/support/migrated-stores.js";
import { listFlag, numberFlag } from "../support/args.js";
import { runWorkers, seedFlows } from "./fleet.js";

const flows = numberFlag("flows", 10_000);
const seconds = numberFlag("seconds", 65);
const pollMs = numberFlag("poll-ms", 1_000);
const workerCounts = listFlag("workers", ["1", "2", "4"]).map(Number);
const marginMs = numberFlag("margin-seconds", 5) * 1000;
/** the windows' ends spread over the measured time but its margins */
const spreadSeconds = Math.min(60, Math.max(1, seconds - (2 * marginMs) / 1000));
const MINUTE = 60_000;

let failed = false;
console.log(`${flows.toLocaleString()} enabled one-minute flows on PostgreSQL, windows ending over ${spreadSeconds} s, measured ${seconds} s, worker poll ${pollMs} ms`);
for (const workers of workerCounts) {
  const database = await migratedTestDatabase();
  const store = openStore({ databaseUrl: database.url, dataDir: "." });
  try {
    await migrateToLatest(store.db);
    // each flow's first window (no backfill) ends at start + 1 minute: spread those ends over the measured time
    const started = Date.now() + marginMs; // the worker processes are up by then
    const spreadMs = spreadSeconds * 1000;
    await seedFlows(store, flows, (i) => ({ startTime: Math.floor((started - MINUTE + (i * spreadMs) / flows) / 1000), frequency: "minute" }));
    const reports = await runWorkers(database.url, workers, seconds, pollMs);
    const ended = Date.now() - marginMs; // windows due until here had time to be claimed
    const errors = reports.reduce((sum, r) => sum + r.errors, 0);

    const runs = await store.db.selectFrom("runs").select(["flow_id", "window_seq", "due_at", "started_at", "completed_at", "status"]).execute();
    const windows = new Set(runs.map((r) => `${r.flow_id}/${r.window_seq}`));
    const duplicates = runs.length - windows.size;
    // every window that ended before `ended` has its run
    const flowRows = await store.db.selectFrom("flows").select(["id", "start_time"]).execute();
    let expected = 0;
    let lost = 0;
    for (const flow of flowRows) {
      for (let seq = 1; Number(flow.start_time) * 1000 + seq * MINUTE <= ended; seq++) {
        expected++;
        if (!windows.has(`${flow.id}/${seq}`)) lost++;
      }
    }
    const claimed = runs.filter((r) => r.started_at !== null && Number(r.due_at) <= ended);
    const lags = claimed.map((r) => Number(r.started_at) - Number(r.due_at)).sort((a, b) => a - b);
    const unclaimed = runs.filter((r) => r.started_at === null && Number(r.due_at) <= ended).length;
    const at = (q: number) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] : NaN);
    const finished = runs.filter((r) => r.status === "success");
    const span = finished.length ? (Math.max(...finished.map((r) => Number(r.completed_at))) - Math.min(...finished.map((r) => Number(r.started_at)))) / 1000 : 0;
    console.log(
      `${String(workers).padStart(2)} worker process${workers === 1 ? " " : "es"}: dispatch lag p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms over ${lags.length} windows; ` +
        `${finished.length} runs finished (${(finished.length / Math.max(span, 1e-9)).toFixed(0)}/s while busy); ${duplicates} windows with two runs, ${lost} of ${expected} due windows lost, ${unclaimed} due runs never claimed, ${errors} worker errors`,
    );
    failed ||= duplicates > 0 || lost > 0 || errors > 0 || expected === 0;
  } finally {
    await store.close();
    await database.drop();
  }
}
if (failed) {
  console.error("a window was created twice or lost, or a worker failed");
  process.exitCode = 1;
}
