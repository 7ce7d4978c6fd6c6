/**
 * Data files made from Parquet files whose columns are already the table's, only under other names:
 * each file's bytes are copied as they are and given a footer with the table's (physical) names and
 * field ids, so nothing is decoded or encoded. Only what is provably the same data takes this way —
 * see `renamePlan`: anything else answers undefined and is written by COPY as usual.
 * The file keeps its own column order (readers resolve columns by name or field id, and Parquet
 * readers that split a file by row group midpoints take the first column chunk as the group's start,
 * so the chunks are never reordered).
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { StructField, StructType } from "./types.js";
import { COLUMN_ID_KEY, PHYSICAL_NAME_KEY, columnId, physicalName } from "./column-mapping.js";
import { type TableLayout, type WrittenFile, dataFilePath, describeWritten, discardWritten, parquetCodec, targetFileSize } from "./data-files.js";
import { StatsNeedScanError, writtenFileStats } from "./stats.js";
import { storageOf } from "./storage/registry.js";
import { mapBounded } from "../util/map-bounded.js";
import {
  type ColumnName, type FlatColumn, type ParquetFooter, ColumnChunkId, ColumnMetaDataId, FileMetaDataId, FooterError, StatisticsId,
  columnChunks, flatColumns, footerBytes, legacyCalendarMarked, numRows, readFooter, renamedMetadata, typeDefinedOrder, writeFooterOnly, writeWithFooter,
} from "./parquet-footer/file-metadata.js";
import { type ThriftStruct, type ThriftValue, ThriftError, WireType, boolField, field, i32Field, i64Field, listField, structField, textOf } from "./parquet-footer/thrift-compact.js";

export interface RenameSource {
  /** a local Parquet file, or one in Blob storage the table's store copies itself (TableStorage.copyWithTail) */
  file: string | RemoteParquet;
  /** its column name → the table column (logical name) it holds */
  columns: ReadonlyMap<string, string>;
  /** integer columns (by the file's name) whose every value must lie in a range: proven from the file's statistics, else no rename */
  ranges?: ReadonlyMap<string, { low: bigint; high: bigint }>;
}

/** A Parquet file kept elsewhere: its footer is read by ranges, its data copied by the table's store. */
export interface RemoteParquet {
  /** its URL without credentials */
  url: string;
  /** its footer (readFooterOf), read once however often it is asked for */
  footer(): Promise<ParquetFooter>;
  /** its URL with a short-lived read credential for the store's copy, and the sizes of the blocks it was written in (if it was) */
  copySource(): Promise<CopySource>;
}

export interface CopySource {
  url: string;
  blockSizes: number[];
}

interface PlannedFile {
  source: RenameSource;
  footer: ParquetFooter;
  /** the table field of each of the file's columns, in the file's order */
  fields: StructField[];
}

/**
 * Each file as the table's data file, renamed, or undefined when any file is not exactly the table's
 * columns in the table's types: every field of the table (unpartitioned, nullable, no column feature
 * but column mapping) held by exactly one column of the file, each a top-level OPTIONAL primitive
 * whose Parquet type is what the field's type is written as, in a codec and encodings every Delta
 * reader has, statistics in the type-defined order, and nothing more in the file (a column no field
 * takes would still be in its bytes).
 */
export async function renamePlan(root: string, layout: TableLayout, sources: readonly RenameSource[]): Promise<PlannedFile[] | undefined> {
  if (!layoutAllows(layout)) return undefined;
  const storage = storageOf(root);
  if (sources.some(({ file }) => typeof file !== "string" && !storage.canCopyFrom?.(file.url))) return undefined;
  // each is round trips when the file is remote
  const footers = await mapBounded(sources, FOOTERS_AT_ONCE, async ({ file }) => {
    try {
      return typeof file === "string" ? await readFooter(file) : await file.footer();
    } catch (error) {
      if (error instanceof FooterError || error instanceof ThriftError) return undefined;
      throw error;
    }
  });
  const planned: PlannedFile[] = [];
  for (const [index, source] of sources.entries()) {
    const footer = footers[index];
    const fields = footer && fileFields(layout.schema, footer.metadata, source.columns);
    if (!footer || !fields || !withinRanges(footer.metadata, source.ranges)) return undefined;
    planned.push({ source, footer, fields });
  }
  return planned;
}

