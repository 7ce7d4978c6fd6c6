/** What both scheduler benchmarks share: flows written straight into the store, and worker processes started on it. */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Store } from "../../src/store/database.js";
import { scriptArgs } from "../../test/support/built-scripts.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface FlowSchedule {
  /** epoch seconds */
  startTime: number;
  frequency: "once" | "minute";
}

/** Inserts `count` enabled flows, the i-th with `schedule(i)`, 500 per statement; returns their ids. */
export async function seedFlows(store: Store, count: number, schedule: (i: number) => FlowSchedule): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let first = 0; first < ids.length; first += 500) {
    await store.db
      .insertInto("flows")
      .values(ids.slice(first, first + 500).map((id, i) => ({
        id, ims_org_id: "BENCH@AdobeOrg", sandbox_name: "prod", name: "f", state: "enabled", etag: '"e"', body: "{}",
        ...columnsOf(schedule(first + i)), interval: 1, backfill: 0,
        scheduled_through: null, anchor_seq: null, anchor_time: null, secret: null, created_at: 0, updated_at: 0,
      })))
      .execute();
  }
  return ids;
}

function columnsOf(schedule: FlowSchedule) {
  return { start_time: schedule.startTime, frequency: schedule.frequency };
}

export interface WorkerReport {
  errors: number;
  runs: number;
  /** the process's CPU time while its worker ran */
  cpuMs: number;
}

/**
 * `count` worker processes of worker-process.ts at once, each for `seconds` at most (`drain`: until
 * no run is unfinished but the `waiting` ones that cannot be claimed).
 */
export async function runWorkers(databaseUrl: string, count: number, seconds: number, pollMs: number, mode: "timed" | "drain" = "timed", waiting = 0): Promise<WorkerReport[]> {
  const children = Array.from({ length: count }, () =>
    promisify(execFile)(process.execPath, [...scriptArgs(path.join(here, "worker-process.ts")), databaseUrl, String(seconds), String(pollMs), mode, String(waiting)], { encoding: "utf8" }),
  );
  return (await Promise.all(children)).map((o) => JSON.parse(o.stdout.trim().split("\n").at(-1)!) as WorkerReport);
}
