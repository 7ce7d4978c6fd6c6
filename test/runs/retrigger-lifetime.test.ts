/**
 * A failed run re-triggered a day later starts anew: its durationSummary, the console's duration
 * and the delayed-run webhook count from its next attempt, not from the attempts that failed the
 * day before, and it shows none of their errors; the run's log keeps those attempts, when they ran
 * and how they failed.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { newCaller } from "../../src/aep-conventions/caller.js";
import { RunNotifier } from "../../src/notifications/run-notifier.js";
import { WebhookOutbox } from "../../src/notifications/webhook-outbox.js";
import type { DataflowService } from "../../src/dataflows/dataflow-service.js";
import { lineWithChange } from "../../src/runs/run-log.js";
import { RunService } from "../../src/runs/run-service.js";
import type { Store } from "../../src/store/database.js";
import { appendRunLog, claimRun, listRunLog, runRow } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const DAY = 24 * 3_600_000;
const caller = newCaller("acme-client", "ORG", "prod");

/** A once flow (delayed after 10 minutes) whose run failed a day before `now` on its third attempt, with its log. */
async function runFailedYesterday(store: Store, now: number) {
  const body = JSON.stringify({ name: "f", notifications: { delayedRunThresholdMinutes: 10, webhooks: [{ url: "http://127.0.0.1:9/hook" }] } });
  const [flowId] = await insertFlowRows(store, 1, { body, startTime: 0, frequency: "once", scheduledThrough: 0 });
  const startedAt = now - DAY;
  const failedAt = startedAt + 5 * 60_000;
  const run = {
    ...runRow({ id: flowId, imsOrgId: "ORG", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: startedAt }, "on-demand", startedAt),
    status: "failed",
    attempts: 3,
    max_attempts: 3,
    started_at: startedAt,
    completed_at: failedAt,
    delay_notified_at: startedAt + 11 * 60_000,
    details: JSON.stringify({ pinnedVersion: 7, errors: [{ code: "CONNECTOR-2001-500", message: "the cluster went away" }] }),
  };
  await store.db.insertInto("runs").values(run).execute();
  for (const attempt of [1, 2, 3]) {
    await appendRunLog(store.db, run.id, { at: startedAt + attempt, attempt, level: "info", message: `attempt ${attempt} of 3 started by worker w` }, 500);
  }
  await appendRunLog(store.db, run.id, { at: failedAt, attempt: 3, level: "error", message: "run failed on attempt 3 of 3 (CONNECTOR-2001-500)" }, 500);
  return { id: run.id, startedAt, failedAt };
}

