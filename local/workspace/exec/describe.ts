/** DESCRIBE TABLE [EXTENDED], DESCRIBE DETAIL and DESCRIBE HISTORY, laid out as Databricks prints them. */
import { clusteringColumns, findField, type Snapshot, type StructField } from "../../../src/delta/index.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { sqlErrors } from "../errors.js";
import { formatMicros, type JsonValue } from "../results/values.js";
import { describedType } from "../sql/char-varchar.js";
import type { Name, Tokens } from "../sql/statements.js";
import { madeToken, type Token } from "../sql/tokenizer.js";
import { checkPartitionColumns, partitionPredicate, type StaticValue } from "./dml.js";
import { runQuery } from "./query.js";
import { describeQuery, type StatementContext } from "./context.js";
import { findView, resolveTable, translate, viewRelation, type ResolvedTable } from "./resolve.js";
import { keyRows } from "./key-constraints.js";
import { columnStatisticsOf, statisticsRows } from "./statistics.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { sparkColumnName } from "../sql/subscripts.js";

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : formatMicros(BigInt(Math.round(ms)) * 1000n, true));
const str = { name: "", type: "string" };

export async function describeTable(ctx: StatementContext, name: Name, extended: boolean): Promise<TableResult> {
  const view = findView(ctx, name);
  // a view's columns as its query types them now
  if (view) return describedQuery(ctx, await viewRelation(ctx, view));
  const { table, entry, name: full } = resolveTable(ctx, name);
  const snap = await table.snapshot({});
  const rows: JsonValue[][] = snap.schema.fields.map((f) => [f.name, describedType(f), (f.metadata.comment as string) ?? null]);
  if (snap.partitionColumns.length > 0) {
    rows.push(["# Partition Information", "", ""], ["# col_name", "data_type", "comment"]);
    for (const p of snap.partitionColumns) {
      const f = findField(snap.schema.fields, p);
      rows.push([p, f ? describedType(f) : "string", null]);
    }
  }
  const clustering = clusteringColumns(snap) ?? [];
  if (clustering.length > 0) {
    rows.push(["# Clustering Information", "", ""], ["# col_name", "data_type", "comment"]);
    for (const path of clustering) {
      const f = fieldAt(snap.schema.fields, path.split("."));
      rows.push([path, f ? describedType(f) : "", (f?.metadata.comment as string) ?? null]);
    }
  }
  if (extended) {
    rows.push(["", "", ""], ["# Detailed Table Information", "", ""], ...detailedInformation(ctx, { table, entry, name: full }, snap).map(([key, value]) => [key, value, ""]));
    rows.push(...statisticsRows(entry), ...keyRows(entry));
  }
  return describedRows(rows);
}

/** DESCRIBE [QUERY] query: the query's columns as it types them, as DESCRIBE TABLE lists a table's */
export async function describeQueryColumns(ctx: StatementContext, tokens: Tokens): Promise<TableResult> {
  return describedQuery(ctx, await translate(ctx, tokens));
}

/** the columns a (translated) query answers, each one's name and type, as DESCRIBE lists them */
async function describedQuery(ctx: StatementContext, sql: string): Promise<TableResult> {
  const columns = await describeQuery(ctx.conn, sql);
  return describedRows(columns.map((c) => [sparkColumnName(c.name), describedType({ name: c.name, type: duckToSpark(c.type), nullable: true, metadata: {} }), null]));
}

/** a table's detailed information, as DESCRIBE TABLE EXTENDED and SHOW TABLE EXTENDED show it: each item's name and value */
export function detailedInformation(ctx: StatementContext, { table, entry, name }: ResolvedTable, snap: Snapshot): [string, string][] {
  const props = Object.entries(snap.properties).map(([k, v]) => `${k}=${v}`).join(",");
  return [
    ["Catalog", name.length === 3 ? name[0] : "delta"],
    ["Database", name.length === 3 ? name[1] : ""],
    ["Table", name[name.length - 1]],
    ["Created Time", iso(snap.metadata.createdTime ?? entry?.createdAt) ?? ""],
    ["Last Access", "UNKNOWN"],
    ["Created By", "Spark (local workspace)"],
    ["Type", entry?.type ?? "EXTERNAL"],
    ["Location", `file:${table.root}`],
    ["Provider", "delta"],
    ["Owner", ctx.parts.user],
    ["Is_managed_location", String(entry?.type === "MANAGED")],
    ["Table Properties", `[${props}]`],
    ...(entry?.comment ? [["Comment", entry.comment] as [string, string]] : []),
  ];
}

