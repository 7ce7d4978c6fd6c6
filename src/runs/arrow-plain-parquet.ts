/**
 * An Arrow result chunk of flat columns as a plain Parquet file, buffer by buffer: Arrow and
 * Parquet lay out these values alike (little-endian integers and floats, bit-packed booleans,
 * length-prefixed bytes), so each value's bytes are copied, never read as a JavaScript value or
 * written as text. Each record batch becomes a row group. A column whose Arrow type is not the one
 * its Spark type is sent as (nested values arrive as JSON text) makes the chunk take the JSON path.
 */
import * as arrow from "apache-arrow";
import type { SqlColumn } from "../databricks/client.js";
import { stagedDuckDbType, type SparkType } from "../databricks/spark-types.js";
import { ConvertedType, PhysicalType, type PlainColumn, PlainFileError, type PlainPage, plainParquetFile, quoteIdent } from "../delta/index.js";

export interface PlainChunk {
  /** the file's bytes, to write one after another */
  pieces: Uint8Array[];
  /** a SELECT list over the file giving each column its staged DuckDB type (stagedDuckDbType) */
  projection: string;
}

/** The chunk as a plain Parquet file, or undefined when a column has no plain layout here. */
export function plainParquetOf(table: arrow.Table, columns: readonly SqlColumn[]): PlainChunk | undefined {
  const layouts: ColumnLayout[] = [];
  for (const column of columns) {
    const vector = table.getChild(column.name);
    if (!vector) throw new Error(`a result chunk has no column ${column.name}`);
    const layout = layoutOf(vector.type as arrow.DataType, column.type);
    if (!layout) return undefined;
    layouts.push(layout);
  }
  const rowGroups = table.batches
    .filter((batch) => batch.numRows > 0)
    .map((batch) => ({ rows: batch.numRows, pages: columns.map((column, k) => page(batch.getChild(column.name)!.data[0], layouts[k])) }));
  const plainColumns = columns.map((column, k): PlainColumn => ({ name: column.name, ...layouts[k].column }));
  let pieces: Uint8Array[];
  try {
    pieces = plainParquetFile(plainColumns, rowGroups);
  } catch (error) {
    // a column of over 2 GiB in one batch does not fit one page
    if (error instanceof PlainFileError) return undefined;
    throw error;
  }
  return { pieces, projection: columns.map((column, k) => `${layouts[k].staged(quoteIdent(column.name))} AS ${quoteIdent(column.name)}`).join(", ") };
}

interface ColumnLayout {
  column: Omit<PlainColumn, "name">;
  /** the values of the rows that have one, as Parquet's PLAIN encoding writes them */
  values(data: arrow.Data, valid: Valid): Uint8Array;
  /** the SQL giving the column its staged type */
  staged(column: string): string;
}

type Valid = ((row: number) => boolean) | undefined;

function layoutOf(arrowType: arrow.DataType, type: SparkType): ColumnLayout | undefined {
  const cast = (column: string) => `CAST(${column} AS ${stagedDuckDbType(type)})`;
  if (type.kind === "decimal") {
    // Decimal128's 16 bytes, little-endian, are Parquet's FIXED_LEN_BYTE_ARRAY(16) reversed; only the same scale, so the cast never rounds
    if (!arrow.DataType.isDecimal(arrowType) || arrowType.bitWidth !== 128 || arrowType.scale !== type.scale) return undefined;
    const decimal = { precision: arrowType.precision, scale: arrowType.scale };
    return { column: { type: PhysicalType.FixedLenByteArray, typeLength: 16, convertedType: ConvertedType.Decimal, decimal }, values: bytesOf(16, "reversed"), staged: cast };
  }
  if (type.kind !== "primitive") return undefined;
  const name = type.name;
  if (arrow.DataType.isInt(arrowType) && arrowType.isSigned) {
    const expected = { 8: "byte", 16: "short", 32: "int", 64: "long" }[arrowType.bitWidth];
    if (expected !== name) return undefined;
    if (arrowType.bitWidth === 64) return { column: { type: PhysicalType.Int64 }, values: bytesOf(8), staged: cast };
    if (arrowType.bitWidth === 32) return { column: { type: PhysicalType.Int32 }, values: bytesOf(4), staged: cast };
    return { column: { type: PhysicalType.Int32 }, values: widenedToInt32, staged: cast };
  }
  if (arrow.DataType.isFloat(arrowType)) {
    if (arrowType.precision === arrow.Precision.SINGLE && name === "float") return { column: { type: PhysicalType.Float }, values: bytesOf(4), staged: cast };
    if (arrowType.precision === arrow.Precision.DOUBLE && name === "double") return { column: { type: PhysicalType.Double }, values: bytesOf(8), staged: cast };
    return undefined;
  }
  if (arrow.DataType.isBool(arrowType) && name === "boolean") return { column: { type: PhysicalType.Boolean }, values: packedBooleans, staged: cast };
  if (arrow.DataType.isUtf8(arrowType) && name === "string") return { column: { type: PhysicalType.ByteArray, convertedType: ConvertedType.Utf8 }, values: lengthPrefixed, staged: cast };
  if (arrow.DataType.isBinary(arrowType) && name === "binary") return { column: { type: PhysicalType.ByteArray }, values: lengthPrefixed, staged: cast };
  if (arrow.DataType.isDate(arrowType) && arrowType.unit === arrow.DateUnit.DAY && name === "date") {
    return { column: { type: PhysicalType.Int32, convertedType: ConvertedType.Date }, values: bytesOf(4), staged: cast };
  }
  if (arrow.DataType.isTimestamp(arrowType) && (name === "timestamp" || name === "timestamp_ntz")) {
    // microseconds since the epoch as a plain INT64, made a timestamp by DuckDB as the JSON path does
    const staged = (column: string) => (name === "timestamp" ? `make_timestamp(${column})::TIMESTAMPTZ` : `make_timestamp(${column})`);
    return { column: { type: PhysicalType.Int64 }, values: arrowType.unit === arrow.TimeUnit.MICROSECOND ? bytesOf(8) : microseconds(arrowType.unit), staged };
  }
  return undefined;
}

