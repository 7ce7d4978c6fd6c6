/**
 * A staged STRING holding bytes that are not UTF-8 (Spark writes them for a STRING cast from BINARY):
 * DuckDB refuses the file naming no column. Each row holding one fails with a row error naming the
 * column and the bytes; text inside a struct fails the window, naming the column and what to fix.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvertedType, openDeltaTable, PhysicalType, plainParquetFile } from "../../src/delta/index.js";
import { ingestStaged } from "../../src/lake/ingest.js";
import { explainingInvalidText } from "../../src/lake/invalid-text.js";
import { ingestAndReadBack, ingestRequest } from "../support/ingested.js";
import { DuckDBInstance } from "@duckdb/node-api";
import { FileMetaDataId, SchemaElementId, footerBytes, readFooter, writeWithFooter } from "../../src/delta/parquet-footer/file-metadata.js";
import { type ThriftStruct, WireType, i32, i32Field, list, listField, withField } from "../../src/delta/parquet-footer/thrift-compact.js";
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
function stagedFile(name: string, rows: Array<[string, Buffer, string | Buffer]>): string {
  const file = path.join(dir, name);
  const text = { type: PhysicalType.ByteArray, convertedType: ConvertedType.Utf8 };
  const pages = [0, 1, 2].map((k) => ({ values: byteArrays(rows.map((row) => (typeof row[k] === "string" ? Buffer.from(row[k] as string) : (row[k] as Buffer)))) }));
  writeFileSync(file, Buffer.concat(plainParquetFile([{ name: "id", ...text }, { name: "name", ...text }, { name: "note", ...text }], [{ rows: rows.length, pages }])));
  return file;
}

const request = (name: string, files: Parameters<typeof ingestStaged>[0]["files"], partialIngestionPercent = 100) => ingestRequest(path.join(dir, name), files, { rules, schema }, partialIngestionPercent);

/** `file` with every BYTE_ARRAY leaf, nested ones included, annotated as text, as Spark marks a STRING whatever bytes it holds. */
async function annotatedAsText(file: string): Promise<void> {
  const footer = await readFooter(file);
  const schema = listField(footer.metadata, FileMetaDataId.schema)!.map((element) => {
    const leaf = element as ThriftStruct;
    return i32Field(leaf, SchemaElementId.type) === PhysicalType.ByteArray ? withField(leaf, SchemaElementId.convertedType, i32(ConvertedType.Utf8)) : leaf;
  });
  const annotated = path.join(dir, `annotated-${path.basename(file)}`);
  await writeWithFooter(file, footer.start, footerBytes(withField(footer.metadata, FileMetaDataId.schema, list(WireType.Struct, schema))), annotated);
  renameSync(annotated, file);
}

