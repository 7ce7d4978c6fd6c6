/**
 * A window larger than the worker's scratch disk: its staged files are read from the staging
 * container a group at a time and each group's data file is uploaded as soon as it is written, so
 * the scratch folder never holds more than INGEST_SCRATCH_BYTES, and the dataset still gets every
 * row exactly once, in one Delta commit.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureBlobTableStorage, openDeltaTable } from "../../src/delta/index.js";
import { type GroupProgress, ingestStaged, type IngestRequest } from "../../src/lake/ingest.js";
import { batchRowErrorsDir, datasetTableRoot, lakeFolder, registerLake } from "../../src/lake/lake-paths.js";
import { blobStagedInput, listStagedFiles, type StagedInput } from "../../src/lake/staged-files.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const FILES = 12;
const ROWS_PER_FILE = 8_000;
const schema = { properties: { customerId: { type: "integer" }, note: { type: "string" } } };
const rules = [
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "note", destinationXdmPath: "note" },
];

/** Bytes under a folder now (0 when it is not there). */
function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      total += statSync(path.join(entry.parentPath, entry.name)).size;
    } catch {
      // removed between the listing and the stat
    }
  }
  return total;
}

/** The scratch folder's size, sampled every few milliseconds and at every staged file fetched: its high-water mark. */
function watchScratch(folder: string) {
  let highWater = 0;
  const sample = () => {
    try {
      highWater = Math.max(highWater, folderBytes(folder));
    } catch {
      // not created yet
    }
  };
  const timer = setInterval(sample, 2);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return highWater;
    },
  };
}

describe("ingesting a window larger than the scratch disk (staging and lake in Azurite)", () => {
  let dir: string;
  let lakeRoot: string;
  let staged: StagedInput;
  let stagedBytes: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "ds-bounded-scratch-"));
    const local = path.join(dir, "generated");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    // notes of random hex, so each file is near 1 MB; every 200th id is not a number
    for (let f = 0; f < FILES; f++) {
      const from = f * ROWS_PER_FILE;
      await conn.run(
        `COPY (SELECT CASE WHEN i % 200 = 7 THEN 'x' || i ELSE i::VARCHAR END AS id, md5(i::VARCHAR) || md5((i * 3)::VARCHAR) || md5((i * 7)::VARCHAR) AS note ` +
          `FROM range(${from}, ${from + ROWS_PER_FILE}) t(i)) TO '${local}-${f}.parquet' (FORMAT PARQUET)`,
      );
    }
    conn.closeSync();
    instance.closeSync();
    const prefix = "adobe-managed-staging/flow-1/run-1/";
    for (let f = 0; f < FILES; f++) await azurite.container.getBlockBlobClient(`${prefix}part-${String(f).padStart(5, "0")}.snappy.parquet`).uploadFile(`${local}-${f}.parquet`);
    const files = await listStagedFiles(azurite.container, prefix);
    staged = blobStagedInput(azurite.container, files);
    stagedBytes = files.reduce((n, file) => n + file.size, 0);
    lakeRoot = registerLake(new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: path.join(dir, "scratch", "lake-files") }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const budget = () => Math.floor(stagedBytes / 3);
  const request = (dataset: string, input: StagedInput): IngestRequest => ({
    files: input,
    rules,
    schema,
    tableRoot: datasetTableRoot(lakeRoot, dataset),
    txn: { appId: "flow-1", version: 1 },
    rowErrorsDir: batchRowErrorsDir(lakeRoot, `batch-${dataset}`),
    partialIngestionPercent: 1,
    tempDir: path.join(dir, "scratch", "ingest"),
    scratchBytes: budget(),
  });

  it("keeps the scratch folder within the budget and commits every row once, in one commit", async () => {
    const scratch = watchScratch(path.join(dir, "scratch"));
    const sampled: StagedInput = { ...staged, fetch: async (i, to) => (await staged.fetch(i, to).finally(scratch.sample)) };
    const progress: GroupProgress[] = [];
    const result = await ingestStaged({ ...request("dataset-1", sampled), onGroupRead: async (p) => void progress.push(p) });
    const highWater = scratch.stop();

    // the old way held every staged file and the whole data file at once: six times the budget
    expect(highWater).toBeGreaterThan(0);
    expect(highWater).toBeLessThanOrEqual(budget());
    const rows = FILES * ROWS_PER_FILE;
    const failed = rows / 200;
    expect(result).toMatchObject({ committed: true, inputRecords: rows, failedRecords: failed, outputRecords: rows - failed });
    expect(result.groups).toBeGreaterThan(3);
    // the progress of each group as it is read: the rows so far, the last group's all of them
    expect(progress.map((p) => [p.read, p.groups])).toEqual(Array.from({ length: result.groups }, (_, i) => [i + 1, result.groups]));
    expect(progress.map((p) => p.inputRecords)).toEqual([...progress.map((p) => p.inputRecords)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ inputRecords: rows, failedRecords: failed });
    expect(progress[0].inputRecords).toBeLessThan(rows);
    expect(folderBytes(path.join(dir, "scratch"))).toBe(0);

    const table = openDeltaTable(datasetTableRoot(lakeRoot, "dataset-1"));
    const history = await table.history();
    expect(history.map((h) => h.operation).sort()).toEqual(["CREATE TABLE", "WRITE"]);
    const snapshot = await table.snapshot();
    expect(snapshot.files.length).toBe(result.groups);
    expect(snapshot.transactions["flow-1"]?.version).toBe(1);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const relation = await table.scanRelation(conn, snapshot);
      const [counts] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT customerId)::INTEGER AS ids, min(customerId)::INTEGER AS lo, max(customerId)::INTEGER AS hi FROM ${relation}`)).getRowObjectsJson();
      expect(counts).toEqual({ n: rows - failed, ids: rows - failed, lo: 0, hi: rows - 1 });
    } finally {
      conn.closeSync();
      instance.closeSync();
    }

    const rowErrors = lakeFolder(batchRowErrorsDir(lakeRoot, "batch-dataset-1"));
    const errorFiles = await rowErrors.list("");
    expect(errorFiles.length).toBe(result.groups);
    const lines = (await Promise.all(errorFiles.map(async (f) => (await rowErrors.read(f.path))!.toString("utf8").trim().split("\n")))).flat();
    expect(lines.length).toBe(failed);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { record: { id: string } }).record.id)).size).toBe(failed);

    // a retried window writes nothing new
    const again = await ingestStaged(request("dataset-1", staged));
    expect(again).toMatchObject({ alreadyCommitted: true, deltaVersion: result.deltaVersion, outputRecords: rows - failed });
    expect((await table.snapshot()).files.length).toBe(result.groups);
  });

  it("commits nothing and leaves no uploaded part behind when a group fails halfway", async () => {
    const failing: StagedInput = {
      ...staged,
      fetch: async (i, to) => {
        if (i === FILES - 2) throw new Error("staging went away");
        return staged.fetch(i, to);
      },
    };
    // the first test read its dataset, so the scratch holds the lake's copies of those files
    const before = folderBytes(path.join(dir, "scratch"));
    await expect(ingestStaged(request("dataset-2", failing))).rejects.toThrow("staging went away");
    const table = openDeltaTable(datasetTableRoot(lakeRoot, "dataset-2"));
    expect((await table.snapshot()).files).toEqual([]);
    expect(await table.unreferencedFiles()).toEqual([]);
    expect(folderBytes(path.join(dir, "scratch"))).toBe(before);
  });
});
