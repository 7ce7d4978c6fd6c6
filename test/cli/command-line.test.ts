import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runToEnd } from "../support/journey-check.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, sql } from "../support/journey.js";
import { REPO_ROOT, type StartedProcess, startCli } from "../support/process.js";
import { journeySystem } from "../support/started-system.js";
import type { TestSystem } from "../support/system.js";

/**
 * `npx databricks-source …` as a user runs it, against a real `npm start`: credentials and the
 * Spark line, connections, flows, runs, `runs watch` on a run that succeeds and on one that
 * fails, re-trigger, and the AEP message of a refusal.
 */
let started: StartedProcess;
let system: TestSystem;
const dataDir = mkdtempSync(path.join(tmpdir(), "ds-command-line-"));

const cli = (...args: string[]) =>
  runToEnd("npx", ["--no-install", "databricks-source", ...args, "--url", started.apiUrl], {
    cwd: REPO_ROOT,
    env: { AUTH_CLIENT_ID: undefined, DATABRICKS_SOURCE_URL: undefined },
    timeoutMs: 90_000,
  });
const once = () => ({ startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" });

beforeAll(async () => {
  started = await startCli({
    DATA_DIR: dataDir,
    PORT: "0",
    BLOB_PORT: "0",
    DATABRICKS_PORT: "0",
    DATABRICKS_CLUSTER_START_DELAY_MS: "100",
    RUN_POLL_MS: "100",
    RUN_MAX_ATTEMPTS: "1",
  });
  system = await journeySystem(started);
  await sql(system, "CREATE TABLE demo.cli_customers AS SELECT * FROM demo.customers ORDER BY id LIMIT 50");
}, 120_000);
afterAll(async () => {
  await started?.stop("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the command line", () => {
  it("prints the staging credentials and the exact Spark config line", async () => {
    const credentials = JSON.parse((await cli("credentials", "get", "--json")).stdout);
    const line = await cli("spark-conf");
    expect(line.code).toBe(0);
    expect(line.stdout.trim()).toBe(`fs.azure.sas.${credentials.containerName}.${credentials.storageAccountName}.blob.core.windows.net ${credentials.SASToken}`);
    expect((await cli("connections")).stdout.trim()).toBe("no connections");
  });

  it("watches a flow's first run to success and lists the flow and its runs", async () => {
    await configureClusterSas(system);
    const pipeline = await createPipeline(system, { tableName: "demo.cli_customers" });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, once()) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id;

    const watched = await cli("runs", "watch", flowId);
    expect(watched.stderr).toBe("");
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/run \S+ success · 50 read, 50 ingested, 0 failed/);

    expect((await cli("connections")).stdout).toContain(pipeline.connectionId);
    const flows = await cli("flows", "list");
    expect(flows.stdout.split("\n").find((l) => l.startsWith(flowId))).toMatch(/enabled\s+once\s+success/);
    const runs = JSON.parse((await cli("runs", "list", flowId, "--json")).stdout);
    expect(runs.map((r: any) => r.metrics.statusSummary.status)).toEqual(["success"]);
    expect((await cli("flows", "disable", flowId)).stdout.trim()).toBe(`flow ${flowId} disabled`);
    expect(JSON.parse((await cli("flows", "list", "--json")).stdout).find((f: any) => f.id === flowId).state).toBe("disabled");
  }, 120_000);

  it("watches a run that fails (its SAS was revoked), exits 1 with the reason, then re-triggers it to success", async () => {
    const refreshed = await cli("credentials", "refresh");
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toMatch(/^container\s+\S+/m);
    const pipeline = await createPipeline(system, { tableName: "demo.cli_customers" });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, once()) });
    const flowId = created.body.id;

    const failed = await cli("runs", "watch", flowId);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/run \S+ failed/);
    expect(failed.stdout.split("\n").length).toBeGreaterThan(2); // the reason, under the run's line

    await configureClusterSas(system);
    const [run] = JSON.parse((await cli("runs", "list", flowId, "--json")).stdout);
    expect((await cli("runs", "retrigger", run.id)).code).toBe(0);
    const succeeded = await cli("runs", "watch", flowId, "--json");
    expect(succeeded.code).toBe(0);
    expect(JSON.parse(succeeded.stdout)).toMatchObject({ id: run.id, status: "success", outputRecords: 50 });
  }, 180_000);

  it("prints the AEP error's message on a refusal and exits 1; a usage mistake exits 2", async () => {
    const refused = await cli("runs", "retrigger", "00000000-0000-0000-0000-000000000000");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^POST \/data\/foundation\/flowservice\/runs\/0{8}-.*: .*not found/i);
    const usage = await cli("runs", "watch");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing <flowId> (usage: databricks-source runs watch <flowId>)");
    const wrongSecret = await cli("flows", "list", "--client-secret", "nope");
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toMatch(/^signing in: /);
  });
});
