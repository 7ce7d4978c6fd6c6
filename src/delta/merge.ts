import type { DuckDBConnection } from "@duckdb/node-api";
import type { MergeClause, MergeResult, MergeSpec } from "./api.js";
import type { Metadata, Snapshot, StructField, StructType } from "./types.js";
import { DeltaError, DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable } from "./protocol-support.js";
import { assertRowsSatisfy } from "./check-constraints.js";
import { withGeneratedValues } from "./generated-columns.js";
import { identityColumns, identityValue, refuseExplicitValues, refuseIdentityUpdate, withHighWaterMarks, type IdentityColumn } from "./identity-columns.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { publishRewrite } from "./dml-files.js";
import { checkNotNull, prepareRewrite, type RowRewrite, touchedFiles } from "./row-rewrite.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { findField } from "./schema.js";
import { evolveSchema, evolvedTableActions } from "./schema-evolution.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { quoteIdent, uniqueName } from "./sql.js";
import { sqlOf, writtenOf } from "./predicate.js";

/** the joined rows' hidden columns: the target row's identity, whether a source row is there, the clause that applies */
const FILE = "__merge_file";
const ROW = "__merge_row";
const SOURCE_ROW = "__merge_source_row";
const CLAUSE = "__merge_clause";
const CHANGE = "__merge_change";

interface Plan extends RowRewrite {
  counts: { updated: number; deleted: number; inserted: number; matchedUpdated: number; matchedDeleted: number; sourceRows: number };
}

/**
 * MERGE INTO in one commit, as Delta runs it: the source is joined to the target on the condition, and
 * each joined row takes the first clause of its kind (matched, not matched, not matched by source) whose
 * condition holds. Updated and deleted target rows leave their files as UPDATE's do (row-rewrite.ts);
 * updated and inserted rows arrive in new files; the change data feed gets update_preimage/postimage,
 * delete and insert rows. A target row matched by two source rows fails the merge, unless its one
 * matched clause is an unconditional DELETE, as in Delta. A lost commit race re-plans on the new snapshot.
 */
