import { DeltaErrors } from "./errors.js";

/**
 * Delta's RoaringBitmapArray: magic 1681511377, then the 64-bit "portable" Roaring format (int64 bucket
 * count; per bucket an int32 high key and a 32-bit portable RoaringBitmap). Little endian throughout.
 * https://github.com/RoaringBitmap/RoaringFormatSpec
 */
export const ROARING_ARRAY_MAGIC = 1681511377;
/** The older "native" layout (big-endian magic, int32 count, per bitmap a big-endian length; keys implied by
 * position). Spark writes only the portable one, but the protocol's own inline example uses this. */
export const ROARING_ARRAY_NATIVE_MAGIC = 1681511376;
const SERIAL_COOKIE_NO_RUN = 12346;
const SERIAL_COOKIE = 12347;
const NO_OFFSET_THRESHOLD = 4;
const ARRAY_MAX = 4096;
const BITMAP_BYTES = 8192;

/** Decodes to ascending row indexes. Row indexes beyond 2^53 cannot occur in a parquet file we can read. */
export function decodeRoaringArray(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string) => DeltaErrors.corruptDeletionVector("RoaringBitmapArray", why);
  if (bytes.byteLength < 8) throw fail(`only ${bytes.byteLength} bytes`);
  if (view.getUint32(0, false) === ROARING_ARRAY_NATIVE_MAGIC) return decodeNative(view, fail);
  if (bytes.byteLength < 12) throw fail(`only ${bytes.byteLength} bytes`);
  const magic = view.getUint32(0, true);
  if (magic !== ROARING_ARRAY_MAGIC) throw fail(`magic number ${magic}, expected ${ROARING_ARRAY_MAGIC}`);
  const buckets = view.getBigUint64(4, true);
  if (buckets > 0x7fffffffn) throw fail(`bucket count ${buckets}`);
  const out: number[] = [];
  let pos = 12;
  for (let b = 0; b < Number(buckets); b++) {
    const high = view.getUint32(pos, true);
    if (high > 0x1fffff) throw fail(`bucket key ${high} puts row indexes beyond 2^53`);
    pos = decodeBitmap32(view, pos + 4, high * 2 ** 32, out, fail);
  }
  return out;
}

function decodeNative(view: DataView, fail: (why: string) => Error): number[] {
  const count = view.getUint32(4, false);
  const out: number[] = [];
  let pos = 8;
  for (let high = 0; high < count; high++) {
    const length = view.getUint32(pos, false);
    const end = decodeBitmap32(view, pos + 4, high * 2 ** 32, out, fail);
    if (end !== pos + 4 + length) throw fail(`native bitmap ${high} is ${end - pos - 4} bytes, header says ${length}`);
    pos = end;
  }
  return out;
}

function decodeBitmap32(view: DataView, start: number, base: number, out: number[], fail: (why: string) => Error): number {
  let pos = start;
  const cookie = view.getUint32(pos, true);
  let size: number;
  let runFlags: Uint8Array | null = null;
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    size = (cookie >>> 16) + 1;
    const flagBytes = Math.ceil(size / 8);
    runFlags = new Uint8Array(view.buffer, view.byteOffset + pos + 4, flagBytes);
    pos += 4 + flagBytes;
  } else if (cookie === SERIAL_COOKIE_NO_RUN) {
    size = view.getUint32(pos + 4, true);
    pos += 8;
  } else {
    throw fail(`unknown 32-bit roaring cookie ${cookie}`);
  }
  const keys: number[] = [];
  const cards: number[] = [];
  for (let i = 0; i < size; i++) {
    keys.push(view.getUint16(pos, true));
    cards.push(view.getUint16(pos + 2, true) + 1);
    pos += 4;
  }
  // Containers are laid out back to back, so the offset header (when present) is not needed to read them.
  if (!runFlags || size >= NO_OFFSET_THRESHOLD) pos += 4 * size;
  for (let i = 0; i < size; i++) {
    const containerBase = base + keys[i] * 65536;
    const isRun = runFlags !== null && (runFlags[i >> 3] & (1 << (i & 7))) !== 0;
    if (isRun) {
      const runs = view.getUint16(pos, true);
      pos += 2;
      let count = 0;
      for (let r = 0; r < runs; r++) {
        const first = view.getUint16(pos, true);
        const lengthMinusOne = view.getUint16(pos + 2, true);
        pos += 4;
        if (first + lengthMinusOne > 0xffff) throw fail("run container run passes 65535");
        for (let v = first; v <= first + lengthMinusOne; v++) out.push(containerBase + v);
        count += lengthMinusOne + 1;
      }
      if (count !== cards[i]) throw fail(`run container holds ${count} values, header says ${cards[i]}`);
    } else if (cards[i] <= ARRAY_MAX) {
      for (let v = 0; v < cards[i]; v++) out.push(containerBase + view.getUint16(pos + 2 * v, true));
      pos += 2 * cards[i];
    } else {
      let count = 0;
      for (let w = 0; w < 1024; w++) {
        let lo = view.getUint32(pos + 8 * w, true);
        let hi = view.getUint32(pos + 8 * w + 4, true);
        for (let bit = 0; lo !== 0 && bit < 32; bit++, lo >>>= 1) if (lo & 1) (out.push(containerBase + w * 64 + bit), count++);
        for (let bit = 32; hi !== 0 && bit < 64; bit++, hi >>>= 1) if (hi & 1) (out.push(containerBase + w * 64 + bit), count++);
      }
      if (count !== cards[i]) throw fail(`bitmap container holds ${count} values, header says ${cards[i]}`);
      pos += BITMAP_BYTES;
    }
  }
  return pos;
}

