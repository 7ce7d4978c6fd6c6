import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLEANUP_WAIT_ON_STOP_MS, Worker } from "../../src/runs/worker.js";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { cancelRun } from "../../src/store/runs.repository.js";
import { CANCELLABLE_PHASES } from "../../src/runs/run-log.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

const MIN = 60_000;

async function insertFlow(store: Store, startTime: number) {
  const [id] = await insertFlowRows(store, 1, { startTime, frequency: "minute", backfill: 1 });
  return id;
}

describe("workers on one PostgreSQL", () => {
  let dataDir: string;
  let database: TestDatabase;
  let stores: Store[];
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ds-worker-"));
    database = await createTestDatabase();
    stores = [0, 1].map(() => openStore({ databaseUrl: database.url, dataDir }));
    await migrateToLatest(stores[0].db);
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("run every missed window once, in order, and keep leases alive through long runs", async () => {
    // a flow started 6 minutes ago: windows 0..6 are due (backfill)
    const flowId = await insertFlow(stores[0], Math.floor((Date.now() - 6 * MIN) / 1000));
    const executed: Array<{ seq: number; worker: string }> = [];
    const workers = stores.map(
      (store, i) =>
        new Worker({
          store,
          workerId: `w${i}`,
          // shorter than a run: only the heartbeat (every 200 ms) keeps the lease; a busy machine may
          // stall a heartbeat by up to 400 ms before the lease lapses (300 ms was seen to lapse under a full CI)
          leaseMs: 600,
          pollMs: 20,
          executor: async (run, context) => {
            executed.push({ seq: Number(run.window_seq), worker: context.workerId });
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            return { status: "success", details: {} };
          },
        }),
    );
    const lostLeases: string[] = [];
    let finished = 0;
    for (const worker of workers) {
      worker.on("finished", (run, _o, recorded) => (recorded ? finished++ : lostLeases.push(run.id)));
      worker.start();
    }
    // a stop interrupts the run in hand: stopped once all seven have finished
    await eventually(async () => finished + lostLeases.length >= 7, 25_000, 20);
    await Promise.all(workers.map((w) => w.stop()));
    expect(executed.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(lostLeases).toEqual([]);
    const runs = await stores[0].db.selectFrom("runs").select(["status", "attempts"]).where("flow_id", "=", flowId).execute();
    expect(runs).toHaveLength(7);
    expect(runs.every((r) => r.status === "success" && r.attempts === 1)).toBe(true);
  });

  it("retry a run whose failure is retryable, with backoff, and leave it failed after the last attempt", async () => {
    await insertFlow(stores[0], Math.floor(Date.now() / 1000));
    const attempts: number[] = [];
    const retries: number[] = [];
    const worker = new Worker({
      store: stores[0],
      workerId: "w",
      pollMs: 10,
      maxAttempts: 3,
      retryBackoffMs: 40,
      executor: async (run) => {
        attempts.push(run.attempts);
        return { status: "failed", details: { errors: [{ code: "CONNECTOR-2001-500", message: "cluster busy" }] }, retryable: true };
      },
    });
    worker.on("retrying", (_run, _o, dueAt) => retries.push(dueAt - Date.now()));
    const finished = new Promise<boolean>((resolve) => worker.on("finished", (_run, _o, recorded) => resolve(recorded)));
    worker.start();
    expect(await finished).toBe(true);
    await worker.stop();
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries).toHaveLength(2);
    expect(retries[1]).toBeGreaterThan(retries[0]); // the wait doubles
    const [run] = await stores[0].db.selectFrom("runs").select(["status", "attempts"]).execute();
    expect(run).toEqual({ status: "failed", attempts: 3 });
  });

  it("take over the run of a worker that stopped heartbeating", async () => {
    await insertFlow(stores[0], Math.floor(Date.now() / 1000));
    let firstAttemptSignal: AbortSignal | undefined;
    const stuck = new Worker({
      store: stores[0],
      workerId: "stuck",
      leaseMs: 200,
      pollMs: 20,
      executor: (_run, context) => {
        firstAttemptSignal = context.signal;
        return new Promise(() => {}); // hangs forever, like a frozen process
      },
    });
    stuck.start();
    await eventually(async () => firstAttemptSignal !== undefined, 15_000, 20);
    // freeze its heartbeat the way a SIGSTOP would: make the database refuse its renewals
    await stores[0].close();
    stores[0] = openStore({ databaseUrl: database.url, dataDir });
    const rescuer = new Worker({
      store: stores[1],
      workerId: "rescuer",
      leaseMs: 200,
      pollMs: 20,
      executor: async () => ({ status: "success", details: {} }),
    });
    const finished = new Promise<number>((resolve) => rescuer.on("finished", (run) => resolve(run.attempts)));
    rescuer.start();
    expect(await finished).toBe(2);
    await rescuer.stop();
    void stuck.stop();
  });

  it("stop an attempt whose run another process cancelled within a poll interval, long before the lease's renewal", async () => {
    await insertFlow(stores[0], Math.floor(Date.now() / 1000));
    let claimed: { runId: string; leaseLost: AbortSignal } | undefined;
    const worker = new Worker({
      store: stores[0],
      workerId: "exporting",
      leaseMs: 60_000,
      pollMs: 100,
      executor: (run, context) => {
        claimed = { runId: run.id, leaseLost: context.leaseLost! };
        return new Promise((resolve) => context.leaseLost!.addEventListener("abort", () => resolve({ status: "failed", details: {} })));
      },
    });
    worker.start();
    await eventually(async () => claimed !== undefined, 15_000, 20);
    // the other process's API takes the lease back; nothing tells this worker
    const cancelledAt = Date.now();
    expect(await cancelRun(stores[1].db, claimed!.runId, cancelledAt, () => ({ error: "cancelled" }), CANCELLABLE_PHASES)).toBe(true);
    await eventually(async () => claimed!.leaseLost.aborted, 5_000, 10);
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    await worker.stop();
    const run = await stores[1].db.selectFrom("runs").select(["status", "details"]).where("id", "=", claimed!.runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: "failed", details: JSON.stringify({ error: "cancelled" }) });
  });

  it("keep going when the store fails under them, logging it, instead of ending their loop or the process", async () => {
    const failing = openStore({ databaseUrl: database.url, dataDir });
    const logged: string[] = [];
    const logger = { error: (_fields: unknown, message: string) => logged.push(message), warn: () => {}, info: () => {} };
    const worker = new Worker({ store: failing, workerId: "blip", leaseMs: 200, pollMs: 20, logger: logger as never, executor: async () => ({ status: "success", details: {} }) });
    worker.start();
    await failing.close(); // every tick and claim from now on fails
    await eventually(async () => logged.filter((m) => m === "worker loop error").length >= 2, 5_000, 20);
    await worker.stop(); // an ended loop would reject here with the store's error
  });

  it("stop without waiting on a removal of leftovers that outlasts the shutdown's wait, saying so", async () => {
    const logged: string[] = [];
    const logger = { error: () => {}, warn: () => {}, info: (message: unknown) => logged.push(String(message)) };
    const executor = Object.assign(async () => ({ status: "success" as const, details: {} }), { removeLeftovers: () => new Promise<void>(() => {}) });
    const worker = new Worker({ store: stores[0], workerId: "slow-lake", pollMs: 20, logger: logger as never, executor });
    worker.start();
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(CLEANUP_WAIT_ON_STOP_MS + 1_000);
    expect(logged).toContain("the removal of leftovers of interrupted runs was cut short by the worker stopping");
  });
});
