import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBatchId } from "../../src/lake/batch-id.js";
import { recordBatch } from "../../src/store/batches.repository.js";
import { runRow } from "../../src/store/runs.repository.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { waitForRuns } from "../support/journey.js";

describe("a run whose batch was committed and recorded before its worker died", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // no Databricks workspace at all: the run must not need one
    system = await startTestSystem({ env: { RUN_POLL_MS: "50" } });
  });
  afterAll(() => system.close());

  it("finishes from the recorded batch without the cluster", async () => {
    const now = Date.now();
    const [id] = await insertFlowRows(system.service.store, 1, {
      orgId: "TEST@AdobeOrg", body: JSON.stringify({ name: "f" }), startTime: Math.floor(now / 1000) + 3600, frequency: "once", interval: 0, scheduledThrough: 0, createdAt: now,
    });
    const flow = { id, imsOrgId: "TEST@AdobeOrg", sandboxName: "prod" };
    const run = { ...runRow(flow, { sequence: 0, start: null, end: null, dueAt: now }, "schedule", now), attempts: 1 };
    await system.service.store.db.insertInto("runs").values(run).execute();
    const batchId = newBatchId(now);
    await recordBatch(system.service.store.db, {
      id: batchId, imsOrgId: flow.imsOrgId, sandboxName: "prod", datasetId: "0123456789abcdef01234567", flowId: flow.id, runId: run.id, windowSeq: 0,
      status: "success", deltaVersion: 3, files: [{ path: "part-0.parquet", size: 10 }], inputRecords: 7, outputRecords: 7, failedRecords: 0, errors: [],
      createdAt: now, completedAt: now,
    });
    system.service.runtime?.worker.poke();
    const [finished] = await waitForRuns(system, flow.id, 1);
    expect(finished.metrics.statusSummary.status).toBe("success");
    expect(finished.metrics.recordSummary).toEqual({ inputRecordCount: 7, outputRecordCount: 7, failedRecordCount: 0 });
    expect(finished.activities[1].statusSummary.status).toBe("success");
  });
});