/** Whether renamePlan would take the files into a new table of `schema` and `properties` (unpartitioned, no column mapping), before it is made. */
export async function renamesFitNewTable(root: string, schema: StructType, properties: Record<string, string>, sources: readonly RenameSource[]): Promise<boolean> {
  return (await renamePlan(root, { schema, partitionColumns: [], columnMappingMode: "none", properties }, sources)) !== undefined;
}

/**
 * Writes the planned files as data files of the table (stored, not committed); zero-row files make
 * none. Undefined, with nothing stored, when a file kept elsewhere has a footer that cannot give its
 * statistics alone (floats, whose bounds may hide NaN; strings too long for their bounds): that
 * would need its data read, which is the usual path's.
 */
export async function writeRenamedFiles(conn: DuckDBConnection, root: string, layout: TableLayout, planned: readonly PlannedFile[]): Promise<WrittenFile[] | undefined> {
  const storage = storageOf(root);
  const scratch = await storage.scratchFolder();
  // DuckDB reads one file's statistics at a time while the store copies or uploads the files before it
  const oneAtATime = oneAfterAnother();
  const atOnce = planned.some(({ source }) => typeof source.file === "string") ? UPLOADS_AT_ONCE : COPIES_AT_ONCE;
  // a remote store streams a local file's bytes and its new footer: no renamed copy on disk
  const byTail = storage.putFileWithTail !== undefined;
  const stored: string[] = [];
  let stopped = false;
  try {
    const written = await mapBounded(planned, atOnce, async (file) => {
      try {
        const renamed = await oneAtATime(() => (stopped ? Promise.resolve(undefined) : renamedFile(conn, scratch, layout, file, byTail)));
        if (!renamed || stopped) return undefined;
        const { relative, local, whole, rows, stats, source, dataLength, footer } = renamed;
        const storedFile = whole
          ? await storage.putFile(relative, local)
          : typeof source === "string"
            ? await storage.putFileWithTail!(relative, { file: source, length: dataLength }, footer)
            : await storage.copyWithTail!(relative, { ...(await source.copySource()), length: dataLength }, footer);
        stored.push(relative);
        await rm(local, { force: true });
        return describeWritten(relative, storedFile, {}, rows, stats);
      } catch (error) {
        stopped = true;
        throw error;
      }
    });
    return written.filter((w) => w !== undefined);
  } catch (error) {
    await discardWritten(root, stored);
    if (error instanceof StatsNeedScanError) return undefined;
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Runs the work handed to it one piece after another, in the order handed, whatever each one's outcome. */
function oneAfterAnother(): <R>(work: () => Promise<R>) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = last.then(work);
    last = run.catch(() => undefined);
    return run;
  };
}

interface RenamedFile {
  relative: string;
  /** the renamed file, or its footer-only stand-in when the store takes the source's bytes and the new footer (`whole` false) */
  local: string;
  whole: boolean;
  rows: number;
  /** the add action's stats JSON */
  stats: string;
  source: RenameSource["file"];
  /** the source's bytes before its footer, which the data file keeps */
  dataLength: number;
  /** the data file's footer (footerBytes) */
  footer: Buffer;
}

/**
 * A planned file renamed locally with its statistics (undefined for one without rows). When the
 * store takes the source's bytes and the new footer itself (`byTail`: a remote source, or a local
 * one the store streams), only a footer-only stand-in is written, and its footer must give the
 * statistics: StatsNeedScanError for a remote source's that cannot, while a local source is then
 * renamed whole on disk and scanned.
 */
