import { describe, expect, it } from "vitest";
import { decodeRoaringArray, encodeRoaringArray, ROARING_ARRAY_MAGIC } from "../../src/delta/roaring.js";
import { uuidToZ85, z85Decode, z85Encode, z85ToUuid } from "../../src/delta/z85.js";
import { dvFilePath, dvInline, encodeDvFile, readDeletionVector } from "../../src/delta/deletion-vectors.js";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Builds a RoaringBitmapArray by hand: one bucket (key 0) holding a 32-bit bitmap with the given body. */
function withOneBucket(bitmap32: number[]): Uint8Array {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(ROARING_ARRAY_MAGIC, 0);
  head.writeBigUInt64LE(1n, 4);
  head.writeUInt32LE(0, 12);
  return new Uint8Array(Buffer.concat([head, Buffer.from(bitmap32)]));
}

const u16 = (n: number) => [n & 0xff, n >> 8];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

describe("RoaringBitmapArray", () => {
  it("decodes a hand-built run container (cookie 12347, one container, no offset header)", () => {
    // Runs [5..9] and [100..102]: cardinality 8, stored as (start, length-1) pairs.
    const cookie = 12347 | ((1 - 1) << 16);
    const bytes = withOneBucket([...u32(cookie), 0b1, ...u16(0), ...u16(8 - 1), ...u16(2), ...u16(5), ...u16(4), ...u16(100), ...u16(2)]);
    expect(decodeRoaringArray(bytes)).toEqual([5, 6, 7, 8, 9, 100, 101, 102]);
  });

  it("decodes run, array and bitmap containers mixed in one bitmap with an offset header (4+ containers)", () => {
    const bitmapValues = Array.from({ length: 5000 }, (_, i) => 3 * 65536 + i * 2);
    const bitmap = new Uint8Array(8192);
    for (const v of bitmapValues) bitmap[(v & 0xffff) >> 3] |= 1 << (v & 7);
    const containers = [
      { key: 0, card: 3, run: true, body: [...u16(1), ...u16(10), ...u16(2)] }, // 10..12
      { key: 1, card: 2, run: false, body: [...u16(7), ...u16(9)] }, // array 65543, 65545
      { key: 2, card: 65536, run: true, body: [...u16(1), ...u16(0), ...u16(65535)] }, // a full block
      { key: 3, card: 5000, run: false, body: [...bitmap] },
    ];
    const header = [...u32(12347 | ((containers.length - 1) << 16)), 0b0101];
    for (const c of containers) header.push(...u16(c.key), ...u16(c.card - 1));
    let offset = header.length + 4 * containers.length;
    for (const c of containers) {
      header.push(...u32(offset));
      offset += c.body.length;
    }
    const rows = decodeRoaringArray(withOneBucket([...header, ...containers.flatMap((c) => c.body)]));
    const expected = [10, 11, 12, 65543, 65545, ...Array.from({ length: 65536 }, (_, i) => 2 * 65536 + i), ...bitmapValues];
    expect(rows).toEqual(expected);
  });

  it("round-trips row sets through every container kind and across 32-bit buckets", () => {
    const sets = [
      [],
      [0],
      [3, 4, 7, 11, 18, 29],
      Array.from({ length: 10_000 }, (_, i) => i * 3), // bitmap
      Array.from({ length: 70_000 }, (_, i) => i + 5), // runs
      [1, 2 ** 32 + 5, 2 ** 33 + 7],
    ];
    for (const rows of sets) expect(decodeRoaringArray(encodeRoaringArray(rows))).toEqual(rows);
  });

  it("rejects a wrong magic number", () => {
    const bytes = encodeRoaringArray([1]);
    bytes[0] ^= 0xff;
    expect(() => decodeRoaringArray(bytes)).toThrow(/magic number/);
  });
});

describe("Z85 and deletion vector descriptors", () => {
  it("decodes the inline DV of the protocol's example (the older native layout): rows 3, 4, 7, 11, 18, 29", () => {
    const bytes = z85Decode("wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", 40);
    expect(decodeRoaringArray(bytes)).toEqual([3, 4, 7, 11, 18, 29]);
  });

  it("resolves the protocol's example UUID path with its random prefix", () => {
    const dv = { storageType: "u" as const, pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^", offset: 4, sizeInBytes: 40, cardinality: 6 };
    expect(dvFilePath("/mytable", dv)).toBe("/mytable/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
    expect(uuidToZ85("d2c639aa-8816-431a-aaf6-d3fe2512ff61")).toBe("^-aqEH.-t@S}K{vb[*k^");
    expect(z85ToUuid("^-aqEH.-t@S}K{vb[*k^")).toBe("d2c639aa-8816-431a-aaf6-d3fe2512ff61");
  });

  it("encodes Z85 with zero padding that the declared size trims away", () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(z85Decode(z85Encode(data), 6)).toEqual(data);
  });

  it("writes DV files that read back with their CRC, and inline DVs", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "delta-dv-"));
    const uuid = "0c6cbaaf-5e04-4c9d-8959-1088814f58ef";
    const file = encodeDvFile([[1, 5, 9], Array.from({ length: 5000 }, (_, i) => i)]);
    await writeFile(path.join(dir, `deletion_vector_${uuid}.bin`), file.bytes);
    const second = { storageType: "u" as const, pathOrInlineDv: uuidToZ85(uuid), ...file.entries[1] };
    expect(await readDeletionVector(dir, second)).toHaveLength(5000);
    expect(await readDeletionVector(dir, { storageType: "u", pathOrInlineDv: uuidToZ85(uuid), ...file.entries[0] })).toEqual([1, 5, 9]);
    expect(await readDeletionVector(dir, dvInline([2, 4]))).toEqual([2, 4]);
    file.bytes[file.entries[0].offset + 5] ^= 1;
    await writeFile(path.join(dir, `deletion_vector_${uuid}.bin`), file.bytes);
    await expect(readDeletionVector(dir, { storageType: "u", pathOrInlineDv: uuidToZ85(uuid), ...file.entries[0] })).rejects.toThrow(/CRC-32 mismatch/);
  });
});
