/**
 * The Spark SQL a run sends to the cluster: pin the table version, then export the window's rows
 * as Parquet to the staging container through WASB (the SAS is the one in the cluster's Spark
 * config), or, on a SQL warehouse, just select them. Identifiers are backquoted; window bounds are UTC instants with microseconds.
 */
import { parseTablePath, qualifiedName, quoteIdentifier, quoteString, type TableName } from "../databricks/sql.js";
import type { SqlResult } from "../databricks/client.js";
import { holdsAtAnyDepth, simpleString, type SparkType } from "../databricks/spark-types.js";
import { type LateRowSqlDialect, lateRowsByKey } from "./late-rows-by-key.js";
import { comparedColumns, netChangesSql, repeatedKeysSql } from "./net-changes.js";
import { type ChangedKeyRange, readChangedKeyRange } from "./held-key-range.js";

export interface ExportTarget {
  containerName: string;
  storageAccountName: string;
  /** folder inside the container, ending with '/' */
  prefix: string;
}

export interface TableRef {
  /** the source connection's tableName: table, db.table or catalog.db.table */
  tableName: string;
  /** the base connection's database and catalog, used when tableName is not qualified */
  database?: string;
  catalog?: string;
}

export type ExportRead = (
  | {
      kind: "window";
      deltaColumn: string;
      start: number | null;
      end: number | null;
      /**
       * The version the flow's previous window read. Rows that appeared since then with a delta
       * column before this window's start (late rows) are read too, so none is lost.
       */
      lateSinceVersion?: number;
      /**
       * The columns a late row is told by (named, in order), when they are not all the columns read (the flow writes fewer), or
       * hold a MAP or VARIANT at some depth, which Spark's EXCEPT ALL refuses (UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE), or
       * a FLOAT or DOUBLE, whose -0.0 it takes for 0.0: the late rows are then found through a JSON key of each row's values
       * of these columns (late-rows-by-key.ts).
       */
      lateRowKey?: readonly string[];
      /**
       * The pinned version's columns read, named, and how the previous version gives each
       * (late-row-columns.ts): the two sides of the late-row comparison then have the same columns
       * though columns were added or renamed in between. Without it both read the projection.
       */
      comparedColumns?: readonly ComparedColumn[];
    }
  /** the whole pinned version; `asChanges` tags every row u with the version and its commit time (a change-data flow's first window, or a resync) */
  | { kind: "snapshot"; asChanges?: { version: number; commitTimestamp: number } }
  /** the change feed after the last ingested version, netted: one change per key, its last */
  | { kind: "changes"; fromVersion: number; key: readonly string[] }
) & {
  /**
   * The columns read that hold a VARIANT at some depth, typed: the export writes each VARIANT in them as its JSON text (to_json,
   * Spark's own), a STRING, which ingestion reads (it has no VARIANT) and an XDM string field holds (variant-columns.ts).
   */
  variantColumns?: readonly { name: string; type: SparkType }[];
};

/** One column of the late-row comparison: its name and type at the pinned version, and at the previous version. */
export interface ComparedColumn {
  name: string;
  type: SparkType;
  /** the column there (under another name after a RENAME COLUMN), or none: NULL of the column's type */
  previous?: { name: string; type: SparkType };
}

/** The source table, read as source-connection validation read it. */
export function sourceTable(ref: TableRef): TableName {
  const table = parseTablePath(ref.tableName, ref);
  if (!table) throw new Error(`the source connection's tableName ${ref.tableName} is not table, database.table or catalog.database.table`);
  return table;
}

export function qualifiedTable(ref: TableRef): string {
  return qualifiedName(sourceTable(ref));
}

export function timestampLiteral(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-01-01T00:00:00.000Z
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 23)}000Z'`;
}

export function latestVersionSql(ref: TableRef): string {
  return `DESCRIBE HISTORY ${qualifiedTable(ref)} LIMIT 1`;
}