async function renamedFile(conn: DuckDBConnection, scratch: string, layout: TableLayout, { source, footer, fields }: PlannedFile, byTail: boolean): Promise<RenamedFile | undefined> {
  const rows = Number(numRows(footer.metadata));
  if (rows === 0) return undefined;
  const names: ColumnName[] = fields.map((f) => ({ name: physicalName(f, layout.columnMappingMode), fieldId: layout.columnMappingMode === "none" ? undefined : columnId(f) }));
  const { relative, fileName } = dataFilePath([], "part", 0, codecName(footer) ?? parquetCodec(layout.properties));
  const local = path.join(scratch, fileName);
  const metadata = renamedMetadata(footer.metadata, names);
  const newFooter = footerBytes(metadata);
  // stats from the new footer, as for a file COPY wrote; the physical schema in the file's column order
  const physical: StructType = { type: "struct", fields: fields.map((f, i) => ({ ...f, name: names[i].name })) };
  const statsOf = (scan: boolean) => writtenFileStats(conn, local, rows, new Map(), physical, layout.properties, [], { scan });
  const renamed = { relative, local, rows, source: source.file, dataLength: footer.start, footer: newFooter };
  if (byTail || typeof source.file !== "string") {
    await writeFooterOnly(footer.start, newFooter, local);
    try {
      return { ...renamed, whole: false, stats: (await statsOf(false)).json };
    } catch (error) {
      if (!(error instanceof StatsNeedScanError) || typeof source.file !== "string") throw error;
    }
  }
  await writeWithFooter(source.file, footer.start, newFooter, local);
  return { ...renamed, whole: true, stats: (await statsOf(true)).json };
}

const STATS_COLUMNS = 32;
/** footers read at once: each is one round trip (a file's first and last bytes), so the bound is on requests in flight */
export const FOOTERS_AT_ONCE = 8;
/** each is mostly its upload into the lake when the lake is remote */
const UPLOADS_AT_ONCE = 4;
/** the store copies the bytes itself: each is a few requests, no data through this process */
const COPIES_AT_ONCE = 8;

function layoutAllows(layout: TableLayout): boolean {
  if (layout.partitionColumns.length > 0 || targetFileSize(layout.properties)) return false;
  // a file of the table's fields in another order gets stats for the same leaves only when every leaf has them
  const indexed = Number(layout.properties["delta.dataSkippingNumIndexedCols"] ?? STATS_COLUMNS);
  if (indexed >= 0 && indexed < layout.schema.fields.length) return false;
  return layout.schema.fields.every(
    (f) => f.nullable && typeof f.type === "string" && Object.keys(f.metadata ?? {}).every((k) => k === COLUMN_ID_KEY || k === PHYSICAL_NAME_KEY),
  );
}

/** The table field of each column of the file (in its order), or undefined when the file is not a rename of the table's columns. */
function fileFields(schema: StructType, metadata: ThriftStruct, columns: ReadonlyMap<string, string>): StructField[] | undefined {
  if (field(metadata, FileMetaDataId.encryptionAlgorithm) || field(metadata, FileMetaDataId.footerSigningKey)) return undefined;
  // its dates' meaning rides on the mark, which the renamed footer does not keep: the usual path checks them
  if (legacyCalendarMarked(metadata)) return undefined;
  const leaves = flatColumns(metadata);
  if (!leaves || leaves.length !== schema.fields.length || leaves.length !== columns.size) return undefined;
  const fields: StructField[] = [];
  for (const leaf of leaves) {
    const target = columns.get(leaf.name);
    const tableField = target === undefined ? undefined : schema.fields.find((f) => f.name === target);
    if (!tableField || fields.includes(tableField) || !writtenAs(tableField.type as string, leaf)) return undefined;
    fields.push(tableField);
  }
  return typeDefinedOrder(metadata, leaves.length) && chunksAllow(metadata, leaves) ? fields : undefined;
}

/**
 * Whether every value of each ranged column lies in its range, by the statistics of every row group:
 * a row group holding values must give its min_value and max_value (type-ordered: fileFields has
 * checked the file's column orders), one of only NULLs needs none.
 */
