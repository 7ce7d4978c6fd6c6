import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { datasetTableRoot } from "../../src/lake/lake-paths.js";
import { runRow } from "../../src/store/runs.repository.js";
import { eventually } from "../support/blob.js";
import { insertFlowRows } from "../support/flow-rows.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, waitForRuns } from "../support/journey.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const soon = (seconds = 1) => Math.floor(Date.now() / 1000) + seconds;

async function age(file: string, ms: number): Promise<void> {
  const at = new Date(Date.now() - ms);
  await utimes(file, at, at);
}

/** What a worker killed in the middle of a run leaves under DATA_DIR/tmp/runs. */
async function crashedRunFolder(dataDir: string, runId: string = randomUUID()): Promise<string> {
  const folder = path.join(dataDir, "tmp", "runs", `run-${runId}-1a2b3c4d`);
  await mkdir(path.join(folder, "staged"), { recursive: true });
  await writeFile(path.join(folder, "staged", "part-00000.parquet"), "staged rows");
  return folder;
}

/** A data file a writer finished and never committed. */
async function orphanIn(tableRoot: string, name: string, ageMs: number): Promise<string> {
  const file = path.join(tableRoot, name);
  await writeFile(file, "uncommitted rows");
  await age(file, ageMs);
  return file;
}

async function dataFiles(tableRoot: string): Promise<string[]> {
  return (await readdir(tableRoot)).filter((f) => f.endsWith(".parquet")).sort();
}

describe("what crashed runs leave behind", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 30 }, env: { RUN_POLL_MS: "50", RUN_RETRY_BACKOFF_MS: "50" } });
  });
  afterAll(() => system.close());

  it("is removed when a worker starts: stale run folders and old uncommitted data files; referenced files, fresh files and folders of held runs stay", async () => {
    // a dataset whose first file a later commit removed: time travel still reads it
    const tableRoot = datasetTableRoot(system.lakeDir, "5f0c2b1a9e8d7c6b5a4f3e2d");
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const table = openDeltaTable(tableRoot);
      await table.create({ schema: { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] } });
      await table.append(conn, "SELECT range AS id FROM range(5)");
      await table.deleteWhere(conn, "id < 2");
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    const committed = await dataFiles(tableRoot);
    expect(committed).toHaveLength(2); // the first file (removed in version 2) and its rewrite
    for (const file of committed) await age(path.join(tableRoot, file), 3 * DAY_MS);
    const oldOrphan = await orphanIn(tableRoot, "part-00000-0d1e2f3a-old.c000.snappy.parquet", 2 * DAY_MS);
    const freshOrphan = await orphanIn(tableRoot, "part-00000-4b5c6d7e-fresh.c000.snappy.parquet", 60_000);
    const staleFolder = await crashedRunFolder(system.dataDir);

    // a run another worker holds right now keeps its folder
    const store = system.service.store;
    const [flowId] = await insertFlowRows(store, 1, { name: "held", startTime: soon(365 * 24 * 3600), frequency: "minute", backfill: 1 });
    const held = { ...runRow({ id: flowId, imsOrgId: "ORG", sandboxName: "prod" }, { sequence: 0, start: null, end: null, dueAt: 0 }, "schedule", Date.now()) };
    await store.db.insertInto("runs").values({ ...held, status: "inProgress", lease_owner: "elsewhere", lease_expires_at: Date.now() + 3_600_000 }).execute();
    const heldFolder = await crashedRunFolder(system.dataDir, held.id);

    await system.startPeer();
    await eventually(async () => !existsSync(staleFolder) && !existsSync(oldOrphan), 15_000, 50);
    expect(existsSync(heldFolder)).toBe(true);
    expect(existsSync(freshOrphan)).toBe(true);
    expect(await dataFiles(tableRoot)).toEqual([...committed, path.basename(freshOrphan)].sort());
    const table = openDeltaTable(tableRoot);
    const db2 = await DuckDBInstance.create(":memory:");
    const conn2 = await db2.connect();
    try {
      for (const version of [1, 2]) {
        const relation = await table.scanRelation(conn2, await table.snapshot({ version }));
        const rows = (await conn2.runAndReadAll(`SELECT count(*)::INT AS n FROM ${relation}`)).getRowObjectsJson();
        expect(rows).toEqual([{ n: version === 1 ? 5 : 3 }]);
      }
    } finally {
      conn2.closeSync();
      db2.closeSync();
    }
  });

  it("is removed after a run, in the dataset the run wrote to", async () => {
    await configureClusterSas(system);
    const pipeline = await createPipeline(system);
    // a worker died writing this dataset's first batch a while ago: its files, no commit
    const tableRoot = datasetTableRoot(system.lakeDir, pipeline.dataSetId);
    await mkdir(tableRoot, { recursive: true });
    const oldOrphan = await orphanIn(tableRoot, "part-00000-9a8b7c6d-old.c000.snappy.parquet", 2 * DAY_MS);
    const staleFolder = await crashedRunFolder(system.dataDir);

    const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: soon(), frequency: "once" }) });
    expect(flow.status).toBe(201);
    expect((await waitForRuns(system, flow.body.id, 1))[0].metrics.statusSummary.status).toBe("success");
    await eventually(async () => !existsSync(oldOrphan) && !existsSync(staleFolder), 10_000, 50);
    expect(await dataFiles(tableRoot)).toHaveLength(1); // the batch's own file
    expect(await datasetRows(system, pipeline.dataSetId, "SELECT count(*)::INT AS n FROM $table")).toEqual([{ n: 30 }]);
  });
});