/** The table's detail: its Delta table id (`id`) tells a table dropped and created again under the same name. */
export function tableDetailSql(ref: TableRef): string {
  return `DESCRIBE DETAIL ${qualifiedTable(ref)}`;
}

/** How many rows of the pinned version have no delta column value: no window reads them. */
export function nullDeltaColumnCountSql(ref: TableRef, deltaColumn: string, version: number): string {
  return `SELECT count(*) AS rows FROM ${qualifiedTable(ref)} VERSION AS OF ${version} WHERE ${quoteIdentifier(deltaColumn)} IS NULL`;
}

export function wasbsUrl(target: ExportTarget): string {
  return `wasbs://${target.containerName}@${target.storageAccountName}.blob.core.windows.net/${target.prefix}`;
}

export function exportSql(ref: TableRef, columns: readonly string[], version: number, read: ExportRead, target: ExportTarget): string {
  return `INSERT OVERWRITE DIRECTORY '${wasbsUrl(target)}' USING PARQUET ${selectSql(ref, columns, version, read)}`;
}

/** The query of the window's rows at the pinned version, as the export runs it (a SQL warehouse reads it as is), its VARIANTs as JSON text. */
export function selectSql(ref: TableRef, columns: readonly string[], version: number, read: ExportRead): string {
  const select = rowsSql(ref, columns, version, read);
  const variants = read.variantColumns ?? [];
  if (variants.length === 0) return select;
  const written = variants.map((c) => `${variantsAsJsonSql(quoteIdentifier(c.name), c.type, 0)} AS ${quoteIdentifier(c.name)}`);
  return `SELECT * EXCEPT (${variants.map((c) => quoteIdentifier(c.name)).join(", ")}), ${written.join(", ")} FROM (${select}) AS _window`;
}

/** A value with each VARIANT in it written as its JSON text: a VARIANT itself, or one inside a struct, an array or a map's values. */
function variantsAsJsonSql(value: string, type: SparkType, depth: number): string {
  if (!holdsVariant(type)) return value;
  switch (type.kind) {
    case "array":
      return `transform(${value}, x${depth} -> ${variantsAsJsonSql(`x${depth}`, type.element, depth + 1)})`;
    case "map":
      return `transform_values(${value}, (k${depth}, v${depth}) -> ${variantsAsJsonSql(`v${depth}`, type.value, depth + 1)})`;
    case "struct": {
      const fields = type.fields.map((f) => `${quoteString(f.name)}, ${variantsAsJsonSql(`${value}.${quoteIdentifier(f.name)}`, f.type, depth + 1)}`);
      return `CASE WHEN ${value} IS NULL THEN NULL ELSE named_struct(${fields.join(", ")}) END`;
    }
    default:
      // a JSON null is NULL, as DuckDB (a Delta Sharing read's) holds it; timestamps in UTC, as a Delta Sharing read writes them,
      // whatever the cluster's session zone
      return `CASE WHEN is_variant_null(${value}) THEN NULL ELSE to_json(${value}, map('timeZone', 'UTC')) END`;
  }
}

/** Whether a value of this type holds a VARIANT at some depth. */
export const holdsVariant = (type: SparkType): boolean => holdsAtAnyDepth(type, (t) => t.kind === "primitive" && t.name === "variant");

