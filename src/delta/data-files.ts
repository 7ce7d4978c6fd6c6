import { rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AddFile, ColumnMappingMode, StructField, StructType } from "./types.js";
import { fieldIdsOption, physicalName, toPhysicalSchema } from "./column-mapping.js";
import { physicalSelectList } from "./physical-columns.js";
import { partitionStringSql } from "./partition-values.js";
import { writtenFileStats, type CopyColumnStatistics } from "./stats.js";
import { encodeLogPath, escapePartitionSegment } from "./paths.js";
import { exactZerosOptions } from "./parquet-float-zeros.js";
import { findField } from "./schema.js";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, quoteLiteral, uniqueName } from "./sql.js";
import { storageOf } from "./storage/registry.js";
import type { StoredFile } from "./storage/table-storage.js";

export interface TableLayout {
  schema: StructType;
  partitionColumns: string[];
  columnMappingMode: ColumnMappingMode;
  properties: Record<string, string>;
}

export interface WrittenFile {
  add: AddFile;
  /** relative to the table root */
  relative: string;
  numRecords: number;
}

/** Removes files a write made and will not commit. */
export async function discardWritten(root: string, relatives: readonly string[]): Promise<void> {
  const storage = storageOf(root);
  await Promise.all(relatives.map((r) => storage.delete(r)));
}

const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** Codec for new parquet files: the table's delta.parquet.compression.codec, else snappy (what Spark writes). */
export function parquetCodec(properties: Record<string, string>): string {
  const codec = (properties["delta.parquet.compression.codec"] ?? "snappy").toLowerCase();
  return codec === "none" ? "uncompressed" : codec;
}

/**
 * delta.targetFileSize (bytes, or with a unit as in "128mb"): an unpartitioned write is split into files of
 * about that size. Unset (or unreadable), each write makes one file per partition.
 */
export function targetFileSize(properties: Record<string, string>): string | null {
  const m = /^\s*(\d+)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i.exec(properties["delta.targetFileSize"] ?? "");
  if (!m || Number(m[1]) <= 0) return null;
  return `${m[1]}${(m[2] ?? "b").toUpperCase()}`;
}

/** Splits the layout's schema into partition fields and data fields (in schema order). */
export function splitFields(layout: TableLayout) {
  const partitionFields = layout.partitionColumns.map((p) => findField(layout.schema.fields, p)!);
  const dataFields = layout.schema.fields.filter((f) => !partitionFields.includes(f));
  return { partitionFields, dataFields };
}

export interface WriteFilesOptions {
  /** directories before the partition directories (`_change_data` for change data files) */
  baseDirs?: string[];
  /** more columns of `relation` written after the data columns, as `, "_change_type"` */
  extraColumnsSql?: string;
  /** top-level fields (of layout.schema) that must hold no NULL: counted on the files as written; a violation removes them and throws */
  notNull?: StructField[];
}

/** A file as DuckDB's COPY … (RETURN_STATS) reports it. */
interface CopiedFile {
  path: string;
  numRecords: number;
  columnStatistics: CopyColumnStatistics;
  partitionKeys: Record<string, string>;
}

/**
 * Writes the rows of `relation` (logical columns, table types) as parquet data files in one pass over it:
 * one COPY, straight to the file when the table is unpartitioned, else with PARTITION_BY into a staging
 * directory whose files then move to Spark's partition directories. Columns go under their physical names,
 * partition columns only in the path and the log. Returns add actions with exact stats (from the files'
 * footers), size and modification time; a partition is usually one file, a large one may be several.
 */
