import type { DuckDBConnection } from "@duckdb/node-api";
import type { Snapshot, StructField } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { changeDataFeedEnabled, deletionVectorsEnabled } from "./protocol-support.js";
import { filesByScanPath, readdWithDvs, removeOf, type TouchedFile } from "./dml-files.js";
import { discardWritten, writeDataFiles } from "./data-files.js";
import { quoteIdent } from "./sql.js";

const CHANGE_TYPE = "_change_type";

/**
 * What UPDATE and MERGE change, materialised once so every later step (DVs, new files, change data)
 * sees the same rows: the rows they take out of the table and the rows they put in.
 */
export interface RowRewrite {
  /** the snapshot's scan (with __delta_file / __delta_row) the rows were read from */
  view: string;
  /** rows taken out, as read: logical columns plus __delta_file / __delta_row */
  before: string;
  /** rows put in: logical columns in the table's types */
  after: string;
  afterRows: number;
  /** SQL over `before` and over `after`: each row's change type in the change data feed */
  changeTypes: { before: string; after: string };
  touched: TouchedFile[];
}

/** What a rewrite commits, with Spark's UPDATE metric names (MERGE renames them). */
export interface PreparedRewrite {
  actions: Record<string, unknown>[];
  written: string[];
  metrics: {
    numRemovedFiles: number;
    numAddedFiles: number;
    numCopiedRows: number;
    numDeletionVectorsAdded: number;
    numDeletionVectorsRemoved: number;
    numDeletionVectorsUpdated: number;
    numAddedChangeFiles: number;
    numRemovedBytes: number;
    numAddedBytes: number;
  };
}

/** A NOT NULL column holding NULL in a row to be written fails the statement, naming the column. */
export async function checkNotNull(conn: DuckDBConnection, after: string, fields: readonly StructField[]): Promise<void> {
  const required = fields.filter((f) => !f.nullable);
  if (!required.length) return;
  const counts = (
    await conn.runAndReadAll(`SELECT ${required.map((f) => `count(*) FILTER (WHERE ${quoteIdent(f.name)} IS NULL)`).join(", ")} FROM ${after}`)
  ).getRowsJson()[0];
  const bad = required.findIndex((_, i) => Number(counts[i]) > 0);
  if (bad >= 0) throw DeltaErrors.notNullViolation(required[bad].name, Number(counts[bad]));
}

/** The files the rows of `before` are taken from, with the rows of each. */
export async function touchedFiles(conn: DuckDBConnection, snapshot: Snapshot, view: string, before: string): Promise<TouchedFile[]> {
  const matched = (
    await conn.runAndReadAll(`SELECT __delta_file, list(__delta_row ORDER BY __delta_row) FROM ${before} GROUP BY 1 ORDER BY 1`)
  ).getRowsJS() as [string, bigint[]][];
  if (matched.length === 0) return [];
  const live = new Map(
    (
      await conn.runAndReadAll(`SELECT __delta_file, count(*) FROM ${view} WHERE __delta_file IN (SELECT __delta_file FROM ${before}) GROUP BY 1`)
    ).getRowsJS().map(([file, n]) => [String(file), Number(n)]),
  );
  const byPath = await filesByScanPath(snapshot);
  return matched.map(([file, rows]) => ({ absolutePath: file, add: byPath.get(file)!, live: live.get(file) ?? 0, rows: rows.map(Number) }));
}

/**
 * The actions of a rewrite: the rows of `before` leave their files (a new deletion vector per touched
 * file when the table has deletion vectors, else the file is rewritten with its other rows) and the
 * rows of `after` arrive in new files laid out by their partition values. With change data feed on,
 * `_change_data/` files carry both, each row with its change type.
 */
export async function prepareRewrite(conn: DuckDBConnection, snapshot: Snapshot, plan: RowRewrite): Promise<PreparedRewrite> {
  const root = snapshot.root;
  const useDvs = deletionVectorsEnabled(snapshot.protocol, snapshot.metadata);
  const cdf = changeDataFeedEnabled(snapshot.protocol, snapshot.metadata);
  const columns = snapshot.schema.fields.map((f) => quoteIdent(f.name)).join(", ");
  const now = Date.now();
  const actions: Record<string, unknown>[] = [];
  const written: string[] = [];
  const metrics: PreparedRewrite["metrics"] = {
    numRemovedFiles: 0,
    numAddedFiles: 0,
    numCopiedRows: 0,
    numDeletionVectorsAdded: 0,
    numDeletionVectorsRemoved: 0,
    numDeletionVectorsUpdated: 0,
    numAddedChangeFiles: 0,
    numRemovedBytes: 0,
    numAddedBytes: 0,
  };
  try {
    const keepRows: TouchedFile[] = [];
    for (const file of plan.touched) {
      actions.push({ remove: removeOf(file.add, now) });
      if (file.add.deletionVector) metrics.numDeletionVectorsRemoved++;
      if (useDvs && file.rows.length < file.live) {
        keepRows.push(file);
        continue;
      }
      metrics.numRemovedFiles++;
      metrics.numRemovedBytes += file.add.size;
    }
    await readdWithDvs(conn, root, keepRows, { actions, written, metrics });

    // New data files: the rows put in, plus (when rewriting) the untouched rows of the rewritten files.
    // The writer reads its relation once, so the untouched rows need no temp table of their own.
    const data = useDvs
      ? `(SELECT ${columns} FROM ${plan.after})`
      : `(SELECT ${columns} FROM ${plan.after} UNION ALL ` +
        `SELECT ${columns} FROM ${plan.view} AS v WHERE v.__delta_file IN (SELECT __delta_file FROM ${plan.before}) ` +
        `AND NOT EXISTS (SELECT 1 FROM ${plan.before} AS b WHERE b.__delta_file = v.__delta_file AND b.__delta_row = v.__delta_row))`;
    const files = await writeDataFiles(conn, root, snapshot, data);
    for (const f of files) {
      written.push(f.relative);
      actions.push({ add: f.add });
      metrics.numAddedFiles++;
      metrics.numAddedBytes += f.add.size;
      metrics.numCopiedRows += f.numRecords;
    }
    metrics.numCopiedRows -= plan.afterRows;

    if (cdf) {
      const changes =
        `(SELECT ${columns}, ${plan.changeTypes.before} AS ${CHANGE_TYPE} FROM ${plan.before} ` +
        `UNION ALL SELECT ${columns}, ${plan.changeTypes.after} AS ${CHANGE_TYPE} FROM ${plan.after})`;
      const cdcFiles = await writeDataFiles(conn, root, snapshot, changes, "cdc", { baseDirs: ["_change_data"], extraColumnsSql: `, ${quoteIdent(CHANGE_TYPE)}` });
      for (const c of cdcFiles) {
        written.push(c.relative);
        actions.push({ cdc: { path: c.add.path, partitionValues: c.add.partitionValues, size: c.add.size, dataChange: false } });
        metrics.numAddedChangeFiles++;
      }
    }
  } catch (e) {
    await discardWritten(root, written);
    throw e;
  }
  return { actions, written, metrics };
}
