import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureBlobTableStorage, openDeltaTable, type StructType } from "../../src/delta/index.js";
import { readFooter } from "../../src/delta/parquet-footer/file-metadata.js";
import type { MappingRule } from "../../src/dataprep/mapping-sql.js";
import { openBatch } from "../../src/lake/batch-commit.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { ingestRequest } from "../support/ingested.js";
import { batchRowErrorsDir, datasetTableRoot, registerLake } from "../../src/lake/lake-paths.js";
import { pureRename } from "../../src/lake/rename-fast-path.js";
import { blobStagedInput, listStagedFiles, type StagedInput } from "../../src/lake/staged-files.js";
import type { DatasetSchema } from "../../src/schemaregistry/xdm-fields.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";
import { fixturePath, haveDeltaFixtures } from "../support/delta-fixtures.js";

const azurite = useAzuriteContainer();

const schema: DatasetSchema = {
  properties: {
    _id: { type: "string" },
    customerId: { type: "number" },
    score: { type: "number" },
    active: { type: "boolean" },
    birthDate: { type: "string", format: "date" },
    updatedAt: { type: "string", format: "date-time" },
  },
};
const rules: MappingRule[] = [
  { sourceAttribute: "email", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "customerId" },
  { sourceAttribute: "score", destinationXdmPath: "score" },
  { sourceAttribute: "active", destinationXdmPath: "active" },
  { sourceAttribute: "birth", destinationXdmPath: "birthDate" },
  { sourceAttribute: "updated_at", destinationXdmPath: "updatedAt" },
];
/** the staged columns in the dataset's order, under the dataset's names */
const RENAMED_SELECT = `email AS _id, id AS customerId, score, active, birth AS birthDate, updated_at AS updatedAt`;
const DATASET_SELECT = `_id, customerId, score, active, birthDate, updatedAt`;

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let staged: string[];

/** Staged rows i in [from, to): NULLs in every column now and then, NaN and ±0 scores, µs timestamps. */
async function stagedFile(name: string, from: number, to: number, extra = ""): Promise<string> {
  const file = path.join(dir, name);
  await conn.run(`COPY (
      SELECT CASE WHEN i % 11 = 0 THEN NULL ELSE md5(i::VARCHAR) || '@example.com' END AS email,
             CASE WHEN i % 13 = 0 THEN NULL ELSE (9007199254740000 + i)::BIGINT END AS id,
             CASE WHEN i % 17 = 0 THEN NULL WHEN i % 101 = 0 THEN 'NaN'::DOUBLE WHEN i % 103 = 0 THEN -0.0 ELSE i / 7.0 END AS score,
             CASE WHEN i % 19 = 0 THEN NULL ELSE i % 2 = 0 END AS active,
             CASE WHEN i % 23 = 0 THEN NULL ELSE DATE '1970-01-01' + (i % 20000)::INTEGER END AS birth,
             CASE WHEN i % 29 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-01-01 00:00:00.000001+00' + to_microseconds(i * 1013) END AS updated_at
             ${extra}
      FROM range(${from}, ${to}) t(i)) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 3000)`);
  return file;
}

const rowsOf = async (sql: string) => (await conn.runAndReadAll(sql)).getRowsJson();

/** The dataset's rows through the project's Delta reader, in a stable order, as text. */
async function datasetRows(tableRoot: string): Promise<unknown[][]> {
  const table = openDeltaTable(tableRoot);
  const relation = await table.scanRelation(conn, await table.snapshot());
  return rowsOf(`SELECT ${DATASET_SELECT} FROM ${relation} ORDER BY ALL`);
}

async function stagedRows(files: string[]): Promise<unknown[][]> {
  const list = files.map((f) => `'${f}'`).join(", ");
  return rowsOf(`SELECT ${RENAMED_SELECT} FROM read_parquet([${list}]) ORDER BY ALL`);
}

