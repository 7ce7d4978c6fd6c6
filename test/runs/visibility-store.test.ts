/**
 * What GET /runs and GET /runs/{id}/logs read, on both stores: log lines from two processes at once,
 * bounded per run; a phase only the lease holder can set; the held-back reason the same for a list
 * and for one run.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { heldBackOfAll, heldBackOfOne } from "../../src/runs/run-held-back.js";
import { CANCELLABLE_PHASES } from "../../src/runs/run-log.js";
import type { Store } from "../../src/store/database.js";
import { appendRunLog, cancelRun, saveRunDetails, type ChangeLine, claimRun, enterRunPhase, findRunById, finishRun, listRunLog, lostAttempts, requeueLostRun, rescheduleRun, retriggerRun, runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

describe.each(DIALECTS)("run visibility in the store (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-visibility");
  let stores: Store[];
  let flow: { id: string; imsOrgId: string; sandboxName: string };
  beforeEach(async () => {
    stores = fresh.stores;
    const [id] = await insertFlowRows(stores[0], 1, { startTime: 0, frequency: "minute", backfill: 1, scheduledThrough: 2 });
    flow = { id, imsOrgId: "ORG", sandboxName: "prod" };
    const rows = [0, 1, 2].map((sequence) => runRow(flow, { sequence, start: null, end: null, dueAt: 0 }, "schedule", 0));
    await stores[0].db.insertInto("runs").values(rows).execute();
  });

  it("keeps every line two processes write at once, in order, and only the newest when there are too many", async () => {
    const [run] = await stores[0].db.selectFrom("runs").select("id").where("window_seq", "=", 0).execute();
    const line = (i: number) => ({ at: 1_000 + i, attempt: 1, level: "info" as const, message: `line ${i}` });
    // two workers (one that lost its lease, one that took the run over) each writing its lines
    const writer = async (store: Store, first: number) => {
      for (let i = first; i < 20; i += 2) await appendRunLog(store.db, run.id, line(i), 100);
    };
    await Promise.all([writer(stores[0], 0), writer(stores[1], 1)]);
    const all = await listRunLog(stores[0].db, run.id);
    expect(all.map((l) => l.message).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i}`).sort());
    expect(all[0]).toMatchObject({ attempt: 1, level: "info" });
    // each writer's lines in the order it wrote them
    const numbers = all.map((l) => Number(l.message.slice("line ".length)));
    for (const parity of [0, 1]) {
      const own = numbers.filter((n) => n % 2 === parity);
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }

    for (let i = 20; i < 30; i++) await appendRunLog(stores[0].db, run.id, line(i), 15);
    const kept = await listRunLog(stores[0].db, run.id);
    expect(kept).toEqual([...all.slice(-5), ...Array.from({ length: 10 }, (_, i) => line(20 + i))]);
  });

  it("keeps every line when writers race for the same run's log, none giving up while the others keep winning", async () => {
    const [run] = await stores[0].db.selectFrom("runs").select("id").where("window_seq", "=", 1).execute();
    const writers = 6;
    const lines = 40;
    // each writer writes its lines back to back, through both stores' connections: most inserts race another
    const writer = async (w: number) => {
      for (let i = 0; i < lines; i++) await appendRunLog(stores[w % 2].db, run.id, { at: i, attempt: 1, level: "info", message: `${w}:${i}` }, 1_000);
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    expect((await listRunLog(stores[0].db, run.id)).length).toBe(writers * lines);
  });

  it("writes a line with a claim, a finish or a retry only when the change is made, among lines another process writes at once, within the bound", async () => {
    const line = (store: Store, message: (attempt: string) => string, keepLines = 100): ChangeLine => ({ capabilities: store.capabilities, level: "info", message, at: 5, keepLines });
    const opened = (attempt: string) => `attempt ${attempt} started`;
    const claimed = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 10, 60_000, 3, line(stores[0], opened)))!;
    // window 1 waits for window 0: nothing is claimed, nothing is written
    expect(await claimRun(stores[1].db, stores[1].capabilities, "w2", 10, 60_000, 3, line(stores[1], opened))).toBeUndefined();
    expect(await rescheduleRun(stores[1].db, claimed.id, "w2", { details: {}, dueAt: 20, now: 20 }, line(stores[1], () => "not the owner"))).toBe(false);
    expect(await rescheduleRun(stores[0].db, claimed.id, "w1", { details: {}, dueAt: 20, now: 20 }, line(stores[0], (a) => `attempt ${a} failed`))).toBe(true);

    const again = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 30, 60_000, 3, line(stores[0], opened)))!;
    expect(again).toMatchObject({ id: claimed.id, attempts: 2 });
    // the finish races lines another process writes to the same log (the first attempt's worker, late)
    const others = (async () => {
      for (let i = 0; i < 20; i++) await appendRunLog(stores[1].db, claimed.id, { at: 6, attempt: 1, level: "warn", message: `late ${i}` }, 100);
    })();
    expect(await finishRun(stores[1].db, claimed.id, "w2", { status: "success", details: {}, now: 40 }, line(stores[1], () => "not the owner"))).toBe(false);
    expect(await finishRun(stores[0].db, claimed.id, "w1", { status: "success", details: {}, now: 40 }, line(stores[0], (a) => `succeeded on attempt ${a}`))).toBe(true);
    await others;
    const lines = await listRunLog(stores[0].db, claimed.id);
    expect(lines.filter((l) => l.level === "info").map((l) => [l.attempt, l.message])).toEqual([
      [1, "attempt 1 started"],
      [1, "attempt 1 failed"],
      [2, "attempt 2 started"],
      [2, "succeeded on attempt 2"],
    ]);
    expect(lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual(Array.from({ length: 20 }, (_, i) => `late ${i}`));

    // a line written with a change keeps the run's log within its bound, like any other line
    await stores[0].db.updateTable("runs").set({ status: "failed" }).where("id", "=", claimed.id).execute();
    expect(await retriggerRun(stores[0].db, claimed.id, 50)).toBe(true);
    const third = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 60, 60_000, 3, line(stores[0], opened, 3)))!;
    expect(third.attempts).toBe(1);
    expect((await listRunLog(stores[0].db, claimed.id)).map((l) => l.message)).toEqual([...lines.slice(-2).map((l) => l.message), "attempt 1 started"]);
  });

  it("lets only the lease holder set the phase, and starts each attempt without one", async () => {
    const claimed = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 10, 100, 3))!;
    expect(claimed.window_seq).toBe(0);
    expect(claimed.max_attempts).toBe(3);
    await enterRunPhase(stores[1].db, claimed.id, "someone-else", "exporting", 20);
    await enterRunPhase(stores[0].db, claimed.id, "w1", "pinningVersion", 30);
    expect(await findRunById(stores[0].db, claimed.id)).toMatchObject({ phase: "pinningVersion", phase_started_at: 30 });
    // the lease runs out; the run goes back to the queue, and the next claim starts a fresh attempt
    await eventually(async () => (await lostAttempts(stores[1].db, stores[1].capabilities.clockMs, 5)).length > 0, 5_000, 20);
    const [lost] = await lostAttempts(stores[1].db, stores[1].capabilities.clockMs, 5);
    expect(await requeueLostRun(stores[1].db, stores[1].capabilities.clockMs, lost, {}, 70_000)).toBe(true);
    const next = (await claimRun(stores[1].db, stores[1].capabilities, "w2", 70_000, 60_000, 5))!;
    expect(next).toMatchObject({ id: claimed.id, attempts: 2, phase: null, phase_started_at: null, max_attempts: 5 });
  });

  it("cancels a waiting run, and a running one only before it writes its window: its lease taken back, its worker's next phase refused", async () => {
    const claimed = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 10, 60_000))!;
    const waiting = (await stores[0].db.selectFrom("runs").selectAll().where("window_seq", "=", 2).executeTakeFirstOrThrow()).id;
    expect(await cancelRun(stores[1].db, waiting, 20, () => ({ errors: [{ code: "CONNECTOR-2019-400", message: "m" }] }), CANCELLABLE_PHASES)).toBe(true);
    expect(await findRunById(stores[0].db, waiting)).toMatchObject({ status: "failed", completed_at: 20 });

    // writing its window: not cancelled
    expect(await enterRunPhase(stores[0].db, claimed.id, "w1", "mapping", 30)).toBe(true);
    expect(await cancelRun(stores[1].db, claimed.id, 40, () => ({}), CANCELLABLE_PHASES)).toBe(false);
    expect(await findRunById(stores[0].db, claimed.id)).toMatchObject({ status: "inProgress", lease_owner: "w1" });
    // exporting: cancelled, and the worker holding it owns it no more; the details its worker saved last are kept, the errors added
    await stores[0].db.updateTable("runs").set({ phase: "exporting" }).where("id", "=", claimed.id).execute();
    await saveRunDetails(stores[0].db, claimed.id, "w1", { exportCommand: { clusterId: "c", contextId: "x", commandId: "y" } }, 45);
    const cancelled = await cancelRun(stores[1].db, claimed.id, 50, (current) => ({ ...JSON.parse(current ?? "{}"), errors: [{ code: "CONNECTOR-2019-400" }] }), CANCELLABLE_PHASES);
    expect(cancelled).toBe(true);
    const row = (await findRunById(stores[0].db, claimed.id))!;
    expect(row).toMatchObject({ status: "failed", lease_owner: null, completed_at: 50 });
    expect(JSON.parse(row.details!)).toEqual({ exportCommand: { clusterId: "c", contextId: "x", commandId: "y" }, errors: [{ code: "CONNECTOR-2019-400" }] });
    expect(await enterRunPhase(stores[0].db, claimed.id, "w1", "downloading", 60)).toBe(false);
    expect(await finishRun(stores[0].db, claimed.id, "w1", { status: "success", details: {}, now: 70 })).toBe(false);
    // ended: not cancelled again
    expect(await cancelRun(stores[1].db, claimed.id, 80, () => ({}), CANCELLABLE_PHASES)).toBe(false);
    // the cancelled attempt's worker writes no more lines to the run's log; lines of no attempt (a change's, the service's) still go
    const line = (message: string) => ({ at: 90, attempt: 1, level: "info" as const, message });
    await appendRunLog(stores[0].db, claimed.id, line("the cancelled attempt goes on"), 100, "w1");
    await appendRunLog(stores[0].db, claimed.id, line("a line of no attempt"), 100);
    expect((await listRunLog(stores[0].db, claimed.id)).map((l) => l.message)).toEqual(["a line of no attempt"]);
    // a run whose details say the window is being written is not cancelled: refused by what the details hold
    const middle = (await stores[0].db.selectFrom("runs").selectAll().where("window_seq", "=", 1).executeTakeFirstOrThrow()).id;
    expect(await cancelRun(stores[1].db, middle, 100, () => undefined, CANCELLABLE_PHASES)).toBe(false);
    expect(await findRunById(stores[0].db, middle)).toMatchObject({ status: "scheduled" });
  });

  it("names the run a later window waits for, the same in a list and for one run", async () => {
    const claimed = (await claimRun(stores[0].db, stores[0].capabilities, "w1", 10, 60_000))!;
    const runs = () => stores[0].db.selectFrom("runs").selectAll().orderBy("window_seq").execute();
    const pending = await heldBackOfAll(stores[0].db, await runs());
    expect([...pending.values()].map((h) => [h.reason, h.waitingForRunId])).toEqual([
      ["earlierWindowPending", claimed.id],
      ["earlierWindowPending", claimed.id],
    ]);

    await finishRun(stores[0].db, claimed.id, "w1", { status: "failed", details: {}, now: 20 });
    const [, second, third] = await runs();
    const failed = await heldBackOfAll(stores[0].db, await runs());
    expect(failed.get(second.id)).toMatchObject({ reason: "earlierWindowFailed", waitingForRunId: claimed.id });
    expect(failed.get(third.id)).toEqual(failed.get(second.id));
    expect(await heldBackOfOne(stores[1].db, third)).toEqual(failed.get(third.id));
    // a page of a list that holds the later window but not the one it waits for
    expect((await heldBackOfAll(stores[1].db, [third])).get(third.id)).toEqual(failed.get(third.id));
    expect(await heldBackOfOne(stores[1].db, (await findRunById(stores[0].db, claimed.id))!)).toBeUndefined();

    // a disabled flow still names the failed window: enabling it alone would leave its runs waiting
    await stores[0].db.updateTable("flows").set({ state: "disabled" }).where("id", "=", flow.id).execute();
    const disabled = await heldBackOfOne(stores[1].db, second);
    expect(disabled).toMatchObject({ reason: "earlierWindowFailed", waitingForRunId: claimed.id });
    expect(disabled?.message).toContain(`(POST /runs/${claimed.id}/action?op=re-trigger)`);
    expect(disabled?.message).toContain(`flow ${flow.id} is disabled: its runs wait until it is enabled again (POST /flows/${flow.id}/action?op=enable)`);
    expect((await heldBackOfAll(stores[1].db, [second])).get(second.id)).toEqual(disabled);
  });
});