export async function mergeRows(root: string, conn: DuckDBConnection, spec: MergeSpec): Promise<MergeResult> {
  if (!spec.clauses.length) throw DeltaErrors.invalidArgument("MERGE needs at least one WHEN clause");
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const read = await loadSnapshot(root);
    const { snapshot, evolvedActions } = withAddedColumns(read, spec);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, spec.checks);
    if (snapshot.properties["delta.appendOnly"] === "true" && spec.clauses.some((c) => c.action !== "insert")) throw DeltaErrors.appendOnly(root, "MERGE");
    checkColumns(spec, snapshot.schema.fields);
    checkIdentityAssignments(spec, snapshot.schema);
    const started = Date.now();
    const plan = await planMerge(conn, snapshot, spec);
    try {
      const { counts } = plan;
      const affected = counts.updated + counts.deleted + counts.inserted;
      const result = { numTargetRowsUpdated: counts.updated, numTargetRowsDeleted: counts.deleted, numTargetRowsInserted: counts.inserted, numAffectedRows: affected };
      if (affected === 0) return { version: null, ...result };
      await assertRowsSatisfy(conn, plan.after, snapshot.metadata.configuration, snapshot.schema, spec.checks);
      const scanned = Date.now();
      const prepared = await prepareRewrite(conn, snapshot, plan);
      const m = prepared.metrics;
      const version = snapshot.version + 1;
      const commitInfo = buildCommitInfo({
        operation: "MERGE",
        operationParameters: mergeParameters(spec),
        operationMetrics: {
          numSourceRows: counts.sourceRows,
          numTargetRowsInserted: counts.inserted,
          numTargetRowsUpdated: counts.updated,
          numTargetRowsMatchedUpdated: counts.matchedUpdated,
          numTargetRowsNotMatchedBySourceUpdated: counts.updated - counts.matchedUpdated,
          numTargetRowsDeleted: counts.deleted,
          numTargetRowsMatchedDeleted: counts.matchedDeleted,
          numTargetRowsNotMatchedBySourceDeleted: counts.deleted - counts.matchedDeleted,
          numTargetRowsCopied: m.numCopiedRows,
          numOutputRows: m.numCopiedRows + plan.afterRows,
          numTargetFilesAdded: m.numAddedFiles,
          numTargetFilesRemoved: m.numRemovedFiles,
          numTargetChangeFilesAdded: m.numAddedChangeFiles,
          numTargetBytesAdded: m.numAddedBytes,
          numTargetBytesRemoved: m.numRemovedBytes,
          numTargetDeletionVectorsAdded: m.numDeletionVectorsAdded,
          numTargetDeletionVectorsRemoved: m.numDeletionVectorsRemoved,
          numTargetDeletionVectorsUpdated: m.numDeletionVectorsUpdated,
          executionTimeMs: Date.now() - started,
          scanTimeMs: scanned - started,
          rewriteTimeMs: Date.now() - scanned,
        },
        readVersion: snapshot.version,
        isBlindAppend: false,
        isolationLevel: "WriteSerializable",
        base: snapshot,
      });
      // a lost race is judged against the version read, not the columns this merge adds to it: a winner that changed nothing else is retried
      const metadataActions = await identityMarks(conn, spec, snapshot, plan.after, evolvedActions);
      if (await publishRewrite(root, read, version, commitInfo, { ...prepared, actions: [...metadataActions, ...prepared.actions] })) return { version, ...result };
    } finally {
      for (const table of plan.temporary) await conn.run(`DROP TABLE IF EXISTS ${table}`);
    }
  }
  throw DeltaErrors.concurrentModification(root, `gave up merging after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

/**
 * the snapshot as the merge writes it: with the columns of spec.addColumns it lacks added to its schema (their column mapping too),
 * and the metaData (and protocol, where a feature comes with them) actions that commit them; the snapshot itself where none is added
 */
function withAddedColumns(snapshot: Snapshot, spec: MergeSpec): { snapshot: Snapshot; evolvedActions: Record<string, unknown>[] } {
  const evolution = spec.addColumns?.length ? evolveSchema(snapshot, undefined, spec.addColumns) : undefined;
  if (!evolution) return { snapshot, evolvedActions: [] };
  const { metadata, protocol } = evolvedTableActions(snapshot, evolution);
  return {
    snapshot: { ...snapshot, schema: evolution.schema, metadata, protocol: protocol ?? snapshot.protocol },
    evolvedActions: [{ metaData: metadata }, ...(protocol ? [{ protocol }] : [])],
  };
}

/** every column a clause assigns is the table's, and assigned once */
function checkColumns(spec: MergeSpec, fields: StructField[]): void {
  for (const c of spec.clauses) {
    if (c.action === "delete") continue;
    const seen = new Map<StructField, string>();
    for (const name of Object.keys(c.action === "update" ? c.set : c.values)) {
      const field = findField(fields, name);
      if (!field) throw DeltaErrors.invalidArgument(`MERGE assigns column ${name}, which the table does not have (its columns: ${fields.map((f) => f.name).join(", ")})`);
      const same = seen.get(field);
      if (same !== undefined) throw DeltaErrors.conflictSetColumn([same, name]);
      seen.set(field, name);
    }
  }
}

/** operationParameters as Delta writes them for MERGE */
function mergeParameters(spec: MergeSpec): Record<string, string> {
  const predicates = (when: MergeClause["when"]) =>
    JSON.stringify(spec.clauses.filter((c) => c.when === when).map((c) => ({ ...(c.condition !== undefined ? { predicate: writtenOf(c.condition) } : {}), actionType: c.action })));
  return {
    predicate: JSON.stringify([writtenOf(spec.on)]),
    matchedPredicates: predicates("matched"),
    notMatchedPredicates: predicates("notMatched"),
    notMatchedBySourcePredicates: predicates("notMatchedBySource"),
  };
}

async function planMerge(conn: DuckDBConnection, snapshot: Snapshot, spec: MergeSpec): Promise<Plan & { temporary: string[] }> {
  const fields = snapshot.schema.fields;
  const view = await scanSnapshotRelation(conn, snapshot, { rowIdentity: true });
  const target = `${view} AS ${quoteIdent(spec.targetAlias)}`;
  const source = `(SELECT *, true AS ${SOURCE_ROW} FROM (${spec.source})) AS ${quoteIdent(spec.sourceAlias)}`;
  const t = (column: string) => `${quoteIdent(spec.targetAlias)}.${quoteIdent(column)}`;
  const sourceRow = `${quoteIdent(spec.sourceAlias)}.${SOURCE_ROW}`;
  const has = (when: MergeClause["when"]) => spec.clauses.some((c) => c.when === when);
  const join = has("notMatched") ? (has("notMatchedBySource") ? "FULL" : "RIGHT") : has("notMatchedBySource") ? "LEFT" : "INNER";

  const matched = spec.clauses.filter((c) => c.when === "matched");
  if (matched.length && !(matched.length === 1 && matched[0].action === "delete" && matched[0].condition === undefined)) {
    await refuseMultipleMatches(conn, target, source, sqlOf(spec.on), t);
  }

  const firstHolding = (when: MergeClause["when"]) => {
    const arms = spec.clauses.flatMap((c, k) => (c.when === when ? [`WHEN ${c.condition === undefined ? "true" : `coalesce((${sqlOf(c.condition)}), false)`} THEN ${k}`] : []));
    return arms.length ? `CASE ${arms.join(" ")} END` : "NULL";
  };
  const clause =
    `CASE WHEN ${t("__delta_row")} IS NOT NULL AND ${sourceRow} THEN ${firstHolding("matched")} ` +
    `WHEN ${sourceRow} THEN ${firstHolding("notMatched")} ELSE ${firstHolding("notMatchedBySource")} END`;
  const kinds = (actions: MergeClause["action"][]) => clauseIndexes(spec, (c) => actions.includes(c.action));
  /** the joined row's columns, of the clause `chosen` names */
  const rowOfClause = (chosen: string) =>
    `CASE WHEN ${chosen} IN (${kinds(["insert"])}) THEN 'insert' WHEN ${chosen} IN (${kinds(["delete"])}) THEN 'delete' ELSE 'update' END AS ${CHANGE}, ` +
    fields.map((field) => `${valueOf(field, spec.clauses, t, chosen)} AS ${quoteIdent(field.name)}`).join(", ");

  const joined = quoteIdent(uniqueName("merge_joined"));
  const before = quoteIdent(uniqueName("merge_before"));
  const after = quoteIdent(uniqueName("merge_after"));
  const temporary = [joined, before, after];
  try {
    // DuckDB lets a select item name an earlier one's alias: the values read the clause chosen for their row. It refuses to where the
    // clauses' conditions call a function it takes for volatile (error(), in a cast that can fail); there the clause's CASE is
    // repeated in every column and in the WHERE, each copy giving the same (Delta refuses nondeterministic conditions in a MERGE).
    const joinedRows = (chosen: string) =>
      `CREATE TEMP TABLE ${joined} AS SELECT ${t("__delta_file")} AS ${FILE}, ${t("__delta_row")} AS ${ROW}, ${clause} AS ${CLAUSE}, ${rowOfClause(chosen)} ` +
      `FROM ${target} ${join} JOIN ${source} ON (${sqlOf(spec.on)}) WHERE ${chosen} IS NOT NULL`;
    try {
      await conn.run(joinedRows(CLAUSE)).catch((e: Error) => {
        if (!/Alias .* referenced - but the expression has side effects/.test(e.message)) throw e;
        return conn.run(joinedRows(`(${clause})`));
      });
    } catch (e) {
      if (e instanceof DeltaError) throw e;
      throw DeltaErrors.invalidArgument(`MERGE failed: ${(e as Error).message}`);
    }
    const columns = fields.map((f) => quoteIdent(f.name)).join(", ");
    await conn.run(
      `CREATE TEMP TABLE ${before} AS SELECT v.*, j.${CHANGE}, j.${CLAUSE} FROM ${view} AS v ` +
        `JOIN (SELECT DISTINCT ${FILE}, ${ROW}, ${CHANGE}, ${CLAUSE} FROM ${joined} WHERE ${CHANGE} <> 'insert') AS j ON v.__delta_file = j.${FILE} AND v.__delta_row = j.${ROW}`,
    );
    const written = withIdentityOfInserts(spec, snapshot, `SELECT ${columns}, ${CHANGE}, ${CLAUSE} FROM ${joined} WHERE ${CHANGE} <> 'delete'`);
    await conn.run(`CREATE TEMP TABLE ${after} AS ${withGeneratedValues(written, snapshot.schema, spec.checks, (field) => unassignedBy(spec, field))}`);
    await checkNotNull(conn, after, fields);
    const matchedClauses = clauseIndexes(spec, (c) => c.when === "matched");
    const count = async (table: string, change: string) =>
      (await conn.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE ${CLAUSE} IN (${matchedClauses})) FROM ${table} WHERE ${CHANGE} = '${change}'`)).getRowsJS()[0].map(Number);
    const [updated, matchedUpdated] = await count(after, "update");
    const [inserted] = await count(after, "insert");
    const [deleted, matchedDeleted] = await count(before, "delete");
    const sourceRows = Number((await conn.runAndReadAll(`SELECT count(*) FROM (${spec.source})`)).getRowsJS()[0][0]);
    return {
      view,
      before,
      after,
      afterRows: updated + inserted,
      changeTypes: { before: `CASE ${CHANGE} WHEN 'update' THEN 'update_preimage' ELSE 'delete' END`, after: `CASE ${CHANGE} WHEN 'update' THEN 'update_postimage' ELSE 'insert' END` },
      touched: await touchedFiles(conn, snapshot, view, before),
      counts: { updated, deleted, inserted, matchedUpdated, matchedDeleted, sourceRows },
      temporary,
    };
  } catch (e) {
    for (const table of temporary) await conn.run(`DROP TABLE IF EXISTS ${table}`);
    throw e;
  }
}

