import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureBlobTableStorage, openDeltaTable } from "../../src/delta/index.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { batchFolder, batchRowErrorsDir, datasetTableRoot, lakeFolder, registerLake, removeLakeFolder } from "../../src/lake/lake-paths.js";
import { datasetTableRoots, removeUncommittedDataFiles } from "../../src/lake/orphan-files.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const schema = { properties: { customerId: { type: "integer" }, name: { type: "string" } } };
const rules = [
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "name", destinationXdmPath: "name" },
];

describe("a lake in an Azure Blob container (Azurite)", () => {
  let dir: string;
  let staged: string;
  let lakeRoot: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "ds-azure-lake-"));
    staged = path.join(dir, "part-00000.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    // 500 rows; every 50th has an id that is not a number
    await conn.run(`COPY (SELECT CASE WHEN i % 50 = 0 THEN 'x' || i ELSE (9007199254740000 + i)::VARCHAR END AS id, 'n' || i AS name FROM range(500) t(i)) TO '${staged}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    lakeRoot = registerLake(new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: path.join(dir, "copies") }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const request = (window: number) => ({
    files: [staged],
    rules,
    schema,
    tableRoot: datasetTableRoot(lakeRoot, "dataset-1"),
    txn: { appId: "flow-1", version: window },
    rowErrorsDir: batchRowErrorsDir(lakeRoot, `batch-${window}`),
    partialIngestionPercent: 5,
    tempDir: path.join(dir, `spill-${window}`),
  });

  it("commits a window's valid rows once into the container, its failed rows in the batch's row_errors there", async () => {
    const first = await ingestStaged(request(1));
    expect(first).toMatchObject({ committed: true, alreadyCommitted: false, inputRecords: 500, outputRecords: 490, failedRecords: 10 });
    const again = await ingestStaged(request(1));
    expect(again).toMatchObject({ alreadyCommitted: true, deltaVersion: first.deltaVersion });
    expect(again.dataFiles).toEqual(first.dataFiles);

    const blobs: string[] = [];
    for await (const blob of azurite.container.listBlobsFlat({ prefix: lakeRoot.slice(lakeRoot.indexOf("/tables/") + 1) })) blobs.push(blob.name);
    expect(blobs.filter((b) => b.includes("/datasets/dataset-1/_delta_log/")).length).toBe(2);
    for (const file of first.dataFiles) expect(blobs.some((b) => b.endsWith(`/datasets/dataset-1/${file.path}`))).toBe(true);
    expect(first.dataFiles.every((f) => f.size > 0)).toBe(true);

    const rowErrors = (await lakeFolder(batchRowErrorsDir(lakeRoot, "batch-1")).read("part-00000.json"))!.toString("utf8").trim().split("\n");
    expect(rowErrors).toHaveLength(10);
    expect(JSON.parse(rowErrors[0]).record).toMatchObject({ id: "x0" });

    const table = openDeltaTable(datasetTableRoot(lakeRoot, "dataset-1"));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const view = await table.scanRelation(conn, await table.snapshot());
      expect((await conn.runAndReadAll(`SELECT count(*)::INT AS n, count(DISTINCT customerId)::INT AS d FROM ${view}`)).getRowObjectsJson()).toEqual([{ n: 490, d: 490 }]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it("finds each dataset's table and removes the files a dead writer left, not the committed ones", async () => {
    await ingestStaged(request(2));
    const tableRoot = datasetTableRoot(lakeRoot, "dataset-1");
    expect(await datasetTableRoots(lakeRoot)).toEqual([tableRoot]);
    const orphan = path.join(dir, "orphan.parquet");
    writeFileSync(orphan, "never committed");
    await lakeFolder(tableRoot).putFile("part-00000-dead-writer.c000.snappy.parquet", orphan);

    const removed = await removeUncommittedDataFiles(tableRoot, Date.now() + 60_000);
    expect(removed).toEqual([`${tableRoot}/part-00000-dead-writer.c000.snappy.parquet`]);
    const table = openDeltaTable(tableRoot);
    expect(await table.unreferencedFiles()).toEqual([]);
    const files = (await table.snapshot()).files;
    for (const f of files) expect(await lakeFolder(tableRoot).stat(decodeURIComponent(f.path))).toBeDefined();
  });

  it("removes a deleted dataset's table and a batch's side files from the container, and nothing else", async () => {
    await ingestStaged({ ...request(3), tableRoot: datasetTableRoot(lakeRoot, "dataset-2") });
    await removeLakeFolder(datasetTableRoot(lakeRoot, "dataset-2"));
    await removeLakeFolder(batchFolder(lakeRoot, "batch-3"));
    expect(await openDeltaTable(datasetTableRoot(lakeRoot, "dataset-2")).exists()).toBe(false);
    expect(await lakeFolder(batchRowErrorsDir(lakeRoot, "batch-3")).list("")).toEqual([]);
    expect(await lakeFolder(batchRowErrorsDir(lakeRoot, "batch-1")).list("")).toHaveLength(1);
    expect(await datasetTableRoots(lakeRoot)).toEqual([datasetTableRoot(lakeRoot, "dataset-1")]);
  });
});
