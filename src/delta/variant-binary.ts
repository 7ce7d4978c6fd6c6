/**
 * Spark's VARIANT in its binary form (the Parquet Variant encoding, docs/variant.md): a metadata buffer (the dictionary of object
 * keys) and a value buffer. Here a value is read into a tree (VariantNode) and a tree written back as Spark's VariantBuilder
 * writes it: the smallest integer type, object fields listed by key, each key once in the dictionary in the order first met.
 */

/** a VARIANT's value as a tree; numbers keep their exact type (Spark writes each its own way) */
export type VariantNode =
  | { kind: "object"; fields: [string, VariantNode][] }
  | { kind: "array"; items: VariantNode[] }
  | { kind: "null" }
  | { kind: "boolean"; value: boolean }
  | { kind: "long"; value: bigint }
  | { kind: "double" | "float"; value: number }
  | { kind: "decimal"; unscaled: bigint; scale: number }
  | { kind: "string"; value: string }
  | { kind: "binary"; bytes: Uint8Array }
  | { kind: "date"; days: number }
  | { kind: "timestamp" | "timestamp_ntz"; micros: bigint }
  | { kind: "uuid"; text: string };

/** the basic types, a header's lowest two bits, where 0 is a primitive */
const [SHORT_STRING, OBJECT, ARRAY] = [1, 2, 3];
/** the primitive types' ids (the header's upper six bits) */
const TYPE = {
  null: 0, true: 1, false: 2, int8: 3, int16: 4, int32: 5, int64: 6, double: 7, decimal4: 8, decimal8: 9, decimal16: 10,
  date: 11, timestamp: 12, timestampNtz: 13, float: 14, binary: 15, string: 16, timeNtz: 17, timestampNanos: 18, timestampNtzNanos: 19, uuid: 20,
} as const;
const MAX_SHORT_STRING = 63;
/** Spark's limit on either buffer */
export const VARIANT_SIZE_LIMIT = 16 * 1024 * 1024;

const decoder = new TextDecoder("utf-8");
const encoder = new TextEncoder();

export class MalformedVariant extends Error {}

function unsigned(bytes: Uint8Array, at: number, size: number): number {
  if (at + size > bytes.length) throw new MalformedVariant("the variant's buffer ends early");
  let n = 0;
  for (let k = size - 1; k >= 0; k--) n = n * 256 + bytes[at + k];
  return n;
}

function signed(bytes: Uint8Array, at: number, size: number): bigint {
  if (at + size > bytes.length) throw new MalformedVariant("the variant's buffer ends early");
  let n = 0n;
  for (let k = size - 1; k >= 0; k--) n = (n << 8n) | BigInt(bytes[at + k]);
  return BigInt.asIntN(size * 8, n);
}

/** the dictionary of a metadata buffer, and the buffer's length (it may be followed by the value, as DuckDB's bytes are) */
export function readMetadata(bytes: Uint8Array, at = 0): { keys: string[]; length: number } {
  const header = bytes[at];
  if (header === undefined || (header & 0x0f) !== 1) throw new MalformedVariant(`the variant's metadata is not version 1`);
  const offsetSize = ((header >> 6) & 3) + 1;
  const count = unsigned(bytes, at + 1, offsetSize);
  const offsetsAt = at + 1 + offsetSize;
  const stringsAt = offsetsAt + (count + 1) * offsetSize;
  const keys: string[] = [];
  for (let k = 0; k < count; k++) {
    const [start, end] = [unsigned(bytes, offsetsAt + k * offsetSize, offsetSize), unsigned(bytes, offsetsAt + (k + 1) * offsetSize, offsetSize)];
    keys.push(decoder.decode(bytes.subarray(stringsAt + start, stringsAt + end)));
  }
  return { keys, length: stringsAt - at + unsigned(bytes, offsetsAt + count * offsetSize, offsetSize) };
}

/** the value at `at` of a value buffer, its object keys read from `keys` */
export function readValue(bytes: Uint8Array, keys: readonly string[], at = 0): VariantNode {
  const header = bytes[at];
  if (header === undefined) throw new MalformedVariant("the variant's value is empty");
  const [basic, rest] = [header & 3, header >> 2];
  if (basic === SHORT_STRING) return { kind: "string", value: decoder.decode(bytes.subarray(at + 1, at + 1 + rest)) };
  if (basic === OBJECT || basic === ARRAY) return readContainer(bytes, keys, at);
  return readPrimitive(bytes, at + 1, rest);
}