export async function writeDataFiles(conn: DuckDBConnection, root: string, layout: TableLayout, relation: string, prefix = "part", options: WriteFilesOptions = {}): Promise<WrittenFile[]> {
  const { partitionFields, dataFields } = splitFields(layout);
  const baseDirs = options.baseDirs ?? [];
  const targetSize = targetFileSize(layout.properties);
  const notNull = options.notNull ?? [];
  if (partitionFields.length === 0 && !targetSize) {
    const file = await writeOneFile(conn, root, layout, dataFields, relation, baseDirs, {}, prefix, options.extraColumnsSql, notNull);
    // An empty append still commits (as Spark's does), but with no zero-row file in it.
    if (file.numRecords > 0) return [file];
    await discardWritten(root, [file.relative]);
    return [];
  }

  // Partition keys as DuckDB sees them: the partition string (NULL as '') and whether it is NULL, so
  // '' and NULL stay apart; the values come back unescaped in RETURN_STATS' partition_keys.
  const keys = partitionFields.map((f, i) => ({ field: f, value: `__delta_pv${i}`, isNull: `__delta_pn${i}` }));
  const keyColumns = keys.map(({ field, value, isNull }) => {
    const text = partitionStringSql(quoteIdent(field.name), field.type);
    return `coalesce(${text}, '') AS ${quoteIdent(value)}, (${text}) IS NULL AS ${quoteIdent(isNull)}`;
  });
  const select = `SELECT ${[dataSelectList(layout, dataFields, options.extraColumnsSql), ...keyColumns].join(", ")} FROM ${relation}`;
  const split = keys.length ? `PARTITION_BY (${keys.flatMap((k) => [quoteIdent(k.value), quoteIdent(k.isNull)]).join(", ")})` : `FILE_SIZE_BYTES '${targetSize}'`;
  const storage = storageOf(root);
  const staging = await storage.scratchFolder();
  try {
    let copied: CopiedFile[];
    try {
      copied = await copyTo(conn, select, staging, [...copyOptions(layout, dataFields), split, `FILENAME_PATTERN 'data_{i}'`]);
    } catch (e) {
      // DuckDB percent-encodes partition values in its directory names (3 bytes per non-ASCII byte), so a
      // value Spark's layout can hold may be too long for it: write such a batch partition by partition.
      if (!keys.length || !/File name too long|ENAMETOOLONG/i.test((e as Error).message)) throw e;
      await rm(staging, { recursive: true, force: true });
      return await writePartitionByPartition(conn, root, layout, relation, prefix, options);
    }
    const physicalData = toPhysicalSchema({ type: "struct", fields: dataFields }, layout.columnMappingMode);
    const dataNotNull = notNull.filter((f) => dataFields.includes(f));
    const files = [];
    for (const file of copied.filter((f) => f.numRecords > 0)) {
      const stats = await writtenFileStats(conn, file.path, file.numRecords, file.columnStatistics, physicalData, layout.properties, dataNotNull.map((f) => physicalName(f, layout.columnMappingMode)));
      const values = keys.map((k) => (file.partitionKeys[k.isNull] === "true" ? null : file.partitionKeys[k.value]));
      if (values.some((v) => v === undefined)) throw new Error(`internal: DuckDB reported no partition values for ${file.path}`);
      const nulls = notNull.map((f) => {
        const k = keys.findIndex((key) => key.field === f);
        return k >= 0 ? (values[k] === null ? file.numRecords : 0) : stats.nullCounts[dataNotNull.indexOf(f)];
      });
      files.push({ file, stats, values: values as (string | null)[], nulls });
    }
    assertNotNull(notNull, files.map((f) => f.nulls));
    const written: WrittenFile[] = [];
    const moved: string[] = [];
    const codec = parquetCodec(layout.properties);
    // Files of one directory are numbered 00000, 00001, … (one file per partition keeps Spark's part-00000).
    const perDirectory = new Map<string, number>();
    try {
      for (const { file, stats, values } of files) {
        const { dirs, partitionValues } = partitionLocation(layout, partitionFields, values, baseDirs);
        const index = perDirectory.get(dirs.join("/")) ?? 0;
        perDirectory.set(dirs.join("/"), index + 1);
        const { relative } = dataFilePath(dirs, prefix, index, codec);
        const stored = await storage.putFile(relative, file.path);
        moved.push(relative);
        written.push(describeWritten(relative, stored, partitionValues, file.numRecords, stats.json));
      }
    } catch (e) {
      await discardWritten(root, moved);
      throw e;
    }
    return written;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The former way, kept for batches whose partition values DuckDB cannot name directories after: the rows
 * once into a temp table, then one COPY per partition (still with footer stats).
 */
async function writePartitionByPartition(conn: DuckDBConnection, root: string, layout: TableLayout, relation: string, prefix: string, options: WriteFilesOptions): Promise<WrittenFile[]> {
  const { partitionFields, dataFields } = splitFields(layout);
  const rows = quoteIdent(uniqueName("partition_rows"));
  await conn.run(`CREATE TEMP TABLE ${rows} AS SELECT * FROM ${relation}`);
  const written: WrittenFile[] = [];
  try {
    const notNull = options.notNull ?? [];
    if (notNull.length) {
      const counts = (await conn.runAndReadAll(`SELECT ${notNull.map((f) => `count(*) FILTER (WHERE ${quoteIdent(f.name)} IS NULL)`).join(", ")} FROM ${rows}`)).getRowsJson()[0];
      assertNotNull(notNull, [counts.map(Number)]);
    }
    const texts = partitionFields.map((f) => partitionStringSql(quoteIdent(f.name), f.type));
    const groups = (await conn.runAndReadAll(`SELECT DISTINCT ${texts.map((t, i) => `${t} AS p${i}`).join(", ")} FROM ${rows}`)).getRowsJson() as (string | null)[][];
    for (const values of groups) {
      const where = texts.map((t, i) => `${t} IS NOT DISTINCT FROM ${values[i] === null ? "NULL" : quoteLiteral(values[i]!)}`).join(" AND ");
      const { dirs, partitionValues } = partitionLocation(layout, partitionFields, values, options.baseDirs ?? []);
      written.push(await writeOneFile(conn, root, layout, dataFields, `(SELECT * FROM ${rows} WHERE ${where})`, dirs, partitionValues, prefix, options.extraColumnsSql));
    }
    return written;
  } catch (e) {
    await discardWritten(root, written.map((w) => w.relative));
    throw e;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${rows}`);
  }
}

/** A partition's directories (Spark's escaping, NULL as __HIVE_DEFAULT_PARTITION__) and its partitionValues, by physical name. */
function partitionLocation(layout: TableLayout, partitionFields: StructField[], values: (string | null)[], baseDirs: string[]) {
  const names = partitionFields.map((f) => physicalName(f, layout.columnMappingMode));
  return {
    dirs: [...baseDirs, ...names.map((name, i) => `${escapePartitionSegment(name)}=${escapePartitionSegment(values[i] ?? NULL_PARTITION)}`)],
    partitionValues: Object.fromEntries(names.map((name, i) => [name, values[i]])),
  };
}

/** Writes the rows of `logicalRelation` as one data file in `dirs` (a rewrite keeps its file's partition). */
export async function writeOneFile(
  conn: DuckDBConnection,
  root: string,
  layout: TableLayout,
  dataFields: StructType["fields"],
  logicalRelation: string,
  dirs: string[],
  partitionValues: Record<string, string | null>,
  prefix: string,
  extraColumnsSql = "",
  notNull: StructField[] = [],
): Promise<WrittenFile> {
  const { relative, fileName } = dataFilePath(dirs, prefix, 0, parquetCodec(layout.properties));
  const storage = storageOf(root);
  const scratch = await storage.scratchFolder();
  try {
    const local = path.join(scratch, fileName);
    const select = `SELECT ${dataSelectList(layout, dataFields, extraColumnsSql)} FROM ${logicalRelation}`;
    const [file] = await copyTo(conn, select, local, copyOptions(layout, dataFields));
    const physicalData = toPhysicalSchema({ type: "struct", fields: dataFields }, layout.columnMappingMode);
    const required = notNull.filter((f) => dataFields.includes(f));
    if (file.numRecords === 0) return describeWritten(relative, await storage.putFile(relative, local), partitionValues, 0, undefined);
    const stats = await writtenFileStats(conn, local, file.numRecords, file.columnStatistics, physicalData, layout.properties, required.map((f) => physicalName(f, layout.columnMappingMode)));
    assertNotNull(required, [stats.nullCounts]);
    return describeWritten(relative, await storage.putFile(relative, local), partitionValues, file.numRecords, stats.json);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The data columns under their physical names, then any extra columns (or a placeholder when there are none). */
function dataSelectList(layout: TableLayout, dataFields: StructField[], extraColumnsSql = ""): string {
  const extra = extraColumnsSql.replace(/^\s*,\s*/, "");
  return [physicalSelectList(dataFields, layout.columnMappingMode), extra].filter(Boolean).join(", ") || "NULL AS __empty";
}

function copyOptions(layout: TableLayout, dataFields: StructField[]): string[] {
  const options = [`FORMAT parquet`, `COMPRESSION ${parquetCodec(layout.properties)}`, ...exactZerosOptions(dataFields.map((f) => f.type))];
  const fieldIds = layout.columnMappingMode === "none" ? null : fieldIdsOption({ type: "struct", fields: dataFields });
  if (fieldIds) options.push(`FIELD_IDS ${fieldIds}`);
  return options;
}

async function copyTo(conn: DuckDBConnection, select: string, target: string, options: string[]): Promise<CopiedFile[]> {
  const result = await conn.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(target)} (${[...options, "RETURN_STATS"].join(", ")})`);
  const entries = (value: unknown) => (Array.isArray(value) ? (value as { key: string; value: unknown }[]) : []);
  return result.getRowObjectsJson().map((row) => ({
    path: String(row.filename),
    numRecords: Number(row.count),
    columnStatistics: new Map(entries(row.column_statistics).map(({ key, value }) => [key, Object.fromEntries(entries(value).map((e) => [e.key, String(e.value)]))])),
    partitionKeys: Object.fromEntries(entries(row.partition_keys).map(({ key, value }) => [key, String(value)])),
  }));
}

/** Spark's data file name: part-<split>-<uuid>.c000.<codec>.parquet, under `dirs`. */
export function dataFilePath(dirs: string[], prefix: string, index: number, codec: string) {
  const fileName = `${prefix}-${String(index).padStart(5, "0")}-${randomUUID()}.c000.${codec === "uncompressed" ? "" : `${codec}.`}parquet`;
  return { relative: [...dirs, fileName].join("/"), fileName };
}

export function describeWritten(relative: string, stored: StoredFile, partitionValues: Record<string, string | null>, numRecords: number, stats: string | undefined): WrittenFile {
  return {
    relative,
    numRecords,
    add: {
      path: encodeLogPath(relative),
      partitionValues,
      size: stored.size,
      modificationTime: Math.floor(stored.modifiedAt),
      dataChange: true,
      ...(stats !== undefined ? { stats } : {}),
    },
  };
}

/** Throws for the first field (in the given order) with NULLs in any file, with the total count. */
function assertNotNull(fields: StructField[], perFile: number[][]): void {
  for (const [i, field] of fields.entries()) {
    const nulls = perFile.reduce((n, counts) => n + (counts[i] ?? 0), 0);
    if (nulls > 0) throw DeltaErrors.notNullViolation(field.name, nulls);
  }
}
