/**
 * A flow created while the worker sleeps (nothing was due, its next poll 30 s away) has its due
 * window claimed at once: creating, patching or enabling a flow wakes the worker of the API's
 * process, which otherwise slept until the next window end it knew of or its next poll.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, waitForRuns } from "../support/journey.js";

describe("a new flow and a sleeping worker", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_POLL_MS: "30000" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("runs a one-time flow due now within seconds of its creation, not at the worker's next poll 30 s later", async () => {
    await new Promise((resolve) => setTimeout(resolve, 300)); // the worker is asleep, nothing due
    const createdAt = Date.now();
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(createdAt / 1000), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1, 20_000);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.metrics.durationSummary.startedAtUTC - createdAt).toBeLessThan(5_000);
  });
});