/** The window's rows at the pinned version, as the table holds them. */
function rowsSql(ref: TableRef, columns: readonly string[], version: number, read: ExportRead): string {
  const projection = projectionOf(columns);
  const table = qualifiedTable(ref);
  let select: string;
  switch (read.kind) {
    case "snapshot": {
      const tagged = read.asChanges
        ? `, 'u' AS _change_request_type, CAST(${version} AS BIGINT) AS _commit_version, ${timestampLiteral(read.asChanges.commitTimestamp)} AS _commit_timestamp`
        : "";
      select = `SELECT ${projection}${tagged} FROM ${table} VERSION AS OF ${version}`;
      break;
    }
    case "window": {
      const column = quoteIdentifier(read.deltaColumn);
      const bounds = [
        read.start === null ? undefined : `${column} >= ${timestampLiteral(read.start)}`,
        read.end === null ? undefined : `${column} < ${timestampLiteral(read.end)}`,
      ].filter(Boolean);
      select = `SELECT ${projection} FROM ${table} VERSION AS OF ${version}${bounds.length ? ` WHERE ${bounds.join(" AND ")}` : ""}`;
      if (read.lateSinceVersion !== undefined && read.start !== null) {
        const before = `${column} < ${timestampLiteral(read.start)}`;
        const compared = read.comparedColumns;
        const rowsBefore = (at: number, list: string) => `SELECT ${list} FROM ${table} VERSION AS OF ${at} WHERE ${before}`;
        const added = rowsBefore(version, compared ? compared.map((c) => quoteIdentifier(c.name)).join(", ") : projection);
        const key = read.lateRowKey;
        const earlierColumns = compared && key ? compared.filter((c) => key.includes(c.name)) : compared;
        const earlier = rowsBefore(read.lateSinceVersion, earlierColumns ? earlierColumns.map(previousColumnSql).join(", ") : projection);
        select += key
          ? ` UNION ALL ${lateRowsByKey(SPARK, compared?.map((c) => c.name) ?? key, added, earlier, key)}`
          : ` UNION ALL SELECT ${projection} FROM (${added} EXCEPT ALL ${earlier})`;
      }
      break;
    }
    case "changes":
      select = netChanges(table, projection, read.key, read.fromVersion, version);
      break;
  }
  return select;
}

/**
 * The columns a run reads, typed by Spark without reading a row: whether EXCEPT ALL can compare
 * them (lateRowKey).
 */
export function projectionTypesSql(ref: TableRef, columns: readonly string[], version: number): string {
  return `SELECT ${projectionOf(columns)} FROM ${qualifiedTable(ref)} VERSION AS OF ${version} LIMIT 0`;
}

/** The select list of a run's read: the source connection's columns, or every column when it lists none. */
function projectionOf(columns: readonly string[]): string {
  return columns.length > 0 ? columns.map(quoteIdentifier).join(", ") : "*";
}

/** Whether Spark's set operations refuse a column of this type: a MAP (or a VARIANT) at any depth. */
export function refusedBySetOperations(type: SparkType): boolean {
  return holdsAtAnyDepth(type, (t) => t.kind === "map" || (t.kind === "primitive" && t.name === "variant"));
}

/**
 * Whether a column of this type holds a FLOAT or DOUBLE at some depth: Spark's set operations group
 * its -0.0 with 0.0 and give it back as 0.0 (late-rows-by-key.ts).
 */
export function holdsFloatingPoint(type: SparkType): boolean {
  return holdsAtAnyDepth(type, (t) => t.kind === "primitive" && (t.name === "float" || t.name === "double"));
}

/**
 * A row's `columns` as JSON text: timestamps with microseconds and their offset, so no two instants
 * share a text; binaries in base64, decimals as written, doubles and floats as Java writes them
 * ("-0.0" apart from "0.0", NaN and ±Infinity by name), so distinct values give distinct texts and
 * one stored row always the same.
 */
function rowJsonSql(columns: readonly string[]): string {
  const options = [
    ["timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"],
    ["timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"],
  ];
  return `to_json(struct(${columns.map(quoteIdentifier).join(", ")}), map(${options.flat().map(quoteString).join(", ")}))`;
}

/** A compared column as the previous version gives it, under its pinned name and of its pinned type. */
function previousColumnSql(column: ComparedColumn): string {
  const name = quoteIdentifier(column.name);
  if (!column.previous) return `CAST(NULL AS ${simpleString(column.type)}) AS ${name}`;
  const value = alignedValueSql(quoteIdentifier(column.previous.name), column.type, column.previous.type);
  return value === name ? name : `${value} AS ${name}`;
}

/**
 * A value of the previous version's type as a value of the pinned version's: a struct that gained
 * fields since (ADD COLUMNS of a nested field, a write merging its schema) gets them as NULL, field
 * by field at any depth of structs, since Spark's set operations refuse structs of other fields; a
 * type widened since (a float or an int to a double, a date to a timestamp) is cast, as the pinned
 * version reads the older files, so that a row's text (late-rows-by-key.ts) is the same in both.
 */
