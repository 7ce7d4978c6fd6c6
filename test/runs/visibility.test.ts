/**
 * Where a run is, as a user sees it over HTTP: its attempt and next attempt while retrying, the
 * phase it is in, why later windows wait (naming the run), its own log, and activity statuses that
 * match what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_LOG_KEEP_LINES, RunLog } from "../../src/runs/run-log.js";
import { findRunById } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { terminateCluster } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, customerMappings, flowBody, FS, removeDataFiles, runsOf, sql, waitForRuns } from "../support/journey.js";
import { startTestSystem, type TestSystem, WORKSPACE_TOKEN } from "../support/system.js";

const BACKOFF_MS = 1_500;

const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;

async function runById(system: TestSystem, id: string): Promise<any> {
  const reply = await call(system, "GET", `${FS}/runs/${id}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items[0];
}

async function logOf(system: TestSystem, id: string): Promise<Array<{ timestamp: number; attempt: number; level: string; message: string }>> {
  const reply = await call(system, "GET", `${FS}/runs/${id}/logs`);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body.runId).toBe(id);
  return reply.body.items;
}

/** Polls until `check` finds what it looks for in the value `read` gives, and returns that value. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  let value: T | undefined;
  await eventually(async () => check((value = await read())), timeoutMs, 50);
  return value as T;
}

const statusOf = (run: any, activity: string) => run.activities.find((a: any) => a.id === activity).statusSummary.status;

describe("every run's state is visible", () => {
  let system: TestSystem;
  let sasSignature: string;
  beforeAll(async () => {
    system = await startTestSystem({
      workspace: { seedRows: 20, clusterStartDelayMs: 1_500 },
      env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: String(BACKOFF_MS), RUN_MAX_ATTEMPTS: "3" },
    });
    const sas = await configureClusterSas(system);
    sasSignature = new URLSearchParams(sas.SASToken).get("sig")!;
  }, 60_000);
  afterAll(() => system.close());

  it("shows a retried run's attempt and next attempt, holds later windows back naming it, and logs each attempt", async () => {
    await sql(system, "CREATE TABLE demo.vis_orders AS SELECT * FROM demo.customers");
    const pipeline = await createPipeline(system, { tableName: "demo.vis_orders" });
    // with backfill, windows 0 and 1 are due at once
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) - 110, frequency: "minute", interval: 1, backfill: true }),
    });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id;
    // the table's data files go away after the flow was checked, before its first run can read them:
    // each attempt fails on the workspace as storage trouble, which is retried (a dropped table is not:
    // test/runs/source-gone.test.ts)
    await removeDataFiles(system, "demo.vis_orders");

    // between the second and the third attempt
    const waiting = await until(
      () => runsOf(system, flowId),
      (runs) => runs[0]?.metrics.statusSummary.status === "scheduled" && runs[0].attempt === 2,
    );
    const [first, second] = waiting;
    expect(first).toMatchObject({ attempt: 2, maxAttempts: 3, phase: { name: "exporting" } });
    expect(first.nextAttemptAt).toBeGreaterThan(Date.now() - 1_000);
    expect(first.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 2 * BACKOFF_MS);
    expect(first.metrics.statusSummary.errors[0].code).toBe("CONNECTOR-2001-500");
    expect(second.metrics.statusSummary.status).toBe("scheduled");
    expect(second.attempt).toBe(0);
    expect(second.heldBack).toMatchObject({ reason: "earlierWindowPending", waitingForRunId: first.id });
    expect((await runById(system, second.id)).heldBack).toMatchObject({ reason: "earlierWindowPending", waitingForRunId: first.id });

    // after the third attempt it is failed, and the window behind it says so
    const failed = await until(() => runById(system, first.id), (run) => run.metrics.statusSummary.status === "failed");
    expect(failed).toMatchObject({ attempt: 3, maxAttempts: 3 });
    expect(failed.nextAttemptAt).toBeUndefined();
    expect(statusOf(failed, "copyActivity")).toBe("failed");
    expect(statusOf(failed, "promotionActivity")).toBe("notRun");
    // the failed copy ends when its export failed, after it began (the last attempt's cluster check)
    const copy = failed.activities.find((a: any) => a.id === "copyActivity").durationSummary;
    expect(copy.startedAtUTC).toBeGreaterThanOrEqual(failed.metrics.durationSummary.startedAtUTC);
    expect(copy.completedAtUTC).toBeGreaterThanOrEqual(copy.startedAtUTC);
    expect(copy.completedAtUTC).toBeLessThanOrEqual(failed.metrics.durationSummary.completedAtUTC);
    const held = await runById(system, second.id);
    expect(held.heldBack.reason).toBe("earlierWindowFailed");
    expect(held.heldBack.waitingForRunId).toBe(first.id);
    expect(held.heldBack.message).toContain(`/runs/${first.id}/action?op=re-trigger) and succeeds: its error says what to fix before the re-trigger`);

    const log = await logOf(system, first.id);
    const timestamps = log.map((l) => l.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(timestamps[0]).toBeGreaterThanOrEqual(Number(failed.createdAt));
    expect(log.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^attempt 1 of 3 started/),
        expect.stringMatching(/^attempt 1 of 3 failed \(CONNECTOR-2001-500\); attempt 2 at \d{4}-/),
        expect.stringMatching(/^attempt 2 of 3 failed \(CONNECTOR-2001-500\); attempt 3 at /),
        expect.stringMatching(/^run failed on attempt 3 of 3 \(CONNECTOR-2001-500\)/),
        expect.stringMatching(/^waitingForCluster: /),
        expect.stringMatching(/^pinningVersion: .*vis_orders/),
      ]),
    );
    // each attempt's error is in the log, at level error, with its attempt
    const errors = log.filter((l) => l.level === "error" && l.message.startsWith("CONNECTOR-2001-500"));
    expect(errors.map((l) => l.attempt)).toEqual([1, 2, 3]);

    // a disabled flow's runs wait for it too, and say both
    expect((await call(system, "POST", `${FS}/flows/${flowId}/action?op=disable`)).status).toBe(200);
    const disabled = (await runById(system, second.id)).heldBack;
    expect(disabled).toMatchObject({ reason: "earlierWindowFailed", waitingForRunId: first.id });
    expect(disabled.message).toContain(`/runs/${first.id}/action?op=re-trigger`);
    expect(disabled.message).toContain(`is disabled: its runs wait until it is enabled again (POST /flows/${flowId}/action?op=enable)`);
  }, 90_000);

  it("shows a run waiting for its terminated cluster, then each phase it went through, in its log", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(2), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    await terminateCluster(system);
    const [queued] = await until(() => runsOf(system, created.body.id), (runs) => runs.length === 1);
    const waiting = await until(() => runById(system, queued.id), (run) => run.phase?.name === "waitingForCluster");
    expect(waiting.metrics.statusSummary.status).toBe("inProgress");
    expect(waiting.attempt).toBe(1);
    expect(waiting.phase.startedAt).toBeGreaterThanOrEqual(Number(waiting.createdAt));
    expect(waiting.phase.startedAt).toBeLessThanOrEqual(Date.now());
    expect(statusOf(waiting, "copyActivity")).toBe("inProgress");
    expect(statusOf(waiting, "promotionActivity")).toBe("scheduled");

    const [done] = await waitForRuns(system, created.body.id, 1);
    expect(done.metrics.statusSummary.status).toBe("success");
    expect(done.phase).toBeUndefined();
    expect([statusOf(done, "copyActivity"), statusOf(done, "promotionActivity")]).toEqual(["success", "success"]);
    const log = await logOf(system, done.id);
    const phases = log.map((l) => /^(\w+): /.exec(l.message)?.[1]).filter((p) => p !== undefined && /^[a-z]+[A-Z]?\w*$/.test(p));
    expect(phases).toEqual(["waitingForCluster", "pinningVersion", "exporting", "downloading", "mapping", "committing"]);
    expect(log.some((l) => /cluster .* is RUNNING \(waited \d+\.\d s\)/.test(l.message))).toBe(true);
    // what the wait saw: the cluster terminated and started, then starting up
    const states = log.map((l) => l.message).filter((m) => /^cluster \S+ is [A-Z]+.*: (started it, )?waiting for RUNNING$/.test(m));
    expect(states[0]).toMatch(/^cluster \S+ is TERMINATED( \(.*\))?: started it, waiting for RUNNING$/);
    expect(states.slice(1).map((m) => /is ([A-Z]+)/.exec(m)![1])).toEqual(["PENDING"]);
    expect(log.some((l) => /20 rows read, 20 valid, 0 failed/.test(l.message))).toBe(true);
    // the cluster's staged files are not downloaded before the mapping: the log says they are fetched as it reads them
    expect(log.some((l) => /^downloading: \d+ staged file\(s\) from the staging container, fetched a group at a time while the mapping reads them/.test(l.message))).toBe(true);
    const text = JSON.stringify(log);
    expect(text).not.toContain(WORKSPACE_TOKEN);
    expect(text).not.toContain(sasSignature);
  }, 60_000);

  it("never writes a secret a run meets into its log", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(), frequency: "once" }) });
    const [run] = await waitForRuns(system, created.body.id, 1);
    // what a failing workspace or storage could put in an error message, written as the executor writes it
    const row = (await findRunById(system.service.store.db, run.id))!;
    const log = new RunLog(system.service.store, row, "test-worker", Date.now);
    log.keepSecret(WORKSPACE_TOKEN);
    await log.error(`403 for token ${WORKSPACE_TOKEN} on https://x.blob.core.windows.net/c/f.parquet?sv=2023-11-03&sig=${encodeURIComponent(sasSignature)}`);
    const text = JSON.stringify(await logOf(system, run.id));
    expect(text).toContain("403 for token [REDACTED]");
    expect(text).not.toContain(WORKSPACE_TOKEN);
    expect(text).not.toContain(encodeURIComponent(sasSignature));

    // bounded: the newest lines, each cut to a readable length
    await log.info("x".repeat(10_000));
    expect((await logOf(system, run.id)).at(-1)!.message).toMatch(/^x{2000}… \(8000 more characters\)$/);
    for (let i = 0; i < RUN_LOG_KEEP_LINES; i++) await log.info(`line ${i}`);
    const kept = await logOf(system, run.id);
    expect(kept).toHaveLength(RUN_LOG_KEEP_LINES);
    expect(kept[0].message).toBe("line 0");
    expect(kept.at(-1)!.message).toBe(`line ${RUN_LOG_KEEP_LINES - 1}`);
  }, 60_000);

  it("shows a failed promotion as failed, not success", async () => {
    // every name lands in an integer field: all rows fail validation, more than the flow allows
    const mappings = customerMappings.map((m) => (m.destinationXdmPath === "customerId" ? { ...m, sourceAttribute: "name" } : m));
    const pipeline = await createPipeline(system, { mappings });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("failed");
    expect(run.metrics.statusSummary.errors[0].code).toBe("INGEST-1212-400");
    expect(statusOf(run, "copyActivity")).toBe("success");
    expect(statusOf(run, "promotionActivity")).toBe("failed");
    // the failed batch says why, as its run does: too many failed rows, then the rows' first error
    const [batchId] = run.activities.find((a: any) => a.id === "promotionActivity").targetInfo[0].reference.ids;
    const batch = (await call(system, "GET", `/data/foundation/catalog/batches/${batchId}`)).body[batchId];
    expect(batch.status).toBe("failed");
    expect(batch.errors.map((e: { code: string }) => e.code)).toEqual(["INGEST-1212-400", "MAPPER-3700-400"]);
    expect(batch.errors[0].message).toBe(run.metrics.statusSummary.errors[0].message);
    expect(run.phase).toEqual({ name: "committing", startedAt: expect.any(Number) });
    const log = await logOf(system, run.id);
    expect(log.at(-1)).toMatchObject({ level: "error", message: expect.stringMatching(/^run failed on attempt 1 of 3 \(INGEST-1212-400/) });
  }, 60_000);
});
