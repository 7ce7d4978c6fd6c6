import type { DuckDBConnection } from "@duckdb/node-api";
import type { AddFile, Snapshot } from "./types.js";
import { DeltaErrorCode, DeltaErrors } from "./errors.js";
import { clusteringColumns, LIQUID } from "./clustering.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable, columnMappingMode } from "./protocol-support.js";
import { buildCommitInfo } from "./commit-info.js";
import { filesByScanPath, publishRewrite, removeOf } from "./dml-files.js";
import { writeDataFiles } from "./data-files.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { findField } from "./schema.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

export interface OptimizeResult {
  /** null when no partition needed compacting and nothing was committed */
  version: number | null;
  numFilesAdded: number;
  numFilesRemoved: number;
  partitionsOptimized: number;
}

/**
 * OPTIMIZE [ZORDER BY (cols)]: on a clustered table, the files not yet clustered (and those with a deletion vector) written again sorted by
 * the clustering columns, each new file marked as clustered, so the next OPTIMIZE leaves them be; ZORDER BY is refused there, as Delta
 * refuses it. Elsewhere, the live rows of each partition that holds more than one file, or a file with a deletion vector, written
 * again as one file (or as many as the table's target file size makes), sorted by `sortBy`'s columns where given; the old files removed
 * and the new ones added with dataChange false, in one OPTIMIZE commit, as Delta compacts: the change data feed and a reader of what
 * changed see no change. Nothing to compact commits nothing. A lost commit race fails, as Delta's OPTIMIZE does against a writer that
 * removed its files.
 */
export async function optimizeFiles(root: string, conn: DuckDBConnection, sortBy: readonly string[] = []): Promise<OptimizeResult> {
  const snapshot = await loadSnapshot(root);
  checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
  const clustered = clusteringColumns(snapshot) ?? [];
  if (clustered.length > 0 && sortBy.length > 0) {
    throw DeltaErrors.rule(
      DeltaErrorCode.ClusteringWithZOrderBy,
      `OPTIMIZE command for Delta table with Liquid clustering cannot specify ZORDER BY. Please remove ZORDER BY (${sortBy.join(", ")}).`,
    );
  }
  if (clustered.length > 0) return clusterFiles(root, conn, snapshot, clustered);
  const columns = sortBy.map((name) => {
    const field = findField(snapshot.schema.fields, name);
    if (!field) throw DeltaErrors.invalidArgument(`ZORDER BY names ${name}, which the table does not have (its columns: ${snapshot.schema.fields.map((f) => f.name).join(", ")})`);
    if (snapshot.partitionColumns.some((p) => p.toLowerCase() === field.name.toLowerCase())) throw DeltaErrors.invalidArgument(`ZORDER BY ${field.name}: it is a partition column`);
    return field.name;
  });
  const partitions = new Map<string, AddFile[]>();
  for (const add of snapshot.files) {
    const key = JSON.stringify(Object.entries(add.partitionValues).sort());
    partitions.set(key, [...(partitions.get(key) ?? []), add]);
  }
  const compacted = [...partitions.values()].filter((files) => files.length > 1 || files.some((f) => f.deletionVector) || columns.length > 0);
  const sortSql = columns.map((c) => quoteIdent(c));
  return rewrite(root, conn, snapshot, compacted, sortSql, { predicate: "[]", zOrderBy: JSON.stringify(columns) });
}

/**
 * REORG TABLE … APPLY (PURGE): every file with a deletion vector written again without its deleted rows (a partition's such files
 * into one), in one REORG commit that changes no data, so the deleted rows are gone from the files VACUUM keeps; nothing to purge
 * commits nothing
 */
