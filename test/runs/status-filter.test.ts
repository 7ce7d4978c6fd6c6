/**
 * GET /runs filtered by status as AEP's monitoring docs write it, in any case: `inProgress` included,
 * the one status whose stored spelling is not all lowercase.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRun } from "../../src/store/runs.repository.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, flowBody, FS, runsOf } from "../support/journey.js";

describe("the runs list filtered by status", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // no worker: the test claims the run itself, so it stays in progress
    system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_WORKER: "false" } });
  });
  afterAll(() => system.close());

  it("finds a run in progress by inProgress, InProgress or INPROGRESS, and not by scheduled", async () => {
    const pipeline = await createPipeline(system);
    const flowBodyNow = flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) - 5, frequency: "minute", interval: 1, backfill: false });
    const flowId = (await call(system, "POST", `${FS}/flows`, { body: flowBodyNow })).body.id;
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId, params: { runNow: true } } })).status).toBe(201);
    expect(await runsOf(system, flowId)).toHaveLength(1);
    const { db, capabilities } = system.service.store;
    const claimed = await claimRun(db, capabilities, "the-test", Date.now(), 600_000);
    expect(claimed?.flow_id).toBe(flowId);

    for (const status of ["inProgress", "InProgress", "INPROGRESS"]) {
      const listed = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&property=metrics.statusSummary.status==${status}`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([claimed!.id]);
    }
    const scheduled = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}&property=metrics.statusSummary.status==scheduled`);
    expect(scheduled.body.items).toEqual([]);
  });
});
