import type { DuckDBConnection } from "@duckdb/node-api";
import type { UpdateResult } from "./api.js";
import type { AddFile, StructField, Snapshot } from "./types.js";
import { DeltaError, DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { changeDataFeedEnabled, checkWritable, deletionVectorsEnabled } from "./protocol-support.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { readDeletionVector } from "./deletion-vectors.js";
import { addWithDv, filesByScanPath, mergeSorted, publishRewrite, removeOf, writeDvFile } from "./dml-files.js";
import { discardWritten, writeDataFiles } from "./data-files.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { findField } from "./schema.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { quoteIdent, uniqueName } from "./sql.js";

const CHANGE_TYPE = "_change_type";

interface Assignment {
  field: StructField;
  expression: string;
}

interface TouchedFile {
  add: AddFile;
  absolutePath: string;
  /** rows of the file the snapshot still has */
  live: number;
  /** indexes (in the parquet file) of the matched rows, ascending */
  rows: number[];
}

/** The matched rows, materialised once so every later step (DVs, new files, change data) sees the same rows. */
interface Plan {
  view: string;
  /** matched rows as read: logical columns plus __delta_file / __delta_row */
  before: string;
  /** the same rows with the assignments applied: logical columns, table types */
  after: string;
  updatedRows: number;
  touched: TouchedFile[];
}

interface Prepared {
  actions: Record<string, unknown>[];
  written: string[];
  metrics: Record<string, number>;
}

/**
 * UPDATE ... SET ... WHERE, in one commit as Spark/Delta do it: the matched rows leave their files (a new
 * deletion vector per touched file when the table has deletion vectors, else the file is rewritten with
 * its other rows) and come back, updated, in new files laid out by their new partition values. With change
 * data feed on, the commit also carries `_change_data/` files with update_preimage and update_postimage
 * rows. A lost commit race re-plans against the new snapshot, unless the winners changed metadata or protocol.
 */
export async function updateRows(root: string, conn: DuckDBConnection, assignments: Record<string, string>, predicateSql?: string): Promise<UpdateResult> {
  if (!assignments || typeof assignments !== "object" || Array.isArray(assignments) || Object.keys(assignments).length === 0) {
    throw DeltaErrors.invalidArgument("UPDATE needs at least one SET assignment");
  }
  if (predicateSql !== undefined && (typeof predicateSql !== "string" || predicateSql.trim() === "")) {
    throw DeltaErrors.invalidArgument("the UPDATE predicate must be a non-empty SQL expression (leave it out to update every row)");
  }
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema);
    if (snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "UPDATE");
    const resolved = resolveAssignments(snapshot, assignments);
    const started = Date.now();
    const plan = await planUpdate(conn, snapshot, resolved, predicateSql);
    try {
      if (plan.updatedRows === 0) return { version: null, updatedRows: 0 };
      const scanned = Date.now();
      const prepared = await prepare(conn, snapshot, plan);
      const version = snapshot.version + 1;
      const commitInfo = buildCommitInfo({
        operation: "UPDATE",
        operationParameters: { predicate: JSON.stringify(predicateSql === undefined ? [] : [predicateSql]) },
        operationMetrics: { ...prepared.metrics, executionTimeMs: Date.now() - started, scanTimeMs: scanned - started, rewriteTimeMs: Date.now() - scanned },
        readVersion: snapshot.version,
        isBlindAppend: false,
        isolationLevel: "WriteSerializable",
        base: snapshot,
      });
      if (await publishRewrite(root, snapshot, version, commitInfo, prepared)) {
        return { version, updatedRows: plan.updatedRows };
      }
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${plan.before}`);
      await conn.run(`DROP TABLE IF EXISTS ${plan.after}`);
    }
  }
  throw DeltaErrors.concurrentModification(root, `gave up updating after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

/** SET targets resolved against the schema as Spark does: case-insensitively, each column at most once. */
function resolveAssignments(snapshot: Snapshot, assignments: Record<string, string>): Assignment[] {
  const fields = snapshot.schema.fields;
  const byField = new Map<StructField, string[]>();
  const out: Assignment[] = [];
  for (const [name, expression] of Object.entries(assignments)) {
    const field = findField(fields, name);
    if (!field) throw DeltaErrors.missingSetColumn(name, fields.map((f) => f.name));
    if (typeof expression !== "string" || expression.trim() === "") {
      throw DeltaErrors.invalidArgument(`the UPDATE SET value of column ${field.name} must be a non-empty SQL expression`);
    }
    const names = byField.get(field);
    if (names) {
      names.push(name);
      throw DeltaErrors.conflictSetColumn(names);
    }
    byField.set(field, [name]);
    out.push({ field, expression });
  }
  return out;
}

async function planUpdate(conn: DuckDBConnection, snapshot: Snapshot, assignments: Assignment[], predicateSql: string | undefined): Promise<Plan> {
  const view = await scanSnapshotRelation(conn, snapshot, { rowIdentity: true });
  // Bind every expression first, so a bad one is reported as what it is (and cannot smuggle in more columns).
  if (predicateSql !== undefined) await assertOneColumn(conn, `(${predicateSql})`, view, `invalid UPDATE predicate ${predicateSql}`);
  for (const a of assignments) {
    await assertOneColumn(conn, castSql(a), view, `invalid UPDATE SET ${a.field.name} = ${a.expression}`);
  }
  const before = quoteIdent(uniqueName("update_before"));
  const after = quoteIdent(uniqueName("update_after"));
  const where = predicateSql === undefined ? "" : ` WHERE coalesce((${predicateSql}), false)`;
  try {
    try {
      await conn.run(`CREATE TEMP TABLE ${before} AS SELECT * FROM ${view}${where}`);
    } catch (e) {
      throw DeltaErrors.invalidArgument(`invalid UPDATE predicate ${predicateSql}: ${(e as Error).message}`);
    }
    const targets = new Map(assignments.map((a) => [a.field, a]));
    const select = snapshot.schema.fields.map((f) => {
      const a = targets.get(f);
      return a ? `${castSql(a)} AS ${quoteIdent(f.name)}` : quoteIdent(f.name);
    });
    try {
      // The expressions see the rows as they were, as SQL's UPDATE does (SET a = b, b = a swaps).
      await conn.run(`CREATE TEMP TABLE ${after} AS SELECT ${select.join(", ")}, __delta_file, __delta_row FROM ${before}`);
    } catch (e) {
      throw DeltaErrors.invalidArgument(`UPDATE SET failed: ${(e as Error).message}`);
    }
    await checkNotNull(conn, after, assignments);
    return { view, before, after, ...(await touchedFiles(conn, snapshot, view, before)) };
  } catch (e) {
    await conn.run(`DROP TABLE IF EXISTS ${before}`);
    await conn.run(`DROP TABLE IF EXISTS ${after}`);
    throw e;
  }
}

/** The assigned value cast to the column's type, as Spark's UPDATE casts it. */
const castSql = (a: Assignment): string => `CAST((${a.expression}) AS ${deltaTypeToDuckDb(a.field.type)})`;

async function assertOneColumn(conn: DuckDBConnection, expression: string, view: string, what: string): Promise<void> {
  let columns: number;
  try {
    columns = (await conn.runAndReadAll(`DESCRIBE SELECT ${expression} FROM ${view}`)).getRowsJson().length;
  } catch (e) {
    if (e instanceof DeltaError) throw e;
    throw DeltaErrors.invalidArgument(`${what}: ${(e as Error).message}`);
  }
  if (columns !== 1) throw DeltaErrors.invalidArgument(`${what}: not a single expression`);
}

async function checkNotNull(conn: DuckDBConnection, after: string, assignments: Assignment[]): Promise<void> {
  const required = assignments.filter((a) => !a.field.nullable);
  if (!required.length) return;
  const counts = (
    await conn.runAndReadAll(`SELECT ${required.map((a) => `count(*) FILTER (WHERE ${quoteIdent(a.field.name)} IS NULL)`).join(", ")} FROM ${after}`)
  ).getRowsJson()[0];
  const bad = required.findIndex((_, i) => Number(counts[i]) > 0);
  if (bad >= 0) throw DeltaErrors.notNullViolation(required[bad].field.name, Number(counts[bad]));
}

async function touchedFiles(conn: DuckDBConnection, snapshot: Snapshot, view: string, before: string): Promise<{ updatedRows: number; touched: TouchedFile[] }> {
  const matched = (
    await conn.runAndReadAll(`SELECT __delta_file, list(__delta_row ORDER BY __delta_row) FROM ${before} GROUP BY 1 ORDER BY 1`)
  ).getRowsJS() as [string, bigint[]][];
  if (matched.length === 0) return { updatedRows: 0, touched: [] };
  const live = new Map(
    (
      await conn.runAndReadAll(`SELECT __delta_file, count(*) FROM ${view} WHERE __delta_file IN (SELECT __delta_file FROM ${before}) GROUP BY 1`)
    ).getRowsJS().map(([file, n]) => [String(file), Number(n)]),
  );
  const byPath = await filesByScanPath(snapshot);
  const touched = matched.map(([file, rows]) => ({ absolutePath: file, add: byPath.get(file)!, live: live.get(file) ?? 0, rows: rows.map(Number) }));
  return { updatedRows: touched.reduce((n, t) => n + t.rows.length, 0), touched };
}

async function prepare(conn: DuckDBConnection, snapshot: Snapshot, plan: Plan): Promise<Prepared> {
  const root = snapshot.root;
  const useDvs = deletionVectorsEnabled(snapshot.protocol, snapshot.metadata);
  const cdf = changeDataFeedEnabled(snapshot.protocol, snapshot.metadata);
  const columns = snapshot.schema.fields.map((f) => quoteIdent(f.name)).join(", ");
  const now = Date.now();
  const actions: Record<string, unknown>[] = [];
  const written: string[] = [];
  const metrics = {
    numRemovedFiles: 0,
    numAddedFiles: 0,
    numUpdatedRows: plan.updatedRows,
    numCopiedRows: 0,
    numDeletionVectorsAdded: 0,
    numDeletionVectorsRemoved: 0,
    numDeletionVectorsUpdated: 0,
    numAddedChangeFiles: 0,
    numRemovedBytes: 0,
    numAddedBytes: 0,
  };
  try {
    const newDvs: { file: TouchedFile; rows: number[] }[] = [];
    for (const file of plan.touched) {
      actions.push({ remove: removeOf(file.add, now) });
      if (file.add.deletionVector) metrics.numDeletionVectorsRemoved++;
      if (useDvs && file.rows.length < file.live) {
        const previous = file.add.deletionVector ? await readDeletionVector(root, file.add.deletionVector) : [];
        newDvs.push({ file, rows: mergeSorted(previous, file.rows) });
        continue;
      }
      metrics.numRemovedFiles++;
      metrics.numRemovedBytes += file.add.size;
    }
    if (newDvs.length) {
      const dvFile = await writeDvFile(root, newDvs.map((d) => d.rows));
      written.push(dvFile.relative);
      for (const [i, { file }] of newDvs.entries()) {
        actions.push({ add: await addWithDv(conn, file.add, file.absolutePath, dvFile.descriptors[i]) });
        if (file.add.deletionVector) metrics.numDeletionVectorsUpdated++;
        else metrics.numDeletionVectorsAdded++;
      }
    }

    // New data files: the updated rows, plus (when rewriting) the untouched rows of the rewritten files.
    // The writer reads its relation once, so the untouched rows need no temp table of their own.
    const data = useDvs
      ? plan.after
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
    metrics.numCopiedRows -= plan.updatedRows;

    if (cdf) {
      const changes =
        `(SELECT ${columns}, 'update_preimage' AS ${CHANGE_TYPE} FROM ${plan.before} ` +
        `UNION ALL SELECT ${columns}, 'update_postimage' AS ${CHANGE_TYPE} FROM ${plan.after})`;
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
