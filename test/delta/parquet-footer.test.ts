import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnChunks, flatColumns, footerBytes, numRows, readFooter, renamedMetadata, writeWithFooter } from "../../src/delta/parquet-footer/file-metadata.js";
import { ThriftError, type ThriftStruct, WireType, decodeStruct, encodeStruct } from "../../src/delta/parquet-footer/thrift-compact.js";
import { deltaFixturesDir, haveDeltaFixtures } from "../support/delta-fixtures.js";

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "parquet-footer-"));
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowsJson();

/** A DuckDB-written file of every primitive kind, several row groups, NULLs and a codec. */
async function duckFile(name: string, codec = "snappy"): Promise<string> {
  const file = path.join(dir, name);
  await conn.run(`COPY (
      SELECT i::BIGINT AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i END AS name, i / 3.0::DOUBLE AS score,
             i % 2 = 0 AS even, DATE '2024-01-01' + (i % 400)::INTEGER AS day,
             TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1001) AS at
      FROM range(5000) t(i)) TO '${file}' (FORMAT PARQUET, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`);
  return file;
}

describe("a Parquet footer in Thrift's compact protocol", () => {
  it("reads a DuckDB footer and writes it back byte for byte", async () => {
    const file = await duckFile("roundtrip.parquet");
    const footer = await readFooter(file);
    const bytes = readFileSync(file);
    expect(footerBytes(footer.metadata).equals(bytes.subarray(footer.start))).toBe(true);
    expect(numRows(footer.metadata)).toBe(5000n);
    expect(flatColumns(footer.metadata)?.map((c) => [c.name, c.physicalType, c.repetition])).toEqual([
      ["id", 2, 1],
      ["name", 6, 1],
      ["score", 5, 1],
      ["even", 0, 1],
      ["day", 1, 1],
      ["at", 2, 1],
    ]);
  });

  it("renames columns: the same data reads back under the new names, with field ids, and DuckDB sees its statistics", async () => {
    const file = await duckFile("source.parquet", "zstd");
    const footer = await readFooter(file);
    const names = ["customerId", "fullName", "score", "even", "day", "updatedAt"].map((name, i) => ({ name, fieldId: 10 + i }));
    const target = path.join(dir, "renamed.parquet");
    await writeWithFooter(file, footer.start, footerBytes(renamedMetadata(footer.metadata, names)), target);

    // the data is the source's bytes as they were: only the footer differs
    expect((await readFooter(target)).start).toBe(footer.start);
    expect(readFileSync(target).subarray(0, footer.start).equals(readFileSync(file).subarray(0, footer.start))).toBe(true);
    const same = await rows(`SELECT count(*) FROM (
        SELECT id, name, score, even, day, "at" FROM '${file}'
        EXCEPT ALL SELECT customerId, fullName, score, even, day, updatedAt FROM '${target}')`);
    expect(same).toEqual([["0"]]);
    expect(await rows(`SELECT count(*), count(fullName) FROM '${target}'`)).toEqual([["5000", String(5000 - Math.ceil(5000 / 7))]]);
    const ids = await rows(`SELECT name, field_id FROM parquet_schema('${target}') WHERE name <> 'duckdb_schema' ORDER BY field_id`);
    expect(ids).toEqual(names.map((n) => [n.name, String(n.fieldId)]));
    const stats = await rows(`SELECT path_in_schema, stats_min_value, stats_max_value FROM parquet_metadata('${target}') WHERE row_group_id = 0 AND path_in_schema = 'customerId'`);
    expect(stats).toEqual([["customerId", "0", "2047"]]);
    // key-value metadata (old schemas) is gone, the rest of the footer is as it was
    const renamed = (await readFooter(target)).metadata;
    const statistics = columnChunks(renamed)[0][0].fields.find((f) => f.id === 3)!.value as ThriftStruct;
    const statisticsFields = (statistics.fields.find((f) => f.id === 12)!.value as ThriftStruct).fields.map((f) => f.id);
    expect(statisticsFields).not.toContain(1); // the deprecated max and min are dropped
    expect(statisticsFields).not.toContain(2);
    expect(statisticsFields).toEqual(expect.arrayContaining([3, 5, 6]));
    expect(renamed.fields.find((f) => f.id === 5)).toBeUndefined();
    expect(renamed.fields.find((f) => f.id === 6)).toEqual(footer.metadata.fields.find((f) => f.id === 6));
  });

  it("keeps a footer field it does not know, and refuses input that is not a struct", () => {
    const struct = {
      type: WireType.Struct as const,
      fields: [
        { id: 1, value: { type: WireType.I32 as const, value: -5 } },
        { id: 40, value: { type: WireType.I64 as const, value: -(2n ** 62n) } },
        { id: 41, value: { type: WireType.Bool as const, value: false } },
        { id: 42, value: { type: WireType.Double as const, value: 1.5 } },
        { id: 43, value: { type: WireType.List as const, elementType: WireType.Bool, items: [{ type: WireType.Bool as const, value: true }, { type: WireType.Bool as const, value: false }] } },
        { id: 44, value: { type: WireType.Map as const, keyType: WireType.Binary, valueType: WireType.I8, entries: [[{ type: WireType.Binary as const, value: new Uint8Array([97]) }, { type: WireType.I8 as const, value: -1 }]] as never } },
        { id: 60, value: { type: WireType.List as const, elementType: WireType.I32, items: Array.from({ length: 20 }, (_, i) => ({ type: WireType.I32 as const, value: i * 1000 })) } },
      ],
    };
    const encoded = encodeStruct(struct);
    expect(decodeStruct(encoded).struct).toEqual(struct);
    expect(() => decodeStruct(encoded.subarray(0, encoded.length - 3))).toThrow(ThriftError);
    expect(() => decodeStruct(new Uint8Array([0x1d, 0]))).toThrow(ThriftError);
  });
});

