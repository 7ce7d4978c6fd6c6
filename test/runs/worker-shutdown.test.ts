import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRunLog } from "../../src/store/runs.repository.js";
import { terminateCluster } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { startCli, type StartedProcess } from "../support/process.js";
import { startTestSystem, type TestSystem, workerProcessEnv } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const ROWS = 4;
/** far beyond the test: a run another worker takes over was given back, not left to expire */
const LEASE_MS = 120_000;

describe.runIf(DIALECTS.includes("postgres"))("a worker process stopped with SIGTERM in the middle of a run (PostgreSQL)", () => {
  let system: TestSystem;
  let workerEnv: Record<string, string>;
  const alive: StartedProcess[] = [];
  beforeAll(async () => {
    // the cluster takes seconds to start: the run is in the middle of its first step when the signal comes
    system = await startTestSystem({ dialect: "postgres", workspace: { seedRows: 10, clusterStartDelayMs: 4_000 }, env: { RUN_WORKER: "false", FLOW_START_TIME_TOLERANCE_SECONDS: "86400" } });
    await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.shutdown_ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, TIMESTAMP '2026-01-01 00:00:0${i}')`);
    await sql(system, `INSERT INTO demo.shutdown_ticks VALUES ${values.join(", ")}`);
    workerEnv = workerProcessEnv(system, { RUN_LEASE_MS: String(LEASE_MS), RUN_POLL_MS: "50", LOG_LEVEL: "info" });
  }, 120_000);
  afterAll(async () => {
    for (const worker of alive) await worker.stop("SIGKILL");
    await system.close();
  });

  it("exits 0 at once, gives the run back claimable now with its attempt not counted, and another worker ingests its rows once", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.shutdown_ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    // due now: its run is made by the first worker's first tick (no worker runs in the API process)
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) - 60, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    await terminateCluster(system);
    const runOf = () => system.service.store.db.selectFrom("runs").selectAll().where("flow_id", "=", flowId).executeTakeFirst();

    const first = await startCli(workerEnv, 60_000, "worker");
    alive.push(first);
    await eventually(async () => (await runOf())?.phase === "waitingForCluster", 30_000, 20);
    const signalled = Date.now();
    const code = await first.stop("SIGTERM");
    const exitMs = Date.now() - signalled;
    alive.splice(alive.indexOf(first), 1);
    expect(code, first.output()).toBe(0);
    expect(exitMs).toBeLessThan(10_000);
    expect(first.output()).not.toContain("shutdown did not finish in time");

    const released = (await runOf())!;
    expect(released).toMatchObject({ status: "scheduled", lease_owner: null, attempts: 0 });
    expect(Number(released.due_at)).toBeLessThanOrEqual(Date.now());
    const lines = await listRunLog(system.service.store.db, released.id);
    expect(lines.at(-1)).toMatchObject({ attempt: 1, level: "warn", message: "attempt 1 interrupted by the worker's shutdown; another worker resumes it" });

    const second = await startCli(workerEnv, 60_000, "worker");
    alive.push(second);
    const [run] = await waitForRuns(system, flowId, 1, 60_000);
    expect(Date.now() - signalled).toBeLessThan(LEASE_MS);
    expect(run.metrics.statusSummary.status).toBe("success");
    expect(run.attempt).toBe(1);
    const counts = await datasetRows(system, pipeline.dataSetId, "SELECT tickId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(counts).toEqual(Array.from({ length: ROWS }, (_, i) => ({ id: i + 1, n: 1 })));

    // each worker's log names the run and its flow on every line about it: one flow's runs can be followed through the log
    const runLines = (worker: StartedProcess) =>
      worker.output().split("\n").filter((line) => line.startsWith("{") && line.includes(released.id)).map((line) => JSON.parse(line));
    const about = { runId: released.id, flowId, window: 0 };
    expect(runLines(first)).toEqual([
      expect.objectContaining({ ...about, attempt: 1, msg: "run claimed" }),
      expect.objectContaining({ ...about, attempt: 1, released: true, msg: "run given back to the queue: the worker is stopping" }),
    ]);
    await eventually(async () => runLines(second).some((line) => line.msg === "run finished"), 10_000, 50);
    expect(runLines(second).find((line) => line.msg === "run finished")).toMatchObject({ ...about, attempt: 1, status: "success", codes: [] });
  }, 180_000);
});
