/**
 * Two "hosts" (each its own DATA_DIR: own temp files, own copies of lake files) on one PostgreSQL
 * and one lake in an Azurite container: worker processes of both run windows of several flows into
 * one dataset, so their commits race on the same Delta log, and one host's worker is killed mid-run.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { DIALECTS } from "../support/postgres.js";
import { claimsIn, killWorkersMidRun } from "../support/killed-workers.js";
import { startCli, type StartedProcess } from "../support/process.js";
import { seededRandom } from "../support/seeded-random.js";
import { azuriteLakeEnv, startTestSystem, type TestSystem } from "../support/system.js";
import { DATABRICKS_SPEC } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const FLOWS = 3;
const WINDOWS = 6;
const ROWS_PER_WINDOW = 2;
const KILLS = 3;
/** When host A's worker is killed; `SEED=<n>` replays a run. */
const random = seededRandom("test/runs/two-hosts.test.ts");

describe.runIf(DIALECTS.includes("postgres"))("two hosts on one PostgreSQL and one Azurite lake", () => {
  let hostA: TestSystem;
  /** host B's API: the same store and lake, its own DATA_DIR */
  let hostB: TestSystem;
  const dataDirB = mkdtempSync(path.join(tmpdir(), "ds-host-b-"));
  let workerEnv: (dataDir: string) => Record<string, string>;
  const alive: StartedProcess[] = [];
  // what lets two hosts serve one another's work: the same sealing key and token key, not the same disk
  const shared = { SECRETS_KEY: randomBytes(32).toString("base64"), AUTH_TOKEN_SIGNING_KEY: randomBytes(32).toString("hex") };

  beforeAll(async () => {
    hostA = await startTestSystem({
      dialect: "postgres",
      lake: "azurite",
      workspace: { seedRows: 10 },
      env: { ...shared, RUN_WORKER: "false", FLOW_START_TIME_TOLERANCE_SECONDS: "86400" },
    });
    const peer = await hostA.startPeer({ DATA_DIR: dataDirB });
    hostB = { ...hostA, url: peer.url, service: peer, dataDir: dataDirB };
    await configureClusterSas(hostA);
    workerEnv = (dataDir) => ({
      ...shared,
      ...azuriteLakeEnv(hostA.blob, hostA.account),
      DATA_DIR: dataDir,
      DATABASE_URL: hostA.databaseUrl!,
      AZURE_STORAGE_ACCOUNT: hostA.account.name,
      AZURE_STORAGE_KEY: hostA.account.key,
      AZURE_BLOB_ENDPOINT: `${hostA.blob.url}/${hostA.account.name}`,
      RUN_LEASE_MS: "1000",
      RUN_POLL_MS: "50",
      // each kill costs the attempt it lands in (a lost worker counts), and kills may land in one run again and again
      RUN_MAX_ATTEMPTS: "50",
      LOG_LEVEL: "info",
    });
  });
  afterAll(async () => {
    for (const worker of alive) await worker.stop("SIGKILL");
    await hostA?.close();
    rmSync(dataDirB, { recursive: true, force: true });
  });

  it("hold every row exactly once, and either host's API serves every batch", async () => {
    const start = Math.floor(Date.now() / 1000) - WINDOWS * 60;
    const expected: number[] = [];
    let pipeline: Pipeline | undefined;
    const flowIds: string[] = [];
    for (let f = 1; f <= FLOWS; f++) {
      const values: string[] = [];
      for (let k = 1; k <= WINDOWS; k++) {
        for (let i = 0; i < ROWS_PER_WINDOW; i++) {
          const id = f * 10_000 + k * 100 + i;
          const at = new Date((start + (k - 1) * 60 + i * 17) * 1000).toISOString().replace("T", " ").replace("Z", "");
          values.push(`(${id}, TIMESTAMP '${at}')`);
          expected.push(id);
        }
      }
      await sql(hostA, `CREATE TABLE demo.ticks${f} (id BIGINT, ts TIMESTAMP) USING DELTA`);
      await sql(hostA, `INSERT INTO demo.ticks${f} VALUES ${values.join(", ")}`);
      // every flow writes into the first flow's dataset, each from its own table
      if (!pipeline) pipeline = await createPipeline(hostA, { tableName: `demo.ticks${f}`, schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
      const sourceId = f === 1 ? pipeline.sourceId : await sourceConnection(hostA, pipeline.connectionId, `demo.ticks${f}`);
      const created = await call(hostA, "POST", `${FS}/flows`, {
        body: flowBody({ ...pipeline, sourceId }, { startTime: start, frequency: "minute", interval: 1, backfill: false }, { deltaColumn: "ts" }),
      });
      expect(created.status, created.text).toBe(201);
      flowIds.push(created.body.id);
    }

    // host B's worker runs throughout; host A's is killed mid-run, then started again
    const workerB = await startCli(workerEnv(dataDirB), 60_000, "worker");
    alive.push(workerB);
    expect(workerB.readyLine).toContain(` · lake ${hostA.lakeDir}`);
    const killedMidRun = await killWorkersMidRun({
      start: () => startCli(workerEnv(hostA.dataDir), 60_000, "worker"),
      kills: KILLS,
      delayMs: () => random.below(300),
      allDone: () => allDone(flowIds),
      alive,
    });
    expect(killedMidRun, `SEED=${random.seed}`).toBeGreaterThanOrEqual(1);
    const finisherA = await startCli(workerEnv(hostA.dataDir), 60_000, "worker");
    alive.push(finisherA);
    await eventually(() => allDone(flowIds), 180_000, 200).catch(async (error: Error) => {
      const tails = [workerB, finisherA].map((w) => w.output().split("\n").slice(-5).join("\n"));
      throw new Error(`${error.message} (SEED=${random.seed}); the workers' last lines:\n${tails.join("\n---\n")}`);
    });
    expect(claimsIn(workerB.output()).length, "host B's worker ran windows too").toBeGreaterThan(0);
    for (const worker of alive) await worker.stop("SIGTERM");
    alive.length = 0;

    const counts = await datasetRows(hostA, pipeline!.dataSetId, "SELECT tickId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(counts, `SEED=${random.seed}`).toEqual(expected.sort((a, b) => a - b).map((id) => ({ id, n: 1 })));

    // every batch, whichever host's worker committed it, downloads from either host's API with its rows
    // the windows with rows: a test that outlasts a minute sees each flow's next (empty) window too
    const batchIds = (await Promise.all(flowIds.map(async (id) => (await runsOf(hostA, id)).slice(0, WINDOWS))))
      .flat()
      .map((run) => run.activities.find((a: any) => a.id === "promotionActivity").targetInfo[0].reference.ids[0] as string);
    expect(batchIds).toHaveLength(FLOWS * WINDOWS);
    for (const host of [hostA, hostB]) {
      for (const batchId of batchIds) {
        const [file] = (await call(host, "GET", `/data/foundation/export/batches/${batchId}/files`)).body.data;
        const listing = await call(host, "GET", `/data/foundation/export/files/${file.dataSetFileId}`);
        expect(listing.body.data.length, `batch ${batchId} on ${host.url}`).toBeGreaterThan(0);
        for (const entry of listing.body.data) {
          const response = await fetch(`${host.url}/data/foundation/export/files/${file.dataSetFileId}?path=${encodeURIComponent(entry.name)}`, { headers: await host.headers() });
          expect(response.status, `batch ${batchId} file ${entry.name} on ${host.url}`).toBe(200);
          const bytes = Buffer.from(await response.arrayBuffer());
          expect(bytes.length).toBe(Number(entry.length));
          expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
        }
      }
    }
  }, 400_000);

  async function allDone(flowIds: string[]): Promise<boolean> {
    for (const flowId of flowIds) {
      const runs = await runsOf(hostA, flowId);
      if (runs.length < WINDOWS || runs.some((r) => r.metrics.statusSummary.status !== "success")) return false;
    }
    return true;
  }
});

async function sourceConnection(system: TestSystem, connectionId: string, tableName: string): Promise<string> {
  const reply = await call(system, "POST", `${FS}/sourceConnections`, {
    body: {
      name: `${tableName} source`,
      baseConnectionId: connectionId,
      data: { format: "tabular" },
      params: { tableName, columns: ["id", "ts"].map((name) => ({ name, type: "string" })), cdcEnabled: false },
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    },
  });
  if (reply.status !== 201) throw new Error(`${reply.status}: ${reply.text}`);
  return reply.body.id;
}