function withinRanges(metadata: ThriftStruct, ranges: RenameSource["ranges"]): boolean {
  if (!ranges || ranges.size === 0) return true;
  const leaves = flatColumns(metadata)!;
  return [...ranges].every(([name, { low, high }]) => {
    const index = leaves.findIndex((leaf) => leaf.name === name);
    const width = leaves[index]?.physicalType === Physical.INT64 ? 8 : leaves[index]?.physicalType === Physical.INT32 ? 4 : undefined;
    if (width === undefined) return false;
    return columnChunks(metadata).every((chunks) => {
      const meta = structField(chunks[index], ColumnChunkId.metaData);
      const statistics = meta && structField(meta, ColumnMetaDataId.statistics);
      const values = meta && i64Field(meta, ColumnMetaDataId.numValues);
      if (values === 0n) return true;
      if (values !== undefined && statistics && i64Field(statistics, StatisticsId.nullCount) === values) return true;
      const min = statistics && littleEndianInteger(field(statistics, StatisticsId.minValue), width);
      const max = statistics && littleEndianInteger(field(statistics, StatisticsId.maxValue), width);
      return min !== undefined && max !== undefined && min >= low && max <= high;
    });
  });
}

/** A statistics bound of an INT32 or INT64 column (plain encoded: little-endian, signed). */
function littleEndianInteger(value: ThriftValue | undefined, width: 4 | 8): bigint | undefined {
  if (value?.type !== WireType.Binary || value.value.length !== width) return undefined;
  const bytes = Buffer.from(value.value.buffer, value.value.byteOffset, width);
  return width === 8 ? bytes.readBigInt64LE(0) : BigInt(bytes.readInt32LE(0));
}

const Physical = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;
const Converted = { UTF8: 0, DECIMAL: 5, DATE: 6, TIMESTAMP_MICROS: 10, INT_32: 17, INT_64: 18 } as const;
const Logical = { STRING: 1, DECIMAL: 5, DATE: 6, TIMESTAMP: 8, INTEGER: 10 } as const;

/** Whether a column is written the way a Delta field of `type` is: the Parquet type, and no annotation but the type's own. */
function writtenAs(type: string, column: FlatColumn): boolean {
  if (column.repetition !== 1 || column.logicalType === "invalid") return false;
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return decimalWrittenAs(Number(decimal[1]), Number(decimal[2]), column);
  if (column.sized) return false;
  const annotated = (converted: number | undefined, logical: ((value: ThriftStruct) => boolean) | undefined, logicalId?: number) => {
    const { convertedType, logicalType } = column;
    if (convertedType !== undefined && convertedType !== converted) return false;
    if (logicalType === undefined) return true;
    if (logicalType === "invalid") return false;
    return logicalType.id === logicalId && logicalType.value.type === WireType.Struct && logical !== undefined && logical(logicalType.value);
  };
  const integer = (bits: number) => (v: ThriftStruct) => i32Field(v, 1) === bits && boolField(v, 2) === true;
  const timestamp = (utc: boolean) => (v: ThriftStruct) => boolField(v, 1) === utc && structField(v, 2)?.fields.map((f) => f.id).join() === "2";
  const empty = (v: ThriftStruct) => v.fields.length === 0;
  switch (type) {
    case "string":
      return column.physicalType === Physical.BYTE_ARRAY && (column.convertedType === Converted.UTF8 || column.logicalType !== undefined) && annotated(Converted.UTF8, empty, Logical.STRING);
    case "long":
      return column.physicalType === Physical.INT64 && annotated(Converted.INT_64, integer(64), Logical.INTEGER);
    case "integer":
      return column.physicalType === Physical.INT32 && annotated(Converted.INT_32, integer(32), Logical.INTEGER);
    case "double":
      return column.physicalType === Physical.DOUBLE && annotated(undefined, undefined);
    case "float":
      return column.physicalType === Physical.FLOAT && annotated(undefined, undefined);
    case "boolean":
      return column.physicalType === Physical.BOOLEAN && annotated(undefined, undefined);
    case "date":
      return column.physicalType === Physical.INT32 && (column.convertedType === Converted.DATE || column.logicalType !== undefined) && annotated(Converted.DATE, empty, Logical.DATE);
    case "timestamp":
      // the legacy TIMESTAMP_MICROS annotation means adjusted to UTC
      return column.physicalType === Physical.INT64 && (column.convertedType === Converted.TIMESTAMP_MICROS || column.logicalType !== undefined) && annotated(Converted.TIMESTAMP_MICROS, timestamp(true), Logical.TIMESTAMP);
    case "timestamp_ntz":
      return column.physicalType === Physical.INT64 && column.convertedType === undefined && column.logicalType !== undefined && annotated(undefined, timestamp(false), Logical.TIMESTAMP);
    default:
      return false;
  }
}

