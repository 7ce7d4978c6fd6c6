/**
 * A run whose worker died holds its lease until it runs out; then another worker resumes it, but
 * only within its attempts: a window that brings down every worker that takes it must not be
 * claimed for attempt 4 of 3, and 5, and so on, killing worker after worker.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { newCaller } from "../../src/aep-conventions/caller.js";
import type { DataflowService } from "../../src/dataflows/dataflow-service.js";
import { RunService } from "../../src/runs/run-service.js";
import { Worker } from "../../src/runs/worker.js";
import type { Store } from "../../src/store/database.js";
import { listRunLog, runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

/** A once flow's run as a worker killed on attempt `attempts` of `maxAttempts` left it: in progress, its lease run out. */
async function runLeftByKilledWorker(store: Store, attempts: number, maxAttempts: number) {
  const now = Date.now();
  const [flowId] = await insertFlowRows(store, 1, { startTime: Math.floor(now / 1000) + 3600, frequency: "once", scheduledThrough: 0 });
  const run = {
    ...runRow({ id: flowId, imsOrgId: "ORG", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: now - 10_000 }, "schedule", now - 10_000),
    status: "inProgress",
    attempts,
    max_attempts: maxAttempts,
    lease_owner: "killed-worker",
    lease_expires_at: now - 1_000,
    started_at: now - 10_000,
    phase: "exporting",
    phase_started_at: now - 5_000,
    details: JSON.stringify({ pinnedVersion: 7 }),
  };
  await store.db.insertInto("runs").values(run).execute();
  return run.id;
}

describe.each(DIALECTS)("a run whose worker died on its last attempt (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-abandoned");
  let store: Store;
  beforeEach(() => {
    store = fresh.stores[0];
  });

  it("fails with the reason in its errors and its log, instead of being claimed for an attempt beyond the limit; one with an attempt left is resumed", async () => {
    const last = await runLeftByKilledWorker(store, 3, 3);
    const notLast = await runLeftByKilledWorker(store, 2, 3);
    const executed: Array<{ id: string; attempts: number }> = [];
    const finished: Array<{ id: string; status: string }> = [];
    const worker = new Worker({
      store,
      workerId: "rescuer",
      pollMs: 20,
      maxAttempts: 3,
      executor: async (run) => {
        executed.push({ id: run.id, attempts: run.attempts });
        return { status: "success", details: {} };
      },
    });
    worker.on("finished", (run, outcome) => finished.push({ id: run.id, status: outcome.status }));
    worker.start();
    try {
      await eventually(async () => finished.length >= 2, 15_000, 20);
    } finally {
      await worker.stop();
    }
    expect(executed).toEqual([{ id: notLast, attempts: 3 }]);
    expect(finished).toContainEqual({ id: last, status: "failed" });
    const row = await store.db.selectFrom("runs").selectAll().where("id", "=", last).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "failed", attempts: 3, lease_owner: null });
    const details = JSON.parse(row.details!);
    expect(details.pinnedVersion).toBe(7);
    expect(details.errors).toEqual([{ code: "CONNECTOR-2000-500", message: expect.stringContaining("attempt 3 of 3 lost its worker") }]);
    const lines = await listRunLog(store.db, last);
    expect(lines.at(-1)).toMatchObject({ attempt: 3, level: "error", message: "run failed on attempt 3 of 3 (CONNECTOR-2000-500): its worker was lost, no attempt is left" });
  });

  it("says no worker holds a run whose worker died, and since when; the next worker logs the lost attempt's end before its own attempt", async () => {
    const id = await runLeftByKilledWorker(store, 1, 3);
    const lostAt = Number((await store.db.selectFrom("runs").select("lease_expires_at").where("id", "=", id).executeTakeFirstOrThrow()).lease_expires_at);
    const runs = new RunService(store, {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">);
    const caller = newCaller("c", "ORG", "prod");
    const left = (await runs.get(caller, id)) as any;
    expect(left.metrics.statusSummary.status).toBe("inProgress");
    expect(left.heldBack).toEqual({
      reason: "workerLost",
      since: lostAt,
      message: `attempt 1 of 3 lost its worker: no worker has held it since ${new Date(lostAt).toISOString()} (its lease ran out: the worker process died or stalled); it waits for a worker to resume it with its next attempt`,
    });

    const finished: string[] = [];
    const worker = new Worker({ store, workerId: "rescuer", pollMs: 20, maxAttempts: 3, executor: async () => ({ status: "success", details: {} }) });
    worker.on("finished", (run) => finished.push(run.id));
    worker.start();
    try {
      await eventually(async () => finished.length >= 1, 15_000, 20);
    } finally {
      await worker.stop();
    }
    const done = (await runs.get(caller, id)) as any;
    expect(done.heldBack).toBeUndefined();
    expect(done.attempt).toBe(2);
    const lines = await listRunLog(store.db, id);
    expect(lines.map((l) => [l.attempt, l.level, l.message])).toEqual([
      [1, "warn", `attempt 1 of 3 lost its worker at ${new Date(lostAt).toISOString()} (its lease ran out: the worker process died or stalled); attempt 2 resumes the run`],
      [2, "info", "attempt 2 of 3 started by worker rescuer"],
      [2, "info", "run succeeded on attempt 2"],
    ]);
  });
});
