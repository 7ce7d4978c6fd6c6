import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/command-line/commands.js";
import { terminateCluster, waitForCluster } from "../support/aep-calls.js";
import { type Finished, runToEnd } from "../support/journey-check.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, removeDataFiles, sql } from "../support/journey.js";
import { type StartedProcess, startCli } from "../support/process.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { journeySystem } from "../support/started-system.js";
import type { TestSystem } from "../support/system.js";

/**
 * `npx databricks-source …` as a user runs it, against a real `npm start`: credentials and the
 * Spark line, connections, flows, runs, `runs watch` on a run that succeeds (its progress shown
 * while it waits for the cluster) and on one that fails, re-trigger, --json on every command,
 * settings from the environment, and the AEP message of a refusal.
 */
let started: StartedProcess;
let system: TestSystem;
const dataDir = mkdtempSync(path.join(tmpdir(), "ds-command-line-"));

/** the commands run with --json so far: every command must be among them by the end */
const answeredInJson = new Set<string>();
const CLIENT_SETTINGS = ["DATABRICKS_SOURCE_URL", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET", "AUTH_ORG_ID", "SANDBOX_NAME", "DATABRICKS_SOURCE_TOKEN", "WATCH_INTERVAL_SECONDS"];
/** the package's bin, as `npx databricks-source` runs it (npx itself adds about 4 s to each command here, so one test goes through it) */
const BIN = path.join(REPO_ROOT, "bin/databricks-source.mjs");
const inTerminal = (command: string, args: string[], env: Record<string, string> = {}, onStdout?: (stdout: string) => void) =>
  runToEnd(command, args, { cwd: REPO_ROOT, env: { ...Object.fromEntries(CLIENT_SETTINGS.map((name) => [name, undefined])), ...env }, timeoutMs: 90_000, onStdout });
const withEnv = (env: Record<string, string>, ...args: string[]) => {
  if (args.includes("--json")) answeredInJson.add(Object.keys(COMMANDS).find((name) => args.join(" ").startsWith(name))!);
  return inTerminal(process.execPath, [BIN, ...args], env);
};
const cli = (...args: string[]) => withEnv({}, ...args, "--url", started.apiUrl);
const json = async (...args: string[]) => {
  const answer = await cli(...args, "--json");
  expect(answer.code, answer.stderr).toBe(0);
  return JSON.parse(answer.stdout);
};
const once = () => ({ startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" });
/** a `once` flow's schedule that starts in an hour: its only run before then is one asked for */
const inAnHour = () => ({ startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" });

/**
 * `runs watch` of a flow that has no run yet, the flow's first run created on demand once the watch
 * says it waits for one: the watch sees that run from its creation, however long its own start takes.
 */
async function watchFirstRun(flowId: string, ...args: string[]): Promise<Finished> {
  let saysItWaits!: () => void;
  const waiting = new Promise<void>((resolve) => (saysItWaits = resolve));
  const watched = inTerminal(process.execPath, [BIN, "runs", "watch", flowId, ...args, "--url", started.apiUrl], {}, (stdout) => {
    if (stdout.startsWith(`waiting for the first run of flow ${flowId}`)) saysItWaits();
  });
  await Promise.race([waiting, watched]);
  const run = await call(system, "POST", `${FS}/runs`, { body: { flowId } });
  expect(run.status, run.text).toBe(201);
  return watched;
}

beforeAll(async () => {
  started = await startCli({
    DATA_DIR: dataDir,
    PORT: "0",
    BLOB_PORT: "0",
    DATABRICKS_PORT: "0",
    DATABRICKS_CLUSTER_START_DELAY_MS: "1500", // long enough for `runs watch` to show a run waiting for it
    RUN_POLL_MS: "100",
    RUN_MAX_ATTEMPTS: "2",
    RUN_RETRY_BACKOFF_MS: "3000", // long enough for `runs watch`, already watching, to see a run waiting to retry between two looks on a busy machine
  });
  system = await journeySystem(started);
  await waitForCluster(system, "RUNNING"); // it starts with the service, in 1.5 s
  await sql(system, "CREATE TABLE demo.cli_customers AS SELECT * FROM demo.customers ORDER BY id LIMIT 50");
}, 120_000);
afterAll(async () => {
  await started?.stop("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the command line", () => {
  it("prints the staging credentials and the exact Spark config line", async () => {
    const credentials = await json("credentials", "get");
    const line = await cli("spark-conf");
    expect(line.code).toBe(0);
    const key = `fs.azure.sas.${credentials.containerName}.${credentials.storageAccountName}.blob.core.windows.net`;
    expect(line.stdout.trim()).toBe(`${key} ${credentials.SASToken}`);
    expect(await json("spark-conf")).toEqual({ key, value: credentials.SASToken, line: `${key} ${credentials.SASToken}` });
    const shown = (await cli("credentials", "get")).stdout;
    expect(shown).toContain(`container  ${credentials.containerName}\naccount    ${credentials.storageAccountName}\nexpires    ${credentials.expiryTime}\n`);
    expect((await cli("connections")).stdout.trim()).toBe("no connections");
    expect(await json("connections")).toEqual([]);
    const viaNpx = await inTerminal("npx", ["--no-install", "databricks-source", "connections", "--url", started.apiUrl]);
    expect(viaNpx, viaNpx.stderr).toMatchObject({ code: 0, stdout: "no connections\n" });
  });

  it("watches a flow's first run to success, showing its progress, and lists the flow and its runs", async () => {
    await configureClusterSas(system);
    const pipeline = await createPipeline(system, { tableName: "demo.cli_customers" });
    const schedule = inAnHour();
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule) });
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id;
    await terminateCluster(system); // the run starts it and waits

    const watched = await watchFirstRun(flowId, "--interval", "0.2");
    expect(watched.stderr).toBe("");
    expect(watched.code).toBe(0);
    const lines = watched.stdout.trim().split("\n");
    const startsAt = new Date(schedule.startTime * 1000).toISOString().replace(/\./g, "\\.");
    expect(lines[0]).toMatch(new RegExp(`^waiting for the first run of flow ${flowId}, its schedule starts at ${startsAt} \\(\\d+ s\\)$`));
    expect(lines).toContainEqual(expect.stringMatching(/^run \S+ inProgress · waitingForCluster · no rows yet · \d+ s$/)); // status, phase, rows (none counted yet), elapsed
    expect(lines.at(-1)).toMatch(/^run \S+ success · 50 read, 50 ingested, 0 failed$/);

    const connections = (await cli("connections")).stdout.split("\n");
    // what each connection reads: the workspace and its cluster
    expect(connections.find((l) => l.startsWith(pipeline.connectionId))).toMatch(/enabled\s+https?:\/\/\S+ · cluster \S+$/);
    const flows = await cli("flows", "list");
    expect(flows.stdout.split("\n").find((l) => l.startsWith(flowId))).toMatch(/enabled\s+once\s+success/);
    const runs = JSON.parse((await cli("runs", "list", flowId, "--json")).stdout);
    expect(runs.map((r: any) => r.metrics.statusSummary.status)).toEqual(["success"]);
    expect((await cli("flows", "disable", flowId)).stdout.trim()).toBe(`flow ${flowId} disabled`);
    expect((await json("flows", "list")).find((f: any) => f.id === flowId).state).toBe("disabled");
    expect(await json("flows", "enable", flowId)).toMatchObject({ id: flowId });
    expect((await json("flows", "disable", flowId)).id).toBe(flowId);
    expect((await cli("flows", "enable", flowId)).stdout.trim()).toBe(`flow ${flowId} enabled`);
    expect((await json("flows", "list")).find((f: any) => f.id === flowId).state).toBe("enabled");
  }, 120_000);

  it("watches a run that fails (its SAS was revoked), exits 1 with the reason, then re-triggers it to success", async () => {
    const before = await json("credentials", "get");
    const refreshed = await cli("credentials", "refresh");
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toMatch(/^container\s+\S+/m);
    expect(refreshed.stdout).not.toContain(before.SASToken);
    // it says the old token is revoked and gives the line a cluster needs now
    expect(refreshed.stdout).toContain("The previous SAS token no longer works.");
    const sasLine = refreshed.stdout.split("\n").find((line) => line.trim().startsWith("fs.azure.sas."));
    expect(sasLine?.trim()).toBe(`fs.azure.sas.${before.containerName}.${before.storageAccountName}.blob.core.windows.net ${/^SAS token\s+(\S+)/m.exec(refreshed.stdout)?.[1]}`);
    const again = await json("credentials", "refresh");
    expect(again.containerName).toBe(before.containerName);
    expect(again.SASToken).not.toBe(before.SASToken);
    const pipeline = await createPipeline(system, { tableName: "demo.cli_customers" });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, once()) });
    const flowId = created.body.id;

    const failed = await cli("runs", "watch", flowId);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/run \S+ failed/);
    expect(failed.stdout.split("\n").length).toBeGreaterThan(2); // the reason, under the run's line

    await configureClusterSas(system);
    const [run] = await json("runs", "list", flowId);
    expect(await json("runs", "retrigger", run.id)).toMatchObject({ id: run.id });
    const succeeded = await cli("runs", "watch", flowId, "--json");
    expect(succeeded.code).toBe(0);
    expect(JSON.parse(succeeded.stdout)).toMatchObject({ id: run.id, metrics: { statusSummary: { status: "success" }, recordSummary: { outputRecordCount: 50 } } }); // the run item
  }, 180_000);

  it("shows a run waiting to retry, with its attempt and when the next starts, then exits 1 when the last attempt fails", async () => {
    await sql(system, "CREATE TABLE demo.cli_vanishing AS SELECT * FROM demo.cli_customers");
    const pipeline = await createPipeline(system, { tableName: "demo.cli_vanishing" });
    // a storage failure, retried (a dropped table is not: it cannot come back by itself)
    await removeDataFiles(system, "demo.cli_vanishing");
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, inAnHour()) });
    expect(created.status, created.text).toBe(201);

    const watched = await watchFirstRun(created.body.id, "--interval", "0.2");
    expect(watched.code).toBe(1);
    const lines = watched.stdout.trim().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^run \S+ scheduled · \w+ · attempt 1 of 2, next at \d{4}-\d\d-\d\dT[\d:.]+Z · /));
    expect(lines).toContainEqual(expect.stringMatching(/^run \S+ failed · /));
    expect(lines.at(-1)).toMatch(/cli_vanishing/); // the reason, under the run's line
  }, 120_000);

  it("prints the AEP error's message on a refusal and exits 1; a usage mistake exits 2", async () => {
    const refused = await cli("runs", "retrigger", "00000000-0000-0000-0000-000000000000");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^POST \/data\/foundation\/flowservice\/runs\/0{8}-.*: .*not found/i);
    const cancelRefused = await cli("runs", "cancel", "00000000-0000-0000-0000-000000000000", "--json");
    expect(cancelRefused.code).toBe(1);
    expect(cancelRefused.stderr).toMatch(/^POST \/data\/foundation\/flowservice\/runs\/0{8}-.*\/action\?op=cancel: .*not found/i);
    // a flow that does not exist: said so (as `flows enable` says it), exit 1, not "no runs yet" nor waiting forever
    const enable = await cli("flows", "enable", "nope");
    expect(enable.code).toBe(1);
    expect(enable.stderr).toMatch(/flows? resource nope is not found/);
    for (const command of ["list", "watch"]) {
      const unknown = await cli("runs", command, "nope");
      expect(unknown.code, `runs ${command} nope: ${unknown.stdout}`).toBe(1);
      expect(unknown.stderr).toMatch(/^flow nope not found: The requested flows? resource nope is not found/);
      expect(unknown.stdout).toBe("");
    }
    // a usage mistake through the package's bin: exit 2 (the others are checked in process)
    const misspelt = await cli("conections");
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^unknown command: conections; did you mean connections\?\n/);
    const wrongSecret = await cli("flows", "list", "--client-secret", "nope");
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toMatch(/^signing in: /);
  });

  it("says a disabled flow makes no runs to watch instead of waiting for one, and exits 1", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.cli_customers" });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    expect((await cli("flows", "disable", created.body.id)).code).toBe(0);
    const watched = await cli("runs", "watch", created.body.id);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toContain(`flow ${created.body.id} is disabled, so it makes no runs to watch: enable it (databricks-source flows enable ${created.body.id})`);
  });

  it("takes its address and credentials from the environment, a flag winning over its variable", async () => {
    const fromEnv = await withEnv({ DATABRICKS_SOURCE_URL: started.apiUrl, AUTH_CLIENT_ID: "dev-client", AUTH_CLIENT_SECRET: "dev-secret", SANDBOX_NAME: "prod" }, "connections", "--json");
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).length).toBeGreaterThan(0);
    const wrongSecret = await withEnv({ DATABRICKS_SOURCE_URL: started.apiUrl, AUTH_CLIENT_SECRET: "nope" }, "connections");
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toMatch(/^signing in: /);
    expect((await withEnv({ DATABRICKS_SOURCE_URL: "http://127.0.0.1:1" }, "connections", "--url", started.apiUrl)).code).toBe(0);
  });

  it("has answered --json on every command", () => {
    expect([...answeredInJson].sort()).toEqual(Object.keys(COMMANDS).sort());
  });
});
