import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { arrowChunk } from "../../local/workspace/warehouses/arrow-chunk.js";
import { parseDdlType } from "../../src/databricks/spark-types.js";
import { arrowChunksToParquet } from "../../src/runs/arrow-chunk-files.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { stageOneChunk } from "../support/staged-chunks.js";

/** A warehouse's Arrow chunk (as the local workspace encodes it) becomes a Parquet file with a cluster export's types and exact values. */
describe("Arrow result chunks as staged Parquet files", () => {
  const scratch = useScratchDuckDb("arrow-chunks");

  const columns = [
    { name: "id", ddl: "BIGINT", workspace: "long" },
    { name: "amount", ddl: "DECIMAL(38,18)", workspace: "decimal(38,18)" },
    { name: "small", ddl: "DECIMAL(5,2)", workspace: "decimal(5,2)" },
    { name: "at", ddl: "TIMESTAMP", workspace: "timestamp" },
    { name: "local_at", ddl: "TIMESTAMP_NTZ", workspace: "timestamp_ntz" },
    { name: "day", ddl: "DATE", workspace: "date" },
    { name: "ratio", ddl: "DOUBLE", workspace: "double" },
    { name: "flag", ddl: "BOOLEAN", workspace: "boolean" },
    { name: "bytes", ddl: "BINARY", workspace: "binary" },
    { name: "label", ddl: "STRING", workspace: "string" },
    {
      name: "address",
      ddl: "STRUCT<city: STRING, balance: DECIMAL(38,18), tags: ARRAY<STRING>>",
      workspace: {
        type: "struct",
        fields: [
          { name: "city", type: "string", nullable: true, metadata: {} },
          { name: "balance", type: "decimal(38,18)", nullable: true, metadata: {} },
          { name: "tags", type: { type: "array", elementType: "string", containsNull: true }, nullable: true, metadata: {} },
        ],
      },
    },
  ] as const;
  const rows = [
    ["9223372036854775807", "-12345678901234567890.123456789012345678", "-0.05", "1999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00.000001", "1970-01-01", "NaN", true, Buffer.from([0, 255, 7]).toString("base64"), "ünïcode \"quoted\"", { city: "Paris", balance: "0.100000000000000001", tags: ["a", "b"] }],
    ["-9007199254740993", "0.000000000000000001", "999.99", "2262-04-11T23:47:16.854775Z", "1900-01-01T00:00:00.000000", "2024-02-29", 0.1, false, "", "", { city: null, balance: null, tags: [] }],
    [null, null, null, null, null, null, null, null, null, null, null],
  ];

  it("keeps BIGINT, DECIMAL, timestamps (µs), dates, doubles, binary and nested values exactly, with the staged DuckDB types", async () => {
    const bytes = arrowChunk(columns.map((c) => ({ name: c.name, type: c.workspace as never })), rows as never);
    const { file, rows: written } = await stageOneChunk(scratch.conn, bytes, columns.map((c) => ({ name: c.name, type: parseDdlType(c.ddl) })), path.join(scratch.dir, "chunks-00000"));
    expect(written).toBe(3);

    const described = (await scratch.conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Array<{ column_name: string; column_type: string }>;
    expect(described.map((c) => c.column_type)).toEqual([
      "BIGINT", "DECIMAL(38,18)", "DECIMAL(5,2)", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "DATE", "DOUBLE", "BOOLEAN", "BLOB", "VARCHAR",
      'STRUCT(city VARCHAR, balance DECIMAL(38,18), tags VARCHAR[])',
    ]);
    const read = await scratch.conn.runAndReadAll(
      `SELECT id::VARCHAR AS id, amount::VARCHAR AS amount, small::VARCHAR AS small, epoch_us("at")::VARCHAR AS at_us, local_at::VARCHAR AS local_at,
              "day"::VARCHAR AS day, ratio::VARCHAR AS ratio, flag, to_base64(bytes) AS bytes, label,
              address.city AS city, address.balance::VARCHAR AS balance, array_to_string(address.tags, ',') AS tags
       FROM read_parquet('${file}') ORDER BY id NULLS LAST`,
    );
    expect(read.getRowObjectsJson()).toEqual([
      { id: "-9007199254740993", amount: "0.000000000000000001", small: "999.99", at_us: "9223372036854775", local_at: "1900-01-01 00:00:00", day: "2024-02-29", ratio: "0.1", flag: false, bytes: "", label: "", city: null, balance: null, tags: "" },
      { id: "9223372036854775807", amount: "-12345678901234567890.123456789012345678", small: "-0.05", at_us: "946684799999999", local_at: "2024-02-29 12:00:00.000001", day: "1970-01-01", ratio: "nan", flag: true, bytes: "AP8H", label: 'ünïcode "quoted"', city: "Paris", balance: "0.100000000000000001", tags: "a,b" },
      { id: null, amount: null, small: null, at_us: null, local_at: null, day: null, ratio: null, flag: null, bytes: null, label: null, city: null, balance: null, tags: null },
    ]);
  });

  it("keeps BINARY values inside arrays, structs and maps as their bytes, as a cluster's export does, not as the bytes of their base64 text", async () => {
    const binary = { type: "binary" } as const;
    const nested = [
      { name: "blobs", ddl: "ARRAY<BINARY>", workspace: { type: "array", elementType: "binary", containsNull: true } },
      {
        name: "doc",
        ddl: "STRUCT<raw: BINARY, parts: ARRAY<BINARY>, label: STRING>",
        workspace: {
          type: "struct",
          fields: [
            { name: "raw", type: binary.type, nullable: true, metadata: {} },
            { name: "parts", type: { type: "array", elementType: "binary", containsNull: true }, nullable: true, metadata: {} },
            { name: "label", type: "string", nullable: true, metadata: {} },
          ],
        },
      },
      { name: "by_name", ddl: "MAP<STRING, BINARY>", workspace: { type: "map", keyType: "string", valueType: "binary", valueContainsNull: true } },
    ] as const;
    const b64 = (...bytes: number[]) => Buffer.from(bytes).toString("base64");
    const nestedRows = [
      [[b64(0), b64(), null, b64(0, 255, 7)], { raw: b64(1, 2), parts: [b64(0)], label: "AA==" }, { a: b64(0), e: b64(), n: null }],
      [[], { raw: null, parts: null, label: null }, {}],
      [null, null, null],
    ];
    const bytes = arrowChunk(nested.map((c) => ({ name: c.name, type: c.workspace as never })), nestedRows as never);
    const { file } = await stageOneChunk(scratch.conn, bytes, nested.map((c) => ({ name: c.name, type: parseDdlType(c.ddl) })), path.join(scratch.dir, "nested-binary-00000"));
    const described = (await scratch.conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Array<{ column_type: string }>;
    expect(described.map((c) => c.column_type)).toEqual(["BLOB[]", 'STRUCT(raw BLOB, parts BLOB[], "label" VARCHAR)', "MAP(VARCHAR, BLOB)"]);
    const read = await scratch.conn.runAndReadAll(
      `SELECT list_transform(blobs, lambda b: to_base64(b)) AS blobs, to_base64(doc.raw) AS raw, list_transform(doc.parts, lambda b: to_base64(b)) AS parts, doc.label AS label,
              to_base64(by_name['a']) AS a, to_base64(by_name['e']) AS e, by_name['n'] AS n, cardinality(by_name) AS entries
       FROM read_parquet('${file}')`,
    );
    expect(read.getRowObjectsJson()).toEqual([
      { blobs: [b64(0), "", null, b64(0, 255, 7)], raw: b64(1, 2), parts: [b64(0)], label: "AA==", a: b64(0), e: "", n: null, entries: "3" },
      { blobs: [], raw: null, parts: null, label: null, a: null, e: null, n: null, entries: "0" },
      { blobs: null, raw: null, parts: null, label: null, a: null, e: null, n: null, entries: null },
    ]);
  });

  it("stages consecutive chunks as one file, rows in the chunks' order however their downloads finish, nothing else left behind", async () => {
    const kinds = [
      { name: "flat", columns: [{ name: "id", ddl: "BIGINT", workspace: "long" }] },
      { name: "nested", columns: [{ name: "id", ddl: "BIGINT", workspace: "long" }, { name: "tags", ddl: "ARRAY<STRING>", workspace: { type: "array", elementType: "string", containsNull: true } }] },
    ];
    for (const kind of kinds) {
      const chunks = [0, 1, 2, 3].map((c) => arrowChunk(kind.columns.map((k) => ({ name: k.name, type: k.workspace as never })), [0, 1, 2].map((r) => [String(c * 3 + r), ...(kind.columns.length > 1 ? [[`t${c}`]] : [])]) as never));
      const dir = path.join(scratch.dir, `order-${kind.name}`);
      mkdirSync(dir);
      // the last chunk arrives first
      const fetch = async (k: number) => (await new Promise((resolve) => setTimeout(resolve, (chunks.length - k) * 20)), chunks[k]);
      const columnTypes = kind.columns.map((c) => ({ name: c.name, type: parseDdlType(c.ddl) }));
      const { files, rows } = await arrowChunksToParquet(scratch.conn, chunks.length, fetch, columnTypes, path.join(dir, "chunks-00000"), 4);
      expect(rows).toBe(12);
      expect(files, kind.name).toEqual([path.join(dir, "chunks-00000-0.parquet")]);
      expect(readdirSync(dir), kind.name).toEqual(["chunks-00000-0.parquet"]);
      const ids = (await scratch.conn.runAndReadAll(`SELECT id::INTEGER AS id FROM read_parquet('${files[0]}')`)).getRowObjectsJson().map((row) => row.id);
      expect(ids, kind.name).toEqual(Array.from({ length: 12 }, (_, i) => i));
    }
  });

  it("reads a chunk of several record batches, each value from its own batch", async () => {
    const batches = [1n, 2n, 3n].map((n) => arrow.tableFromIPC(arrowChunk([{ name: "id", type: "long" }], [[String(n * 10_000_000_000_000_000n)]])).batches[0]);
    const bytes = arrow.tableToIPC(new arrow.Table(batches), "stream");
    const { file, rows } = await stageOneChunk(scratch.conn, bytes, [{ name: "id", type: parseDdlType("BIGINT") }], path.join(scratch.dir, "batches"));
    expect(rows).toBe(3);
    const ids = (await scratch.conn.runAndReadAll(`SELECT id::VARCHAR AS id FROM read_parquet('${file}')`)).getRowObjectsJson();
    expect(ids).toEqual([{ id: "10000000000000000" }, { id: "20000000000000000" }, { id: "30000000000000000" }]);
  });
});