const assigns = (c: MergeClause, column: string) =>
  c.action !== "delete" && Object.keys(c.action === "update" ? c.set : c.values).some((name) => name.toLowerCase() === column.toLowerCase());

/** SQL true for the rows of the UPDATE and INSERT clauses that do not assign the column: a generated column is computed for those */
function unassignedBy(spec: MergeSpec, field: StructField): string {
  return `${CLAUSE} IN (${clauseIndexes(spec, (c) => c.action !== "delete" && !assigns(c, field.name))})`;
}

/** an UPDATE clause sets no identity column, an INSERT clause gives no GENERATED ALWAYS one a value, as in Delta */
function checkIdentityAssignments(spec: MergeSpec, schema: StructType): void {
  for (const c of spec.clauses) {
    if (c.action === "update") refuseIdentityUpdate(schema, Object.keys(c.set));
    if (c.action === "insert") refuseExplicitValues(schema, identityColumns(schema).filter((i) => !assigns(c, i.name)).map((i) => i.name));
  }
}

/** SQL true for the inserted rows that take the next values of the identity column: those of the INSERT clauses that do not assign it */
const generatesIdentity = (spec: MergeSpec, column: IdentityColumn) => `${CLAUSE} IN (${clauseIndexes(spec, (c) => c.action === "insert" && !assigns(c, column.name))})`;