/**
 * DESCRIBE TABLE t column: the column's name, type and comment as info_name / info_value rows; EXTENDED adds the statistics rows
 * Spark shows, what ANALYZE TABLE … FOR COLUMNS computed last (NULL where it never ran; the histogram always)
 */
export async function describeColumn(ctx: StatementContext, name: Name, column: Name, extended: boolean): Promise<TableResult> {
  const { table, entry } = resolveTable(ctx, name);
  const fields = (await table.snapshot({})).schema.fields;
  const field = fieldAt(fields, column);
  if (!field) throw sqlErrors.unresolvedColumnSuggest(column, fields.map((f) => [f.name]));
  const rows: JsonValue[][] = [
    ["col_name", column.join(".")],
    ["data_type", describedType(field)],
    ["comment", (field.metadata.comment as string) ?? null],
  ];
  if (extended) {
    const stats = column.length === 1 ? columnStatisticsOf(entry, column[0]) : undefined;
    for (const stat of ["min", "max", "num_nulls", "distinct_count", "avg_col_len", "max_col_len"] as const) rows.push([stat, stats?.[stat] ?? null]);
    rows.push(["histogram", null]);
  }
  return infoRows(rows);
}

/** the (nested) field a dotted path names */
function fieldAt(fields: StructField[], path: string[]): StructField | undefined {
  const field = fields.find((f) => f.name.toLowerCase() === path[0].toLowerCase());
  if (!field || path.length === 1) return field;
  return typeof field.type !== "string" && field.type.type === "struct" ? fieldAt(field.type.fields, path.slice(1)) : undefined;
}

/** rows of info_name and info_value, as DESCRIBE of a column or a catalog answers */
export const infoRows = (rows: JsonValue[][]) =>
  tableResult(
    [
      { ...str, name: "info_name" },
      { ...str, name: "info_value" },
    ],
    rows,
  );

const describedRows = (rows: JsonValue[][]) =>
  tableResult(
    [
      { ...str, name: "col_name" },
      { ...str, name: "data_type" },
      { ...str, name: "comment" },
    ],
    rows,
  );

export async function describeDetail(ctx: StatementContext, name: Name): Promise<TableResult> {
  const { table, entry, name: full } = resolveTable(ctx, name);
  const snap = await table.snapshot({});
  const features = [...new Set([...(snap.protocol.readerFeatures ?? []), ...(snap.protocol.writerFeatures ?? [])])].sort();
  const row: JsonValue[] = [
    "delta",
    snap.metadata.id,
    full.join("."),
    entry?.comment ?? snap.metadata.description ?? null,
    `file:${table.root}`,
    iso(snap.metadata.createdTime ?? entry?.createdAt),
    iso(snap.timestamp),
    snap.partitionColumns,
    clusteringColumns(snap) ?? [],
    snap.files.length,
    snap.files.reduce((sum, f) => sum + f.size, 0),
    snap.properties,
    snap.protocol.minReaderVersion,
    snap.protocol.minWriterVersion,
    features,
  ];
  const strings = { type: "array", elementType: "string", containsNull: true } as const;
  return tableResult(
    [
      { name: "format", type: "string" },
      { name: "id", type: "string" },
      { name: "name", type: "string" },
      { name: "description", type: "string" },
      { name: "location", type: "string" },
      { name: "createdAt", type: "timestamp" },
      { name: "lastModified", type: "timestamp" },
      { name: "partitionColumns", type: strings },
      { name: "clusteringColumns", type: strings },
      { name: "numFiles", type: "long" },
      { name: "sizeInBytes", type: "long" },
      { name: "properties", type: { type: "map", keyType: "string", valueType: "string", valueContainsNull: true } },
      { name: "minReaderVersion", type: "integer" },
      { name: "minWriterVersion", type: "integer" },
      { name: "tableFeatures", type: strings },
    ],
    [row],
  );
}