const request = (name: string, over: Partial<Parameters<typeof ingestStaged>[0]> = {}) => ({ ...ingestRequest(path.join(dir, name), staged, { rules, schema }), ...over });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "rename-fast-path-"));
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  staged = [await stagedFile("part-0.parquet", 0, 7000), await stagedFile("part-1.parquet", 7000, 12000)];
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe("what is a pure rename", () => {
  const columns = [
    { name: "email", type: "VARCHAR" },
    { name: "id", type: "BIGINT" },
    { name: "score", type: "DOUBLE" },
    { name: "active", type: "BOOLEAN" },
    { name: "birth", type: "DATE" },
    { name: "updated_at", type: "TIMESTAMP WITH TIME ZONE" },
  ];
  const decide = (r: MappingRule[], s: DatasetSchema = schema, over: { passThrough?: string[]; companion?: unknown; columns?: typeof columns } = {}) =>
    pureRename(over.columns ?? columns, { rules: r, schema: s, ...over });
  const withField = (name: string, property: object) => ({ ...schema, properties: { ...schema.properties, [name]: property } });
  const renamed = new Map([["email", "_id"], ["id", "customerId"], ["score", "score"], ["active", "active"], ["birth", "birthDate"], ["updated_at", "updatedAt"]]);

  it("every field one staged column of the type the field stores", () => {
    expect(decide(rules)).toMatchObject({ columns: renamed, ranges: new Map() });
  });

  it("an integer field's range goes with the renaming, for each file's statistics to prove", () => {
    // XDM long is AEP's: ±2^53
    expect(decide(rules, withField("customerId", { type: "integer", "meta:xdmType": "long" }))).toMatchObject({
      columns: renamed,
      ranges: new Map([["id", { low: -(2n ** 53n), high: 2n ** 53n }]]),
    });
    expect(decide(rules, withField("customerId", { type: "integer", "meta:xdmType": "long", minimum: 0.5, maximum: 1e6 }))?.ranges).toEqual(new Map([["id", { low: 1n, high: 1000000n }]]));
    expect(decide(rules, withField("customerId", { type: "integer", "meta:xdmType": "int" }))?.ranges).toEqual(new Map([["id", { low: -(2n ** 31n), high: 2n ** 31n - 1n }]]));
    // a number's minimum stays a row check
    expect(decide(rules, withField("score", { type: "number", minimum: 0 }))).toBeUndefined();
  });

  it("not when a value is converted, checked, computed, constant, nested or missing", () => {
    const withRule = (destination: string, rule: Partial<MappingRule>) => rules.map((r) => (r.destinationXdmPath === destination ? { ...r, ...rule } : r));
    // a string parsed to an integer
    expect(decide(withRule("customerId", { sourceAttribute: "email" }))).toBeUndefined();
    // a string's length, an enum, a required field: each can reject a row
    expect(decide(rules, withField("_id", { type: "string", maxLength: 100 }))).toBeUndefined();
    expect(decide(rules, withField("_id", { type: "string", enum: ["a"] }))).toBeUndefined();
    expect(decide(rules, { ...schema, requiredFields: [{ path: "_id", reason: "the primary identity" }] } as DatasetSchema)).toBeUndefined();
    // a double shown as text, an expression, a constant
    expect(decide(withRule("_id", { sourceAttribute: "score" }))).toBeUndefined();
    expect(decide(withRule("_id", { sourceType: "EXPRESSION", sourceAttribute: "lower(email)" }))).toBeUndefined();
    expect(decide(withRule("_id", { sourceType: "STATIC", sourceAttribute: "x" }))).toBeUndefined();
    // a field of the schema no rule fills is a column of NULLs the staged files do not have
    expect(decide(rules.slice(1))).toBeUndefined();
    expect(decide(rules, withField("profile", { type: "object", properties: { name: { type: "string" } } }))).toBeUndefined();
    // a nested destination, a change-data-capture run, a resync's deletes
    expect(decide(withRule("_id", { destinationXdmPath: "profile.email" }), withField("profile", { type: "object", properties: { email: { type: "string" } } }))).toBeUndefined();
    expect(decide(rules, schema, { passThrough: ["email"] })).toBeUndefined();
    expect(decide(rules, schema, { companion: {} })).toBeUndefined();
    // a timestamp without zone becomes a UTC instant: converted
    expect(decide(rules, schema, { columns: columns.map((c) => (c.name === "updated_at" ? { ...c, type: "TIMESTAMP" } : c)) })).toBeUndefined();
  });
});

