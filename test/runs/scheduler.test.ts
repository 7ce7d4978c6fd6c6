/**
 * The scheduler reads only the flows that are due (through their next due time) and creates each
 * window's run exactly once, with several processes ticking at once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { scheduleDueRuns } from "../../src/runs/scheduler.js";
import { Worker } from "../../src/runs/worker.js";
import type { Store } from "../../src/store/database.js";
import { lockDueFlows, updateFlow } from "../../src/store/flows.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const MINUTE = 60_000;
const T0 = 1_700_000_000_000;
const SCOPE = { imsOrgId: "ORG", sandboxName: "prod" };

function insertFlows(store: Store, count: number, frequency = "minute"): Promise<string[]> {
  return insertFlowRows(store, count, { startTime: T0 / 1000, frequency });
}

describe.each(DIALECTS)("the scheduler (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-scheduler");
  let stores: Store[];
  beforeEach(() => {
    stores = fresh.stores;
  });

  it("creates every due window's run exactly once while two processes tick at once", async () => {
    const ids = await insertFlows(stores[0], 1_200);
    for (const now of [T0 + 3 * MINUTE + 10, T0 + 5 * MINUTE + 10]) {
      await Promise.all([0, 1, 0, 1].map((i) => scheduleDueRuns(stores[i], now)));
    }
    const runs = await stores[0].db.selectFrom("runs").select(["flow_id", "window_seq", "due_at"]).execute();
    expect(runs).toHaveLength(ids.length * 5);
    const perFlow = new Map<string, number[]>();
    for (const run of runs) perFlow.set(run.flow_id, [...(perFlow.get(run.flow_id) ?? []), Number(run.window_seq)]);
    for (const id of ids) expect(perFlow.get(id)!.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads no flow at a tick when none is due, and each flow again when its next window ends", async () => {
    const [flow] = await insertFlows(stores[0], 1);
    await insertFlows(stores[0], 50, "once");
    const now = T0 + 2 * MINUTE + 10;
    expect(await scheduleDueRuns(stores[0], now)).toBe(2 + 50);
    expect(await lockDueFlows(stores[0].db, stores[0].capabilities, now, 1000)).toEqual([]);
    expect(await lockDueFlows(stores[0].db, stores[0].capabilities, T0 + 3 * MINUTE - 1, 1000)).toEqual([]);
    expect((await lockDueFlows(stores[0].db, stores[0].capabilities, T0 + 3 * MINUTE, 1000)).map((f) => f.id)).toEqual([flow]);
    // a change of schedule makes the next tick work the flow's next window out again
    expect(await updateFlow(stores[0].db, SCOPE, flow, '"e"', { interval: 5, etag: '"f"' })).toBe(true);
    expect((await lockDueFlows(stores[0].db, stores[0].capabilities, now, 1000)).map((f) => f.id)).toEqual([flow]);
    expect(await scheduleDueRuns(stores[0], now)).toBe(0);
    expect(await lockDueFlows(stores[0].db, stores[0].capabilities, now, 1000)).toEqual([]);
  });

  it("lets an idle worker claim a window's run right after the window ends, not at its next poll", async () => {
    const end = Math.ceil((Date.now() + 1_500) / 1000) * 1000;
    const [flow] = await insertFlows(stores[0], 1);
    await stores[0].db.updateTable("flows").set({ start_time: (end - MINUTE) / 1000 }).where("id", "=", flow).execute();
    const worker = new Worker({ store: stores[1], executor: async () => ({ status: "success", details: {} }), pollMs: 30_000 });
    const claimed = new Promise<number>((resolve) => worker.once("claimed", () => resolve(Date.now())));
    worker.start();
    try {
      const at = await claimed;
      expect(at).toBeGreaterThanOrEqual(end);
      expect(at - end).toBeLessThan(5_000);
    } finally {
      await worker.stop();
    }
  });
});
