/**
 * Thrift's compact protocol, generically: a struct decodes to its fields by id, each with its wire
 * type, so a footer can be changed field by field and written back with every field this code does
 * not know kept as it was. Only what Parquet footers use; anything else (a UUID field) is refused.
 */

export enum WireType {
  Bool = 1,
  I8 = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12,
}

export type ThriftValue =
  | { type: WireType.Bool; value: boolean }
  | { type: WireType.I8 | WireType.I16 | WireType.I32; value: number }
  | { type: WireType.I64; value: bigint }
  | { type: WireType.Double; value: number }
  | { type: WireType.Binary; value: Uint8Array }
  | { type: WireType.List | WireType.Set; elementType: WireType; items: ThriftValue[] }
  | { type: WireType.Map; keyType: WireType; valueType: WireType; entries: Array<[ThriftValue, ThriftValue]> }
  | ThriftStruct;

export interface ThriftStruct {
  type: WireType.Struct;
  fields: ThriftField[];
}

export interface ThriftField {
  id: number;
  value: ThriftValue;
}

export class ThriftError extends Error {}

/** Nesting a footer never needs; deeper input is refused rather than recursed into. */
const MAX_DEPTH = 64;

/** Decodes one struct at `offset`; returns it and where it ends. */
export function decodeStruct(bytes: Uint8Array, offset = 0): { struct: ThriftStruct; end: number } {
  const reader = new Reader(bytes, offset);
  const struct = reader.struct(0);
  return { struct, end: reader.at };
}

export function encodeStruct(struct: ThriftStruct): Uint8Array {
  const writer = new Writer();
  writer.struct(struct);
  return writer.bytes();
}

class Reader {
  private readonly view: DataView;
  constructor(
    private readonly buf: Uint8Array,
    public at: number,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private byte(): number {
    if (this.at >= this.buf.length) throw new ThriftError("thrift: input ends inside a value");
    return this.buf[this.at++];
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new ThriftError("thrift: varint too long");
  }

  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private small(): number {
    return Number(this.zigzag());
  }

  private wireType(nibble: number): WireType {
    // in a field header, 1 and 2 are a boolean's value; in collections 1 (or 2) names the type
    if (nibble === 2) return WireType.Bool;
    if (nibble < 1 || nibble > 12) throw new ThriftError(`thrift: unsupported compact type ${nibble}`);
    return nibble as WireType;
  }

  struct(depth: number): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError("thrift: nested too deep");
    const fields: ThriftField[] = [];
    let last = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return { type: WireType.Struct, fields };
      const delta = header >> 4;
      const nibble = header & 0x0f;
      const id = delta === 0 ? this.small() : last + delta;
      last = id;
      if (nibble === 1 || nibble === 2) {
        fields.push({ id, value: { type: WireType.Bool, value: nibble === 1 } });
        continue;
      }
      fields.push({ id, value: this.value(this.wireType(nibble), depth) });
    }
  }

  private value(type: WireType, depth: number): ThriftValue {
    switch (type) {
      case WireType.Bool:
        return { type, value: this.byte() === 1 };
      case WireType.I8: {
        const b = this.byte();
        return { type, value: b > 127 ? b - 256 : b };
      }
      case WireType.I16:
      case WireType.I32:
        return { type, value: this.small() };
      case WireType.I64:
        return { type, value: BigInt.asIntN(64, this.zigzag()) };
      case WireType.Double: {
        if (this.at + 8 > this.buf.length) throw new ThriftError("thrift: input ends inside a double");
        const value = this.view.getFloat64(this.at, true);
        this.at += 8;
        return { type, value };
      }
      case WireType.Binary: {
        const length = Number(this.varint());
        if (this.at + length > this.buf.length) throw new ThriftError("thrift: input ends inside a binary");
        const value = this.buf.slice(this.at, this.at + length);
        this.at += length;
        return { type, value };
      }
      case WireType.List:
      case WireType.Set: {
        const header = this.byte();
        const size = header >> 4 === 15 ? Number(this.varint()) : header >> 4;
        const elementType = this.wireType(header & 0x0f);
        const items = Array.from({ length: this.bounded(size) }, () => this.value(elementType, depth + 1));
        return { type, elementType, items };
      }
      case WireType.Map: {
        const size = this.bounded(Number(this.varint()));
        if (size === 0) return { type, keyType: WireType.Binary, valueType: WireType.Binary, entries: [] };
        const kinds = this.byte();
        const keyType = this.wireType(kinds >> 4);
        const valueType = this.wireType(kinds & 0x0f);
        const entries = Array.from({ length: size }, () => [this.value(keyType, depth + 1), this.value(valueType, depth + 1)] as [ThriftValue, ThriftValue]);
        return { type, keyType, valueType, entries };
      }
      case WireType.Struct:
        return this.struct(depth + 1);
    }
  }

  /** A collection cannot have more elements than bytes left (each takes at least one). */
  private bounded(size: number): number {
    if (size > this.buf.length - this.at) throw new ThriftError("thrift: collection larger than its input");
    return size;
  }
}