describe("ingesting a pure rename", () => {
  it("makes each staged file a data file without re-encoding it, and the dataset reads back exactly", async () => {
    const result = await ingestStaged(request("fast"));
    expect(result).toMatchObject({ committed: true, inputRecords: 12000, outputRecords: 12000, failedRecords: 0, renamedFiles: 2 });
    expect(result.dataFiles).toHaveLength(2);
    expect(result.dataFiles.every((f) => f.path.endsWith(".c000.snappy.parquet"))).toBe(true);
    // each data file is its staged file's bytes, only the footer differs
    const tableRoot = request("fast").tableRoot;
    for (const [i, file] of result.dataFiles.entries()) {
      const start = (await readFooter(staged[i])).start;
      const data = readFileSync(path.join(tableRoot, decodeURIComponent(file.path)));
      expect(data.subarray(0, start).equals(readFileSync(staged[i]).subarray(0, start))).toBe(true);
    }
    expect(await datasetRows(tableRoot)).toEqual(await stagedRows(staged));
    // DuckDB reads the data files as plain Parquet under the dataset's names
    const files = result.dataFiles.map((f) => `'${path.join(tableRoot, decodeURIComponent(f.path))}'`).join(", ");
    expect(await rowsOf(`SELECT ${DATASET_SELECT} FROM read_parquet([${files}]) ORDER BY ALL`)).toEqual(await stagedRows(staged));
  });

  it("gives the commit the same statistics the usual path computes", async () => {
    const fast = await openDeltaTable(request("fast").tableRoot).snapshot();
    // the same rows through a mapping that is not a rename (a length the plan must check) take the usual path
    // (a group per file, so the usual path writes the same two files)
    const slowRequest = request("slow", { scratchBytes: 4, schema: { ...schema, properties: { ...schema.properties, _id: { type: "string", maxLength: 1000 } } } });
    const slow = await ingestStaged(slowRequest);
    expect(slow).toMatchObject({ committed: true, outputRecords: 12000, renamedFiles: 0 });
    const stats = (snapshot: typeof fast) =>
      snapshot.files.map((f) => JSON.parse(f.stats!)).sort((a, b) => a.numRecords - b.numRecords);
    expect(stats(fast)).toEqual(stats(await openDeltaTable(slowRequest.tableRoot).snapshot()));
    expect(await datasetRows(slowRequest.tableRoot)).toEqual(await datasetRows(request("fast").tableRoot));
  });

  it("appends a later batch to the dataset the same way, once", async () => {
    const more = await stagedFile("part-2.parquet", 12000, 13000);
    const second = await ingestStaged(request("fast", { files: [more], txn: { appId: "flow-1", version: 2 } }));
    expect(second).toMatchObject({ committed: true, outputRecords: 1000, renamedFiles: 1 });
    const again = await ingestStaged(request("fast", { files: [more], txn: { appId: "flow-1", version: 2 } }));
    expect(again.alreadyCommitted).toBe(true);
    expect(await datasetRows(request("fast").tableRoot)).toEqual(await stagedRows([...staged, more]));
  });

  it("takes the usual path for a group whose files are not exactly the mapped columns", async () => {
    const wider = await stagedFile("wider.parquet", 0, 500, ", 'secret ' || i AS unmapped");
    const result = await ingestStaged(request("wider", { files: [wider], rules }));
    expect(result).toMatchObject({ committed: true, outputRecords: 500, renamedFiles: 0 });
    // the unmapped column's data is nowhere in the dataset's files
    const file = readFileSync(path.join(request("wider").tableRoot, decodeURIComponent(result.dataFiles[0].path)));
    expect(file.includes(Buffer.from("secret 1"))).toBe(false);
    expect(await datasetRows(request("wider").tableRoot)).toEqual(await stagedRows([wider]));
  });
});

/** A dataset of integers with ranges and decimals (no float, whose bounds need the data read). */
const numbers: DatasetSchema = {
  properties: {
    key: { type: "integer", "meta:xdmType": "long", minimum: 0, maximum: 1_000_000 },
    amount: { type: "number" },
    price: { type: "number" },
    big: { type: "number" },
  },
};
const numberRules = ["key", "amount", "price", "big"].map((name) => ({ sourceAttribute: name, destinationXdmPath: name }));
/** DECIMAL(9,3) is written as INT32, DECIMAL(18,2) as INT64, DECIMAL(38,10) as 16 fixed bytes; every tenth row NULL */
const numberFile = async (name: string, from: number, to: number) => {
  const file = path.join(dir, name);
  await conn.run(`COPY (
      SELECT CASE WHEN i % 10 = 3 THEN NULL ELSE i END AS key,
             CASE WHEN i % 10 = 4 THEN NULL ELSE (i * 123456789 - 4e14)::DECIMAL(18,2) / 100 END::DECIMAL(18,2) AS amount,
             CASE WHEN i % 10 = 5 THEN NULL ELSE ((i % 1999) - 999.5)::DECIMAL(9,3) END AS price,
             CASE WHEN i % 10 = 6 THEN NULL ELSE '-1234567890123456789012345678.0123456789'::DECIMAL(38,10) + i END AS big
      FROM range(${from}, ${to}) t(i)) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 2000)`);
  return file;
};
const numberRows = async (relation: string) => rowsOf(`SELECT key, amount::VARCHAR, price::VARCHAR, big::VARCHAR FROM ${relation} ORDER BY key NULLS FIRST, amount, price, big`);
const numberRequest = (name: string, files: string[], over: Partial<Parameters<typeof ingestStaged>[0]> = {}) =>
  request(name, { files, rules: numberRules, schema: numbers, ...over });