describe.runIf(haveDeltaFixtures)("footers Spark wrote", () => {
  const sparkFiles = () => {
    const found: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".parquet")) found.push(full);
      }
    };
    walk(path.join(deltaFixturesDir, "golden"));
    return found;
  };

  it("every data file and checkpoint of the golden tables reads and writes back byte for byte", async () => {
    const files = sparkFiles();
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const footer = await readFooter(file);
      expect(footerBytes(footer.metadata).equals(readFileSync(file).subarray(footer.start)), file).toBe(true);
    }
  });

  it("a renamed Spark file reads back as the original under the new names", async () => {
    const file = sparkFiles().find((f) => {
      const columns = flatColumns(decodeFooterSync(f));
      return columns !== undefined && columns.length >= 2 && !f.includes("checkpoint");
    })!;
    const footer = await readFooter(file);
    const columns = flatColumns(footer.metadata)!;
    const target = path.join(dir, "spark-renamed.parquet");
    await writeWithFooter(file, footer.start, footerBytes(renamedMetadata(footer.metadata, columns.map((c) => ({ name: `renamed_${c.name}` })))), target);
    const original = columns.map((c) => `"${c.name}"`).join(", ");
    const renamed = columns.map((c) => `"renamed_${c.name}"`).join(", ");
    expect(await rows(`SELECT count(*) FROM (SELECT ${original} FROM '${file}' EXCEPT ALL SELECT ${renamed} FROM '${target}')`)).toEqual([["0"]]);
    expect(await rows(`SELECT count(*) = (SELECT count(*) FROM '${file}') FROM '${target}'`)).toEqual([[true]]);
  });
});

function decodeFooterSync(file: string) {
  const bytes = readFileSync(file);
  const length = bytes.readUInt32LE(bytes.length - 8);
  return decodeStruct(bytes.subarray(bytes.length - 8 - length, bytes.length - 8)).struct;
}
