import { existsSync } from "node:fs";
import path from "node:path";
import { ContainerSASPermissions } from "@azure/storage-blob";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerWithSas } from "../support/blob.js";
import { startTestSystem, TEST_LAKES, type TestLake, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";

const ROWS = 300;

describe.each(TEST_LAKES)("the whole journey on the embedded default, the lake %s", (lake) => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let sas: { containerName: string; storageAccountName: string; SASToken: string; SASUri: string };
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: ROWS }, env: { RUN_POLL_MS: "50" } });
    sas = await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("ingests the table once per window into the dataset, rows equal to the table's, types loss-free", async () => {
    const startTime = Math.floor(Date.now() / 1000) - 1;
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "minute", interval: 1, backfill: true }) });
    expect(created.status).toBe(201);
    const flowId = created.body.id;

    const [first] = await waitForRuns(system, flowId, 1);
    expect(first.metrics.statusSummary.status).toBe("success");
    expect(first.metrics.recordSummary).toEqual({ inputRecordCount: ROWS, outputRecordCount: ROWS, failedRecordCount: 0 });
    const copy = first.activities.find((a: any) => a.id === "copyActivity");
    expect(copy.durationSummary.extensions).toEqual({ windowStart: 0, windowEnd: startTime * 1000 });
    const promotion = first.activities.find((a: any) => a.id === "promotionActivity");
    const [batchId] = promotion.targetInfo[0].reference.ids;
    expect(batchId).toMatch(/^[0-9A-Z]{26}$/);

    // the dataset's Delta table holds exactly the source table's rows, values exact
    const source = await sql(system, "SELECT id, name, email, country, CAST(balance AS STRING) AS balance, CAST(updated_at AS STRING) AS ts FROM demo.customers ORDER BY id");
    const ingested = await datasetRows(
      system,
      pipeline.dataSetId,
      `SELECT customerId::VARCHAR AS id, person.name AS name, person.email AS email, country, balance::VARCHAR AS balance,
              strftime(updatedAt, '%Y-%m-%d %H:%M:%S.%f') AS ts FROM $table ORDER BY customerId`,
    );
    expect(ingested).toHaveLength(ROWS);
    for (const [i, row] of source.data.entries()) {
      const [id, name, email, country, balance, ts] = row.map(String);
      expect(ingested[i]).toEqual({ id, name, email, country, balance, ts: expect.stringMatching(new RegExp(`^${ts.replace(".", "\\.").slice(0, 19)}`)) });
    }

    // the Catalog batch and the Data Access API point at that commit's files
    const batch = await call(system, "GET", `/data/foundation/catalog/batches/${batchId}`);
    expect(batch.body[batchId]).toMatchObject({ status: "success", metrics: { outputRecordCount: ROWS }, relatedObjects: expect.arrayContaining([{ type: "dataSet", id: pipeline.dataSetId }]) });
    const files = await call(system, "GET", `/data/foundation/export/batches/${batchId}/files`);
    const fileId = files.body.data[0].dataSetFileId;
    const listing = await call(system, "GET", `/data/foundation/export/files/${fileId}`);
    expect(listing.body.data.length).toBeGreaterThan(0);
    let downloaded = 0;
    for (const entry of listing.body.data) {
      const response = await fetch(`${system.url}/data/foundation/export/files/${fileId}?path=${encodeURIComponent(entry.name)}`, { headers: await system.headers() });
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
      downloaded += await parquetRows(bytes);
    }
    expect(downloaded).toBe(ROWS);
    await expectLakeWhere(system, lake, pipeline.dataSetId);

    // the staging folder of the run is gone
    const left: string[] = [];
    for await (const blob of containerWithSas(sas.SASUri).listBlobsFlat({ prefix: `adobe-managed-staging/${flowId}/` })) left.push(blob.name);
    expect(left).toEqual([]);

    // the flow shows its last run
    const flow = await call(system, "GET", `${FS}/flows/${flowId}`);
    expect(flow.body.items[0]).toMatchObject({ id: flowId, state: "enabled", lastRunDetails: { id: first.id, state: "success" }, runs: `/runs?property=flowId==${flowId}` });
    expect(flow.body.items[0].inheritedAttributes.sourceConnections[0].baseConnection.id).toBe(pipeline.connectionId);
  });
});

/** The dataset's table is where the lake says: a folder of DATA_DIR, or blobs of the Azurite container (and nothing on disk). */
async function expectLakeWhere(system: TestSystem, lake: TestLake, dataSetId: string) {
  const local = path.join(system.dataDir, "lake", "datasets", dataSetId, "_delta_log");
  if (lake === "local") return expect(existsSync(local)).toBe(true);
  expect(existsSync(path.join(system.dataDir, "lake"))).toBe(false);
  const container = system.blobAccount.service.getContainerClient("lake");
  const log: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `datasets/${dataSetId}/_delta_log/` })) log.push(blob.name.slice(blob.name.lastIndexOf("/") + 1));
  expect(log).toContain("00000000000000000000.json");

  // a cluster with a read-only SAS of the container reads the dataset where it lies, as on Databricks; without one it is refused
  const location = `wasbs://lake@${system.account.name}.blob.core.windows.net/datasets/${dataSetId}`;
  await expect(sql(system, `SELECT count(*) FROM delta.\`${location}\``)).rejects.toThrow(/Unable to access container 'lake'.*anonymous credentials/);
  const readOnly = await container.generateSasUrl({ permissions: ContainerSASPermissions.parse("rl"), expiresOn: new Date(Date.now() + 3_600_000) });
  await configureClusterSas(system, { containerName: "lake", storageAccountName: system.account.name, SASToken: readOnly.split("?")[1] });
  expect((await sql(system, `SELECT count(*) FROM delta.\`${location}\``)).data).toEqual([[ROWS]]);
  await sql(system, `CREATE TABLE ingested USING DELTA LOCATION '${location}'`);
  expect((await sql(system, "SELECT count(DISTINCT customerId) FROM ingested")).data).toEqual([[ROWS]]);
}

async function parquetRows(bytes: Buffer): Promise<number> {
  const { writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = mkdtempSync(path.join(tmpdir(), "ds-pq-"));
  const file = path.join(dir, "f.parquet");
  writeFileSync(file, bytes);
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file}')`)).getRowObjectsJson();
    return Number(rows[0].n);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