const tableRelation = async (root: string) => {
  const table = openDeltaTable(root);
  return table.scanRelation(conn, await table.snapshot());
};

describe("integer fields with ranges and decimal fields", () => {
  it("renames files whose statistics keep every integer in its range, decimals as they are", async () => {
    const files = [await numberFile("numbers-0.parquet", 0, 5000), await numberFile("numbers-1.parquet", 5000, 9000)];
    const fast = await ingestStaged(numberRequest("numbers-fast", files));
    expect(fast).toMatchObject({ committed: true, outputRecords: 9000, failedRecords: 0, renamedFiles: 2 });
    const fastRoot = numberRequest("numbers-fast", files).tableRoot;
    const stagedList = `read_parquet([${files.map((f) => `'${f}'`).join(", ")}])`;
    expect(await numberRows(await tableRelation(fastRoot))).toEqual(await numberRows(stagedList));
    // the usual path (a minimum on amount: a check it must run) keeps the same values and statistics
    const slowSchema = { properties: { ...numbers.properties, amount: { type: "number", minimum: -1e13 } } } as DatasetSchema;
    const slow = await ingestStaged(numberRequest("numbers-slow", files, { scratchBytes: 4, schema: slowSchema }));
    expect(slow).toMatchObject({ committed: true, outputRecords: 9000, renamedFiles: 0 });
    const slowRoot = numberRequest("numbers-slow", files).tableRoot;
    expect(await numberRows(await tableRelation(slowRoot))).toEqual(await numberRows(await tableRelation(fastRoot)));
    const stats = async (root: string) => (await openDeltaTable(root).snapshot()).files.map((f) => JSON.parse(f.stats!)).sort((a, b) => a.numRecords - b.numRecords);
    expect(await stats(fastRoot)).toEqual(await stats(slowRoot));
    expect((await openDeltaTable(fastRoot).snapshot()).schema.fields.map((f) => [f.name, f.type])).toEqual([
      ["key", "long"], ["amount", "decimal(18,2)"], ["price", "decimal(9,3)"], ["big", "decimal(38,10)"],
    ]);
  });

  it("leaves a file whose statistics go past a range to the usual path, whose checks refuse each value out of it", async () => {
    const files = [await numberFile("range-0.parquet", 999_000, 1_000_000), await numberFile("range-1.parquet", 1_000_000, 1_000_050)];
    const result = await ingestStaged(numberRequest("numbers-past", files, { partialIngestionPercent: 100 }));
    // 1,000,001 … 1,000,049 are past the maximum (1,000,003 … are NULL every tenth row, and a NULL passes)
    expect(result).toMatchObject({ committed: true, inputRecords: 1050, failedRecords: 44, outputRecords: 1006, renamedFiles: 0 });
    expect(result.sampleErrors[0]).toMatch(/the value of key .*maximum 1000000: 10000\d\d/);
    const root = numberRequest("numbers-past", files).tableRoot;
    expect(await rowsOf(`SELECT max(key) FROM ${await tableRelation(root)}`)).toEqual([["1000000"]]);
    // a new dataset whose first window fails is not created, however the rename was tried
    const failing = await ingestStaged(numberRequest("numbers-failing", [files[1]]));
    expect(failing).toMatchObject({ committed: false, failedRecords: 44 });
    expect(await openDeltaTable(numberRequest("numbers-failing", []).tableRoot).exists()).toBe(false);
  });
});

