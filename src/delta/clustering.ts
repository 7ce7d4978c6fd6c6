/**
 * Liquid clustering (the `clustering` table feature): a table's clustering columns are the `delta.clustering`
 * domain's `{"clusteringColumns": [[…path], …]}`, each column's path of physical names. A clustered table is
 * never partitioned, names at most four columns, each one a column whose values have min/max statistics
 * (Delta's writer requirement: the statistics are what clustering is for), and OPTIMIZE clusters its files.
 */
import { physicalName } from "./column-mapping.js";
import { DeltaErrorCode, DeltaErrors } from "./errors.js";
import { columnMappingMode } from "./protocol-support.js";
import { findField } from "./schema.js";
import type { ColumnMappingMode, DeltaType, DomainMetadata, Snapshot, StructField, StructType } from "./types.js";

export const CLUSTERING_DOMAIN = "delta.clustering";
/** the clusteringProvider of the files OPTIMIZE clusters */
export const LIQUID = "liquid";
const MAX_CLUSTERING_COLUMNS = 4;
const DEFAULT_INDEXED_COLUMNS = 32;
/** types whose statistics Delta keeps (min/max), so that files can be skipped by them */
const SKIPPING_TYPES = /^(byte|short|integer|long|float|double|date|timestamp|timestamp_ntz|string|decimal\(\d+,\s*\d+\))$/;

/** the features a clustered table's protocol names, as table-feature properties */
export const CLUSTERING_FEATURES = { "delta.feature.clustering": "supported", "delta.feature.domainMetadata": "supported" };

/**
 * The `delta.clustering` domain of a table of this schema clustered by `columns` (logical paths, as written), checked as Delta checks
 * them: each a column of the schema whose type keeps statistics and which is among the columns statistics are kept for.
 */
export function clusteringDomain(columns: readonly string[][], schema: StructType, mode: ColumnMappingMode, properties: Record<string, string>): DomainMetadata {
  if (columns.length > MAX_CLUSTERING_COLUMNS) {
    throw DeltaErrors.rule(
      DeltaErrorCode.ClusterByInvalidNumColumns,
      `CLUSTER BY supports up to ${MAX_CLUSTERING_COLUMNS} clustering columns, but the table has ${columns.length} clustering columns. Please remove the extra clustering columns.`,
    );
  }
  const leaves = leafPaths(schema).map((path) => path.join(".").toLowerCase());
  const limit = Number(properties["delta.dataSkippingNumIndexedCols"] ?? DEFAULT_INDEXED_COLUMNS);
  const physical = columns.map((path) => {
    const fields = resolvePath(schema, path);
    const type = fields[fields.length - 1].type;
    if (typeof type !== "string" || !SKIPPING_TYPES.test(type)) {
      throw DeltaErrors.rule(
        DeltaErrorCode.ClusteringColumnsDataTypeNotSupported,
        `CLUSTER BY is not supported because the following column(s): ${path.join(".")} : ${typeText(type)} don't support data skipping.`,
      );
    }
    const leaf = leaves.indexOf(fields.map((f) => f.name).join(".").toLowerCase());
    if (limit >= 0 && leaf >= limit) {
      throw DeltaErrors.rule(
        DeltaErrorCode.ClusteringColumnMissingStats,
        `Liquid clustering requires clustering columns to have stats. Couldn't find clustering column(s) '${path.join(".")}' in stats schema: statistics are kept for the first ${limit} columns (delta.dataSkippingNumIndexedCols), and it is column ${leaf + 1}.`,
      );
    }
    return fields.map((f) => physicalName(f, mode));
  });
  return { domain: CLUSTERING_DOMAIN, configuration: JSON.stringify({ clusteringColumns: physical }), removed: false };
}

/** the table's clustering columns as logical dotted names, or undefined for a table that is not clustered */
export function clusteringColumns(snapshot: Snapshot): string[] | undefined {
  const mode = columnMappingMode(snapshot.protocol, snapshot.metadata);
  const domain = snapshot.domainMetadata.find((d) => d.domain === CLUSTERING_DOMAIN && !d.removed);
  if (!domain) return undefined;
  const paths = (JSON.parse(domain.configuration) as { clusteringColumns?: (string | string[])[] }).clusteringColumns ?? [];
  return paths.map((path) => logicalPath(snapshot.schema, typeof path === "string" ? [path] : path, mode).join("."));
}

function resolvePath(schema: StructType, path: readonly string[]): StructField[] {
  const fields: StructField[] = [];
  let struct: DeltaType = schema;
  for (const name of path) {
    const field: StructField | undefined = findField(structFields(struct), name);
    if (!field) {
      throw DeltaErrors.rule(DeltaErrorCode.ColumnNotFoundInSchema, `Unable to find the clustering column ${path.join(".")} in the table's columns: ${schema.fields.map((f) => f.name).join(", ")}.`);
    }
    fields.push(field);
    struct = field.type;
  }
  return fields;
}

function logicalPath(schema: StructType, physical: readonly string[], mode: ColumnMappingMode): string[] {
  const names: string[] = [];
  let struct: DeltaType = schema;
  for (const name of physical) {
    const field: StructField | undefined = structFields(struct).find((f) => physicalName(f, mode) === name);
    if (!field) return [...names, name];
    names.push(field.name);
    struct = field.type;
  }
  return names;
}

const structFields = (type: DeltaType): StructField[] => (typeof type !== "string" && type.type === "struct" ? type.fields : []);

/** every leaf column's path, in schema order: the order statistics are kept in */
function leafPaths(type: DeltaType, prefix: string[] = []): string[][] {
  if (typeof type === "string" || type.type !== "struct") return [prefix];
  return type.fields.flatMap((f) => leafPaths(f.type, [...prefix, f.name]));
}

function typeText(type: DeltaType): string {
  return typeof type === "string" ? type.toUpperCase() : type.type.toUpperCase();
}
