import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, waitForRuns, workspaceCall } from "../support/journey.js";
import { DLZ_CREDENTIALS, waitForCluster } from "../support/aep-calls.js";

const REFRESH = `${DLZ_CREDENTIALS}&action=refresh`;
const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;
/** A retryable failure would be tried three times, 30 s apart (the default backoff this system keeps). */
const AT_ONCE_MS = 20_000;

/**
 * The staging SAS in the cluster's Spark config, checked before the export: a missing, a revoked
 * (stale after refreshes) and an expired SAS each fail the run at once with a message of their
 * own; with auth.params.pushSasToCluster a refresh reaches the cluster and the next run succeeds.
 */
describe("the staging SAS a run finds on its cluster", () => {
  let system: TestSystem;
  let key: string;
  beforeAll(async () => {
    // a refreshed SAS keeps working 1 s: the policy it leaves behind then expires on its own
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_POLL_MS: "50", DLZ_REFRESH_GRACE_SECONDS: "1" } });
    const sas = await configureClusterSas(system);
    key = `fs.azure.sas.${sas.containerName}.${sas.storageAccountName}.blob.core.windows.net`;
  });
  afterAll(() => system.close());

  const setSparkConf = async (sparkConf: Record<string, string>) => {
    await waitForCluster(system, "RUNNING");
    await workspaceCall(system, "/api/2.1/clusters/update", { cluster_id: system.workspace!.clusterId, update_mask: "spark_conf", cluster: { spark_conf: sparkConf } });
    await waitForCluster(system, "RUNNING");
  };

  /** A once flow on a fresh pipeline, starting in a second. */
  const onceFlow = async (pipeline: Pipeline, inSeconds = 1): Promise<string> => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(inSeconds), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    return created.body.id;
  };

  /** The flow's only run, when it started, how long it took from `since`, and how often it was attempted. */
  const onlyRun = async (flowId: string, since: number) => {
    const [run] = await waitForRuns(system, flowId, 1, AT_ONCE_MS);
    const row = await system.service.store.db.selectFrom("runs").select(["attempts", "started_at"]).where("id", "=", run.id).executeTakeFirstOrThrow();
    return { run, ms: Date.now() - since, attempts: Number(row.attempts), startedAt: Number(row.started_at) };
  };

  const runOnce = async () => {
    const since = Date.now();
    return onlyRun(await onceFlow(await createPipeline(system)), since);
  };

  const expectNamedFailure = (outcome: Awaited<ReturnType<typeof runOnce>>, kind: RegExp, sig?: string) => {
    const { run, ms, attempts } = outcome;
    expect(run.metrics.statusSummary.status).toBe("failed");
    const [error] = run.metrics.statusSummary.errors;
    expect(error.code).toBe("CONNECTOR-2010-400");
    expect(error.message).toMatch(kind);
    const [, container, account] = /^fs\.azure\.sas\.(.+)\.([^.]+)\.blob\.core\.windows\.net$/.exec(key)!;
    expect(error.message).toContain(`'${container}'`);
    expect(error.message).toContain(`'${account}'`);
    expect(error.message).toContain(key);
    expect(error.message).toContain("sparkConf=true");
    expect(attempts).toBe(1);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    // it failed before exporting: the copy still shows when it began (its cluster check) and when it failed
    const copy = run.activities.find((a: any) => a.id === "copyActivity");
    expect(copy.statusSummary.status).toBe("failed");
    expect(copy.durationSummary.startedAtUTC).toBeGreaterThanOrEqual(outcome.startedAt);
    expect(copy.durationSummary.completedAtUTC).toBeGreaterThanOrEqual(copy.durationSummary.startedAtUTC);
    expect(copy.durationSummary.completedAtUTC).toBeLessThanOrEqual(run.metrics.durationSummary.completedAtUTC);
    expect(copy.updatedAtUTC).toBe(copy.durationSummary.completedAtUTC);
    if (sig) {
      expect(JSON.stringify(run)).not.toContain(sig);
      expect(system.logs.join("")).not.toContain(sig);
    }
    return error.message as string;
  };

  it("a missing SAS, a stale one and an expired one each fail the run at once, with a message of their own", async () => {
    const messages: string[] = [];
    await setSparkConf({ "spark.databricks.delta.optimizeWrite.enabled": "true" });
    messages.push(expectNamedFailure(await runOnce(), /^Missing SAS: .*lacks the key/));

    // stale: the cluster keeps a SAS two refreshes old (the first refresh's grace window does not cover it)
    const held = (await call(system, "GET", DLZ_CREDENTIALS)).body;
    await configureClusterSas(system, held);
    expect((await call(system, "POST", REFRESH)).status).toBe(200);
    expect((await call(system, "POST", REFRESH)).status).toBe(200);
    const staleSig = new URLSearchParams(held.SASToken).get("sig")!;
    const heldPolicy = new URLSearchParams(held.SASToken).get("si")!;
    const stale = expectNamedFailure(await runOnce(), /^Revoked SAS: .*no longer has: a refresh of the landing zone credentials revoked it/, staleSig);
    expect(stale).toContain(heldPolicy);
    messages.push(stale);

    // expired: the SAS the refresh replaced, once its grace second is over
    const current = (await call(system, "GET", DLZ_CREDENTIALS)).body;
    await configureClusterSas(system, current);
    expect((await call(system, "POST", REFRESH)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    messages.push(expectNamedFailure(await runOnce(), /^Expired SAS: .*which expired at \d{4}-/, new URLSearchParams(current.SASToken).get("sig")!));

    expect(new Set(messages.map((m) => m.split(":")[0])).size).toBe(3);
  });

  it("with pushSasToCluster on the connection, a refresh reaches the cluster (it restarts) and the flow's next run succeeds", async () => {
    await configureClusterSas(system);
    const pipeline = await createPipeline(system);
    const since = Date.now();
    const flowId = await onceFlow(pipeline, 6);
    const connection = await call(system, "GET", `${FS}/connections/${pipeline.connectionId}`);
    const patched = await call(system, "PATCH", `${FS}/connections/${pipeline.connectionId}`, {
      headers: { "If-Match": connection.body.items[0].etag },
      body: [{ op: "add", path: "/auth/params/pushSasToCluster", value: true }],
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await call(system, "GET", `${FS}/connections/${pipeline.connectionId}`)).body.items[0].auth.params.pushSasToCluster).toBe(true);

    const refreshed = await call(system, "POST", REFRESH);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.clusterUpdates).toEqual([
      { connectionId: pipeline.connectionId, clusterId: system.workspace!.clusterId, status: "updated", message: expect.stringContaining("restarts") },
    ]);
    const cluster = await workspaceCall(system, `/api/2.1/clusters/get?cluster_id=${system.workspace!.clusterId}`);
    expect(cluster.spark_conf[key]).toBe(refreshed.body.SASToken);
    // a second refresh right away waits out the restart of the first
    const again = await call(system, "POST", REFRESH);
    expect(again.body.clusterUpdates[0].status).toBe("updated");

    const refreshedAt = Date.now();

    const { run, startedAt } = await onlyRun(flowId, since);
    expect(startedAt).toBeGreaterThan(refreshedAt);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.metrics.recordSummary.outputRecordCount).toBe(20);
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT count(*)::INTEGER AS n FROM $table")).toEqual([{ n: 20 }]);
    expect(system.logs.join("")).not.toContain(new URLSearchParams(again.body.SASToken).get("sig")!);
  });
});