/** the written rows with each identity column's next values in the inserted rows that leave it out */
function withIdentityOfInserts(spec: MergeSpec, snapshot: Snapshot, written: string): string {
  const replaced = identityColumns(snapshot.schema).map((c) => {
    const generates = generatesIdentity(spec, c);
    return `CASE WHEN ${generates} THEN ${identityValue(c, 0, `row_number() OVER (PARTITION BY ${generates})`)} ELSE ${quoteIdent(c.name)} END AS ${quoteIdent(c.name)}`;
  });
  return replaced.length === 0 ? written : `SELECT * REPLACE (${replaced.join(", ")}) FROM (${written}) AS identity_from`;
}

/** the metaData action moving the identity columns' high-water marks past the values the merge's inserts took (none when none did) */
async function identityMarks(conn: DuckDBConnection, spec: MergeSpec, snapshot: Snapshot, after: string, evolvedActions: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const moved = [];
  for (const column of identityColumns(snapshot.schema)) {
    const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${after} WHERE ${generatesIdentity(spec, column)}`)).getRows()[0][0]);
    moved.push({ column, rows });
  }
  const evolved = evolvedActions.find((a) => a.metaData)?.metaData as Metadata | undefined;
  const metadata = withHighWaterMarks(evolved ?? snapshot.metadata, moved);
  if (metadata === (evolved ?? snapshot.metadata)) return evolvedActions;
  return [...evolvedActions.filter((a) => !a.metaData), { metaData: metadata }];
}

/** the indexes of the clauses `which` picks, as a SQL list (-1 when none, which no clause has) */
const clauseIndexes = (spec: MergeSpec, which: (c: MergeClause) => boolean) => [-1, ...spec.clauses.flatMap((c, k) => (which(c) ? [k] : []))].join(", ");

/** A column's value in a joined row: the assignment of the clause whose index `chosen` is, the target's value where an UPDATE leaves it, NULL where an INSERT does. */
function valueOf(field: StructField, clauses: MergeClause[], t: (column: string) => string, chosen: string): string {
  const type = deltaTypeToDuckDb(field.type);
  // a NULL of the column's type: an untyped one is an INTEGER, which a STRUCT column's physical names cannot be read from
  const none = `CAST(NULL AS ${type})`;
  const arms = clauses.flatMap((c, k) => {
    if (c.action === "delete") return [];
    const assigned = Object.entries(c.action === "update" ? c.set : c.values).find(([name]) => name.toLowerCase() === field.name.toLowerCase());
    const value = assigned ? `CAST((${assigned[1]}) AS ${type})` : c.action === "update" ? t(field.name) : none;
    return [`WHEN ${k} THEN ${value}`];
  });
  return arms.length ? `CASE ${chosen} ${arms.join(" ")} END` : none;
}

/** Delta's DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE, before anything is written. */
async function refuseMultipleMatches(conn: DuckDBConnection, target: string, source: string, on: string, t: (column: string) => string): Promise<void> {
  let rows: number;
  try {
    rows = Number(
      (
        await conn.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${target} JOIN ${source} ON (${on}) GROUP BY ${t("__delta_file")}, ${t("__delta_row")} HAVING count(*) > 1)`)
      ).getRowsJS()[0][0],
    );
  } catch (e) {
    if (e instanceof DeltaError) throw e;
    throw DeltaErrors.invalidArgument(`invalid MERGE condition ${on}: ${(e as Error).message}`);
  }
  if (rows > 0) throw DeltaErrors.multipleMatches(rows);
}
