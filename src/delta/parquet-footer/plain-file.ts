/**
 * A plain Parquet file made from values already laid out as Parquet stores them: flat OPTIONAL
 * columns, each column of a row group one uncompressed data page (PLAIN values, definition levels
 * as one RLE or bit-packed run). No statistics, dictionary or compression: a file written to be
 * read once, by DuckDB, right after. Field ids and enum values are parquet.thrift's.
 */
import { type ThriftStruct, type ThriftValue, WireType, binary, encodeStruct, i32, i64, list, struct, varint } from "./thrift-compact.js";

export enum PhysicalType {
  Boolean = 0,
  Int32 = 1,
  Int64 = 2,
  Float = 4,
  Double = 5,
  ByteArray = 6,
  FixedLenByteArray = 7,
}

/** parquet.thrift's ConvertedType, the annotations every reader knows */
export enum ConvertedType {
  Utf8 = 0,
  Decimal = 5,
  Date = 6,
}

export interface PlainColumn {
  name: string;
  type: PhysicalType;
  /** a FIXED_LEN_BYTE_ARRAY's length in bytes */
  typeLength?: number;
  convertedType?: ConvertedType;
  /** with ConvertedType.Decimal */
  decimal?: { precision: number; scale: number };
}

/** One column's values in one row group. */
export interface PlainPage {
  /** a bit per row, least significant first, set where the row has a value; undefined when every row has one */
  validity?: Uint8Array;
  /** the values of the rows that have one, PLAIN-encoded, one after another */
  values: Uint8Array;
}

export interface PlainRowGroup {
  rows: number;
  /** a page for each column, in the columns' order */
  pages: PlainPage[];
}

const MAGIC = Buffer.from("PAR1", "latin1");
const PageType = { dataPage: 0 } as const;
const Encoding = { plain: 0, rle: 3 } as const;
const CompressionCodec = { uncompressed: 0 } as const;
const Repetition = { optional: 1 } as const;
/** a page's sizes are i32 in its header */
const MAX_PAGE_BYTES = 2 ** 31 - 1;

export class PlainFileError extends Error {}

/** The file's bytes, as pieces to write one after another. */
export function plainParquetFile(columns: readonly PlainColumn[], rowGroups: readonly PlainRowGroup[]): Uint8Array[] {
  const pieces: Uint8Array[] = [MAGIC];
  let at = MAGIC.length;
  const groups: ThriftValue[] = [];
  for (const group of rowGroups) {
    if (group.pages.length !== columns.length) throw new PlainFileError(`a row group has ${group.pages.length} pages for ${columns.length} columns`);
    const chunks: ThriftValue[] = [];
    let groupBytes = 0;
    columns.forEach((column, k) => {
      const levels = definitionLevels(group.pages[k].validity, group.rows);
      const bodyBytes = levels.length + group.pages[k].values.length;
      if (bodyBytes > MAX_PAGE_BYTES) throw new PlainFileError(`column ${column.name} holds ${bodyBytes} bytes in one row group; a page holds at most ${MAX_PAGE_BYTES}`);
      const header = encodeStruct(pageHeader(group.rows, bodyBytes));
      pieces.push(header, levels, group.pages[k].values);
      const chunkBytes = header.length + bodyBytes;
      chunks.push(columnChunk(column, group.rows, at, chunkBytes));
      at += chunkBytes;
      groupBytes += chunkBytes;
    });
    groups.push(struct([1, list(WireType.Struct, chunks)], [2, i64(groupBytes)], [3, i64(group.rows)]));
  }
  const rows = rowGroups.reduce((n, g) => n + g.rows, 0);
  const metadata = struct(
    [1, i32(1)],
    [2, list(WireType.Struct, [struct([4, binary("schema")], [5, i32(columns.length)]), ...columns.map(schemaElement)])],
    [3, i64(rows)],
    [4, list(WireType.Struct, groups)],
    [6, binary("databricks-source")],
  );
  const footer = encodeStruct(metadata);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length, 0);
  pieces.push(footer, length, MAGIC);
  return pieces;
}

/** The levels of a column whose values are optional: their byte length, then one run over every row. */
function definitionLevels(validity: Uint8Array | undefined, rows: number): Uint8Array {
  // every row valid: an RLE run of the value 1; otherwise a bit-packed run of groups of 8 levels, which at bit width 1 are the validity bitmap's bytes
  const groups = Math.ceil(rows / 8);
  const run = validity === undefined ? [...varint(rows * 2), 1] : [...varint(groups * 2 + 1)];
  const bodyLength = run.length + (validity === undefined ? 0 : groups);
  const out = new Uint8Array(4 + bodyLength);
  new DataView(out.buffer).setUint32(0, bodyLength, true);
  out.set(run, 4);
  if (validity !== undefined) {
    if (validity.length < groups) throw new PlainFileError(`a validity bitmap of ${validity.length} bytes for ${rows} rows`);
    out.set(validity.subarray(0, groups), 4 + run.length);
  }
  return out;
}

function pageHeader(rows: number, bodyBytes: number): ThriftStruct {
  const dataPageHeader = struct([1, i32(rows)], [2, i32(Encoding.plain)], [3, i32(Encoding.rle)], [4, i32(Encoding.rle)]);
  return struct([1, i32(PageType.dataPage)], [2, i32(bodyBytes)], [3, i32(bodyBytes)], [5, dataPageHeader]);
}

function columnChunk(column: PlainColumn, rows: number, offset: number, bytes: number): ThriftValue {
  const metaData = struct(
    [1, i32(column.type)],
    [2, list(WireType.I32, [i32(Encoding.plain), i32(Encoding.rle)])],
    [3, list(WireType.Binary, [binary(column.name)])],
    [4, i32(CompressionCodec.uncompressed)],
    [5, i64(rows)],
    [6, i64(bytes)],
    [7, i64(bytes)],
    [9, i64(offset)],
  );
  return struct([2, i64(offset)], [3, metaData]);
}

function schemaElement(column: PlainColumn): ThriftValue {
  const fields: Array<[number, ThriftValue]> = [[1, i32(column.type)]];
  if (column.typeLength !== undefined) fields.push([2, i32(column.typeLength)]);
  fields.push([3, i32(Repetition.optional)], [4, binary(column.name)]);
  if (column.convertedType !== undefined) fields.push([6, i32(column.convertedType)]);
  if (column.decimal) fields.push([7, i32(column.decimal.scale)], [8, i32(column.decimal.precision)]);
  return struct(...fields);
}
