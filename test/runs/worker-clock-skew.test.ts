/**
 * Workers on hosts whose clocks disagree share one database: a run's lease is timed by the
 * database's clock, so a worker whose clock runs 30 s ahead (or whose peer's runs behind) does not
 * take over a run another worker is running, and a dead worker's run whose clock ran ahead is
 * resumed once its lease runs out, not that much later; nor does GET /runs, answered by a process
 * whose clock runs ahead, show a live run as lost.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { newCaller } from "../../src/aep-conventions/caller.js";
import type { DataflowService } from "../../src/dataflows/dataflow-service.js";
import { parseListQuery } from "../../src/aep-conventions/listing/list-query.js";
import { RunService } from "../../src/runs/run-service.js";
import { type RunExecutor, Worker } from "../../src/runs/worker.js";
import type { Store } from "../../src/store/database.js";
import { claimRun, runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const SKEW_MS = 30_000;
const LEASE_MS = 1_000;

/** A run of a flow with no further window, due a minute ago: by every worker's clock. */
async function dueRun(store: Store): Promise<string> {
  const now = Date.now();
  const [flowId] = await insertFlowRows(store, 1, { startTime: Math.floor(now / 1000) - 60, frequency: "once", scheduledThrough: 0 });
  const run = runRow({ id: flowId, imsOrgId: "ORG", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: now - 2 * SKEW_MS }, "schedule", now - 2 * SKEW_MS);
  await store.db.insertInto("runs").values(run).execute();
  return run.id;
}

/**
 * A worker whose clock is `skewMs` off the database's though aligned with it (its host's clock
 * stepped since the offset was last read): its lease must not depend on it.
 */
function worker(store: Store, workerId: string, skewMs: number, executor: RunExecutor): Worker {
  return new Worker({ store, workerId, leaseMs: LEASE_MS, pollMs: 20, alignedNow: () => Date.now() + skewMs, executor });
}

describe.each(DIALECTS)("run leases across hosts whose clocks disagree (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-clock-skew");
  let stores: [Store, Store];
  beforeEach(() => {
    stores = fresh.stores;
  });

  it.each([
    { running: 0, other: SKEW_MS, case: "the other worker's clock runs 30 s ahead" },
    { running: -SKEW_MS, other: 0, case: "the running worker's clock runs 30 s behind" },
  ])("a live run stays with its worker when $case", async ({ running, other }) => {
    const runId = await dueRun(stores[0]);
    let finish!: () => void;
    const released = new Promise<void>((resolve) => (finish = resolve));
    const aborted: string[] = [];
    const holder = worker(stores[0], "holder", running, async (_run, { signal }) => {
      signal.addEventListener("abort", () => aborted.push(String(signal.reason)));
      await released;
      return { status: "success", details: {} };
    });
    const taken: number[] = [];
    const taker = worker(stores[1], "taker", other, async (run) => {
      taken.push(run.attempts);
      return { status: "success", details: {} };
    });
    const recorded = new Promise<boolean>((resolve) => holder.on("finished", (_run, _o, ok) => resolve(ok)));
    const claimed = new Promise<void>((resolve) => holder.once("claimed", () => resolve()));
    holder.start();
    await claimed;
    taker.start();
    try {
      // three leases' time: the holder's heartbeat renews it every third of one
      await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS));
      expect(taken).toEqual([]);
      expect(aborted).toEqual([]);
      finish();
      expect(await recorded).toBe(true);
    } finally {
      finish();
      await Promise.all([holder.stop(), taker.stop()]);
    }
    const run = await stores[0].db.selectFrom("runs").select(["status", "attempts", "lease_owner"]).where("id", "=", runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: "success", attempts: 1, lease_owner: null });
    expect(taken).toEqual([]);
  });

  it("a dead worker's run is resumed once its lease runs out though the dead worker's clock ran 30 s ahead", async () => {
    const runId = await dueRun(stores[0]);
    // what a worker whose clock runs 30 s ahead claims, before its process is killed
    const dead = await claimRun(stores[0].db, stores[0].capabilities, "dead", Date.now() + SKEW_MS, LEASE_MS, 3);
    expect(dead?.id).toBe(runId);
    const diedAt = Date.now();
    const resumed: number[] = [];
    const rescuer = worker(stores[1], "rescuer", 0, async (run) => {
      resumed.push(run.attempts);
      return { status: "success", details: {} };
    });
    rescuer.start();
    try {
      // the lease and a few polls, not the 30 s the dead worker's clock was ahead
      await eventually(async () => resumed.length > 0, 8_000, 20);
    } finally {
      await rescuer.stop();
    }
    expect(Date.now() - diedAt).toBeLessThan(SKEW_MS / 2);
    expect(resumed).toEqual([2]);
  });

  it("GET /runs answered by a process whose clock runs 30 s ahead does not show a live run as lost", async () => {
    const runId = await dueRun(stores[0]);
    expect((await claimRun(stores[0].db, stores[0].capabilities, "live", Date.now(), 10_000))?.id).toBe(runId);
    const runs = new RunService(stores[1], {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">, () => Date.now() + SKEW_MS);
    const caller = newCaller("c", "ORG", "prod");
    const one = (await runs.get(caller, runId)) as any;
    expect(one.metrics.statusSummary.status).toBe("inProgress");
    expect(one.heldBack).toBeUndefined();
    const page = await runs.list(caller, parseListQuery({ orderby: "createdAt" }, { defaultOrder: "createdAt" }));
    expect((page as any).items.map((item: any) => item.heldBack)).toEqual([undefined]);
  });
});
