/**
 * A run cancelled (POST /runs/{id}/action?op=cancel, beyond AEP): a waiting one at once, a running one while it waits for its
 * cluster or exports, its worker stopping at once and its export cancelled on the cluster; nothing of its window is written, and
 * re-triggered it reads its window again, exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, workspaceCall } from "../support/journey.js";
import { startCluster, terminateCluster } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";
import { startRecordingListener } from "../support/recording-listener.js";

const ROWS = 20;

describe("a run cancelled", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // a slow cluster start and a slow export: long enough to cancel a run in either
    system = await startTestSystem({ workspace: { seedRows: ROWS, clusterStartDelayMs: 12_000, exportWriteDelayMs: 4_000 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  }, 120_000);
  afterAll(() => system.close());

  const runOf = async (flowId: string) => (await runsOf(system, flowId))[0];
  const cancel = (runId: string) => call(system, "POST", `${FS}/runs/${runId}/action?op=cancel`);
  const expectCancelled = (run: any) => {
    expect(run.metrics.statusSummary.status).toBe("failed");
    expect(run.metrics.statusSummary.errors).toEqual([{ code: "CONNECTOR-2019-400", message: expect.stringMatching(/^Cancelled by \S+ at \d{4}-.*: nothing of this run's window was written to the dataset\. Re-trigger it \(POST \/runs\/\S+\/action\?op=re-trigger\)/) }]);
  };

  it("one waiting behind another, and one waiting for its cluster: both end failed at once, and re-triggered read their windows once", async () => {
    // three flows due in a few seconds, the cluster terminated meanwhile (a flow is made only while its cluster runs); their
    // pipelines made first, so that on a busy machine no flow falls due before the cluster is terminated
    const pipelines = [await createPipeline(system), await createPipeline(system), await createPipeline(system)];
    const startTime = Math.floor(Date.now() / 1000) + 6;
    const flows: { flowId: string; pipeline: Pipeline }[] = [];
    for (const pipeline of pipelines) {
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      flows.push({ flowId: created.body.id as string, pipeline });
    }
    await terminateCluster(system);
    // the one worker takes one run, which waits for the cluster; the others wait
    let runs: any[] = [];
    await eventually(async () => {
      runs = await Promise.all(flows.map((f) => runOf(f.flowId)));
      return runs.every((r) => r !== undefined) && runs.some((r) => r.phase?.name === "waitingForCluster");
    }, 30_000);
    const runningAt = runs.findIndex((r) => r.phase?.name === "waitingForCluster");
    const [waitingAt, nextAt] = [0, 1, 2].filter((k) => k !== runningAt);
    expect(runs[waitingAt].metrics.statusSummary.status).toBe("scheduled");
    expect((await cancel(runs[waitingAt].id)).status).toBe(200);
    expectCancelled(await runOf(flows[waitingAt].flowId));

    const cancelledAt = Date.now();
    expect((await cancel(runs[runningAt].id)).status).toBe(200);
    expectCancelled(await runOf(flows[runningAt].flowId));
    // the worker stops waiting for the cluster: the next run starts long before the cluster would run
    await eventually(async () => (await runOf(flows[nextAt].flowId))?.phase?.name === "waitingForCluster", 10_000);
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    // the cancelled run's attempt went no further
    const log = (await call(system, "GET", `${FS}/runs/${runs[runningAt].id}/logs`)).body.items.map((l: { message: string }) => l.message);
    expect(log.some((m: string) => m.startsWith("pinningVersion:") || m.startsWith("exporting:"))).toBe(false);
    expect(log.some((m: string) => /^cancelled by \S+: Cancelled by/.test(m))).toBe(true);
    // a run that has ended is not cancelled again
    const again = await cancel(runs[runningAt].id);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/SRC-1402-409$/);
    expect(again.body.errorMessage).toContain("cannot be cancelled because it has ended (state=failed)");

    await eventually(async () => (await runOf(flows[nextAt].flowId)).metrics.statusSummary.status === "success", 60_000);
    for (const k of [runningAt, waitingAt]) {
      const run = await runOf(flows[k].flowId);
      expect((await call(system, "POST", `${FS}/runs/${run.id}/action?op=re-trigger`)).status).toBe(200);
      await eventually(async () => (await runOf(flows[k].flowId)).metrics.statusSummary.status === "success", 60_000);
      expect(await datasetRows(system, flows[k].pipeline.dataSetId, "SELECT count(*)::INTEGER AS n FROM $table")).toEqual([{ n: ROWS }]);
    }
  }, 180_000);

  it("one exporting: its command on the cluster is cancelled, nothing lands, and the flow's failure webhook hears of it", async () => {
    await startCluster(system);
    const hook = await startRecordingListener();
    const pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { notifications: { webhooks: [{ url: hook.url, events: ["sources_flow_run_failure"] }] } }),
    });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    await eventually(async () => (await runOf(flowId))?.phase?.name === "exporting", 30_000);
    const run = await runOf(flowId);
    const detailsOf = async () => JSON.parse((await system.service.store.db.selectFrom("runs").select("details").where("id", "=", run.id).executeTakeFirstOrThrow()).details ?? "{}");
    await eventually(async () => (await detailsOf()).exportCommand !== undefined, 10_000);
    const { exportCommand } = await detailsOf();
    const commandStatus = () =>
      workspaceCall(system, `/api/1.2/commands/status?clusterId=${exportCommand.clusterId}&contextId=${exportCommand.contextId}&commandId=${exportCommand.commandId}`).then(
        (answer) => answer.status as string,
        () => "gone", // its context destroyed once the command ended
      );
    expect(await commandStatus()).toBe("Running");
    const cancelledAt = Date.now();
    expect((await cancel(run.id)).status).toBe(200);
    const cancelled = await runOf(flowId);
    expectCancelled(cancelled);
    // its export failed when the run ended, not at a time "not yet" (0)
    const copyActivity = cancelled.activities.find((a: any) => a.id === "copyActivity");
    expect(copyActivity.statusSummary.status).toBe("failed");
    expect(copyActivity.durationSummary.completedAtUTC).toBe(cancelled.metrics.durationSummary.completedAtUTC);
    expect(copyActivity.durationSummary.completedAtUTC).toBeGreaterThanOrEqual(copyActivity.durationSummary.startedAtUTC);
    // cancelled on the cluster at once, where its two slow writes would take 8 s more
    await eventually(async () => ["Cancelled", "gone"].includes(await commandStatus()), 10_000, 50);
    expect(Date.now() - cancelledAt).toBeLessThan(3_000);
    // nothing of its window in the dataset: its first batch is the re-triggered run's
    expect((await call(system, "GET", `/data/foundation/catalog/batches?dataSet=${pipeline.dataSetId}`)).body).toEqual({});
    await eventually(async () => hook.requests.some((r) => JSON.parse(r.body).type === "sources_flow_run_failure"), 15_000);
    const event = JSON.parse(hook.requests.find((r) => JSON.parse(r.body).type === "sources_flow_run_failure")!.body);
    expect(JSON.stringify(event)).toContain("CONNECTOR-2019-400");
    await hook.close();
  }, 120_000);
});
