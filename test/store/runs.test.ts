import { beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/database.js";
import { claimRun, createScheduledRuns, finishRun, insertNextRun, lostAttempts, renewLease, requeueLostRun, retriggerRun, runRow } from "../../src/store/runs.repository.js";
import { dueWindows, type Schedule } from "../../src/dataflows/windows.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";
import { eventually } from "../support/blob.js";

const T0 = 1_700_000_000;
const schedule: Schedule = { startTime: T0, frequency: "minute", interval: 1, backfill: true };

/** The flow's windows that are held (out of the claim's way), in order. */
async function heldWindows(store: Store, flowId: string): Promise<number[]> {
  const rows = await store.db.selectFrom("runs").select("window_seq").where("flow_id", "=", flowId).where("held", "=", 1).orderBy("window_seq").execute();
  return rows.map((r) => Number(r.window_seq));
}

async function insertFlow(store: Store, state = "enabled") {
  const [id] = await insertFlowRows(store, 1, { state, startTime: T0, frequency: "minute", backfill: 1 });
  return { id, imsOrgId: "ORG", sandboxName: "prod" };
}

describe.each(DIALECTS)("runs store (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-runs");
  let stores: Store[];
  beforeEach(() => {
    stores = fresh.stores;
  });

  it("creates each window's run exactly once when schedulers race", async () => {
    const flow = await insertFlow(stores[0]);
    const now = T0 * 1000 + 30 * 60_000;
    const windows = dueWindows(schedule, null, now);
    const attempts = Array.from({ length: 8 }, (_, i) => createScheduledRuns(stores[i % 2].db, flow, null, windows, now));
    const created = await Promise.all(attempts.map((p) => p.catch(() => 0)));
    expect(created.filter((n) => n > 0)).toEqual([windows.length]);
    const runs = await stores[0].db.selectFrom("runs").select("window_seq").where("flow_id", "=", flow.id).orderBy("window_seq").execute();
    expect(runs.map((r) => Number(r.window_seq))).toEqual(windows.map((w) => w.sequence));
    // the next tick continues from the watermark
    const later = dueWindows(schedule, windows.at(-1)!.sequence, now + 2 * 60_000);
    expect(await createScheduledRuns(stores[1].db, flow, windows.at(-1)!.sequence, later, now)).toBe(2);
  });

  it("creates nothing for a disabled flow", async () => {
    const flow = await insertFlow(stores[0], "disabled");
    const now = T0 * 1000 + 5 * 60_000;
    expect(await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now)).toBe(0);
  });

  it("runs a flow's windows in order, one at a time, and never hands one run to two workers", async () => {
    const flows = [await insertFlow(stores[0]), await insertFlow(stores[0])];
    const now = T0 * 1000 + 3 * 60_000;
    for (const flow of flows) await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now);
    // 6 workers race; only the first window of each flow may be claimed
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimRun(stores[i % 2].db, stores[i % 2].capabilities, `w${i}`, now, 60_000)),
    );
    const claimed = claims.filter((c) => c !== undefined);
    expect(claimed).toHaveLength(2);
    expect(new Set(claimed.map((c) => c!.flow_id)).size).toBe(2);
    expect(claimed.every((c) => Number(c!.window_seq) === 0)).toBe(true);
    // finishing window 0 of a flow releases its window 1
    const first = claimed[0]!;
    expect(await finishRun(stores[0].db, first.id, first.lease_owner!, { status: "success", details: {}, now })).toBe(true);
    const next = await claimRun(stores[1].db, stores[1].capabilities, "w9", now, 60_000);
    expect(next?.flow_id).toBe(first.flow_id);
    expect(Number(next?.window_seq)).toBe(1);
  });

  it("hands a run whose lease expired to another worker, and the old owner can no longer touch it", async () => {
    const flow = await insertFlow(stores[0]);
    const now = T0 * 1000;
    await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now);
    const clock = stores[1].capabilities.clockMs;
    const run = (await claimRun(stores[0].db, stores[0].capabilities, "dead-worker", now, 1_000))!;
    expect(await claimRun(stores[1].db, stores[1].capabilities, "other", now, 1_000)).toBeUndefined();
    expect(await renewLease(stores[0].db, stores[0].capabilities.clockMs, run.id, "dead-worker", now, 1_000)).toBe(true);
    expect(await lostAttempts(stores[1].db, clock, 3)).toEqual([]);
    // its lease ran out (by the database's clock): given back to the queue (its log then says the attempt lost its worker), not claimed straight away
    await eventually(async () => (await lostAttempts(stores[1].db, clock, 3)).length > 0, 5_000, 50);
    expect(await claimRun(stores[1].db, stores[1].capabilities, "other", now, 1_000)).toBeUndefined();
    const lost = await lostAttempts(stores[1].db, clock, 3);
    expect(lost.map((r) => r.id)).toEqual([run.id]);
    expect(await requeueLostRun(stores[1].db, clock, lost[0], {}, now)).toBe(true);
    const stolen = await claimRun(stores[1].db, stores[1].capabilities, "other", now, 60_000);
    expect(stolen?.id).toBe(run.id);
    expect(stolen?.attempts).toBe(2);
    expect(await renewLease(stores[0].db, stores[0].capabilities.clockMs, run.id, "dead-worker", now, 1_000)).toBe(false);
    expect(await finishRun(stores[0].db, run.id, "dead-worker", { status: "success", details: {}, now })).toBe(false);
    expect(await finishRun(stores[1].db, run.id, "other", { status: "success", details: {}, now })).toBe(true);
  });

  it("holds later windows back behind a failed one until it is re-triggered", async () => {
    const flow = await insertFlow(stores[0]);
    const now = T0 * 1000 + 60_000;
    await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now);
    const run = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    await finishRun(stores[0].db, run.id, "w", { status: "failed", details: { error: "x" }, now });
    expect(await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000)).toBeUndefined();
    expect(await retriggerRun(stores[0].db, run.id, now)).toBe(true);
    expect((await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))?.id).toBe(run.id);
  });

  it("keeps the windows behind a failed one out of the claim's way, whoever adds them, until that window succeeds", async () => {
    const flow = await insertFlow(stores[0]);
    const healthy = await insertFlow(stores[0]);
    let now = T0 * 1000 + 3 * 60_000;
    const windows = dueWindows(schedule, null, now);
    await createScheduledRuns(stores[0].db, flow, null, windows, now);
    const failed = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    expect(await heldWindows(stores[0], flow.id)).toEqual([]);
    await finishRun(stores[0].db, failed.id, "w", { status: "failed", details: { error: "x" }, now });
    expect(await heldWindows(stores[0], flow.id)).toEqual([1, 2, 3]);

    // windows the scheduler adds later, and an on-demand run, join them
    now += 2 * 60_000;
    await createScheduledRuns(stores[1].db, flow, windows.at(-1)!.sequence, dueWindows(schedule, windows.at(-1)!.sequence, now), now);
    await insertNextRun(stores[1].db, flow, { start: null, end: null, dueAt: now }, undefined, now);
    expect(await heldWindows(stores[0], flow.id)).toEqual([1, 2, 3, 4, 5, 6]);
    // a run of another flow is claimed past them
    await createScheduledRuns(stores[0].db, healthy, null, dueWindows(schedule, null, now), now);
    expect((await claimRun(stores[1].db, stores[1].capabilities, "w", now, 60_000))?.flow_id).toBe(healthy.id);

    // re-triggered, the failed window runs first; its success releases the rest, which then run in order
    expect(await retriggerRun(stores[0].db, failed.id, now)).toBe(true);
    expect(await heldWindows(stores[0], flow.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const again = await claimRun(stores[1].db, stores[1].capabilities, "w2", now, 60_000);
    expect(again?.id).toBe(failed.id);
    await finishRun(stores[1].db, failed.id, "w2", { status: "success", details: {}, now });
    expect(await heldWindows(stores[0], flow.id)).toEqual([]);
    const claimed = await claimRun(stores[0].db, stores[0].capabilities, "w3", now, 60_000);
    expect([claimed?.flow_id, Number(claimed?.window_seq)]).toEqual([flow.id, 1]);
  });

  it("holds a disabled flow's runs out of the claim's way, and releases on enable those before a failed window", async () => {
    const flow = await insertFlow(stores[0]);
    const other = await insertFlow(stores[0]);
    const now = T0 * 1000 + 3 * 60_000;
    await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now);
    const setState = (state: string) => stores[1].db.updateTable("flows").set({ state }).where("id", "=", flow.id).execute();
    await setState("disabled");
    expect(await heldWindows(stores[0], flow.id)).toEqual([0, 1, 2, 3]);
    await setState("enabled");
    expect(await heldWindows(stores[0], flow.id)).toEqual([]);

    // window 1 runs while the flow is disabled, and fails: enabling the flow leaves the runs behind it held
    const first = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    await finishRun(stores[0].db, first.id, "w", { status: "success", details: {}, now });
    const second = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    await setState("disabled");
    expect(await heldWindows(stores[0], flow.id)).toEqual([2, 3]);
    await finishRun(stores[0].db, second.id, "w", { status: "failed", details: {}, now });
    await setState("enabled");
    expect(await heldWindows(stores[0], flow.id)).toEqual([2, 3]);
    await createScheduledRuns(stores[0].db, other, null, dueWindows(schedule, null, now), now);
    expect((await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))?.flow_id).toBe(other.id);
    // re-triggered, the failed window's success releases the rest
    await retriggerRun(stores[0].db, second.id, now);
    const again = (await claimRun(stores[0].db, stores[0].capabilities, "w2", now, 60_000))!;
    expect(again.id).toBe(second.id);
    await finishRun(stores[0].db, second.id, "w2", { status: "success", details: {}, now });
    expect(await heldWindows(stores[0], flow.id)).toEqual([]);
  });

  it.runIf(dialect === "postgres")("never leaves a run held when the run before it is released while it is being inserted", async () => {
    const flow = await insertFlow(stores[0]);
    const now = T0 * 1000 + 60_000;
    await createScheduledRuns(stores[0].db, flow, null, dueWindows(schedule, null, now), now);
    const first = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    await finishRun(stores[0].db, first.id, "w", { status: "failed", details: {}, now });
    await retriggerRun(stores[0].db, first.id, now);
    await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000);
    expect(await heldWindows(stores[0], flow.id)).toEqual([1]);

    // window 2 is inserted behind held window 1 in a transaction that stays open while window 0
    // succeeds and window 1 is claimed and succeeds: window 1 cannot move before it commits
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const insertion = stores[1].db.transaction().execute(async (trx) => {
      await trx.insertInto("runs").values(runRow(flow, { sequence: 2, start: null, end: null, dueAt: now }, "on-demand", now)).execute();
      inserted();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await insertedSignal;
    await finishRun(stores[0].db, first.id, "w", { status: "success", details: {}, now });
    const second = (await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))!;
    expect(Number(second.window_seq)).toBe(1);
    await finishRun(stores[0].db, second.id, "w", { status: "success", details: {}, now });
    await insertion;
    expect(await heldWindows(stores[0], flow.id)).toEqual([]);
    expect(Number((await claimRun(stores[0].db, stores[0].capabilities, "w", now, 60_000))?.window_seq)).toBe(2);
  });
});