/**
 * A DECIMAL(precision, scale) column as Delta readers take it: the same precision and scale, as an
 * INT32 (precision up to 9), an INT64 (up to 18) or fixed-length bytes wide enough for the precision.
 */
function decimalWrittenAs(precision: number, scale: number, column: FlatColumn): boolean {
  if (column.precision !== precision || column.scale !== scale) return false;
  if (column.convertedType !== undefined && column.convertedType !== Converted.DECIMAL) return false;
  const { logicalType } = column;
  if (logicalType !== undefined) {
    const value = logicalType !== "invalid" && logicalType.value.type === WireType.Struct ? logicalType.value : undefined;
    if (logicalType === "invalid" || logicalType.id !== Logical.DECIMAL || !value || i32Field(value, 1) !== scale || i32Field(value, 2) !== precision) return false;
  } else if (column.convertedType === undefined) return false;
  switch (column.physicalType) {
    case Physical.INT32:
      return precision <= 9 && column.typeLength === undefined;
    case Physical.INT64:
      return precision <= 18 && column.typeLength === undefined;
    case Physical.FIXED_LEN_BYTE_ARRAY:
      // the bytes of a two's complement integer of `precision` decimal digits
      return column.typeLength !== undefined && column.typeLength <= 16 && 10n ** BigInt(precision) - 1n < 2n ** BigInt(8 * column.typeLength - 1);
    default:
      return false;
  }
}

/** Codecs every Delta reader decodes: UNCOMPRESSED, SNAPPY, GZIP, ZSTD. */
const CODECS = new Map([[0, "uncompressed"], [1, "snappy"], [2, "gzip"], [6, "zstd"]]);

/** The codec a file's name tells (Spark's part-….<codec>.parquet): its chunks' one codec, if they share one. */
function codecName(footer: ParquetFooter): string | undefined {
  const codecs = new Set(columnChunks(footer.metadata).flat().map((chunk) => i32Field(structField(chunk, ColumnChunkId.metaData)!, ColumnMetaDataId.codec)));
  return codecs.size === 1 ? CODECS.get([...codecs][0] ?? -1) : undefined;
}
/** Encodings of format v1 writers: PLAIN, PLAIN_DICTIONARY, RLE, BIT_PACKED, RLE_DICTIONARY. */
const ENCODINGS = new Set([0, 2, 3, 4, 8]);

/** Every column chunk lies in this file, in the clear, described as its schema column, in a known codec and encodings. */
function chunksAllow(metadata: ThriftStruct, leaves: readonly FlatColumn[]): boolean {
  return columnChunks(metadata).every(
    (chunks) =>
      chunks.length === leaves.length &&
      chunks.every((chunk, i) => {
        if ([ColumnChunkId.filePath, ColumnChunkId.cryptoMetadata, ColumnChunkId.encryptedColumnMetadata].some((id) => field(chunk, id) !== undefined)) return false;
        const meta = structField(chunk, ColumnChunkId.metaData);
        if (!meta) return false;
        const path = listField(meta, ColumnMetaDataId.pathInSchema);
        const encodings = listField(meta, ColumnMetaDataId.encodings);
        return (
          i32Field(meta, ColumnMetaDataId.type) === leaves[i].physicalType &&
          path?.length === 1 &&
          textOf(path[0]) === leaves[i].name &&
          CODECS.has(i32Field(meta, ColumnMetaDataId.codec) ?? -1) &&
          encodings !== undefined &&
          encodings.every((e) => e.type === WireType.I32 && ENCODINGS.has(e.value))
        );
      }),
  );
}