function alignedValueSql(value: string, pinned: SparkType, previous: SparkType): string {
  if (simpleString(pinned) === simpleString(previous)) return value;
  if (pinned.kind !== "struct" || previous.kind !== "struct") return `CAST(${value} AS ${simpleString(pinned)})`;
  const fields = pinned.fields.map((field) => {
    const before = previous.fields.find((f) => f.name.toLowerCase() === field.name.toLowerCase());
    const held = before ? alignedValueSql(`${value}.${quoteIdentifier(before.name)}`, field.type, before.type) : `CAST(NULL AS ${simpleString(field.type)})`;
    return `${quoteString(field.name)}, ${held}`;
  });
  return `CASE WHEN ${value} IS NULL THEN NULL ELSE named_struct(${fields.join(", ")}) END`;
}

const CHANGE_COLUMNS = "_change_request_type, _commit_version, _commit_timestamp";

/** Spark's spelling of the change-feed and late-row SQL (net-changes.ts, late-rows-by-key.ts): rows as JSON text with every microsecond. */
const SPARK: LateRowSqlDialect = { quote: quoteIdentifier, rowText: rowJsonSql, antiJoin: "LEFT ANTI JOIN" };

/** u for inserts and update post-images, d for deletes (their pre-image), one per key (net-changes.ts); each row carries its commit version and timestamp. */
function netChanges(table: string, projection: string, key: readonly string[], fromVersion: number, toVersion: number): string {
  // `*` already holds the feed's _change_type, _commit_version and _commit_timestamp
  const read = projection === "*" ? "*" : `${projection}, _commit_version, _commit_timestamp`;
  const outer = projection === "*" ? "*" : `${projection}, ${CHANGE_COLUMNS}`;
  return netChangesSql(SPARK, changeFeed(table, fromVersion, toVersion), key, read, outer);
}

const changeFeed = (table: string, fromVersion: number, toVersion: number) => `table_changes(${quoteString(table)}, ${fromVersion}, ${toVersion})`;

/** The range of the keys the change window of `read` changed (held-key-range.ts), which bounds repeatedChangeKeysSql's count; `runSql` sends each statement it takes. */
export function readChangedKeyRangeOfWindow(
  runSql: (sql: string) => Promise<SqlResult>,
  ref: TableRef,
  version: number,
  read: Extract<ExportRead, { kind: "changes" }>,
): Promise<ChangedKeyRange> {
  return readChangedKeyRange(runSql, SPARK, changeFeed(qualifiedTable(ref), read.fromVersion, version), read.key);
}

/**
 * The first keys several rows share in the change window of `read` (net-changes.ts), their rows
 * compared on the flow's columns (`tableColumns`, the table's, when it lists none), the rows each
 * changed key has counted at the pinned version: of the rows `inRange` (a predicate on the key
 * columns that every changed key meets: held-key-range.ts) allows, so that data skipping reads
 * only the files that may hold a changed key.
 */
export function repeatedChangeKeysSql(
  ref: TableRef,
  columns: readonly string[],
  tableColumns: readonly string[],
  version: number,
  read: Extract<ExportRead, { kind: "changes" }>,
  inRange?: string,
): string {
  const table = qualifiedTable(ref);
  const pinned = `${table} VERSION AS OF ${version}`;
  const held = inRange === undefined ? pinned : `(SELECT ${read.key.map(quoteIdentifier).join(", ")} FROM ${pinned} WHERE ${inRange}) AS _in_range`;
  return repeatedKeysSql(SPARK, changeFeed(table, read.fromVersion, version), held, read.key, comparedColumns(columns, tableColumns));
}

/** The table's history, to find the commit time of a pinned version. */
export function historySql(ref: TableRef): string {
  return `DESCRIBE HISTORY ${qualifiedTable(ref)}`;
}