export async function describeHistory(ctx: StatementContext, name: Name, limit?: number): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  const history = await table.history(limit);
  const stringMap = (o: Record<string, unknown> | undefined) =>
    o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) : null;
  const rows: JsonValue[][] = history.map((h) => [
    h.version,
    iso(h.timestamp),
    null,
    null,
    h.operation ?? null,
    stringMap(h.operationParameters),
    null,
    null,
    ctx.parts.cluster.id,
    typeof h.readVersion === "number" ? h.readVersion : null,
    typeof h.isolationLevel === "string" ? h.isolationLevel : null,
    typeof h.isBlindAppend === "boolean" ? h.isBlindAppend : null,
    stringMap(h.operationMetrics as Record<string, unknown> | undefined),
    null,
    typeof h.engineInfo === "string" ? h.engineInfo : null,
  ]);
  const map = { type: "map", keyType: "string", valueType: "string", valueContainsNull: true } as const;
  return tableResult(
    [
      { name: "version", type: "long" },
      { name: "timestamp", type: "timestamp" },
      { name: "userId", type: "string" },
      { name: "userName", type: "string" },
      { name: "operation", type: "string" },
      { name: "operationParameters", type: map },
      { name: "job", type: "string" },
      { name: "notebook", type: "string" },
      { name: "clusterId", type: "string" },
      { name: "readVersion", type: "long" },
      { name: "isolationLevel", type: "string" },
      { name: "isBlindAppend", type: "boolean" },
      { name: "operationMetrics", type: map },
      { name: "userMetadata", type: "string" },
      { name: "engineInfo", type: "string" },
    ],
    rows,
  );
}

/**
 * SHOW TBLPROPERTIES t [(key)]: the table's properties and its protocol as Delta lists them (delta.minReaderVersion,
 * delta.minWriterVersion, delta.feature.<name> = supported), by key; one key's value, or Spark's words where it has none
 */
export async function showTblProperties(ctx: StatementContext, name: Name, key: string | undefined): Promise<TableResult> {
  const { table, name: full } = resolveTable(ctx, name);
  const { properties, protocol } = await table.snapshot({});
  const features = [...new Set([...(protocol.readerFeatures ?? []), ...(protocol.writerFeatures ?? [])])].map((f) => [`delta.feature.${f}`, "supported"]);
  const listed = new Map<string, string>([
    ...Object.entries(properties),
    ["delta.minReaderVersion", String(protocol.minReaderVersion)],
    ["delta.minWriterVersion", String(protocol.minWriterVersion)],
    ...(features as [string, string][]),
  ]);
  const columns = [
    { name: "key", type: "string" },
    { name: "value", type: "string" },
  ];
  if (key !== undefined) return tableResult(columns, [[key, listed.get(key) ?? `Table ${full.join(".")} does not have property: ${key}`]]);
  return tableResult(columns, [...listed].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * SHOW PARTITIONS t [PARTITION (p = v, …)]: the partitions of a partitioned table, a column per partition column of its type,
 * in the order of their values; a spec keeps the partitions that hold its values
 */
export async function showPartitions(ctx: StatementContext, name: Name, spec: StaticValue[] | undefined): Promise<TableResult> {
  const { name: full, table } = resolveTable(ctx, name);
  const { partitionColumns } = await table.snapshot({});
  if (partitionColumns.length === 0) throw sqlErrors.showPartitionsUnpartitioned(full);
  if (spec) checkPartitionColumns(partitionColumns, spec, full);
  const t = (kind: Token["kind"], value: string) => madeToken(kind, value, 0);
  const listed = partitionColumns.flatMap((column, k) => [...(k > 0 ? [t("op", ",")] : []), t("qident", column)]);
  const where = spec ? [t("ident", "WHERE"), ...partitionPredicate(spec).slice(0, -1)] : [];
  const tableName = full.flatMap((part, k) => [...(k > 0 ? [t("op", ".")] : []), t("qident", part)]);
  return runQuery(ctx, [t("ident", "SELECT"), t("ident", "DISTINCT"), ...listed, t("ident", "FROM"), ...tableName, ...where, t("ident", "ORDER"), t("ident", "BY"), ...listed.map((x) => ({ ...x })), t("eof", "")]);
}

/** SHOW COLUMNS IN t: the names of a table's or a view's columns, in order */
export async function showColumns(ctx: StatementContext, name: Name): Promise<TableResult> {
  const view = findView(ctx, name);
  const names = view
    ? (await describeQuery(ctx.conn, await viewRelation(ctx, view))).map((c) => sparkColumnName(c.name))
    : (await resolveTable(ctx, name).table.snapshot({})).schema.fields.map((f) => f.name);
  return tableResult([{ name: "col_name", type: "string" }], names.map((n) => [n]));
}