function page(data: arrow.Data, layout: ColumnLayout): PlainPage {
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  const valid: Valid = bitmap ? (row) => bitSet(bitmap, data.offset + row) : undefined;
  return { validity: valid && validityFrom(bitmap!, data.offset, data.length), values: layout.values(data, valid) };
}

const bitSet = (bits: Uint8Array, index: number) => ((bits[index >> 3] >> (index & 7)) & 1) === 1;

/** The rows' validity starting at bit 0 (Arrow's may start anywhere in its first byte). */
function validityFrom(bitmap: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(length / 8));
  if (offset % 8 === 0) out.set(bitmap.subarray(offset / 8, offset / 8 + out.length));
  else for (let row = 0; row < length; row++) if (bitSet(bitmap, offset + row)) out[row >> 3] |= 1 << (row & 7);
  if (length % 8 !== 0) out[out.length - 1] &= (1 << (length % 8)) - 1;
  return out;
}

/**
 * The column's value bytes, `width` a row. Arrow's JavaScript slices start a fixed-width column's
 * values and a variable-width column's offsets at the slice's first row; only the bitmaps (validity,
 * booleans) are read from bit `data.offset`.
 */
function valueBytes(data: arrow.Data, width: number): Uint8Array {
  const values = data.values as ArrayBufferView;
  return new Uint8Array(values.buffer, values.byteOffset, data.length * width);
}

/**
 * Fixed-width values of `width` bytes copied as bytes (a float's bits, NaN payloads included, are
 * never read as a number); "reversed" turns each little-endian value big-endian, as Parquet stores a
 * decimal's FIXED_LEN_BYTE_ARRAY.
 */
function bytesOf(width: number, order: "as they are" | "reversed" = "as they are"): ColumnLayout["values"] {
  return (data, valid) => {
    const source = valueBytes(data, width);
    if (!valid && order === "as they are") return source;
    const out = new Uint8Array(validCount(data) * width);
    let at = 0;
    for (let row = 0; row < data.length; row++) {
      if (valid && !valid(row)) continue;
      if (order === "reversed") for (let k = 0; k < width; k++) out[at + k] = source[row * width + width - 1 - k];
      else out.set(source.subarray(row * width, row * width + width), at);
      at += width;
    }
    return out;
  };
}

function validCount(data: arrow.Data): number {
  return data.length - data.nullCount;
}

function widenedToInt32(data: arrow.Data, valid: Valid): Uint8Array {
  const source = data.values as Int8Array | Int16Array;
  const out = new Int32Array(validCount(data));
  let at = 0;
  for (let row = 0; row < data.length; row++) if (!valid || valid(row)) out[at++] = source[row];
  return new Uint8Array(out.buffer);
}

function microseconds(unit: arrow.TimeUnit): (data: arrow.Data, valid: Valid) => Uint8Array {
  // a second or a millisecond is a whole number of microseconds; a nanosecond count loses its last three digits, as the JSON path's division does
  const [times, per] = unit === arrow.TimeUnit.SECOND ? [1_000_000n, 1n] : unit === arrow.TimeUnit.MILLISECOND ? [1000n, 1n] : [1n, 1000n];
  return (data, valid) => {
    const source = data.values as BigInt64Array;
    const out = new BigInt64Array(validCount(data));
    let at = 0;
    for (let row = 0; row < data.length; row++) if (!valid || valid(row)) out[at++] = (source[row] * times) / per;
    return new Uint8Array(out.buffer);
  };
}

function packedBooleans(data: arrow.Data, valid: Valid): Uint8Array {
  const bits = data.values as Uint8Array;
  const out = new Uint8Array(Math.ceil(validCount(data) / 8));
  let at = 0;
  for (let row = 0; row < data.length; row++) {
    if (valid && !valid(row)) continue;
    if (bitSet(bits, data.offset + row)) out[at >> 3] |= 1 << (at & 7);
    at++;
  }
  return out;
}

/** Each value's byte length (4 bytes, little-endian), then its bytes. */
function lengthPrefixed(data: arrow.Data, valid: Valid): Uint8Array {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let row = 0; row < data.length; row++) if (!valid || valid(row)) total += 4 + offsets[row + 1] - offsets[row];
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let row = 0; row < data.length; row++) {
    if (valid && !valid(row)) continue;
    const start = offsets[row];
    const end = offsets[row + 1];
    out.writeUInt32LE(end - start, at);
    source.copy(out, at + 4, start, end);
    at += 4 + end - start;
  }
  return out;
}
