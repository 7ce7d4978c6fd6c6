/**
 * Workers on hosts whose clocks disagree by minutes share one database: each times what is due by
 * its clock aligned with the database's, so a one-minute window's run starts at the window's end
 * (not minutes early on the host that runs ahead, nor minutes late on the one that runs behind),
 * and a retry waits its backoff by the database's time whichever worker takes it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { newCaller } from "../../src/aep-conventions/caller.js";
import type { DataflowService } from "../../src/dataflows/dataflow-service.js";
import { RunService } from "../../src/runs/run-service.js";
import { type RunExecutor, Worker } from "../../src/runs/worker.js";
import type { Store } from "../../src/store/database.js";
import type { RunTable } from "../../src/store/dataflows.table.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const MINUTE = 60_000;
/** how far each host's clock is off (ahead, or behind) */
const SKEW_MS = 3 * MINUTE;
/** what an aligned clock may be off by: part of a round trip to the database, not minutes */
const ALIGNMENT_MS = 250;
const BACKOFF_MS = 3_000;

const succeeds: RunExecutor = async () => ({ status: "success", details: {} });

/**
 * A worker on a host whose clock is `skewMs` off. Polling every 30 s, it sleeps until the next
 * window's end by its clock; a retry is found at a poll.
 */
function workerOn(store: Store, workerId: string, skewMs: number, options: { executor?: RunExecutor; pollMs?: number } = {}): Worker {
  const { executor = succeeds, pollMs = 30_000 } = options;
  return new Worker({ store, workerId, executor, pollMs, retryBackoffMs: BACKOFF_MS, now: () => Date.now() + skewMs });
}

/** When (by the test's clock, which the database's shares) the next run is claimed, and the run; undefined when none is by `deadline`. */
function nextClaim(workers: Worker[], deadline: number): Promise<{ at: number; run: RunTable } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), deadline - Date.now());
    for (const worker of workers) {
      worker.once("claimed", (run) => {
        clearTimeout(timer);
        resolve({ at: Date.now(), run });
      });
    }
  });
}

describe.each(DIALECTS)("due times across hosts whose clocks disagree by minutes (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-due-skew");
  let stores: [Store, Store];
  beforeEach(() => {
    stores = fresh.stores;
  });

  it.each([
    { hosts: [SKEW_MS, -SKEW_MS], case: "two workers, one 3 minutes ahead and one 3 minutes behind" },
    { hosts: [-SKEW_MS], case: "one worker 3 minutes behind" },
  ])("$case start a one-minute window's run at its end", async ({ hosts }) => {
    // a window ending a few seconds from now, on a whole second
    const end = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
    await insertFlowRows(stores[0], 1, { startTime: (end - MINUTE) / 1000, frequency: "minute" });
    const workers = hosts.map((skew, i) => workerOn(stores[i], `host${i}`, skew));
    const claimed = nextClaim(workers, end + 10_000);
    workers.forEach((worker) => worker.start());
    try {
      const claim = await claimed;
      expect(claim, "the window's run was not started within 10 s of its end").toBeDefined();
      expect(claim!.at).toBeGreaterThanOrEqual(end - ALIGNMENT_MS);
      expect(claim!.at - end).toBeLessThan(5_000);
      // what GET /runs shows as the run's start (metrics.durationSummary.startedAtUTC)
      expect(Number(claim!.run.started_at)).toBeGreaterThanOrEqual(end - ALIGNMENT_MS);
      expect(Number(claim!.run.started_at) - end).toBeLessThan(5_000);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  it("counts a retry's backoff by the database's clock: its failure on a host 3 minutes behind, its next attempt on one 3 minutes ahead", async () => {
    // due by every host's clock
    await insertFlowRows(stores[0], 1, { startTime: Math.floor((Date.now() - 2 * SKEW_MS) / 1000), frequency: "once" });
    const failsFirst: RunExecutor = async (run) =>
      run.attempts === 1 ? { status: "failed", retryable: true, details: { errors: [{ code: "CONNECTOR-2001-500", message: "the cluster went away" }] } } : { status: "success", details: {} };
    const behind = workerOn(stores[0], "behind", -SKEW_MS, { executor: failsFirst, pollMs: 100 });
    const ahead = workerOn(stores[1], "ahead", SKEW_MS, { executor: failsFirst, pollMs: 100 });
    const retrying = new Promise<{ failedAt: number; run: RunTable }>((resolve) => behind.once("retrying", (run) => resolve({ failedAt: Date.now(), run })));
    behind.start();
    let retry: { at: number; run: RunTable } | undefined;
    try {
      const { failedAt, run } = await retrying;
      // what GET /runs shows as the next attempt's time
      const runs = new RunService(stores[1], {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">);
      const item = (await runs.get(newCaller("c", "ORG", "prod"), run.id)) as { nextAttemptAt?: number };
      expect(item.nextAttemptAt! - failedAt).toBeGreaterThan(BACKOFF_MS - ALIGNMENT_MS);
      expect(item.nextAttemptAt! - failedAt).toBeLessThan(BACKOFF_MS + 1_000);
      await behind.stop();
      const claimed = nextClaim([ahead], failedAt + BACKOFF_MS + 10_000);
      ahead.start();
      retry = await claimed;
      expect(retry, "the retry was not started within 10 s of its backoff").toBeDefined();
      expect(retry!.run.attempts).toBe(2);
      expect(retry!.at - failedAt).toBeGreaterThanOrEqual(BACKOFF_MS - ALIGNMENT_MS);
      expect(retry!.at - failedAt).toBeLessThan(BACKOFF_MS + 5_000);
    } finally {
      await Promise.all([behind.stop(), ahead.stop()]);
    }
  });
});
