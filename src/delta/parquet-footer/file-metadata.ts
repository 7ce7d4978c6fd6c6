/**
 * A Parquet file's footer (FileMetaData, Thrift compact) read from and written to local files. The
 * column chunks are found by absolute offsets from the footer, so a file whose footer is replaced by
 * one naming its columns otherwise is the same data under new names: the bytes before the footer
 * are copied as they are, nothing is decoded. Field ids are parquet.thrift's.
 */
import { appendFile, copyFile, open, truncate, writeFile } from "node:fs/promises";
import {
  type ThriftStruct,
  type ThriftValue,
  WireType,
  binary,
  decodeStruct,
  encodeStruct,
  field,
  i32,
  i32Field,
  i64Field,
  list,
  listField,
  stringField,
  structField,
  withField,
} from "./thrift-compact.js";

const MAGIC = "PAR1";

/** FileMetaData, SchemaElement, RowGroup, ColumnChunk and ColumnMetaData field ids. */
export const FileMetaDataId = { schema: 2, numRows: 3, rowGroups: 4, keyValueMetadata: 5, columnOrders: 7, encryptionAlgorithm: 8, footerSigningKey: 9 } as const;
export const SchemaElementId = { type: 1, typeLength: 2, repetition: 3, name: 4, numChildren: 5, convertedType: 6, scale: 7, precision: 8, fieldId: 9, logicalType: 10 } as const;
const RowGroupId = { columns: 1, sortingColumns: 4 } as const;
export const ColumnChunkId = { filePath: 1, metaData: 3, cryptoMetadata: 8, encryptedColumnMetadata: 9 } as const;
export const ColumnMetaDataId = { type: 1, encodings: 2, pathInSchema: 3, codec: 4, numValues: 5, statistics: 12 } as const;
/** Statistics: null_count and the type-ordered min_value/max_value */
export const StatisticsId = { nullCount: 3, maxValue: 5, minValue: 6 } as const;
/** Statistics: the deprecated max and min, whose order is the signed bytes' for every type */
const DeprecatedStatisticsId = { max: 1, min: 2 } as const;

export interface ParquetFooter {
  /** the byte where the footer starts: everything before it is the data (and page indexes, bloom filters) */
  start: number;
  metadata: ThriftStruct;
}

export class FooterError extends Error {}

/** Reads the footer of a local Parquet file (plaintext footers only: an encrypted file ends in PARE). */
export async function readFooter(file: string): Promise<ParquetFooter> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    return await readFooterOf(file, size, async (offset, length) => {
      const bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, offset);
      return bytes;
    });
  } finally {
    await handle.close();
  }
}

/** A byte range of a file: `length` bytes from `offset`. */
export type ReadRange = (offset: number, length: number) => Promise<Buffer>;

/** How much of a file's end is read at once, in the hope that it holds the whole footer. */
const TAIL_READ = 64 * 1024;

/**
 * Reads the footer of a Parquet file of `size` bytes wherever it is, through `read`: its first 4
 * bytes and its last 64 KiB at once (one round trip when the file is remote), and the footer again
 * only when it is longer than that.
 */
export async function readFooterOf(name: string, size: number, read: ReadRange): Promise<ParquetFooter> {
  if (size < 12) throw new FooterError(`${name} is too small to be a Parquet file`);
  const tailLength = Math.min(size - 4, TAIL_READ);
  const [head, tail] = await Promise.all([read(0, 4), read(size - tailLength, tailLength)]);
  if (tail.toString("latin1", tailLength - 4) !== MAGIC || head.toString("latin1") !== MAGIC) throw new FooterError(`${name} is not a plaintext Parquet file`);
  const length = tail.readUInt32LE(tailLength - 8);
  const start = size - 8 - length;
  if (start < 4) throw new FooterError(`${name} has a footer longer than the file`);
  const footer = length + 8 <= tailLength ? tail.subarray(tailLength - 8 - length, tailLength - 8) : await read(start, length);
  const { struct, end } = decodeStruct(footer);
  if (end !== length) throw new FooterError(`${name} has ${length - end} bytes after its footer's FileMetaData`);
  return { start, metadata: struct };
}

/**
 * A local stand-in for a file kept elsewhere, for readers of its footer only (DuckDB's DESCRIBE and
 * parquet_metadata): its magic, a hole (no disk) as long as its data, and `footer` (footerBytes).
 * Its data reads as zeros: never scan it.
 */
export async function writeFooterOnly(start: number, footer: Uint8Array, target: string): Promise<void> {
  await writeFile(target, MAGIC, "latin1");
  await truncate(target, start);
  await appendFile(target, footer);
}

/** The footer as stored at the end of a file: FileMetaData, its length (4 bytes LE), PAR1. */
export function footerBytes(metadata: ThriftStruct): Buffer {
  const encoded = encodeStruct(metadata);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(encoded.length, 0);
  tail.write(MAGIC, 4, "latin1");
  return Buffer.concat([encoded, tail]);
}