describe.each(DIALECTS)("a failed run re-triggered the next day (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-retrigger-lifetime");
  let store: Store;
  beforeEach(() => {
    store = fresh.stores[0];
  });

  it("starts its duration and its delayed-run clock with its next attempt, and its log keeps the failed attempts and when they ran", async () => {
    const now = Date.now();
    const failed = await runFailedYesterday(store, now);
    const runs = new RunService(store, {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">, () => now);
    const outbox = new WebhookOutbox({ store, secretOf: async () => undefined });
    const notifier = new RunNotifier({ store, outbox, webhooksOf: (flow) => JSON.parse(flow.body).notifications.webhooks, sandboxWebhooks: {}, defaultDelayMinutes: 150 });

    await runs.action(caller, failed.id, "re-trigger");
    const queued = (await runs.get(caller, failed.id)) as any;
    expect(queued.metrics.durationSummary).toEqual({ startedAtUTC: 0, completedAtUTC: 0 });

    const claimedAt = now + 2_000;
    const opening = lineWithChange(store, "info", (attempt) => `attempt ${attempt} of 3 started by worker w2`, claimedAt);
    expect((await claimRun(store.db, store.capabilities, "w2", claimedAt, 60_000, 3, opening))?.id).toBe(failed.id);
    const running = (await runs.get(caller, failed.id)) as any;
    expect(running.metrics.durationSummary).toEqual({ startedAtUTC: claimedAt, completedAtUTC: 0 });
    expect(running.attempt).toBe(1);

    // in progress for a few seconds: not delayed; past the flow's 10 minutes since its new start: delayed, once
    expect(await notifier.checkDelayed(claimedAt + 5_000)).toBe(0);
    expect(await notifier.checkDelayed(claimedAt + 11 * 60_000)).toBe(1);
    expect(await notifier.checkDelayed(claimedAt + 12 * 60_000)).toBe(0);

    const log = await listRunLog(store.db, failed.id);
    expect(log.map((line) => [line.attempt, line.message])).toEqual([
      [1, "attempt 1 of 3 started by worker w"],
      [2, "attempt 2 of 3 started by worker w"],
      [3, "attempt 3 of 3 started by worker w"],
      [3, "run failed on attempt 3 of 3 (CONNECTOR-2001-500)"],
      [
        0,
        `re-triggered by acme-client: its attempts are counted afresh and its run time starts again with its next attempt; its attempts above ran from ${new Date(failed.startedAt).toISOString()} to ${new Date(failed.failedAt).toISOString()}; the last failed with CONNECTOR-2001-500: the cluster went away`,
      ],
      [1, "attempt 1 of 3 started by worker w2"],
    ]);
  });

  it("shows none of the failed attempts' errors while it waits and runs again (the console would show them beside its new attempt)", async () => {
    const now = Date.now();
    const failed = await runFailedYesterday(store, now);
    const runs = new RunService(store, {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">, () => now);
    await runs.action(caller, failed.id, "re-trigger");
    const queued = (await runs.get(caller, failed.id)) as any;
    expect(queued.metrics.statusSummary).toMatchObject({ status: "scheduled", errors: [] });
    expect(queued.activities[1].statusSummary.extensions.errors).toEqual([]);

    await claimRun(store.db, store.capabilities, "w2", now + 1_000, 60_000, 3);
    const running = (await runs.get(caller, failed.id)) as any;
    expect(running.metrics.statusSummary).toMatchObject({ status: "inProgress", errors: [] });
    // the version pinned by the failed attempts is let go too; the log keeps how they failed
    const row = await store.db.selectFrom("runs").select("details").where("id", "=", failed.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.details!)).toEqual({});
    expect((await listRunLog(store.db, failed.id)).find((line) => line.attempt === 0)?.message).toContain("the last failed with CONNECTOR-2001-500: the cluster went away");
  });

  it("shows none of the counts and batch of attempts whose rows failed while it waits (runs watch would show them as its own)", async () => {
    const now = Date.now();
    const failed = await runFailedYesterday(store, now);
    const promotion = { startedAt: failed.failedAt - 1_000, completedAt: failed.failedAt, committed: false, batchId: "01FAILEDBATCH", inputRecords: 4, outputRecords: 0, failedRecords: 4, outputBytes: 0, outputFiles: 0 };
    const errors = [{ code: "INGEST-1212-400", message: "4 of 4 rows failed validation, more than the flow's partialIngestionPercent (0%)" }];
    await store.db.updateTable("runs").set({ details: JSON.stringify({ pinnedVersion: 7, targetConnectionId: "t1", promotion, errors }) }).where("id", "=", failed.id).execute();
    const runs = new RunService(store, {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">, () => now);
    expect(((await runs.get(caller, failed.id)) as any).metrics.recordSummary.failedRecordCount).toBe(4);

    await runs.action(caller, failed.id, "re-trigger");
    const queued = (await runs.get(caller, failed.id)) as any;
    expect(queued.metrics.recordSummary).toEqual({ inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 });
    const promotionActivity = queued.activities.find((a: any) => a.id === "promotionActivity");
    expect(promotionActivity.durationSummary).toEqual({ startedAtUTC: 0, completedAtUTC: 0 });
    expect(promotionActivity.targetInfo).toEqual([{ id: "t1", type: "TargetConnection", reference: { type: "Batch", ids: [] } }]);
  });
});

describe.each(DIALECTS)("a run cancelled whose earlier attempt began writing its window (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-cancel-promoted");

  it("is refused, naming why, where a cancel would say nothing was written while the window may be committed; one that wrote nothing is cancelled", async () => {
    const store = fresh.stores[0];
    const now = Date.now();
    const failed = await runFailedYesterday(store, now);
    const runs = new RunService(store, {} as Pick<DataflowService, "checkRunDeltaColumn" | "readsChangeFeed">, () => now);
    // waiting for its retry, after an attempt that reached the promotion (it may have committed without recording its batch)
    const promotion = { startedAt: now - 1_000, batchId: "01PROMOTED", inputRecords: 0, outputRecords: 0, failedRecords: 0, outputBytes: 0, outputFiles: 0 };
    await store.db.updateTable("runs").set({ status: "scheduled", completed_at: null, details: JSON.stringify({ pinnedVersion: 7, promotion }) }).where("id", "=", failed.id).execute();
    const refused = await runs.action(caller, failed.id, "cancel").catch((error) => error);
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("an earlier attempt of it began writing its window to the dataset, and the run finishes from what it wrote");
    expect((await runs.get(caller, failed.id)) as any).toMatchObject({ metrics: { statusSummary: { status: "scheduled" } } });
    // an attempt mapping now recorded that promotion itself: no earlier attempt is blamed
    await store.db.updateTable("runs").set({ status: "inProgress", phase: "mapping" }).where("id", "=", failed.id).execute();
    const mapping = await runs.action(caller, failed.id, "cancel").catch((error) => error);
    expect(mapping.status).toBe(409);
    expect(mapping.message).toContain("it is in its mapping phase, writing its window to the dataset, which it ends in moments");
    expect(mapping.message).not.toContain("earlier attempt");

    await store.db.updateTable("runs").set({ status: "scheduled", phase: null, details: JSON.stringify({ pinnedVersion: 7 }) }).where("id", "=", failed.id).execute();
    await runs.action(caller, failed.id, "cancel");
    const cancelled = (await runs.get(caller, failed.id)) as any;
    expect(cancelled.metrics.statusSummary.status).toBe("failed");
    // a once flow: no later windows to speak of
    expect(cancelled.metrics.statusSummary.errors[0].message).toMatch(/^Cancelled by acme-client at .* to read its window again\.$/);
  });
});