function readContainer(bytes: Uint8Array, keys: readonly string[], at: number): VariantNode {
  const { basic, count, idSize, idsAt, offset } = containerLayout(bytes, at);
  const element = (k: number) => readValue(bytes, keys, offset(k));
  if (basic === ARRAY) return { kind: "array", items: Array.from({ length: count }, (_, k) => element(k)) };
  const fields = Array.from({ length: count }, (_, k): [string, VariantNode] => {
    const key = keys[unsigned(bytes, idsAt + k * idSize, idSize)];
    if (key === undefined) throw new MalformedVariant("an object's field names no key of the dictionary");
    return [key, element(k)];
  });
  return { kind: "object", fields };
}

/** a / b rounded down, as java.time turns nanoseconds before the epoch into microseconds */
export const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function readPrimitive(bytes: Uint8Array, at: number, type: number): VariantNode {
  const view = () => {
    if (at + (type === TYPE.float ? 4 : 8) > bytes.length) throw new MalformedVariant("the variant's buffer ends early");
    return new DataView(bytes.buffer, bytes.byteOffset + at, bytes.length - at);
  };
  switch (type) {
    case TYPE.null:
      return { kind: "null" };
    case TYPE.true:
    case TYPE.false:
      return { kind: "boolean", value: type === TYPE.true };
    case TYPE.int8:
    case TYPE.int16:
    case TYPE.int32:
    case TYPE.int64:
      return { kind: "long", value: signed(bytes, at, 2 ** (type - TYPE.int8)) };
    case TYPE.double:
      return { kind: "double", value: view().getFloat64(0, true) };
    case TYPE.float:
      return { kind: "float", value: view().getFloat32(0, true) };
    case TYPE.decimal4:
    case TYPE.decimal8:
    case TYPE.decimal16:
      return { kind: "decimal", scale: bytes[at], unscaled: signed(bytes, at + 1, 4 * 2 ** (type - TYPE.decimal4)) };
    case TYPE.date:
      return { kind: "date", days: Number(signed(bytes, at, 4)) };
    case TYPE.timestamp:
    case TYPE.timestampNtz:
      return { kind: type === TYPE.timestamp ? "timestamp" : "timestamp_ntz", micros: signed(bytes, at, 8) };
    case TYPE.timestampNanos:
    case TYPE.timestampNtzNanos:
      return { kind: type === TYPE.timestampNanos ? "timestamp" : "timestamp_ntz", micros: floorDiv(signed(bytes, at, 8), 1000n) };
    case TYPE.binary:
      return { kind: "binary", bytes: bytes.slice(at + 4, at + 4 + unsigned(bytes, at, 4)) };
    case TYPE.string:
      return { kind: "string", value: decoder.decode(bytes.subarray(at + 4, at + 4 + unsigned(bytes, at, 4))) };
    case TYPE.uuid: {
      const hex = Buffer.from(bytes.subarray(at, at + 16)).toString("hex");
      return { kind: "uuid", text: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
    }
    default:
      throw new MalformedVariant(`the variant holds a value of type ${type}, which Spark does not write`);
  }
}

/** the layout of an object or an array at `at`: its members' count, where their ids and offsets are and where their data starts */
function containerLayout(bytes: Uint8Array, at: number) {
  const [basic, rest] = [bytes[at] & 3, bytes[at] >> 2];
  const offsetSize = (rest & 3) + 1;
  const idSize = basic === OBJECT ? ((rest >> 2) & 3) + 1 : 0;
  const countSize = (basic === OBJECT ? (rest >> 4) & 1 : (rest >> 2) & 1) ? 4 : 1;
  const count = unsigned(bytes, at + 1, countSize);
  const idsAt = at + 1 + countSize;
  const offsetsAt = idsAt + count * idSize;
  const dataAt = offsetsAt + (count + 1) * offsetSize;
  return { basic, count, idSize, idsAt, offsetSize, offsetsAt, dataAt, offset: (k: number) => dataAt + unsigned(bytes, offsetsAt + k * offsetSize, offsetSize) };
}

/** the number of bytes of the value at `at` */
function valueSize(bytes: Uint8Array, at: number): number {
  const [basic, rest] = [bytes[at] & 3, bytes[at] >> 2];
  if (basic === SHORT_STRING) return 1 + rest;
  if (basic === OBJECT || basic === ARRAY) {
    const layout = containerLayout(bytes, at);
    return layout.offset(layout.count) - at;
  }
  const fixed: Record<number, number> = { [TYPE.int8]: 1, [TYPE.int16]: 2, [TYPE.int32]: 4, [TYPE.date]: 4, [TYPE.float]: 4, [TYPE.decimal4]: 5, [TYPE.decimal8]: 9, [TYPE.decimal16]: 17, [TYPE.uuid]: 16 };
  if (rest === TYPE.binary || rest === TYPE.string) return 5 + unsigned(bytes, at + 1, 4);
  return 1 + (rest <= TYPE.false ? 0 : (fixed[rest] ?? 8));
}

/** one step of a path into a variant: an object's field (its name as written, case and all) or an array's element (from 0) */
export type VariantStep = { field: string } | { index: number };

/**
 * the bytes (metadata, then value, as DuckDB's variant_bytes_to_variant reads them) of the value a path names inside a variant's,
 * which keeps the variant's metadata; undefined where the path names none (a field not there, an index past the end, a step into
 * a value that is no object or array)
 */
export function variantBytesAt(bytes: Uint8Array, steps: readonly VariantStep[]): Uint8Array | undefined {
  const { keys, length } = readMetadata(bytes);
  let at = length;
  for (const step of steps) {
    if ((bytes[at] & 3) !== ("index" in step ? ARRAY : OBJECT)) return undefined;
    const layout = containerLayout(bytes, at);
    if ("index" in step) {
      if (step.index < 0 || step.index >= layout.count) return undefined;
      at = layout.offset(step.index);
      continue;
    }
    const k = Array.from({ length: layout.count }, (_, k) => k).find((k) => keys[unsigned(bytes, layout.idsAt + k * layout.idSize, layout.idSize)] === step.field);
    if (k === undefined) return undefined;
    at = layout.offset(k);
  }
  return Buffer.concat([bytes.subarray(0, length), bytes.subarray(at, at + valueSize(bytes, at))]);
}

/**
 * the members of an object (each with its key, in the object's order) or an array, each as bytes (metadata, then value) as
 * variantBytesAt gives them; none for any other value
 */
export function variantMembers(bytes: Uint8Array): { key?: string; bytes: Uint8Array }[] {
  const { keys, length } = readMetadata(bytes);
  const basic = bytes[length] & 3;
  if (basic !== OBJECT && basic !== ARRAY) return [];
  const layout = containerLayout(bytes, length);
  const metadata = bytes.subarray(0, length);
  return Array.from({ length: layout.count }, (_, k) => {
    const at = layout.offset(k);
    const member = Buffer.concat([metadata, bytes.subarray(at, at + valueSize(bytes, at))]);
    return basic === OBJECT ? { key: keys[unsigned(bytes, layout.idsAt + k * layout.idSize, layout.idSize)], bytes: member } : { bytes: member };
  });
}

/** metadata then value, as DuckDB's variant_bytes_to_variant reads them: the tree of a variant's bytes */
export function readVariantBytes(bytes: Uint8Array): VariantNode {
  const { keys, length } = readMetadata(bytes);
  return readValue(bytes, keys, length);
}

/** the smallest of 1, 2 or 3 bytes that holds n */
const sizeFor = (n: number) => (n <= 0xff ? 1 : n <= 0xffff ? 2 : 3);

/** an appending byte buffer */
class Bytes {
  private buffer = new Uint8Array(128);
  length = 0;

  private room(more: number): void {
    if (this.length + more > VARIANT_SIZE_LIMIT) throw new VariantTooLarge();
    if (this.length + more <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + more));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.length++] = b;
  }

  /** n in `size` little-endian bytes (two's complement for a negative n) */
  int(n: bigint | number, size: number): void {
    this.room(size);
    let v = BigInt.asUintN(size * 8, BigInt(n));
    for (let k = 0; k < size; k++, v >>= 8n) this.buffer[this.length++] = Number(v & 0xffn);
  }

  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** the bytes from `start` on, taken out so a header can be written before them */
  takeFrom(start: number): Uint8Array {
    const taken = this.buffer.slice(start, this.length);
    this.length = start;
    return taken;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class VariantTooLarge extends Error {}
export class DuplicateVariantKey extends Error {
  constructor(readonly key: string) {
    super(`duplicate key ${key}`);
  }
}

/** Java's String.compareTo: by UTF-16 code units, which is JavaScript's own order of strings */
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Writes a variant as Spark's VariantBuilder does, value by value in the order they are met: start an object or array, add its
 * members, finish it. The dictionary keeps each key once, numbered in the order first added.
 */
export class VariantWriter {
  private readonly value = new Bytes();
  private readonly keyIds = new Map<string, number>();
  private readonly keys: Uint8Array[] = [];

  get position(): number {
    return this.value.length;
  }

  null(): void {
    this.value.byte(TYPE.null << 2);
  }

  boolean(b: boolean): void {
    this.value.byte((b ? TYPE.true : TYPE.false) << 2);
  }

  long(n: bigint): void {
    const size = n === BigInt.asIntN(8, n) ? 1 : n === BigInt.asIntN(16, n) ? 2 : n === BigInt.asIntN(32, n) ? 4 : 8;
    this.value.byte((TYPE.int8 + Math.log2(size)) << 2);
    this.value.int(n, size);
  }

  double(x: number): void {
    this.value.byte(TYPE.double << 2);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, x, true);
    this.value.append(bytes);
  }

  /** a decimal of at most 38 digits and scale at most 38, in the narrowest of Spark's three widths that holds it */
  decimal(unscaled: bigint, scale: number, precision: number): void {
    const width = scale <= 9 && precision <= 9 ? 0 : scale <= 18 && precision <= 18 ? 1 : 2;
    this.value.byte((TYPE.decimal4 + width) << 2);
    this.value.byte(scale);
    this.value.int(unscaled, 4 * 2 ** width);
  }

  string(text: string): void {
    const bytes = encoder.encode(text);
    if (bytes.length <= MAX_SHORT_STRING) this.value.byte((bytes.length << 2) | SHORT_STRING);
    else {
      this.value.byte(TYPE.string << 2);
      this.value.int(bytes.length, 4);
    }
    this.value.append(bytes);
  }

  /** the id of an object's key, added to the dictionary when new */
  keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keyIds.set(key, id);
      this.keys.push(encoder.encode(key));
    }
    return id;
  }

  /** ends an object whose fields' values were written from `start` on, each field at its offset from `start` */
  finishObject(start: number, fields: { key: string; id: number; offset: number }[]): void {
    fields.sort(byKey);
    for (let k = 1; k < fields.length; k++) if (fields[k].key === fields[k - 1].key) throw new DuplicateVariantKey(fields[k].key);
    const data = this.value.takeFrom(start);
    const idSize = sizeFor(fields.reduce((max, f) => Math.max(max, f.id), 0));
    const offsetSize = sizeFor(data.length);
    const large = fields.length > 0xff;
    this.value.byte(((large ? 1 : 0) << 6) | ((idSize - 1) << 4) | ((offsetSize - 1) << 2) | OBJECT);
    this.value.int(fields.length, large ? 4 : 1);
    for (const f of fields) this.value.int(f.id, idSize);
    for (const f of fields) this.value.int(f.offset, offsetSize);
    this.value.int(data.length, offsetSize);
    this.value.append(data);
  }

  /** ends an array whose elements were written from `start` on, each at its offset from `start` */
  finishArray(start: number, offsets: number[]): void {
    const data = this.value.takeFrom(start);
    const offsetSize = sizeFor(data.length);
    const large = offsets.length > 0xff;
    this.value.byte(((large ? 1 : 0) << 4) | ((offsetSize - 1) << 2) | ARRAY);
    this.value.int(offsets.length, large ? 4 : 1);
    for (const offset of offsets) this.value.int(offset, offsetSize);
    this.value.int(data.length, offsetSize);
    this.value.append(data);
  }

  /** the metadata buffer (version 1, offsets as wide as the keys' bytes need) */
  metadata(): Uint8Array {
    const stringsLength = this.keys.reduce((n, k) => n + k.length, 0);
    if (Math.max(stringsLength, this.keys.length) > VARIANT_SIZE_LIMIT) throw new VariantTooLarge();
    const offsetSize = sizeFor(Math.max(stringsLength, this.keys.length));
    const out = new Bytes();
    out.byte(1 | ((offsetSize - 1) << 6));
    out.int(this.keys.length, offsetSize);
    let offset = 0;
    for (const key of this.keys) {
      out.int(offset, offsetSize);
      offset += key.length;
    }
    out.int(offset, offsetSize);
    for (const key of this.keys) out.append(key);
    return out.result();
  }

  valueBytes(): Uint8Array {
    return this.value.result();
  }
}
