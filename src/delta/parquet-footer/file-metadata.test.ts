import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FooterError, type ReadRange, numRows, readFooterOf } from "./file-metadata.js";

let dir: string;

/** A Parquet file of `rows` rows of `columns` columns in row groups of `groupRows`: many groups and columns make a long footer. */
async function parquetFile(name: string, rows: number, groupRows: number, columns = 2): Promise<Buffer> {
  const file = path.join(dir, name);
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const select = Array.from({ length: columns }, (_, c) => `i + ${c} AS c${c}`).join(", ");
  await conn.run(`COPY (SELECT ${select} FROM range(${rows}) t(i)) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE ${groupRows})`);
  conn.closeSync();
  instance.closeSync();
  return readFileSync(file);
}

/** `read` over the bytes, counting the ranges asked for. */
function counted(bytes: Buffer): { read: ReadRange; reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return { reads, read: async (offset, length) => (reads.push([offset, length]), bytes.subarray(offset, offset + length)) };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "footer-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("reading a footer by ranges", () => {
  it("reads a short footer with the file's end, in one round of two reads", async () => {
    const bytes = await parquetFile("short.parquet", 5000, 1000);
    const { read, reads } = counted(bytes);
    const footer = await readFooterOf("short.parquet", bytes.length, read);
    expect(numRows(footer.metadata)).toBe(5000n);
    expect(footer.start).toBe(bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8));
    expect(reads).toHaveLength(2);
  });

  it("reads a footer longer than the end it read first with one more read", async () => {
    const bytes = await parquetFile("long.parquet", 400_000, 2048, 20);
    const length = bytes.readUInt32LE(bytes.length - 8);
    expect(length).toBeGreaterThan(64 * 1024);
    const { read, reads } = counted(bytes);
    const footer = await readFooterOf("long.parquet", bytes.length, read);
    expect(numRows(footer.metadata)).toBe(400_000n);
    expect(footer.start).toBe(bytes.length - 8 - length);
    expect(reads).toHaveLength(3);
    expect(reads[2]).toEqual([footer.start, length]);
  });

  it("refuses what is not a plaintext Parquet file, however short", async () => {
    for (const bytes of [Buffer.from("PAR1 not parquet at all PAR2"), Buffer.from("PAR1PAR1")]) {
      await expect(readFooterOf("x", bytes.length, counted(bytes).read)).rejects.toBeInstanceOf(FooterError);
    }
    const file = path.join(dir, "tiny.parquet");
    writeFileSync(file, Buffer.concat([Buffer.from("PAR1"), Buffer.from([200, 0, 0, 0]), Buffer.from("PAR1")]));
    const tiny = readFileSync(file);
    await expect(readFooterOf("tiny", tiny.length, counted(tiny).read)).rejects.toThrow(/footer longer than the file/);
  });
});