describe("a pure rename into a lake in an Azure Blob container (Azurite)", () => {
  it("uploads the renamed files and the dataset reads back exactly", async () => {
    const lakeRoot = registerLake(new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: path.join(dir, "azure-copies") }));
    const tableRoot = datasetTableRoot(lakeRoot, "dataset-1");
    const result = await ingestStaged({ ...request("azure"), tableRoot, rowErrorsDir: batchRowErrorsDir(lakeRoot, "batch-1") });
    expect(result).toMatchObject({ committed: true, outputRecords: 12000, renamedFiles: 2 });
    expect(await datasetRows(tableRoot)).toEqual(await stagedRows(staged));
  });

  it("streams a local file's bytes and then its new footer into the lake, the statistics those of a renamed copy", async () => {
    const files = [await numberFile("stream-0.parquet", 0, 5000), await numberFile("stream-1.parquet", 5000, 9000)];
    const lake = new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: path.join(dir, "azure-copies"), blockSize: 16 * 1024 });
    const lakeRoot = registerLake(lake);
    const request = numberRequest("streamed", files, { tableRoot: datasetTableRoot(lakeRoot, "streamed"), rowErrorsDir: batchRowErrorsDir(lakeRoot, "streamed") });
    const result = await ingestStaged(request);
    expect(result).toMatchObject({ committed: true, outputRecords: 9000, renamedFiles: 2 });
    const stagedList = `read_parquet([${files.map((f) => `'${f}'`).join(", ")}])`;
    expect(await numberRows(await tableRelation(request.tableRoot))).toEqual(await numberRows(stagedList));
    for (const [i, file] of result.dataFiles.entries()) {
      const { start } = await readFooter(files[i]);
      const name = decodeURIComponent(file.path);
      let blobName = "";
      for await (const b of azurite.container.listBlobsFlat()) if (b.name.endsWith(`/${name}`)) blobName = b.name;
      const client = azurite.container.getBlockBlobClient(blobName);
      expect((await client.downloadToBuffer()).subarray(0, start).equals(readFileSync(files[i]).subarray(0, start))).toBe(true);
      // the source's bytes in blocks, then the new footer as a block of its own
      const blocks = (await client.getBlockList("committed")).committedBlocks!.map((b) => b.size);
      expect(blocks.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(start);
      expect(blocks.at(-1)).toBe(file.size - start);
    }
    const local = numberRequest("streamed-local", files);
    await ingestStaged(local);
    const stats = async (root: string) => (await openDeltaTable(root).snapshot()).files.map((f) => JSON.parse(f.stats!)).sort((a, b) => a.numRecords - b.numRecords);
    expect(await stats(request.tableRoot)).toEqual(await stats(local.tableRoot));
  });
});

