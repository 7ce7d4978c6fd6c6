import type { DuckDBConnection } from "@duckdb/node-api";
import type { UpdateResult } from "./api.js";
import type { StructField, Snapshot } from "./types.js";
import { DeltaError, DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable } from "./protocol-support.js";
import { assertRowsSatisfy, type Checks } from "./check-constraints.js";
import { withGeneratedValues } from "./generated-columns.js";
import { refuseIdentityUpdate } from "./identity-columns.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { publishRewrite } from "./dml-files.js";
import { checkNotNull, prepareRewrite, type RowRewrite, touchedFiles } from "./row-rewrite.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { findField } from "./schema.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { type Predicate, sqlOf, writtenOf } from "./predicate.js";
import { quoteIdent, uniqueName } from "./sql.js";

interface Assignment {
  field: StructField;
  expression: string;
}

/** The matched rows (`before`), and the same rows with the assignments applied (`after`). */
interface Plan extends RowRewrite {
  updatedRows: number;
}

/**
 * UPDATE ... SET ... WHERE, in one commit as Spark/Delta do it: the matched rows leave their files (a new
 * deletion vector per touched file when the table has deletion vectors, else the file is rewritten with
 * its other rows) and come back, updated, in new files laid out by their new partition values. With change
 * data feed on, the commit also carries `_change_data/` files with update_preimage and update_postimage
 * rows. A lost commit race re-plans against the new snapshot, unless the winners changed metadata or protocol.
 */
export async function updateRows(
  root: string,
  conn: DuckDBConnection,
  assignments: Record<string, string>,
  predicate?: Predicate,
  alias?: string,
  checks?: Checks,
): Promise<UpdateResult> {
  const predicateSql = predicate === undefined ? undefined : sqlOf(predicate);
  if (!assignments || typeof assignments !== "object" || Array.isArray(assignments) || Object.keys(assignments).length === 0) {
    throw DeltaErrors.invalidArgument("UPDATE needs at least one SET assignment");
  }
  if (predicateSql !== undefined && (typeof predicateSql !== "string" || predicateSql.trim() === "")) {
    throw DeltaErrors.invalidArgument("the UPDATE predicate must be a non-empty SQL expression (leave it out to update every row)");
  }
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, checks);
    if (snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "UPDATE");
    const resolved = resolveAssignments(snapshot, assignments);
    refuseIdentityUpdate(snapshot.schema, resolved.map((a) => a.field.name));
    const started = Date.now();
    const plan = await planUpdate(conn, snapshot, resolved, predicateSql, alias, checks);
    try {
      if (plan.updatedRows === 0) return { version: null, updatedRows: 0 };
      await assertRowsSatisfy(conn, plan.after, snapshot.metadata.configuration, snapshot.schema, checks);
      const scanned = Date.now();
      const prepared = await prepareRewrite(conn, snapshot, plan);
      const version = snapshot.version + 1;
      const commitInfo = buildCommitInfo({
        operation: "UPDATE",
        operationParameters: { predicate: JSON.stringify(predicate === undefined ? [] : [writtenOf(predicate)]) },
        operationMetrics: { ...prepared.metrics, numUpdatedRows: plan.updatedRows, executionTimeMs: Date.now() - started, scanTimeMs: scanned - started, rewriteTimeMs: Date.now() - scanned },
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

async function planUpdate(conn: DuckDBConnection, snapshot: Snapshot, assignments: Assignment[], predicateSql: string | undefined, alias?: string, checks?: Checks): Promise<Plan> {
  const view = await scanSnapshotRelation(conn, snapshot, { rowIdentity: true });
  // the rows under the name a subquery of the expressions may call them by
  const named = alias === undefined ? "" : ` AS ${quoteIdent(alias)}`;
  const rows = `${view}${named}`;
  // Bind every expression first, so a bad one is reported as what it is (and cannot smuggle in more columns).
  if (predicateSql !== undefined) await assertOneColumn(conn, `(${predicateSql})`, rows, `invalid UPDATE predicate ${predicateSql}`);
  for (const a of assignments) {
    await assertOneColumn(conn, castSql(a), rows, `invalid UPDATE SET ${a.field.name} = ${a.expression}`);
  }
  const before = quoteIdent(uniqueName("update_before"));
  const after = quoteIdent(uniqueName("update_after"));
  const where = predicateSql === undefined ? "" : ` WHERE coalesce((${predicateSql}), false)`;
  try {
    try {
      await conn.run(`CREATE TEMP TABLE ${before} AS SELECT * FROM ${rows}${where}`);
    } catch (e) {
      throw DeltaErrors.invalidArgument(`invalid UPDATE predicate ${predicateSql}: ${(e as Error).message}`);
    }
    const targets = new Map(assignments.map((a) => [a.field, a]));
    const select = snapshot.schema.fields.map((f) => {
      const a = targets.get(f);
      return a ? `${castSql(a)} AS ${quoteIdent(f.name)}` : quoteIdent(f.name);
    });
    try {
      // The expressions see the rows as they were, as SQL's UPDATE does (SET a = b, b = a swaps); generated columns not SET follow.
      const updated = `SELECT ${select.join(", ")}, __delta_file, __delta_row FROM ${before}${named}`;
      await conn.run(`CREATE TEMP TABLE ${after} AS ${withGeneratedValues(updated, snapshot.schema, checks, (f) => (targets.has(f) ? undefined : "true"))}`);
    } catch (e) {
      throw DeltaErrors.invalidArgument(`UPDATE SET failed: ${(e as Error).message}`);
    }
    await checkNotNull(conn, after, assignments.map((a) => a.field));
    const touched = await touchedFiles(conn, snapshot, view, before);
    const updatedRows = touched.reduce((n, t) => n + t.rows.length, 0);
    const changeTypes = { before: "'update_preimage'", after: "'update_postimage'" };
    return { view, before, after, afterRows: updatedRows, updatedRows, changeTypes, touched };
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