/** `target`: the data of `source` (its bytes before `dataLength`, copied as they are), then `newFooter` (footerBytes). */
export async function writeWithFooter(source: string, dataLength: number, newFooter: Uint8Array, target: string): Promise<void> {
  // copyFile lets the kernel copy (or clone) the bytes; only the old footer is cut off and the new one appended
  await copyFile(source, target);
  await truncate(target, dataLength);
  await appendFile(target, newFooter);
}

/** One top-level primitive column of a flat file, as its SchemaElement describes it. */
export interface FlatColumn {
  name: string;
  /** parquet.thrift Type: BOOLEAN 0, INT32 1, INT64 2, INT96 3, FLOAT 4, DOUBLE 5, BYTE_ARRAY 6, FIXED_LEN_BYTE_ARRAY 7 */
  physicalType: number;
  /** REQUIRED 0, OPTIONAL 1, REPEATED 2 */
  repetition: number | undefined;
  convertedType: number | undefined;
  /** the LogicalType union: which member is set (STRING 1, DATE 6, TIMESTAMP 8, INTEGER 10, …) and its struct */
  logicalType: { id: number; value: ThriftValue } | "invalid" | undefined;
  /** type_length, scale or precision is set */
  sized: boolean;
  typeLength: number | undefined;
  scale: number | undefined;
  precision: number | undefined;
}

/** The leaves of a file whose schema is a root of primitive columns only; undefined for any nesting. */
export function flatColumns(metadata: ThriftStruct): FlatColumn[] | undefined {
  const schema = listField(metadata, FileMetaDataId.schema)?.map(asStruct);
  if (!schema || schema.length === 0 || schema.some((s) => !s)) return undefined;
  const [root, ...leaves] = schema as ThriftStruct[];
  if (i32Field(root, SchemaElementId.numChildren) !== leaves.length) return undefined;
  const columns: FlatColumn[] = [];
  for (const leaf of leaves) {
    const name = stringField(leaf, SchemaElementId.name);
    const physicalType = i32Field(leaf, SchemaElementId.type);
    if (name === undefined || physicalType === undefined || field(leaf, SchemaElementId.numChildren) !== undefined) return undefined;
    const logical = field(leaf, SchemaElementId.logicalType);
    columns.push({
      name,
      physicalType,
      repetition: i32Field(leaf, SchemaElementId.repetition),
      convertedType: i32Field(leaf, SchemaElementId.convertedType),
      logicalType: logical === undefined ? undefined : logical.type === WireType.Struct && logical.fields.length === 1 ? logical.fields[0] : "invalid",
      sized: [SchemaElementId.typeLength, SchemaElementId.scale, SchemaElementId.precision].some((id) => field(leaf, id) !== undefined),
      typeLength: i32Field(leaf, SchemaElementId.typeLength),
      scale: i32Field(leaf, SchemaElementId.scale),
      precision: i32Field(leaf, SchemaElementId.precision),
    });
  }
  return columns;
}

/**
 * Whether the statistics' min_value/max_value follow each column's type-defined order (every column
 * has column_orders TYPE_ORDER): without it their order is undefined and no reader may use them.
 */
export function typeDefinedOrder(metadata: ThriftStruct, columns: number): boolean {
  const orders = listField(metadata, FileMetaDataId.columnOrders);
  return orders?.length === columns && orders.every((o) => o.type === WireType.Struct && o.fields.length === 1 && o.fields[0].id === 1);
}

/**
 * The footer keys Spark marks a file with when it wrote dates or timestamps in its legacy hybrid
 * (Julian) calendar, and the one naming the Spark version that wrote it (before 3.0: always that calendar).
 */
export const SparkCalendarKeys = {
  legacyDateTime: "org.apache.spark.legacyDateTime",
  legacyInt96: "org.apache.spark.legacyINT96",
  version: "org.apache.spark.version",
} as const;

/** Whether a footer marks its file as written in Spark's legacy calendar (src/lake/legacy-calendar.ts). */
export function legacyCalendarMarked(metadata: ThriftStruct): boolean {
  return (listField(metadata, FileMetaDataId.keyValueMetadata) ?? []).some((entry) => {
    if (entry.type !== WireType.Struct) return false;
    const key = stringField(entry, 1);
    if (key === SparkCalendarKeys.legacyDateTime || key === SparkCalendarKeys.legacyInt96) return true;
    return key === SparkCalendarKeys.version && /^[0-2]\./.test(stringField(entry, 2) ?? "");
  });
}

/** parquet.thrift: BYTE_ARRAY, the UTF8 converted type and the STRING member of the LogicalType union */
const BYTE_ARRAY = 6;
const UTF8 = 0;
const STRING_LOGICAL = 1;

/**
 * The footer with its text leaves (BYTE_ARRAY annotated UTF8 or STRING), nested ones included, left
 * unannotated, so that a reader takes their values as bytes, whatever they hold, and the names of
 * the top-level columns holding them.
 */
