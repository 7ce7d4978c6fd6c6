import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { claimsIn, killWorkersMidRun } from "../support/killed-workers.js";
import { startCli, type StartedProcess } from "../support/process.js";
import { seededRandom } from "../support/seeded-random.js";
import { startTestSystem, type TestSystem, workerProcessEnv } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const WINDOWS = 16;
const ROWS_PER_WINDOW = 3;
const KILLS = 10;
/** how long after its claim a worker may be killed: the span of an attempt's phases, claim to commit */
const KILL_SPAN_MS = 400;
/** Where each worker is killed; `SEED=<n>` replays the kill points of a run. */
const random = seededRandom("test/runs/crash.test.ts");
/** the kill points, each at a random moment of its own slice of the span: few kills, the whole span covered */
const killDelayMs = (kill: number) => Math.floor(((kill + random.next()) * KILL_SPAN_MS) / KILLS);

describe.runIf(DIALECTS.includes("postgres"))("workers killed at random points (PostgreSQL)", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let workerEnv: Record<string, string>;
  const alive: StartedProcess[] = [];
  beforeAll(async () => {
    // no worker in the API process: only the child processes below run windows
    system = await startTestSystem({ dialect: "postgres", workspace: { seedRows: 10 }, env: { RUN_WORKER: "false", FLOW_START_TIME_TOLERANCE_SECONDS: "86400" } });
    await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    pipeline = await createPipeline(system, { tableName: "demo.ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    // no DATABRICKS_ALLOWED_HOSTS: a worker finds the local workspace the API process recorded in the store
    workerEnv = workerProcessEnv(system, {
      RUN_LEASE_MS: "1000",
      RUN_POLL_MS: "50",
      // each kill costs the attempt it lands in (a lost worker counts), and kills may land in one run again and again
      RUN_MAX_ATTEMPTS: "50",
      LOG_LEVEL: "info",
    });
  });
  afterAll(async () => {
    for (const worker of alive) await worker.stop("SIGKILL");
    await system.close();
  });

  it("lose no row and double none, and two workers never run one window twice", async () => {
    const start = Math.floor(Date.now() / 1000) - WINDOWS * 60;
    const values: string[] = [];
    for (let k = 1; k <= WINDOWS; k++) {
      for (let i = 0; i < ROWS_PER_WINDOW; i++) {
        const at = new Date((start + (k - 1) * 60 + i * 17) * 1000).toISOString().replace("T", " ").replace("Z", "");
        values.push(`(${k * 100 + i}, TIMESTAMP '${at}')`);
      }
    }
    await sql(system, `INSERT INTO demo.ticks VALUES ${values.join(", ")}`);
    const created = await call(system, "POST", `${FS}/flows`, {
      body: flowBody(pipeline, { startTime: start, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "ts" }),
    });
    expect(created.status).toBe(201);
    const flowId = created.body.id;

    // each worker killed at a random point of a run it holds
    const killedMidRun = await killWorkersMidRun({ start: () => startCli(workerEnv, 60_000, "worker"), kills: KILLS, delayMs: killDelayMs, allDone: () => allDone(flowId), alive });
    expect(killedMidRun, `SEED=${random.seed}`).toBeGreaterThanOrEqual(KILLS - 1);

    // two healthy workers finish the rest; their leases are longer than the killed workers' (which
    // lapse within a second), so that a heartbeat stalled on a busy machine does not hand a live run over
    const finisherEnv = { ...workerEnv, RUN_LEASE_MS: "3000" };
    const finishers = await Promise.all([startCli(finisherEnv, 60_000, "worker"), startCli(finisherEnv, 60_000, "worker")]);
    alive.push(...finishers);
    await eventually(() => allDone(flowId), 240_000, 200).catch(async (error: Error) => {
      const statuses: Record<string, number> = {};
      for (const run of await runsOf(system, flowId)) statuses[run.metrics.statusSummary.status] = (statuses[run.metrics.statusSummary.status] ?? 0) + 1;
      const tails = finishers.map((w) => w.output().split("\n").slice(-5).join("\n"));
      throw new Error(`${error.message} (SEED=${random.seed}): runs of the ${WINDOWS} windows by status ${JSON.stringify(statuses)}; the finishers' last lines:\n${tails.join("\n---\n")}`);
    });
    const finalClaims = finishers.flatMap((w) => claimsIn(w.output()));
    for (const worker of finishers) await worker.stop("SIGTERM");
    alive.length = 0;

    const claimsPerRun = new Map<string, number>();
    for (const claim of finalClaims) claimsPerRun.set(claim.runId, (claimsPerRun.get(claim.runId) ?? 0) + 1);
    const claimedTwice = [...claimsPerRun].filter(([, n]) => n > 1);
    expect(claimedTwice, `SEED=${random.seed}`).toEqual([]);
    const counts = await datasetRows(system, pipeline.dataSetId, "SELECT tickId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    const expected = [];
    for (let k = 1; k <= WINDOWS; k++) for (let i = 0; i < ROWS_PER_WINDOW; i++) expected.push({ id: k * 100 + i, n: 1 });
    expect(counts, `SEED=${random.seed}`).toEqual(expected);
  }, 600_000); // twelve worker processes started: a worker takes over 10 s to start on a loaded machine

  async function allDone(flowId: string): Promise<boolean> {
    const runs = await runsOf(system, flowId);
    return runs.length >= WINDOWS && runs.every((r) => r.metrics.statusSummary.status === "success");
  }
});