export async function purgeDeletedRows(root: string, conn: DuckDBConnection): Promise<OptimizeResult> {
  const snapshot = await loadSnapshot(root);
  checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
  const partitions = new Map<string, AddFile[]>();
  for (const add of snapshot.files.filter((f) => f.deletionVector)) {
    const key = JSON.stringify(Object.entries(add.partitionValues).sort());
    partitions.set(key, [...(partitions.get(key) ?? []), add]);
  }
  return rewrite(root, conn, snapshot, [...partitions.values()], [], { predicate: "[]", applyPurge: true }, undefined, "REORG");
}

/** a clustered table's files not clustered yet, or carrying deleted rows, written again in clustering order as clustered files */
async function clusterFiles(root: string, conn: DuckDBConnection, snapshot: Snapshot, clustered: string[]): Promise<OptimizeResult> {
  const unclustered = snapshot.files.filter((f) => f.clusteringProvider !== LIQUID || f.deletionVector);
  const sortSql = clustered.map((path) => path.split(".").slice(1).reduce((field, name) => `struct_extract(${field}, ${quoteLiteral(name)})`, quoteIdent(path.split(".")[0])));
  const groups = unclustered.length > 0 ? [unclustered] : [];
  return rewrite(root, conn, snapshot, groups, sortSql, { predicate: "[]", clusterBy: JSON.stringify(clustered), zOrderBy: "[]" }, LIQUID);
}

/** the live rows of each group's files written again (sorted by `sortSql` where given) in one OPTIMIZE (or REORG) commit that changes no data; none when no group */
async function rewrite(
  root: string,
  conn: DuckDBConnection,
  snapshot: Snapshot,
  groups: AddFile[][],
  sortSql: string[],
  operationParameters: Record<string, unknown>,
  clusteringProvider?: string,
  operation = "OPTIMIZE",
): Promise<OptimizeResult> {
  const removed = groups.flat();
  if (removed.length === 0) return { version: null, numFilesAdded: 0, numFilesRemoved: 0, partitionsOptimized: 0 };
  const removing = new Set(removed);
  const scanPaths = [...(await filesByScanPath(snapshot))].filter(([, add]) => removing.has(add)).map(([path]) => quoteLiteral(path));
  const view = await scanSnapshotRelation(conn, snapshot, { rowIdentity: true });
  const names = snapshot.schema.fields.map((f) => quoteIdent(f.name)).join(", ");
  const order = sortSql.length ? ` ORDER BY ${sortSql.join(", ")}` : "";
  const relation = `(SELECT ${names} FROM ${view} WHERE __delta_file IN (${scanPaths.join(", ")})${order})`;
  const layout = { schema: snapshot.schema, partitionColumns: snapshot.partitionColumns, columnMappingMode: columnMappingMode(snapshot.protocol, snapshot.metadata), properties: snapshot.properties };
  const written = await writeDataFiles(conn, root, layout, relation, "part");
  const version = snapshot.version + 1;
  const commitInfo = buildCommitInfo({
    operation,
    operationParameters,
    operationMetrics: {
      numRemovedFiles: removed.length,
      numAddedFiles: written.length,
      numRemovedBytes: removed.reduce((n, f) => n + f.size, 0),
      numAddedBytes: written.reduce((n, w) => n + w.add.size, 0),
      numDeletionVectorsRemoved: removed.filter((f) => f.deletionVector).length,
    },
    readVersion: snapshot.version,
    isBlindAppend: false,
    base: snapshot,
  });
  const now = commitInfo.timestamp as number;
  const actions = [...removed.map((add) => ({ remove: { ...removeOf(add, now), dataChange: false } })), ...written.map((w) => ({ add: { ...w.add, dataChange: false, ...(clusteringProvider ? { clusteringProvider } : {}) } }))];
  if (!(await publishRewrite(root, snapshot, version, commitInfo, { actions, written: written.map((w) => w.relative) }))) {
    throw DeltaErrors.concurrentModification(root, `version ${version} was committed by another writer while ${operation} rewrote its files; run it again`);
  }
  return { version, numFilesAdded: written.length, numFilesRemoved: removed.length, partitionsOptimized: groups.length };
}
