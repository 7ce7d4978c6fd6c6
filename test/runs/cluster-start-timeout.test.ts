import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { terminateCluster } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, waitForRuns } from "../support/journey.js";

describe("a cluster that does not start within the run's wait", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({
      workspace: { seedRows: 10, clusterStartDelayMs: 3_000 },
      env: { RUN_POLL_MS: "50", RUN_MAX_ATTEMPTS: "1", RUN_CLUSTER_START_TIMEOUT_MS: "300" },
    });
    await configureClusterSas(system);
  });
  afterAll(async () => {
    await system.close();
  });

  it("fails the run naming the cluster's last state, where to look, and the setting that bounds the wait", async () => {
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 2, frequency: "once" }) });
    expect(created.status).toBe(201);
    await terminateCluster(system);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("failed");
    const [error] = run.metrics.statusSummary.errors;
    expect(error.message).toContain("did not reach RUNNING within 300 ms (last state PENDING");
    expect(error.message).toContain("Event log");
    expect(error.message).toContain("raise RUN_CLUSTER_START_TIMEOUT_MS (now 300 ms)");
  });
});
