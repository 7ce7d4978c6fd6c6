/**
 * Monitoring's batch downloads read every page of a Data Access list (100 files a page): a batch committed from
 * more file groups than one page holds keeps all of its Parquet files in the list and all of its failed-row files
 * in the download. The console's reading of the lists, against a real service over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataAccessPage, everyDataAccessEntry } from "../../console/src/api/list-pages.js";
import { batchRowErrorsDir, lakeFolder } from "../../src/lake/lake-paths.js";
import { insertBatch } from "../catalog/catalog-fixtures.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/** more than two pages of 100 */
const FILES = 230;
const DATASET = "5f00000000000000000000d1";
const named = (i: number, extension: string) => `part-${String(i).padStart(5, "0")}.${extension}`;

describe("the console's reading of a Data Access list longer than one page", () => {
  let system: TestSystem;
  const asked: string[] = [];
  const read = async <T>(path: string): Promise<DataAccessPage<T>> => {
    asked.push(path);
    const response = await fetch(`${system.url}${path}`, { headers: await system.headers() });
    expect(response.status, path).toBe(200);
    return (await response.json()) as DataAccessPage<T>;
  };

  beforeAll(async () => {
    system = await startTestSystem({ lake: "local" });
  });
  afterAll(() => system.close());

  it("lists every Parquet file a batch committed, in order, each once", async () => {
    const parts = Array.from({ length: FILES }, (_, i) => ({ path: named(i, "parquet"), size: 1000 + i }));
    const batch = await insertBatch(system, { datasetId: DATASET, createdAt: Date.now(), files: parts });
    const [file] = await everyDataAccessEntry<{ dataSetFileId: string }>(read, `/data/foundation/export/batches/${batch.id}/files`);
    asked.length = 0;
    const listed = await everyDataAccessEntry<{ name: string; length: string }>(read, `/data/foundation/export/files/${file.dataSetFileId}`);
    expect(listed.map((entry) => [entry.name, entry.length])).toEqual(parts.map((part) => [part.path, String(part.size)]));
    expect(asked).toEqual([0, 100, 200].map((start) => `/data/foundation/export/files/${file.dataSetFileId}?limit=100${start ? `&start=${start}` : ""}`));
  });

  it("lists every file of a batch's failed rows, the path asked for kept on each page", async () => {
    const batch = await insertBatch(system, { datasetId: DATASET, createdAt: Date.now(), status: "failed" });
    const rowErrors = lakeFolder(batchRowErrorsDir(system.lakeDir, batch.id));
    for (let i = 0; i < FILES; i++) await rowErrors.writeIfAbsent(named(i, "json"), `{"row":${i}}\n`);
    const listed = await everyDataAccessEntry<{ name: string }>(read, `/data/foundation/export/batches/${batch.id}/meta?path=row_errors`);
    expect(listed.map((entry) => entry.name)).toEqual(Array.from({ length: FILES }, (_, i) => `row_errors/${named(i, "json")}`));
  });

  it("asks once more after a full last page, and stops at the empty one", async () => {
    const parts = Array.from({ length: 100 }, (_, i) => ({ path: named(i, "parquet"), size: 1 }));
    const batch = await insertBatch(system, { datasetId: DATASET, createdAt: Date.now(), files: parts });
    asked.length = 0;
    expect(await everyDataAccessEntry(read, `/data/foundation/export/files/${batch.id}-1`)).toHaveLength(100);
    expect(asked).toHaveLength(2);
  });
});
