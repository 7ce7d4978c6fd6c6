/**
 * A staged STRING holding bytes that are not UTF-8 (Spark writes them for a STRING cast from BINARY):
 * DuckDB refuses the file naming no column; the window's failure names the column and what to fix.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvertedType, openDeltaTable, PhysicalType, plainParquetFile } from "../../src/delta/index.js";
import { MappingError } from "../../src/dataprep/mapping-sql.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { ingestRequest } from "../support/ingested.js";
import { blobStagedInput, listStagedFiles } from "../../src/lake/staged-files.js";
import type { DatasetSchema } from "../../src/schemaregistry/xdm-fields.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const schema: DatasetSchema = { properties: { _id: { type: "string" }, name: { type: "string" }, note: { type: "string" } } };
const rules = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "name", destinationXdmPath: "name" },
  { sourceAttribute: "note", destinationXdmPath: "note" },
];

let dir: string;
beforeAll(() => void (dir = mkdtempSync(path.join(tmpdir(), "invalid-text-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** PLAIN BYTE_ARRAY values: each a little-endian length, then its bytes */
const byteArrays = (values: Buffer[]) => Buffer.concat(values.flatMap((b) => [Buffer.from(Uint32Array.of(b.length).buffer), b]));

/** A staged file of text columns (id, name, note) as Spark writes a STRING, whatever its bytes. */
function stagedFile(name: string, rows: Array<[string, Buffer, string]>): string {
  const file = path.join(dir, name);
  const text = { type: PhysicalType.ByteArray, convertedType: ConvertedType.Utf8 };
  const pages = [0, 1, 2].map((k) => ({ values: byteArrays(rows.map((row) => (typeof row[k] === "string" ? Buffer.from(row[k] as string) : (row[k] as Buffer)))) }));
  writeFileSync(file, Buffer.concat(plainParquetFile([{ name: "id", ...text }, { name: "name", ...text }, { name: "note", ...text }], [{ rows: rows.length, pages }])));
  return file;
}

const request = (name: string, files: Parameters<typeof ingestStaged>[0]["files"]) => ingestRequest(path.join(dir, name), files, { rules, schema }, 100);

describe("staged text that is not UTF-8", () => {
  const rows: Array<[string, Buffer, string]> = [
    ["a", Buffer.from("Zoë"), "fine"],
    ["b", Buffer.from([0xc3, 0x28]), "fine"],
  ];

  it("fails the window naming the column, the file and the value, and commits nothing", async () => {
    const failure = await ingestStaged(request("local", [stagedFile("part-00000.parquet", rows)])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MappingError);
    const message = (failure as Error).message;
    expect(message).toContain("The staged column name of part-00000.parquet holds bytes that are not UTF-8 text");
    expect(message).toContain("\\xC3(");
    expect(message).toContain("leave the column out of the source connection's columns");
    const table = openDeltaTable(path.join(dir, "local", "dataset"));
    if (await table.exists()) expect((await table.snapshot()).files).toEqual([]);
  });

  it("names the column too when the files are staged in Blob storage and read a group at a time", async () => {
    const folder = `${azurite.freshFolder()}/staged/`;
    await azurite.container.getBlockBlobClient(`${folder}part-00000.snappy.parquet`).uploadFile(stagedFile("blob.parquet", rows));
    const input = blobStagedInput(azurite.container, await listStagedFiles(azurite.container, folder));
    const failure = await ingestStaged(request("blob", input)).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/^The staged column name of \S+ holds bytes that are not UTF-8 text/);
  });

  it("reads valid text, accents included, exactly", async () => {
    const result = await ingestStaged(request("valid", [stagedFile("valid.parquet", [rows[0]])]));
    expect(result).toMatchObject({ committed: true, outputRecords: 1 });
  });
});
