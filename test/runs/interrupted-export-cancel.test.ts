import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterCommand } from "../../src/databricks/client.js";
import type { ExportCommand } from "../../src/runs/export-command.js";
import { listRunLog, runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { startCli, type StartedProcess } from "../support/process.js";
import { startTestSystem, type TestSystem, workerProcessEnv } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns, warehouseSql, workspaceCall } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const ROWS = 4;
/**
 * the cluster's export waits this long before each write (its part, then _SUCCESS): long enough to be
 * interrupted between them (the test stops the worker within a few polls of seeing the part), and
 * paid three times a case (the first part, then the next attempt's part and _SUCCESS)
 */
const WRITE_DELAY_MS = 3_000;

/**
 * A worker lost (killed: its lease runs out) or stopped (SIGTERM: it gives the run back) while the
 * cluster exports leaves the export's command running; the run's next attempt cancels it before
 * anything else, so it stops writing into the folder nobody reads, and exports the window afresh.
 */
describe.runIf(DIALECTS.includes("postgres"))("the export of an interrupted attempt (PostgreSQL, worker processes)", () => {
  let system: TestSystem;
  let staging: { containerName: string; storageAccountName: string };
  let workerEnv: Record<string, string>;
  const alive: StartedProcess[] = [];
  beforeAll(async () => {
    system = await startTestSystem({
      dialect: "postgres",
      workspace: { seedRows: 10, exportWriteDelayMs: WRITE_DELAY_MS },
      env: { RUN_WORKER: "false", FLOW_START_TIME_TOLERANCE_SECONDS: "86400" },
    });
    staging = await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.cancel_ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, TIMESTAMP '2026-01-01 00:00:0${i}')`);
    await sql(system, `INSERT INTO demo.cancel_ticks VALUES ${values.join(", ")}`);
    workerEnv = workerProcessEnv(system, { RUN_LEASE_MS: "2000", RUN_POLL_MS: "50", LOG_LEVEL: "info" });
  }, 120_000);
  afterAll(async () => {
    for (const worker of alive) await worker.stop("SIGKILL");
    await system.close();
  });

  /** the worker process holding the run: a worker's id is <host>:<pid>:<suffix> */
  const holderOf = (leaseOwner: string | null | undefined) => alive.find((worker) => leaseOwner?.split(":")[1] === String(worker.child.pid));

  it.each([
    { how: "killed (its lease runs out)", signal: "SIGKILL" as const, nextAttempt: 2 },
    { how: "stopped with SIGTERM (it gives the run back)", signal: "SIGTERM" as const, nextAttempt: 1 },
  ])("a worker $how mid-export: the next attempt cancels the command, which writes nothing more, and the rows land once", async ({ signal, nextAttempt }) => {
    // two workers wait before the flow is made: one takes the run, the other resumes it at once
    while (alive.length < 2) alive.push(await startCli(workerEnv, 60_000, "worker"));
    const pipeline = await createPipeline(system, { tableName: "demo.cancel_ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) - 60, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    const runOf = () => system.service.store.db.selectFrom("runs").selectAll().where("flow_id", "=", flowId).executeTakeFirst();
    const detailsOf = async () => JSON.parse((await runOf())?.details ?? "{}") as { exportCommand?: ClusterCommand; copy?: { folder?: string } };
    const container = system.blobAccount.service.getContainerClient(staging.containerName);
    const blobsIn = async (prefix: string) => {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name.slice(prefix.length));
      return names;
    };

    // the command is recorded before it is waited on; its first part is written, its _SUCCESS not yet
    let command: ClusterCommand | undefined;
    let folder = "";
    await eventually(async () => {
      const details = await detailsOf();
      command = details.exportCommand;
      folder = details.copy?.folder ?? "";
      return command !== undefined && folder !== "" && (await blobsIn(folder)).some((name) => name.endsWith(".parquet"));
    }, 60_000, 50);
    const commandStatus = () =>
      workspaceCall(system, `/api/1.2/commands/status?clusterId=${command!.clusterId}&contextId=${command!.contextId}&commandId=${command!.commandId}`);
    expect((await commandStatus()).status).toBe("Running");
    expect(await blobsIn(folder)).not.toContain("_SUCCESS");
    const first = holderOf((await runOf())?.lease_owner);
    expect(first).toBeDefined();
    const interruptedAt = Date.now();
    await first!.stop(signal);
    alive.splice(alive.indexOf(first!), 1);

    const [run] = await waitForRuns(system, flowId, 1, 90_000);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.attempt).toBe(nextAttempt);
    // the next attempt cancelled the command, then destroyed the context it ran in (so did a stopped worker's attempt, when it could)
    const ended = await commandStatus().then(
      (s) => s.status as string,
      (error: Error) => (error.message.includes("RESOURCE_DOES_NOT_EXIST") ? "context given back" : error.message),
    );
    expect(ended).toBe("context given back");
    const lines = await listRunLog(system.service.store.db, run.id);
    expect(lines.map((l) => l.message)).toContainEqual(expect.stringContaining(`cancelled the export an earlier attempt left running (command ${command!.commandId} on cluster ${command!.clusterId})`));
    expect((await detailsOf()).exportCommand).toBeUndefined();

    // past the time the interrupted export would have written its _SUCCESS: it wrote nothing more
    const writtenBefore = await blobsIn(folder);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, interruptedAt + WRITE_DELAY_MS + 1_000 - Date.now())));
    expect(await blobsIn(folder)).toEqual(writtenBefore);
    expect(writtenBefore).not.toContain("_SUCCESS");

    const counts = await datasetRows(system, pipeline.dataSetId, "SELECT tickId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(counts).toEqual(Array.from({ length: ROWS }, (_, i) => ({ id: i + 1, n: 1 })));
  }, 180_000);
});

/**
 * The cancel is best effort: a command the workspace no longer knows, one it refuses to cancel, or
 * a warehouse statement that ended already never fail the run; each is a line in the run's log.
 */
describe("cancelling an interrupted attempt's export, best effort", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.best_effort_ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, TIMESTAMP '2026-01-01 00:00:0${i}')`);
    await sql(system, `INSERT INTO demo.best_effort_ticks VALUES ${values.join(", ")}`);
  }, 120_000);
  afterAll(() => system.close());

  /**
   * A run of a new flow as an interrupted attempt left it, its export's command in its details:
   * given back (due now), or failed (its last attempt lost its worker) and then re-triggered.
   */
  async function resumedRun(exportCommand: ExportCommand, { retriggered = false } = {}) {
    const pipeline = await createPipeline(system, { tableName: "demo.best_effort_ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    // a once flow due in an hour: its run is the one made below
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const now = Date.now();
    const run = runRow({ id: created.body.id, imsOrgId: "TEST@AdobeOrg", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: now }, "schedule", now);
    run.details = JSON.stringify({ exportCommand });
    if (retriggered) Object.assign(run, { status: "failed", attempts: 3, started_at: now, completed_at: now });
    await system.service.store.db.insertInto("runs").values(run).execute();
    if (retriggered) expect((await call(system, "POST", `${FS}/runs/${run.id}/action?op=re-trigger`)).status).toBe(200);
    system.service.runtime?.worker.poke();
    const [finished] = await waitForRuns(system, created.body.id, 1);
    expect(finished.metrics.statusSummary.status).toBe("success");
    expect(finished.metrics.recordSummary.outputRecordCount).toBe(ROWS);
    const details = JSON.parse((await system.service.store.db.selectFrom("runs").select("details").where("id", "=", run.id).executeTakeFirstOrThrow()).details ?? "{}");
    expect(details.exportCommand).toBeUndefined();
    return (await listRunLog(system.service.store.db, run.id)).map((l) => `${l.level}: ${l.message}`);
  }

  it("a command whose context is gone: said, and the run goes on", async () => {
    const command = { clusterId: system.workspace!.clusterId, contextId: "12345", commandId: "abc" };
    const lines = await resumedRun(command);
    expect(lines).toContainEqual(expect.stringMatching(/^info: the export an earlier attempt left \(command abc on cluster local-cluster\) is gone already/));
  });

  it("a command kept by a run that failed, then re-triggered: the re-triggered attempt sees to it first", async () => {
    const command = { clusterId: system.workspace!.clusterId, contextId: "12345", commandId: "def" };
    const lines = await resumedRun(command, { retriggered: true });
    expect(lines).toContainEqual(expect.stringMatching(/^info: the export an earlier attempt left \(command def on cluster local-cluster\) is gone already/));
  });

  it("a cancel the workspace refuses: a warning in the run's log, and the run goes on", async () => {
    const lines = await resumedRun({ clusterId: system.workspace!.clusterId, contextId: "12345", commandId: "" });
    const warning = lines.find((l) => l.startsWith("warn: the export an earlier attempt left"));
    expect(warning).toMatch(/could not be cancelled: commands\/cancel failed with HTTP 400/);
    expect(warning).not.toContain(system.workspace!.token);
  });

  it("a SQL warehouse statement that ended already stays as it ended", async () => {
    await warehouseSql(system, "SELECT 1");
    const submitted = await workspaceCall(system, "/api/2.0/sql/statements", { warehouse_id: system.workspace!.warehouseId, statement: "SELECT 2", wait_timeout: "30s" });
    expect(submitted.status.state).toBe("SUCCEEDED");
    const lines = await resumedRun({ warehouseId: system.workspace!.warehouseId, statementId: submitted.statement_id });
    expect(lines).toContainEqual(expect.stringContaining(`info: cancelled the export an earlier attempt left running (statement ${submitted.statement_id} on SQL warehouse ${system.workspace!.warehouseId})`));
    expect((await workspaceCall(system, `/api/2.0/sql/statements/${submitted.statement_id}`)).status.state).toBe("SUCCEEDED");
  });
});
