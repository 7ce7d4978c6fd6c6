import type { DuckDBConnection } from "@duckdb/node-api";
import type { DeleteResult } from "./api.js";
import type { Snapshot } from "./types.js";
import { DeltaError, DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { changeDataFeedEnabled, checkWritable, deletionVectorsEnabled } from "./protocol-support.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { directoryOf, filesByScanPath, publishRewrite, readdWithDvs, removeOf, type TouchedFile } from "./dml-files.js";
import { discardWritten, splitFields, writeOneFile } from "./data-files.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { quoteIdent, quoteLiteral } from "./sql.js";
import { type Predicate, sqlOf, writtenOf } from "./predicate.js";

interface PreparedDelete {
  actions: Record<string, unknown>[];
  written: string[];
  deletedRows: number;
  metrics: Record<string, number>;
}

/**
 * DELETE FROM ... WHERE: with deletion vectors enabled, matched rows go into a new DV per touched file
 * (remove + add of the same path, one DV file per commit); otherwise touched files are rewritten without
 * them. With change data feed enabled the deleted rows are also written to `_change_data/`. A lost
 * commit race re-plans against the new snapshot, which keeps the result serializable.
 */
export async function deleteRows(root: string, conn: DuckDBConnection, predicate: Predicate, alias?: string): Promise<DeleteResult> {
  const predicateSql = sqlOf(predicate);
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    if (snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "DELETE");
    const started = Date.now();
    const matches = await matchRows(conn, snapshot, predicateSql, alias);
    if (matches.length === 0) return { version: null, deletedRows: 0 };
    const prepared = await prepare(conn, snapshot, matches, predicateSql, alias);
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({
      operation: "DELETE",
      operationParameters: { predicate: JSON.stringify([writtenOf(predicate)]) },
      operationMetrics: { ...prepared.metrics, executionTimeMs: Date.now() - started },
      readVersion: snapshot.version,
      isBlindAppend: false,
      isolationLevel: "WriteSerializable",
      base: snapshot,
    });
    if (await publishRewrite(root, snapshot, version, commitInfo, prepared)) {
      return { version, deletedRows: prepared.deletedRows };
    }
  }
  throw DeltaErrors.concurrentModification(root, `gave up deleting after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

async function matchRows(conn: DuckDBConnection, snapshot: Snapshot, predicateSql: string, alias?: string): Promise<TouchedFile[]> {
  const view = aliased(await scanSnapshotRelation(conn, snapshot, { rowIdentity: true }), alias);
  const byPath = await filesByScanPath(snapshot);
  const pred = `(${predicateSql})`;
  let result;
  try {
    result = await conn.runAndReadAll(
      `SELECT __delta_file, count(*), list(__delta_row ORDER BY __delta_row) FILTER (WHERE ${pred}) FROM ${view} GROUP BY 1 HAVING count(*) FILTER (WHERE ${pred}) > 0`,
    );
  } catch (e) {
    if (e instanceof DeltaError) throw e;
    throw DeltaErrors.invalidArgument(`invalid DELETE predicate ${predicateSql}: ${(e as Error).message}`);
  }
  return result.getRowsJS().map(([file, live, rows]) => ({
    absolutePath: String(file),
    add: byPath.get(String(file))!,
    live: Number(live),
    rows: (rows as bigint[]).map(Number),
  }));
}

async function prepare(conn: DuckDBConnection, snapshot: Snapshot, matches: TouchedFile[], predicateSql: string, alias?: string): Promise<PreparedDelete> {
  const root = snapshot.root;
  const useDvs = deletionVectorsEnabled(snapshot.protocol, snapshot.metadata);
  const cdf = changeDataFeedEnabled(snapshot.protocol, snapshot.metadata);
  const { dataFields } = splitFields(snapshot);
  const view = aliased(await scanSnapshotRelation(conn, snapshot, { rowIdentity: true }), alias);
  const now = Date.now();
  const actions: Record<string, unknown>[] = [];
  const written: string[] = [];
  const metrics = { numRemovedFiles: 0, numAddedFiles: 0, numDeletedRows: 0, numCopiedRows: 0, numDeletionVectorsAdded: 0, numDeletionVectorsRemoved: 0, numDeletionVectorsUpdated: 0, numAddedChangeFiles: 0, numRemovedBytes: 0, numAddedBytes: 0 };
  const keepRows: TouchedFile[] = [];
  try {
    for (const match of matches) {
      const { add } = match;
      const inFile = `__delta_file = ${quoteLiteral(match.absolutePath)}`;
      const dirs = directoryOf(add.path);
      metrics.numDeletedRows += match.rows.length;
      if (cdf) {
        const cdc = await writeOneFile(conn, root, snapshot, dataFields, `(SELECT * FROM ${view} WHERE ${inFile} AND (${predicateSql}))`, ["_change_data", ...dirs], add.partitionValues, "cdc", `, 'delete' AS _change_type`);
        written.push(cdc.relative);
        actions.push({ cdc: { path: cdc.add.path, partitionValues: add.partitionValues, size: cdc.add.size, dataChange: false } });
        metrics.numAddedChangeFiles++;
      }
      actions.push({ remove: removeOf(add, now) });
      if (add.deletionVector) metrics.numDeletionVectorsRemoved++;
      if (match.rows.length === match.live) {
        metrics.numRemovedFiles++;
        metrics.numRemovedBytes += add.size;
        continue;
      }
      if (useDvs) {
        keepRows.push(match);
        continue;
      }
      const rewritten = await writeOneFile(conn, root, snapshot, dataFields, `(SELECT * FROM ${view} WHERE ${inFile} AND NOT coalesce((${predicateSql}), false))`, dirs, add.partitionValues, "part");
      written.push(rewritten.relative);
      actions.push({ add: rewritten.add });
      metrics.numRemovedFiles++;
      metrics.numRemovedBytes += add.size;
      metrics.numAddedFiles++;
      metrics.numAddedBytes += rewritten.add.size;
      metrics.numCopiedRows += rewritten.numRecords;
    }
    await readdWithDvs(conn, root, keepRows, { actions, written, metrics });
  } catch (e) {
    await discardWritten(root, written);
    throw e;
  }
  return { actions, written, deletedRows: metrics.numDeletedRows, metrics };
}

/** the rows under the name the predicate calls them by, in a subquery of its own (`WHERE EXISTS (… WHERE s.id = t.id)`) */
const aliased = (view: string, alias: string | undefined) => (alias === undefined ? view : `${view} AS ${quoteIdent(alias)}`);
