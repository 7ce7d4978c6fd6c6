/**
 * Run throughput of the workers, not bounded by windows arriving: a backlog of N due trivial runs
 * (one per `once` flow, created before any worker starts) on PostgreSQL, drained by 1, 2 and 4
 * worker processes (the service's own Worker, an executor that succeeds at once). Prints runs/s
 * per worker count and its ratio to one worker, the CPU each run costs in the worker processes and
 * in the PostgreSQL backends serving them (read from /proc), and checks every run finished once.
 * With `--behind-failed N` (a list), N more runs wait behind failed windows (of N/100 flows, due
 * before the backlog, so that every claim meets them first); 0 is the baseline beside them.
 *   npm run bench:scheduler:backlog [-- --runs 6000 --workers 1,2,4 --behind-failed 0,10000]
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { scheduleDueRuns } from "../../src/runs/scheduler.js";
import { runRow } from "../../src/store/runs.repository.js";
import { migratedTestDatabase } from "../../test/support/migrated-stores.js";
import { listFlag, numberFlag } from "../support/args.js";
import { runWorkers, seedFlows } from "./fleet.js";

const backlog = numberFlag("runs", 6_000);
const workerCounts = listFlag("workers", ["1", "2", "4"]).map(Number);
const behindFailedCounts = listFlag("behind-failed", ["0"]).map(Number);
const MAX_SECONDS = 600;

let failed = false;
const oneWorker = new Map<number, number>();
console.log(`a backlog of ${backlog.toLocaleString("en")} due trivial runs on PostgreSQL, drained by worker processes; ${os.cpus().length} cores`);
for (const behindFailed of behindFailedCounts) {
  if (behindFailed > 0) console.log(`with ${behindFailed.toLocaleString("en")} more runs due before them, waiting behind failed windows:`);
  for (const workers of workerCounts) failed ||= !(await drain(workers, behindFailed));
}

/** Drains the backlog with `workers` processes beside `behindFailed` runs waiting behind failed windows; false when a check failed. */
async function drain(workers: number, behindFailed: number): Promise<boolean> {
  const database = await migratedTestDatabase();
  const store = openStore({ databaseUrl: database.url, dataDir: "." });
  try {
    await migrateToLatest(store.db);
    await seedFlows(store, backlog, () => ({ startTime: Math.floor(Date.now() / 1000) - 10, frequency: "once" }));
    let created = 0;
    for (let tick; (tick = await scheduleDueRuns(store, Date.now())) > 0; ) created += tick;
    const blockedFlows = await seedRunsBehindFailedWindows(store, behindFailed);
    const sampler = backendCpuSampler(new URL(database.url).pathname.slice(1));
    const reports = await runWorkers(database.url, workers, MAX_SECONDS, 1_000, "drain", behindFailed);
    const dbCpuMs = sampler.stop();

    const runs = await store.db.selectFrom("runs").select(["flow_id", "window_seq", "status", "attempts", "started_at", "completed_at"]).execute();
    const waitingTouched = runs.filter((r) => blockedFlows.has(r.flow_id) && Number(r.window_seq) > 0 && (r.status !== "scheduled" || Number(r.attempts) > 0)).length;
    const backlogRuns = runs.filter((r) => !blockedFlows.has(r.flow_id));
    const finished = backlogRuns.filter((r) => r.status === "success");
    const span = (Math.max(...finished.map((r) => Number(r.completed_at))) - Math.min(...finished.map((r) => Number(r.started_at)))) / 1000;
    const perSecond = finished.length / span;
    if (workers === 1) oneWorker.set(behindFailed, perSecond);
    const baseline = oneWorker.get(behindFailed);
    const twice = backlogRuns.filter((r) => Number(r.attempts) !== 1).length;
    const errors = reports.reduce((s, r) => s + r.errors, 0);
    const workerCpuMs = reports.reduce((s, r) => s + r.cpuMs, 0);
    console.log(
      `${String(workers).padStart(2)} worker process${workers === 1 ? " " : "es"}: ${finished.length} of ${created} runs in ${span.toFixed(2)} s, ${perSecond.toFixed(0)} runs/s` +
        `${baseline === undefined ? "" : ` (${(perSecond / baseline).toFixed(2)}x one worker)`}; per run: ${(workerCpuMs / finished.length).toFixed(2)} ms CPU in the workers, ` +
        `${Number.isNaN(dbCpuMs) ? "?" : (dbCpuMs / finished.length).toFixed(2)} ms in PostgreSQL; runs each worker took: ${reports.map((r) => r.runs).join(", ")}; ` +
        `${twice} runs claimed more than once, ${errors} worker errors` +
        `${behindFailed > 0 ? `, ${waitingTouched} waiting runs claimed` : ""}; load average ${os.loadavg()[0].toFixed(1)}`,
    );
    return created === backlog && finished.length === backlog && twice === 0 && errors === 0 && waitingTouched === 0;
  } finally {
    await store.close();
    await database.drop();
  }
}

/**
 * `count` scheduled runs behind failed windows: flows of 100 such runs each, whose window 0 failed
 * and whose runs are due before the backlog's. Returns the flows.
 */
async function seedRunsBehindFailedWindows(store: Store, count: number): Promise<Set<string>> {
  const perFlow = 100;
  const due = Date.now() - 3_600_000;
  const flows = await seedFlows(store, Math.ceil(count / perFlow), () => ({ startTime: Math.floor(due / 1000), frequency: "once" }));
  const rows = flows.flatMap((id, f) => {
    const flow = { id, imsOrgId: "BENCH@AdobeOrg", sandboxName: "prod" };
    const behind = Math.min(perFlow, count - f * perFlow);
    return Array.from({ length: behind + 1 }, (_, sequence) => {
      const row = runRow(flow, { sequence, start: null, end: null, dueAt: due + sequence * flows.length + f }, "schedule", due);
      if (sequence === 0) Object.assign(row, { status: "failed", attempts: 1, completed_at: due });
      return row;
    });
  });
  for (let i = 0; i < rows.length; i += 500) await store.db.insertInto("runs").values(rows.slice(i, i + 500)).execute();
  if (flows.length > 0) await store.db.updateTable("flows").set({ scheduled_through: 0 }).where("id", "in", flows).execute();
  return new Set(flows);
}

if (failed) {
  console.error("a run was not created, not finished, or claimed twice, or a worker failed");
  process.exitCode = 1;
}

/**
 * The CPU time of the PostgreSQL backends serving one database, read from /proc (a backend's
 * command line names its database) every 100 ms while the workers run, so that other users of the
 * server on the machine do not count: a backend's last reading stands after its connection ends.
 * NaN where /proc cannot be read.
 */
function backendCpuSampler(database: string): { stop(): number } {
  const lastTicks = new Map<string, number>();
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${database} `)) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // from the state field (the 3rd of stat) on: utime is the 14th of stat, stime the 15th
        lastTicks.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process ended meanwhile
      }
    }
  };
  let readable = true;
  try {
    sample();
  } catch {
    readable = false;
  }
  const baseline = new Map(lastTicks);
  const timer = setInterval(() => readable && sample(), 100);
  return {
    stop() {
      clearInterval(timer);
      if (!readable) return NaN;
      let ticks = 0;
      for (const [pid, t] of lastTicks) ticks += t - (baseline.get(pid) ?? 0);
      return ticks * 10; // USER_HZ is 100 on Linux
    },
  };
}
