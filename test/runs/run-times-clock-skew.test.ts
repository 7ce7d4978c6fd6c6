/**
 * A service whose host's clock runs 3 minutes behind the database's runs a flow: every time the run
 * records — its log lines, its phase, its copy and promotion, the Catalog batch it records — is by
 * the process's clock aligned with the database's, as the run's own start and end are, so each lies
 * between them; none shows the run's work before it started.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findRunById } from "../../src/store/runs.repository.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, waitForRuns } from "../support/journey.js";

/** how far this host's clock runs behind the database's */
const SKEW_MS = 3 * 60_000;

describe("the times a run records, on a host whose clock runs 3 minutes behind the database's", () => {
  let system: TestSystem;
  const hostClock = Date.now;
  beforeAll(async () => {
    // this process's clock, which the service's clock is aligned from; the database's is SQLite's own
    vi.spyOn(Date, "now").mockImplementation(() => hostClock() - SKEW_MS);
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  });
  afterAll(async () => {
    await system?.close();
    vi.restoreAllMocks();
  });

  it("lie within the run's start and end: its log lines, its phase, its copy and promotion, and its Catalog batch", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }) });
    expect(created.status).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    const { startedAtUTC: started, completedAtUTC: completed } = run.metrics.durationSummary;
    // the run's own times are the database's (the aligned clock), not this host's
    expect(Math.abs(started - hostClock())).toBeLessThan(60_000);
    const within = (what: string, at: number) => {
      expect(at, `${what} (${new Date(at).toISOString()}) is not within the run's ${new Date(started).toISOString()}..${new Date(completed).toISOString()}`).toBeGreaterThanOrEqual(started);
      expect(at, `${what} (${new Date(at).toISOString()}) is not within the run's ${new Date(started).toISOString()}..${new Date(completed).toISOString()}`).toBeLessThanOrEqual(completed);
    };

    const logs = await call(system, "GET", `${FS}/runs/${run.id}/logs`);
    expect(logs.body.items.length).toBeGreaterThan(5);
    for (const line of logs.body.items) within(`log line "${line.message.slice(0, 40)}"`, line.timestamp);

    // what GET /runs showed as the phase while the run was in it (the last one entered stays on the row)
    const row = (await findRunById(system.service.store.db, run.id))!;
    expect(row.phase).toBe("committing");
    within("the phase's start", Number(row.phase_started_at));

    const [copy, promotion] = run.activities;
    within("the copy's start", copy.durationSummary.startedAtUTC);
    within("the copy's end", copy.durationSummary.completedAtUTC);
    within("the promotion's start", promotion.durationSummary.startedAtUTC);
    within("the promotion's end", promotion.durationSummary.completedAtUTC);

    const [batchId] = promotion.targetInfo[0].reference.ids;
    const batch = (await call(system, "GET", `/data/foundation/catalog/batches/${batchId}`)).body[batchId];
    within("the batch's creation", batch.created);
    within("the batch's completion", batch.completed);
    within("the batch's update", batch.updated);
  }, 120_000);
});