describe("a pure rename of staged files in the lake's own account: copied by the store itself, never downloaded", () => {
  /** the files uploaded as a cluster stages them, and the window's input as a run reads it (counting downloads) */
  const stageInBlob = async (files: string[]) => {
    const folder = `${azurite.freshFolder()}/staged/`;
    await Promise.all(files.map((file, i) => azurite.container.getBlockBlobClient(`${folder}part-${String(i).padStart(5, "0")}.snappy.parquet`).uploadFile(file)));
    const input = blobStagedInput(azurite.container, await listStagedFiles(azurite.container, folder));
    const downloads = { count: 0 };
    return { input: { ...input, fetch: (index: number, into: string) => (downloads.count++, input.fetch(index, into)) }, downloads };
  };
  const azureRequest = (name: string, files: StagedInput, over: Partial<Parameters<typeof ingestStaged>[0]> = {}) => {
    const lakeRoot = registerLake(new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: path.join(dir, "azure-copies") }));
    return numberRequest(name, [], { files, tableRoot: datasetTableRoot(lakeRoot, name), rowErrorsDir: batchRowErrorsDir(lakeRoot, name), ...over });
  };
  /** a data file's blob (data file names are unique) */
  const blobBytes = async (relative: string) => {
    const name = decodeURIComponent(relative);
    for await (const blob of azurite.container.listBlobsFlat()) if (blob.name.endsWith(`/${name}`)) return azurite.container.getBlobClient(blob.name).downloadToBuffer();
    throw new Error(`no blob ${name}`);
  };

  it("makes each data file the staged blob's bytes with a new footer, and the dataset reads back exactly, with the usual statistics", async () => {
    const files = [await numberFile("blob-0.parquet", 0, 5000), await numberFile("blob-1.parquet", 5000, 9000)];
    const { input, downloads } = await stageInBlob(files);
    const request = azureRequest("in-place", input);
    const result = await ingestStaged(request);
    expect(result).toMatchObject({ committed: true, inputRecords: 9000, outputRecords: 9000, renamedFiles: 2, groups: 0 });
    expect(downloads.count).toBe(0);
    for (const [i, file] of result.dataFiles.entries()) {
      const start = (await readFooter(files[i])).start;
      expect((await blobBytes(file.path)).subarray(0, start).equals(readFileSync(files[i]).subarray(0, start))).toBe(true);
    }
    const stagedList = `read_parquet([${files.map((f) => `'${f}'`).join(", ")}])`;
    expect(await numberRows(await tableRelation(request.tableRoot))).toEqual(await numberRows(stagedList));
    // the same files renamed on this host's disk give the same statistics
    const local = numberRequest("numbers-local", files);
    await ingestStaged(local);
    const stats = async (root: string) => (await openDeltaTable(root).snapshot()).files.map((f) => JSON.parse(f.stats!)).sort((a, b) => a.numRecords - b.numRecords);
    expect(await stats(request.tableRoot)).toEqual(await stats(local.tableRoot));
  });

  it("downloads files whose statistics a footer cannot give (a double's bounds may hide NaN), and renames them there", async () => {
    const { input, downloads } = await stageInBlob(staged);
    const result = await ingestStaged(azureRequest("with-double", input, { rules, schema }));
    expect(result).toMatchObject({ committed: true, outputRecords: 12000, renamedFiles: 2, groups: 1 });
    expect(downloads.count).toBe(2);
  });

  it("leaves no data file behind when a copy fails: those already copied are removed", async () => {
    const files = [0, 1, 2].map((k) => numberFile(`fail-${k}.parquet`, k * 3000, (k + 1) * 3000));
    const { input } = await stageInBlob(await Promise.all(files));
    const failing = {
      ...input,
      remote: (index: number) => {
        const file = input.remote!(index);
        return index === 2 ? { ...file, copySource: () => Promise.reject(new Error("the copy's credential was refused")) } : file;
      },
    };
    const request = azureRequest("copy-fails", failing);
    await expect(ingestStaged(request)).rejects.toThrow("the copy's credential was refused");
    const lakeFolder = request.tableRoot.slice(request.tableRoot.indexOf("tables/"));
    const dataFiles: string[] = [];
    for await (const blob of azurite.container.listBlobsFlat({ prefix: lakeFolder.split("/").slice(0, 2).join("/") })) {
      if (blob.name.endsWith(".parquet") && !blob.name.includes("_delta_log")) dataFiles.push(blob.name);
    }
    expect(dataFiles).toEqual([]);
  });

  it("downloads when the staging client holds no account key (a SAS cannot make the copy's own), and never copies from another account", async () => {
    const files = [await numberFile("sas-0.parquet", 0, 3000)];
    const { input, downloads } = await stageInBlob(files);
    const result = await ingestStaged(azureRequest("no-key", { ...input, remote: undefined }));
    expect(result).toMatchObject({ committed: true, outputRecords: 3000, renamedFiles: 1, groups: 1 });
    expect(downloads.count).toBe(1);
    const lake = new AzureBlobTableStorage(azurite.container, "x");
    const own = new URL(azurite.container.url);
    expect(lake.canCopyFrom(`${own.origin}/${azurite.account.name}/staging/a.parquet`)).toBe(true);
    expect(lake.canCopyFrom(`${own.origin}/someoneelse/staging/a.parquet`)).toBe(false);
    expect(lake.canCopyFrom(`http://example.com:${own.port}/${azurite.account.name}/staging/a.parquet`)).toBe(false);
  });
});