describe("staged text that is not UTF-8", () => {
  const rows: Array<[string, Buffer, string]> = [
    ["a", Buffer.from("Zoë"), "fine"],
    ["b", Buffer.from([0xc3, 0x28]), "fine"],
    ["c", Buffer.from("plain"), "fine"],
  ];

  it("fails each row holding such a value, naming the column and its bytes, and commits the others exactly", async () => {
    const ingested = await ingestAndReadBack({ files: [stagedFile("part-00000.parquet", rows)], rules, schema, dir: path.join(dir, "rows"), select: "_id, name, note", orderBy: "_id" });
    expect(ingested.result).toMatchObject({ committed: true, inputRecords: 3, outputRecords: 2, failedRecords: 1 });
    expect(ingested.rows).toEqual([{ _id: "a", name: "Zoë", note: "fine" }, { _id: "c", name: "plain", note: "fine" }]);
    expect(ingested.rowErrors).toHaveLength(1);
    expect(ingested.rowErrors[0].record).toMatchObject({ id: "b", note: "fine" });
    expect(ingested.rowErrors[0].errors).toEqual(["MAPPER-3700-400: the staged column name holds bytes that are not UTF-8 text, which a string cannot hold exactly: \\xC3( (correct the value in the source table)"]);
    expect(ingested.result.sampleErrors[0]).toContain("the staged column name holds bytes that are not UTF-8 text");
  });

  it("fails no row for bytes in a column the mapping does not read, whose value its row errors' records show as null", async () => {
    // row a's note, which nothing maps, is not UTF-8; row b's name, which is mapped, is not either
    const file = stagedFile("unread.parquet", rows.map(([id, name], i): [string, Buffer, string | Buffer] => [id, name, i === 0 ? Buffer.from([0xff]) : "fine"]));
    const ingested = await ingestAndReadBack({ files: [file], rules: rules.slice(0, 2), schema, dir: path.join(dir, "unread"), select: "_id, name", orderBy: "_id" });
    expect(ingested.result).toMatchObject({ committed: true, inputRecords: 3, outputRecords: 2, failedRecords: 1 });
    expect(ingested.rows).toEqual([{ _id: "a", name: "Zoë" }, { _id: "c", name: "plain" }]);
    expect(ingested.rowErrors.map((e) => e.record.id)).toEqual(["b"]);
  });

  it("commits nothing when those rows are more than the flow allows", async () => {
    const result = await ingestStaged(request("strict", [stagedFile("strict.parquet", rows)], 0));
    expect(result).toMatchObject({ committed: false, inputRecords: 3, failedRecords: 1 });
    const table = openDeltaTable(path.join(dir, "strict", "dataset"));
    if (await table.exists()) expect((await table.snapshot()).files).toEqual([]);
  });

  it("reads a later group's bad rows the same way when the files are staged in Blob storage and read a group at a time", async () => {
    const folder = `${azurite.freshFolder()}/staged/`;
    await azurite.container.getBlockBlobClient(`${folder}part-00000.snappy.parquet`).uploadFile(stagedFile("blob-0.parquet", [rows[0]]));
    await azurite.container.getBlockBlobClient(`${folder}part-00001.snappy.parquet`).uploadFile(stagedFile("blob-1.parquet", rows.slice(1)));
    const input = blobStagedInput(azurite.container, await listStagedFiles(azurite.container, folder));
    const result = await ingestStaged({ ...request("blob", input), scratchBytes: 1 });
    expect(result).toMatchObject({ committed: true, groups: 2, inputRecords: 3, outputRecords: 2, failedRecords: 1 });
    expect(result.sampleErrors).toEqual([expect.stringContaining("the staged column name holds bytes that are not UTF-8 text")]);
  });

  it("fails each row holding such bytes inside a struct, an array or a map, rebuilding the others' values exactly", async () => {
    const file = path.join(dir, "nested.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(
      `COPY (SELECT * FROM (VALUES ('a', {'inner': 'Zo\\xC3\\xAB'::BLOB}, ['x'::BLOB, NULL], MAP {'k'::BLOB: 'v'::BLOB}), ('b', {'inner': '\\xC3\\x28'::BLOB}, ['y'::BLOB], NULL), ` +
        `('c', {'inner': 'ok'::BLOB}, ['\\xFF'::BLOB], NULL), ('d', NULL, NULL, NULL), ('e', NULL, NULL, MAP {'k'::BLOB: '\\xFE'::BLOB})) AS t(id, st, tags, attrs)) TO '${file}' (FORMAT PARQUET)`,
    );
    conn.closeSync();
    instance.closeSync();
    await annotatedAsText(file);
    const nestedSchema: DatasetSchema = {
      properties: {
        _id: { type: "string" },
        st: { type: "object", properties: { inner: { type: "string" } } },
        tags: { type: "array", items: { type: "string" } },
        attrs: { type: "object", additionalProperties: { type: "string" } },
      },
    };
    const nestedRules = [
      { sourceAttribute: "id", destinationXdmPath: "_id" },
      { sourceAttribute: "st.inner", destinationXdmPath: "st.inner" },
      { sourceAttribute: "tags", destinationXdmPath: "tags" },
      { sourceAttribute: "attrs", destinationXdmPath: "attrs" },
    ];
    const ingested = await ingestAndReadBack({ files: [file], rules: nestedRules, schema: nestedSchema, dir: path.join(dir, "nested"), select: "_id, st, tags, attrs", orderBy: "_id" });
    expect(ingested.result).toMatchObject({ committed: true, inputRecords: 5, outputRecords: 2, failedRecords: 3 });
    expect(ingested.rows).toEqual([
      { _id: "a", st: { inner: "Zoë" }, tags: ["x", null], attrs: [{ key: "k", value: "v" }] },
      { _id: "d", st: null, tags: null, attrs: null },
    ]);
    expect(ingested.rowErrors.map((e) => [e.record.id, e.errors])).toEqual([
      ["b", [expect.stringMatching(/^MAPPER-3700-400: the staged column st holds bytes that are not UTF-8 text, which a string cannot hold exactly: .*\\xC3\(/)]],
      ["c", [expect.stringMatching(/^MAPPER-3700-400: the staged column tags holds bytes that are not UTF-8 text, which a string cannot hold exactly: .*\\xFF/)]],
      ["e", [expect.stringMatching(/^MAPPER-3700-400: the staged column attrs holds bytes that are not UTF-8 text, which a string cannot hold exactly: .*\\xFE/)]],
    ]);
  });

  it("reads valid text, accents included, exactly", async () => {
    const ingested = await ingestAndReadBack({ files: [stagedFile("valid.parquet", [rows[0]])], rules, schema, dir: path.join(dir, "valid"), select: "_id, name" });
    expect(ingested.result).toMatchObject({ committed: true, outputRecords: 1, failedRecords: 0 });
    expect(ingested.rows).toEqual([{ _id: "a", name: "Zoë" }]);
  });

  it("explains a read DuckDB refuses all the same by the columns holding such bytes, when the read fails as a whole", async () => {
    const file = stagedFile("refused.parquet", rows.map(([id, name], i): [string, Buffer, string | Buffer] => [id, name, i === 2 ? Buffer.from([0xfe]) : "fine"]));
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const failure = await explainingInvalidText(conn, () => conn.run(`SELECT * FROM read_parquet('${file}')`)).catch((error: Error) => error);
      expect((failure as Error).message).toMatch(/^The staged columns name, note of refused\.parquet hold bytes that are not UTF-8 text \(such as "[^"]+"\), which a string cannot hold exactly; .* Nothing of this window was written\. Correct those values in the source table/);
      expect(await explainingInvalidText(conn, async () => "read")).toBe("read");
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
