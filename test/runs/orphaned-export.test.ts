import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptStagingPrefix, stagingPrefix } from "../../src/lake/staged-files.js";
import { RunLeftovers, STAGING_GRACE_MS } from "../../src/runs/leftovers.js";
import { allStagingContainers } from "../../src/runs/staging-containers.js";
import { runRow } from "../../src/store/runs.repository.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { DLZ_CREDENTIALS } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, sql, waitForRuns } from "../support/journey.js";
import { tickMappings, tickSchema } from "../support/source-tables.js";

const ROWS = 5;
const soon = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/**
 * A worker killed while the cluster exports does not stop the export: the command goes on writing
 * into the staging folder its attempt chose while the next attempt exports the window again.
 */
describe("an export that outlives its attempt's worker", () => {
  let system: TestSystem;
  let staging: { containerName: string; storageAccountName: string };
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 10 }, env: { RUN_POLL_MS: "50" } });
    staging = await configureClusterSas(system);
    await sql(system, "CREATE TABLE demo.orphan_ticks (id BIGINT, ts TIMESTAMP) USING DELTA");
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, TIMESTAMP '2026-01-01 00:00:0${i}')`);
    await sql(system, `INSERT INTO demo.orphan_ticks VALUES ${values.join(", ")}`);
  });
  afterAll(() => system.close());

  it("is never read by the attempt that resumes the run: the dataset holds each row once, and the abandoned folder goes once quiet", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.orphan_ticks", schema: tickSchema, mappings: tickMappings, columns: ["id", "ts"] });
    // a once flow due in an hour: its run is the one made below, as a dead worker left it
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(3600), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const flowId: string = created.body.id;
    const now = Date.now();
    const run = {
      ...runRow({ id: flowId, imsOrgId: "TEST@AdobeOrg", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: now }, "schedule", now),
      status: "inProgress",
      attempts: 1,
      lease_owner: "killed-worker",
      lease_expires_at: now - 1,
      started_at: now,
    };
    const orphanFolder = attemptStagingPrefix(flowId, run.id, "attempt-1-0badf00d");
    run.details = JSON.stringify({ copy: { startedAt: now, files: 0, bytes: 0, folder: orphanFolder } });

    // what the killed attempt's export writes: the window's rows, as the cluster exports them
    const container = system.blobAccount.service.getContainerClient(staging.containerName);
    const sample = `adobe-managed-staging/sample-${run.id}/`;
    await sql(system, `INSERT OVERWRITE DIRECTORY 'wasbs://${staging.containerName}@${staging.storageAccountName}.blob.core.windows.net/${sample}' USING PARQUET SELECT id, ts FROM demo.orphan_ticks`);
    const parts: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: sample })) if (blob.name.endsWith(".parquet")) parts.push(blob.name);
    expect(parts.length).toBeGreaterThan(0);
    const rows = await Promise.all(parts.map((name) => container.getBlobClient(name).downloadToBuffer()));

    // the orphaned export keeps writing its part files for as long as the next attempt runs
    let writing = true;
    const orphan = (async () => {
      while (writing) {
        for (const [i, data] of rows.entries()) {
          await container.getBlockBlobClient(`${orphanFolder}${path.basename(parts[i])}`).uploadData(data);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      await system.service.store.db.insertInto("runs").values(run).execute();
      system.service.runtime?.worker.poke();
      const [finished] = await waitForRuns(system, flowId, 1);
      expect(finished.metrics.statusSummary.status).toBe("success");
      expect(finished.attempt).toBe(2);
      expect(finished.metrics.recordSummary.inputRecordCount).toBe(ROWS);
    } finally {
      writing = false;
      await orphan;
    }
    const counts = await datasetRows(system, pipeline.dataSetId, "SELECT tickId::INTEGER AS id, count(*)::INTEGER AS n FROM $table GROUP BY 1 ORDER BY 1");
    expect(counts).toEqual(Array.from({ length: ROWS }, (_, i) => ({ id: i + 1, n: 1 })));

    // the second attempt removed its own folder; the orphan's stays while it may still be written to, then goes
    const left = async () => {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: stagingPrefix(flowId, run.id) })) names.push(blob.name);
      return names;
    };
    expect((await left()).every((name) => name.startsWith(orphanFolder))).toBe(true);
    expect(await left()).not.toEqual([]);
    const settings = { lakeRoot: system.lakeDir, tempRoot: path.join(system.dataDir, "tmp", "runs") };
    await new RunLeftovers(system.service.store, settings).removeAfterRun({ staging: { flowId, container: async () => container } });
    expect(await left()).not.toEqual([]);
    const anHourLater = () => Date.now() + STAGING_GRACE_MS + 60_000;
    await new RunLeftovers(system.service.store, settings, undefined, anHourLater).removeAfterRun({ staging: { flowId, container: async () => container } });
    expect(await left()).toEqual([]);
  }, 120_000);

  it("of a once flow, in any sandbox, goes when a worker starts once quiet for an hour: no later run of its flow is needed", async () => {
    // the interrupted attempts of two once flows, in two sandboxes: neither flow runs again
    const devStaging = (await call(system, "GET", DLZ_CREDENTIALS, { sandbox: "dev" })).body.containerName as string;
    const folders = [
      { container: system.blobAccount.service.getContainerClient(staging.containerName), prefix: attemptStagingPrefix(randomUUID(), randomUUID(), "attempt-1-0badf00d") },
      { container: system.blobAccount.service.getContainerClient(devStaging), prefix: attemptStagingPrefix(randomUUID(), randomUUID(), "attempt-2-0badf00d") },
    ];
    for (const { container, prefix } of folders) await container.getBlockBlobClient(`${prefix}part-00000.parquet`).uploadData(Buffer.from("rows"));
    const left = () =>
      Promise.all(
        folders.map(async ({ container, prefix }) => {
          const names: string[] = [];
          for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
          return names.length;
        }),
      );
    const settings = { lakeRoot: system.lakeDir, tempRoot: path.join(system.dataDir, "tmp", "runs") };
    const containers = () => allStagingContainers(system.service.store, system.blobAccount);

    // a worker starting now: written to a moment ago, they may still be written to
    await new RunLeftovers(system.service.store, settings, undefined, Date.now, containers).removeAll();
    expect(await left()).toEqual([1, 1]);
    // a worker starting an hour later
    const anHourLater = () => Date.now() + STAGING_GRACE_MS + 60_000;
    await new RunLeftovers(system.service.store, settings, undefined, anHourLater, containers).removeAll();
    expect(await left()).toEqual([0, 0]);
  }, 60_000);
});