type Container = { key: number; values: number[]; kind: "array" | "bitmap" | "run"; runs: [number, number][] };

/** Encodes ascending, distinct row indexes; each 64K block takes the smallest of array, bitmap and run containers. */
export function encodeRoaringArray(sortedRows: readonly number[]): Uint8Array {
  const buckets = new Map<number, number[]>();
  for (const row of sortedRows) {
    const high = Math.floor(row / 2 ** 32);
    let list = buckets.get(high);
    if (!list) buckets.set(high, (list = []));
    list.push(row - high * 2 ** 32);
  }
  const parts: Uint8Array[] = [];
  const head = new DataView(new ArrayBuffer(12));
  head.setUint32(0, ROARING_ARRAY_MAGIC, true);
  head.setBigUint64(4, BigInt(buckets.size), true);
  parts.push(new Uint8Array(head.buffer));
  for (const [high, lows] of [...buckets].sort((a, b) => a[0] - b[0])) {
    const key = new DataView(new ArrayBuffer(4));
    key.setUint32(0, high, true);
    parts.push(new Uint8Array(key.buffer), encodeBitmap32(lows));
  }
  return concat(parts);
}

function encodeBitmap32(lows: number[]): Uint8Array {
  const containers: Container[] = [];
  for (const v of lows) {
    const key = v >>> 16;
    let c = containers[containers.length - 1];
    if (!c || c.key !== key) containers.push((c = { key, values: [], kind: "array", runs: [] }));
    c.values.push(v & 0xffff);
  }
  for (const c of containers) {
    for (const v of c.values) {
      const last = c.runs[c.runs.length - 1];
      if (last && last[0] + last[1] + 1 === v) last[1]++;
      else c.runs.push([v, 0]);
    }
    const sizes = { array: c.values.length <= ARRAY_MAX ? 2 * c.values.length : Infinity, bitmap: BITMAP_BYTES, run: 2 + 4 * c.runs.length };
    c.kind = sizes.run < Math.min(sizes.array, sizes.bitmap) ? "run" : sizes.array <= sizes.bitmap ? "array" : "bitmap";
  }
  const hasRun = containers.some((c) => c.kind === "run");
  const size = containers.length;
  const body: Uint8Array[] = containers.map(encodeContainer);
  const withOffsets = !hasRun || size >= NO_OFFSET_THRESHOLD;
  const flagBytes = hasRun ? Math.ceil(size / 8) : 0;
  const headerLength = (hasRun ? 4 + flagBytes : 8) + 4 * size + (withOffsets ? 4 * size : 0);
  const header = new DataView(new ArrayBuffer(headerLength));
  let pos = 0;
  if (hasRun) {
    header.setUint32(0, (SERIAL_COOKIE | ((size - 1) << 16)) >>> 0, true);
    containers.forEach((c, i) => {
      if (c.kind === "run") header.setUint8(4 + (i >> 3), header.getUint8(4 + (i >> 3)) | (1 << (i & 7)));
    });
    pos = 4 + flagBytes;
  } else {
    header.setUint32(0, SERIAL_COOKIE_NO_RUN, true);
    header.setUint32(4, size, true);
    pos = 8;
  }
  for (const c of containers) {
    header.setUint16(pos, c.key, true);
    header.setUint16(pos + 2, c.values.length - 1, true);
    pos += 4;
  }
  if (withOffsets) {
    let offset = headerLength;
    for (const b of body) {
      header.setUint32(pos, offset, true);
      pos += 4;
      offset += b.length;
    }
  }
  return concat([new Uint8Array(header.buffer), ...body]);
}

function encodeContainer(c: Container): Uint8Array {
  if (c.kind === "run") {
    const view = new DataView(new ArrayBuffer(2 + 4 * c.runs.length));
    view.setUint16(0, c.runs.length, true);
    c.runs.forEach(([first, lengthMinusOne], i) => {
      view.setUint16(2 + 4 * i, first, true);
      view.setUint16(4 + 4 * i, lengthMinusOne, true);
    });
    return new Uint8Array(view.buffer);
  }
  if (c.kind === "array") {
    const view = new DataView(new ArrayBuffer(2 * c.values.length));
    c.values.forEach((v, i) => view.setUint16(2 * i, v, true));
    return new Uint8Array(view.buffer);
  }
  const bits = new Uint8Array(BITMAP_BYTES);
  for (const v of c.values) bits[v >> 3] |= 1 << (v & 7);
  return bits;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