describe("a renamed file in the Delta table", () => {
  const layoutOf = (fields: Array<[string, string]>): StructType => ({ type: "struct", fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })) });
  const tableFields: Array<[string, string]> = [["_id", "string"], ["customerId", "long"], ["score", "double"], ["active", "boolean"], ["birthDate", "date"], ["updatedAt", "timestamp"]];
  const renames = new Map([["email", "_id"], ["id", "customerId"], ["score", "score"], ["active", "active"], ["birth", "birthDate"], ["updated_at", "updatedAt"]]);
  // the tables exist: the query that would create one is never run
  const select = "SELECT 1 AS unused";

  it("carries the physical names and field ids of a table with column mapping", async () => {
    for (const mode of ["name", "id"]) {
      const root = path.join(dir, `mapped-${mode}`);
      await openDeltaTable(root).create({ schema: layoutOf(tableFields), properties: { "delta.columnMapping.mode": mode } });
      const batch = await openBatch(root, { appId: "flow", version: 1 });
      expect(await batch.writeRenamed(conn, staged.map((file) => ({ file, columns: renames })), select)).toEqual({ rows: 12000, files: 2 });
      await batch.commit();
      expect(await datasetRows(root)).toEqual(await stagedRows(staged));
      const snapshot = await openDeltaTable(root).snapshot();
      const physical = snapshot.schema.fields.map((f) => f.metadata["delta.columnMapping.physicalName"]);
      const ids = snapshot.schema.fields.map((f) => String(f.metadata["delta.columnMapping.id"]));
      const file = path.join(root, decodeURIComponent(snapshot.files[0].path));
      const written = await rowsOf(`SELECT name, field_id::VARCHAR FROM parquet_schema('${file}') WHERE num_children IS NULL`);
      expect(written).toEqual(physical.map((name, i) => [name, ids[i]]));
    }
  });

  it("is refused, with nothing written, for a table typed otherwise, partitioned, or a file of other columns", async () => {
    const refused = async (name: string, fields: Array<[string, string]>, files: string[], properties: Record<string, string> = {}, partitionColumns: string[] = []) => {
      const root = path.join(dir, name);
      await openDeltaTable(root).create({ schema: layoutOf(fields), properties, partitionColumns });
      const batch = await openBatch(root, { appId: "flow", version: 1 });
      expect(await batch.writeRenamed(conn, files.map((file) => ({ file, columns: renames })), select), name).toBeUndefined();
      await batch.discard();
    };
    await refused("as-decimal", tableFields.map(([n, t]) => [n, n === "score" ? "decimal(20,4)" : t]), staged);
    await refused("as-ntz", tableFields.map(([n, t]) => [n, n === "updatedAt" ? "timestamp_ntz" : t]), staged);
    await refused("partitioned", tableFields, staged, {}, ["active"]);
    await refused("fewer-stats", tableFields, staged, { "delta.dataSkippingNumIndexedCols": "3" });
    await refused("wider-table", [...tableFields, ["extra", "string"]], staged);
    const nested = await stagedFile("nested.parquet", 0, 10, ", {'a': i} AS s");
    await refused("nested-column", tableFields, [staged[0], nested]);
  });
});

describe.runIf(haveDeltaFixtures)("staged files Spark wrote", () => {
  const sparkFiles = (table: string) =>
    readdirSync(fixturePath(`golden/${table}/delta`), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".parquet"))
      .map((f) => path.join(fixturePath(`golden/${table}/delta`), f));
  const renames = new Map([["id", "customerId"], ["time", "updatedAt"]]);
  const fields: StructType = {
    type: "struct",
    fields: [
      { name: "customerId", type: "integer", nullable: true, metadata: {} },
      { name: "updatedAt", type: "timestamp", nullable: true, metadata: {} },
    ],
  };
  const attempt = async (name: string, files: string[]) => {
    const root = path.join(dir, name);
    await openDeltaTable(root).create({ schema: fields });
    const batch = await openBatch(root, { appId: "flow", version: 1 });
    const written = await batch.writeRenamed(conn, files.map((file) => ({ file, columns: renames })), "SELECT 1 AS unused");
    if (written) await batch.commit();
    else await batch.discard();
    return { root, written };
  };

  it("renames microsecond timestamps adjusted to UTC, and they read back as Spark wrote them", async () => {
    const files = sparkFiles("kernel-timestamp-timestamp_micros");
    const { root, written } = await attempt("spark-micros", files);
    expect(written?.files).toBe(files.length);
    const table = openDeltaTable(root);
    const relation = await table.scanRelation(conn, await table.snapshot());
    const list = files.map((f) => `'${f}'`).join(", ");
    expect(await rowsOf(`SELECT customerId, updatedAt FROM ${relation} ORDER BY ALL`)).toEqual(
      await rowsOf(`SELECT id, time FROM read_parquet([${list}]) ORDER BY ALL`),
    );
  });

  it("leaves millisecond and INT96 timestamps to the usual path", async () => {
    expect((await attempt("spark-millis", sparkFiles("kernel-timestamp-timestamp_millis"))).written).toBeUndefined();
    expect((await attempt("spark-int96", sparkFiles("kernel-timestamp-int96"))).written).toBeUndefined();
  });
});
