import { mkdir, rm, stat } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AddFile, ColumnMappingMode, StructType } from "./types.js";
import { fieldIdsOption, physicalName, toPhysicalSchema } from "./column-mapping.js";
import { physicalSelectList } from "./physical-columns.js";
import { partitionStringSql } from "./partition-values.js";
import { computeStats } from "./stats.js";
import { encodeLogPath, escapePartitionSegment } from "./paths.js";
import { findField } from "./schema.js";
import { quoteLiteral } from "./sql.js";

export interface TableLayout {
  schema: StructType;
  partitionColumns: string[];
  columnMappingMode: ColumnMappingMode;
  properties: Record<string, string>;
}

export interface WrittenFile {
  add: AddFile;
  absolutePath: string;
  numRecords: number;
}

const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** Codec for new parquet files: the table's delta.parquet.compression.codec, else snappy (what Spark writes). */
export function parquetCodec(properties: Record<string, string>): string {
  const codec = (properties["delta.parquet.compression.codec"] ?? "snappy").toLowerCase();
  return codec === "none" ? "uncompressed" : codec;
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
}

/**
 * Writes the rows of `relation` (logical columns, table types) as parquet data files: one per partition,
 * columns under their physical names, partition columns only in the path and the log. Returns add actions
 * with exact stats, size and modification time.
 */
export async function writeDataFiles(conn: DuckDBConnection, root: string, layout: TableLayout, relation: string, prefix = "part", options: WriteFilesOptions = {}): Promise<WrittenFile[]> {
  const { partitionFields, dataFields } = splitFields(layout);
  const groups: (string | null)[][] = partitionFields.length
    ? ((await conn.runAndReadAll(
        `SELECT DISTINCT ${partitionFields.map((f, i) => `${partitionStringSql(`"${f.name.replace(/"/g, '""')}"`, f.type)} AS p${i}`).join(", ")} FROM ${relation}`,
      )).getRowsJson() as (string | null)[][])
    : [[]];
  const written: WrittenFile[] = [];
  for (const values of groups) {
    const where = partitionFields.length
      ? ` WHERE ${partitionFields
          .map((f, i) => `${partitionStringSql(`"${f.name.replace(/"/g, '""')}"`, f.type)} IS NOT DISTINCT FROM ${values[i] === null ? "NULL" : quoteLiteral(values[i]!)}`)
          .join(" AND ")}`
      : "";
    const dirs = [...(options.baseDirs ?? []), ...partitionFields.map((f, i) => `${escapePartitionSegment(physicalName(f, layout.columnMappingMode))}=${escapePartitionSegment(values[i] ?? NULL_PARTITION)}`)];
    const partitionValues = Object.fromEntries(partitionFields.map((f, i) => [physicalName(f, layout.columnMappingMode), values[i]]));
    const subset = `(SELECT * FROM ${relation}${where})`;
    const file = await writeOneFile(conn, root, layout, dataFields, subset, dirs, partitionValues, prefix, options.extraColumnsSql);
    // An empty append still commits (as Spark's does), but with no zero-row file in it.
    if (file.numRecords === 0) await rm(file.absolutePath, { force: true });
    else written.push(file);
  }
  return written;
}

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
): Promise<WrittenFile> {
  const codec = parquetCodec(layout.properties);
  const fileName = `${prefix}-00000-${randomUUID()}.c000.${codec === "uncompressed" ? "" : `${codec}.`}parquet`;
  const relative = [...dirs, fileName].join("/");
  const absolutePath = path.join(root, ...dirs, fileName);
  await mkdir(path.dirname(absolutePath), { recursive: true });
  const physicalData: StructType = toPhysicalSchema({ type: "struct", fields: dataFields }, layout.columnMappingMode);
  const selectList = physicalSelectList(dataFields, layout.columnMappingMode) + extraColumnsSql;
  const physicalRelation = `(SELECT ${selectList || "NULL AS __empty"} FROM ${logicalRelation})`;
  const options = [`FORMAT parquet`, `COMPRESSION ${codec}`];
  const fieldIds = layout.columnMappingMode === "none" ? null : fieldIdsOption({ type: "struct", fields: dataFields });
  if (fieldIds) options.push(`FIELD_IDS ${fieldIds}`);
  await conn.run(`COPY ${physicalRelation} TO ${quoteLiteral(absolutePath)} (${options.join(", ")})`);
  // Stats come from the file as written, so they describe exactly its bytes.
  const { json, numRecords } = await computeStats(conn, `read_parquet(${quoteLiteral(absolutePath)})`, physicalData, layout.properties);
  const info = await stat(absolutePath);
  return {
    absolutePath,
    numRecords,
    add: {
      path: encodeLogPath(relative),
      partitionValues,
      size: info.size,
      modificationTime: Math.floor(info.mtimeMs),
      dataChange: true,
      stats: json,
    },
  };
}