/** An unsigned varint (ULEB128: 7 bits a byte, low first), as the compact protocol and Parquet's RLE run headers write it. */
export function varint(n: bigint | number): number[] {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return bytes;
}

class Writer {
  private chunks: number[] = [];

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  private varint(n: bigint): void {
    this.chunks.push(...varint(n));
  }

  private zigzag(n: bigint): void {
    this.varint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
  }

  struct(struct: ThriftStruct): void {
    let last = 0;
    for (const { id, value } of [...struct.fields].sort((a, b) => a.id - b.id)) {
      const nibble = value.type === WireType.Bool ? (value.value ? 1 : 2) : value.type;
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.chunks.push((delta << 4) | nibble);
      else {
        this.chunks.push(nibble);
        this.zigzag(BigInt(id));
      }
      last = id;
      if (value.type !== WireType.Bool) this.value(value);
    }
    this.chunks.push(0);
  }

  private value(value: ThriftValue): void {
    switch (value.type) {
      case WireType.Bool:
        this.chunks.push(value.value ? 1 : 2);
        return;
      case WireType.I8:
        this.chunks.push(value.value & 0xff);
        return;
      case WireType.I16:
      case WireType.I32:
        this.zigzag(BigInt(value.value));
        return;
      case WireType.I64:
        this.zigzag(value.value);
        return;
      case WireType.Double: {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value.value, true);
        this.chunks.push(...b);
        return;
      }
      case WireType.Binary:
        this.varint(BigInt(value.value.length));
        for (const b of value.value) this.chunks.push(b);
        return;
      case WireType.List:
      case WireType.Set: {
        const size = value.items.length;
        if (size < 15) this.chunks.push((size << 4) | value.elementType);
        else {
          this.chunks.push(0xf0 | value.elementType);
          this.varint(BigInt(size));
        }
        for (const item of value.items) this.value(item);
        return;
      }
      case WireType.Map:
        this.varint(BigInt(value.entries.length));
        if (value.entries.length === 0) return;
        this.chunks.push((value.keyType << 4) | value.valueType);
        for (const [k, v] of value.entries) {
          this.value(k);
          this.value(v);
        }
        return;
      case WireType.Struct:
        this.struct(value);
        return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// field access

export function field(struct: ThriftStruct, id: number): ThriftValue | undefined {
  return struct.fields.find((f) => f.id === id)?.value;
}

export function i32Field(struct: ThriftStruct, id: number): number | undefined {
  const value = field(struct, id);
  return value && (value.type === WireType.I32 || value.type === WireType.I16 || value.type === WireType.I8) ? value.value : undefined;
}

export function i64Field(struct: ThriftStruct, id: number): bigint | undefined {
  const value = field(struct, id);
  return value?.type === WireType.I64 ? value.value : undefined;
}

export function boolField(struct: ThriftStruct, id: number): boolean | undefined {
  const value = field(struct, id);
  return value?.type === WireType.Bool ? value.value : undefined;
}

export function stringField(struct: ThriftStruct, id: number): string | undefined {
  const value = field(struct, id);
  return value && textOf(value);
}

/** A binary value as UTF-8 text (undefined for another type, or bytes that are not UTF-8). */
export function textOf(value: ThriftValue): string | undefined {
  if (value.type !== WireType.Binary) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(value.value);
  } catch {
    return undefined;
  }
}

export function structField(struct: ThriftStruct, id: number): ThriftStruct | undefined {
  const value = field(struct, id);
  return value?.type === WireType.Struct ? value : undefined;
}

export function listField(struct: ThriftStruct, id: number): ThriftValue[] | undefined {
  const value = field(struct, id);
  return value?.type === WireType.List ? value.items : undefined;
}

/** A copy of the struct with field `id` set to `value` (or removed when undefined). */
export function withField(struct: ThriftStruct, id: number, value: ThriftValue | undefined): ThriftStruct {
  const fields = struct.fields.filter((f) => f.id !== id);
  if (value !== undefined) fields.push({ id, value });
  return { type: WireType.Struct, fields: fields.sort((a, b) => a.id - b.id) };
}

export const binary = (text: string): ThriftValue => ({ type: WireType.Binary, value: new TextEncoder().encode(text) });
export const i32 = (value: number): ThriftValue => ({ type: WireType.I32, value });
export const list = (elementType: WireType, items: ThriftValue[]): ThriftValue => ({ type: WireType.List, elementType, items });
export const i64 = (value: number | bigint): ThriftValue => ({ type: WireType.I64, value: BigInt(value) });
/** a struct of the fields given as [id, value] */
export const struct = (...fields: Array<[number, ThriftValue]>): ThriftStruct => ({ type: WireType.Struct, fields: fields.map(([id, value]) => ({ id, value })) });
