import { open } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import type { DeletionVectorDescriptor } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { decodeRoaringArray, encodeRoaringArray } from "./roaring.js";
import { uuidToZ85, z85Decode, z85Encode, z85ToUuid } from "./z85.js";
import { resolveTablePath } from "./paths.js";
import { storageOf } from "./storage/registry.js";

const UUID_Z85_LENGTH = 20;
const DV_FILE_FORMAT_VERSION = 1;

/** The DV part of a logical file's key: `<storageType><pathOrInlineDv>[@<offset>]`. */
export function dvUniqueId(dv: DeletionVectorDescriptor | undefined | null): string {
  if (!dv) return "";
  return `${dv.storageType}${dv.pathOrInlineDv}${dv.offset === undefined || dv.offset === null ? "" : `@${dv.offset}`}`;
}

export function dvFilePath(root: string, dv: DeletionVectorDescriptor): string {
  if (dv.storageType === "p") return resolveTablePath(root, dv.pathOrInlineDv);
  if (dv.storageType !== "u") throw DeltaErrors.corruptDeletionVector(dv.pathOrInlineDv, `storage type ${dv.storageType} has no file`);
  const text = dv.pathOrInlineDv;
  if (text.length < UUID_Z85_LENGTH) throw DeltaErrors.corruptDeletionVector(text, "too short for a z85 UUID");
  const prefix = text.slice(0, text.length - UUID_Z85_LENGTH);
  const uuid = z85ToUuid(text.slice(text.length - UUID_Z85_LENGTH));
  return path.join(root, prefix, `deletion_vector_${uuid}.bin`);
}

/** A local file with the DV's bytes: the table's own file, or a copy of a remote table's. */
async function dvReadableFile(root: string, dv: DeletionVectorDescriptor): Promise<string> {
  const storage = storageOf(root);
  return storage.isLocal ? dvFilePath(root, dv) : storage.localFile(dvFilePath("", dv).split(path.sep).join("/"));
}

/** Reads the deleted row indexes of one DV, verifying the stored size, CRC-32 and cardinality. */
export async function readDeletionVector(root: string, dv: DeletionVectorDescriptor): Promise<number[]> {
  let rows: number[];
  if (dv.storageType === "i") {
    rows = decodeRoaringArray(z85Decode(dv.pathOrInlineDv, dv.sizeInBytes));
  } else if (dv.storageType === "u" || dv.storageType === "p") {
    rows = decodeRoaringArray(await readStoredBitmap(await dvReadableFile(root, dv), dv));
  } else {
    throw DeltaErrors.corruptDeletionVector(JSON.stringify(dv), `unknown storage type ${String(dv.storageType)}`);
  }
  if (rows.length !== Number(dv.cardinality)) {
    throw DeltaErrors.corruptDeletionVector(dv.pathOrInlineDv, `holds ${rows.length} rows but the log says cardinality ${dv.cardinality}`);
  }
  return rows;
}

async function readStoredBitmap(file: string, dv: DeletionVectorDescriptor): Promise<Uint8Array> {
  // Offsets point at the 4-byte size that precedes each bitmap. Writers always set one; an absent offset
  // can only mean the first DV, which sits right after the version byte.
  const offset = dv.offset ?? 1;
  const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw DeltaErrors.corruptDeletionVector(file, e.code === "ENOENT" ? "file does not exist" : e.message);
  });
  try {
    const buffer = Buffer.alloc(dv.sizeInBytes + 8);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    if (bytesRead < buffer.length) throw DeltaErrors.corruptDeletionVector(file, `truncated at offset ${offset}`);
    const size = buffer.readUInt32BE(0);
    if (size !== dv.sizeInBytes) throw DeltaErrors.corruptDeletionVector(file, `stored size ${size} at offset ${offset}, log says ${dv.sizeInBytes}`);
    const data = buffer.subarray(4, 4 + size);
    const expected = buffer.readUInt32BE(4 + size);
    if (crc32(data) !== expected) throw DeltaErrors.corruptDeletionVector(file, `CRC-32 mismatch at offset ${offset}`);
    return data;
  } finally {
    await handle.close();
  }
}

export interface EncodedDvFile {
  bytes: Buffer;
  /** per input DV, in order: the descriptor fields other than storage type and path */
  entries: { offset: number; sizeInBytes: number; cardinality: number }[];
}

/** Lays out several DVs in one file: version byte, then per DV a big-endian size, the bitmap and its CRC-32. */
export function encodeDvFile(dvs: readonly (readonly number[])[]): EncodedDvFile {
  const chunks: Buffer[] = [Buffer.from([DV_FILE_FORMAT_VERSION])];
  const entries: EncodedDvFile["entries"] = [];
  let offset = 1;
  for (const rows of dvs) {
    const data = Buffer.from(encodeRoaringArray(rows));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(data));
    chunks.push(head, data, tail);
    entries.push({ offset, sizeInBytes: data.length, cardinality: rows.length });
    offset += 8 + data.length;
  }
  return { bytes: Buffer.concat(chunks), entries };
}

export function dvStoredInFile(uuid: string, entry: EncodedDvFile["entries"][number]): DeletionVectorDescriptor {
  return { storageType: "u", pathOrInlineDv: uuidToZ85(uuid), offset: entry.offset, sizeInBytes: entry.sizeInBytes, cardinality: entry.cardinality };
}

export function dvInline(rows: readonly number[]): DeletionVectorDescriptor {
  const data = encodeRoaringArray(rows);
  return { storageType: "i", pathOrInlineDv: z85Encode(data), sizeInBytes: data.length, cardinality: rows.length };
}
