import type { DuckDBConnection } from "@duckdb/node-api";
import type { AppendOptions, ReplaceWhereResult } from "./api.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { publishRewrite } from "./dml-files.js";
import { DeltaError, DeltaErrors } from "./errors.js";
import { checkWritable } from "./protocol-support.js";
import { assertRowsSatisfy } from "./check-constraints.js";
import { generatedIdentities, refuseExplicitValues, withHighWaterMarks, withIdentityValues } from "./identity-columns.js";
import { checkNotNull, prepareRewrite, touchedFiles } from "./row-rewrite.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { quoteIdent, uniqueName } from "./sql.js";
import { type Predicate, sqlOf, writtenOf } from "./predicate.js";

/** what a dynamic partition overwrite replaces: the partitions its rows fall in */
export const WRITTEN_PARTITIONS = Symbol("the partitions written");

/** the name the table's current rows go by while the rows to replace are picked */
const CURRENT = "current_rows";

/** SQL true for a current row whose partition values are those of some row written (NULL matching NULL) */
function inWrittenPartitions(partitionColumns: readonly string[], written: string): string {
  const same = partitionColumns.map((c) => `w.${quoteIdent(c)} IS NOT DISTINCT FROM ${CURRENT}.${quoteIdent(c)}`);
  return same.length === 0 ? "true" : `EXISTS (SELECT 1 FROM ${written} AS w WHERE ${same.join(" AND ")})`;
}

/**
 * Delta's selective overwrite (`replaceWhere`: INSERT … REPLACE WHERE, a static partition's INSERT OVERWRITE): in one commit, the
 * table's rows matching the predicate leave it (deletion vectors or rewritten files, as DELETE takes them) and the query's rows arrive,
 * each of which must match the predicate too, so the commit replaces exactly what it names. With change data feed on, the rows taken
 * out are `delete` changes and the rows put in `insert` ones. `selectSql` yields the table's columns in order. A lost commit race
 * plans again against the new version, unless the winners changed the table's metadata.
 *
 * `WRITTEN_PARTITIONS` instead of a predicate is Delta's dynamic partition overwrite: the partitions the query's rows fall in are
 * replaced by them, the others kept.
 */
export async function replaceRows(
  root: string,
  conn: DuckDBConnection,
  selectSql: string,
  predicate: Predicate | typeof WRITTEN_PARTITIONS,
  opts: Pick<AppendOptions, "checks" | "generateIdentity"> = {},
): Promise<ReplaceWhereResult> {
  const predicateSql = predicate === WRITTEN_PARTITIONS ? predicate : sqlOf(predicate);
  const { checks } = opts;
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, checks);
    refuseExplicitValues(snapshot.schema, opts.generateIdentity ?? []);
    const identity = generatedIdentities(snapshot.schema, opts.generateIdentity);
    if (snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "OVERWRITE");
    const started = Date.now();
    const view = await scanSnapshotRelation(conn, snapshot, { rowIdentity: true });
    const before = quoteIdent(uniqueName("replace_before"));
    const after = quoteIdent(uniqueName("replace_after"));
    const matches = predicateSql === WRITTEN_PARTITIONS ? inWrittenPartitions(snapshot.partitionColumns, after) : `coalesce((${predicateSql}), false)`;
    try {
      await conn.run(`CREATE TEMP TABLE ${after} AS SELECT * FROM (${withIdentityValues(selectSql, identity, 0)})`);
      await checkNotNull(conn, after, snapshot.schema.fields);
      await assertRowsSatisfy(conn, after, snapshot.metadata.configuration, snapshot.schema, checks);
      if (predicate !== WRITTEN_PARTITIONS) {
        const outside = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${after} WHERE NOT ${matches}`)).getRows()[0][0]);
        if (outside > 0) throw DeltaErrors.replaceWhereMismatch(writtenOf(predicate), outside);
      }
      try {
        await conn.run(`CREATE TEMP TABLE ${before} AS SELECT * FROM ${view} AS ${CURRENT} WHERE ${matches}`);
      } catch (e) {
        if (e instanceof DeltaError) throw e;
        throw DeltaErrors.invalidArgument(`invalid replaceWhere predicate ${String(predicateSql)}: ${(e as Error).message}`);
      }
      const count = async (table: string) => Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
      const [deletedRows, insertedRows] = [await count(before), await count(after)];
      const touched = await touchedFiles(conn, snapshot, view, before);
      const prepared = await prepareRewrite(conn, snapshot, { view, before, after, afterRows: insertedRows, changeTypes: { before: "'delete'", after: "'insert'" }, touched });
      const metadata = withHighWaterMarks(snapshot.metadata, identity.map((column) => ({ column, rows: insertedRows })));
      if (metadata !== snapshot.metadata) prepared.actions.unshift({ metaData: metadata });
      const version = snapshot.version + 1;
      const commitInfo = buildCommitInfo({
        operation: "WRITE",
        operationParameters: {
          mode: "Overwrite",
          partitionBy: JSON.stringify(snapshot.partitionColumns),
          ...(predicate === WRITTEN_PARTITIONS ? { dynamicPartitionOverwrite: true } : { predicate: JSON.stringify([writtenOf(predicate)]) }),
        },
        operationMetrics: { ...prepared.metrics, numOutputRows: insertedRows, numDeletedRows: deletedRows, executionTimeMs: Date.now() - started },
        readVersion: snapshot.version,
        isBlindAppend: false,
        isolationLevel: "WriteSerializable",
        base: snapshot,
      });
      if (await publishRewrite(root, snapshot, version, commitInfo, prepared)) return { version, deletedRows, insertedRows };
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${before}`);
      await conn.run(`DROP TABLE IF EXISTS ${after}`);
    }
  }
  throw DeltaErrors.concurrentModification(root, `gave up overwriting after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}