export function textAsBytesMetadata(metadata: ThriftStruct): { metadata: ThriftStruct; columns: string[] } {
  const elements = (listField(metadata, FileMetaDataId.schema) ?? []).map((s) => asStruct(s)!);
  const columns: string[] = [];
  // the root's children, each followed by its own subtree (numChildren elements, recursively)
  for (let index = 1; index < elements.length; ) {
    const end = afterSubtree(elements, index);
    let holdsText = false;
    for (let member = index; member < end; member++) {
      const element = elements[member];
      const logical = structField(element, SchemaElementId.logicalType);
      const text = i32Field(element, SchemaElementId.convertedType) === UTF8 || logical?.fields[0]?.id === STRING_LOGICAL;
      if (field(element, SchemaElementId.numChildren) !== undefined || i32Field(element, SchemaElementId.type) !== BYTE_ARRAY || !text) continue;
      elements[member] = withField(withField(element, SchemaElementId.convertedType, undefined), SchemaElementId.logicalType, undefined);
      holdsText = true;
    }
    if (holdsText) columns.push(stringField(elements[index], SchemaElementId.name) ?? "");
    index = end;
  }
  return { metadata: withField(metadata, FileMetaDataId.schema, list(WireType.Struct, elements)), columns };
}

/**
 * `target`: a copy of the local file `source` whose text reads as bytes (textAsBytesMetadata), the
 * data copied as it is; the names of the columns holding text, none (and no copy) when it has none.
 */
export async function writeTextAsBytes(source: string, target: string): Promise<string[]> {
  const footer = await readFooter(source);
  const { metadata, columns } = textAsBytesMetadata(footer.metadata);
  if (columns.length > 0) await writeWithFooter(source, footer.start, footerBytes(metadata), target);
  return columns;
}

/** The index of the schema element after the one at `index` and its subtree. */
function afterSubtree(elements: readonly ThriftStruct[], index: number): number {
  let next = index + 1;
  for (let child = 0; child < (i32Field(elements[index], SchemaElementId.numChildren) ?? 0); child++) next = afterSubtree(elements, next);
  return next;
}

export function numRows(metadata: ThriftStruct): bigint {
  return i64Field(metadata, FileMetaDataId.numRows) ?? 0n;
}

/** Every column chunk of every row group (ColumnChunk structs, row group by row group). */
export function columnChunks(metadata: ThriftStruct): ThriftStruct[][] {
  return (listField(metadata, FileMetaDataId.rowGroups) ?? []).map((rowGroup) => (listField(asStruct(rowGroup)!, RowGroupId.columns) ?? []).map((c) => asStruct(c)!));
}

export interface ColumnName {
  name: string;
  /** the Parquet field_id to give the column; undefined removes any it has */
  fieldId?: number;
}

/**
 * The footer of a flat file with its columns renamed (names in the file's column order): schema
 * names and field ids, and every column chunk's path_in_schema. Dropped: key-value metadata (Spark's
 * and Arrow's schemas name the old columns, and Spark's calendar keys would make Spark read old dates
 * otherwise than DuckDB, which ignores them), sorting columns, and the deprecated min/max statistics
 * (min_value/max_value stay), so whatever reads the file's statistics reads well-ordered ones.
 */
export function renamedMetadata(metadata: ThriftStruct, names: readonly ColumnName[]): ThriftStruct {
  const [root, ...leaves] = listField(metadata, FileMetaDataId.schema)!.map((s) => asStruct(s)!);
  if (leaves.length !== names.length) throw new FooterError(`internal: ${names.length} names for ${leaves.length} columns`);
  const schema = [
    root,
    ...leaves.map((leaf, i) => {
      const named = withField(leaf, SchemaElementId.name, binary(names[i].name));
      return withField(named, SchemaElementId.fieldId, names[i].fieldId === undefined ? undefined : i32(names[i].fieldId!));
    }),
  ];
  const rowGroups = (listField(metadata, FileMetaDataId.rowGroups) ?? []).map((g) => {
    const rowGroup = asStruct(g)!;
    const columns = listField(rowGroup, RowGroupId.columns)!.map((c, i) => {
      const chunk = asStruct(c)!;
      const meta = structField(chunk, ColumnChunkId.metaData);
      if (!meta) throw new FooterError("a column chunk without its metadata");
      let renamed = withField(meta, ColumnMetaDataId.pathInSchema, list(WireType.Binary, [binary(names[i].name)]));
      const statistics = structField(meta, ColumnMetaDataId.statistics);
      if (statistics) {
        const current = withField(withField(statistics, DeprecatedStatisticsId.max, undefined), DeprecatedStatisticsId.min, undefined);
        renamed = withField(renamed, ColumnMetaDataId.statistics, current);
      }
      return withField(chunk, ColumnChunkId.metaData, renamed);
    });
    return withField(withField(rowGroup, RowGroupId.columns, list(WireType.Struct, columns)), RowGroupId.sortingColumns, undefined);
  });
  let renamed = withField(metadata, FileMetaDataId.schema, list(WireType.Struct, schema));
  renamed = withField(renamed, FileMetaDataId.rowGroups, list(WireType.Struct, rowGroups));
  return withField(renamed, FileMetaDataId.keyValueMetadata, undefined);
}

function asStruct(value: ThriftValue): ThriftStruct | undefined {
  return value.type === WireType.Struct ? value : undefined;
}
