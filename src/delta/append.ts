import type { DuckDBConnection } from "@duckdb/node-api";
import type { AppendInParts, AppendOptions, AppendResult } from "./api.js";
import type { Snapshot } from "./types.js";
import { generatedIdentities, refuseExplicitValues, withHighWaterMarks, withIdentityValues } from "./identity-columns.js";
import { DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkedRelation, violationOf } from "./check-constraints.js";
import { checkWritable } from "./protocol-support.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { discardWritten, writeDataFiles, type WrittenFile } from "./data-files.js";
import { queryColumns, sourceRelation } from "./source-rows.js";
import { type Evolution, evolvedTableActions, evolveSchema, rebaseEvolution } from "./schema-evolution.js";
import { refuseInexactValues } from "./exact-casts.js";
import { quoteIdent } from "./sql.js";
import { renamePlan, writeRenamedFiles } from "./renamed-files.js";
import { assertAppendableWinners, findTxnCommit, MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { checkpointIfDue } from "./checkpoint-writer.js";
import { removeOf } from "./dml-files.js";

/**
 * INSERT / DataFrame append: a blind append, so a lost commit race is retried at the next version with
 * the same files unless the winners changed metadata or protocol (other than by adding columns), or
 * committed the same txn.
 */
export async function appendRows(root: string, conn: DuckDBConnection, selectSql: string, opts: AppendOptions = {}): Promise<AppendResult> {
  const append = await beginAppend(root, opts);
  if (append.committed) return append.committed;
  try {
    await append.write(conn, selectSql);
  } catch (e) {
    await append.discard();
    throw e;
  }
  return append.commit();
}

/**
 * An append written in parts (each `write` one pass over its rows, its files stored at once) and
 * committed as one version: a batch larger than the writer's disk goes out a part at a time. With
 * `mergeSchema`, the columns its parts add go into that commit's metaData action.
 */
export async function beginAppend(root: string, opts: AppendOptions = {}): Promise<AppendInParts> {
  if (opts.txn && (!opts.txn.appId || !Number.isInteger(opts.txn.version))) {
    throw DeltaErrors.invalidArgument("txn needs a non-empty appId and an integer version");
  }
  let snapshot = await loadSnapshot(root);
  checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, opts.checks);
  refuseExplicitValues(snapshot.schema, opts.generateIdentity ?? []);
  const identity = generatedIdentities(snapshot.schema, opts.generateIdentity);
  /** the rows written so far, each of which took the next value of every generated identity column */
  let generated = 0;
  if (opts.overwrite && snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "OVERWRITE");
  const committed = (await alreadyCommitted(root, snapshot, opts)) ?? undefined;
  const written: WrittenFile[] = [];
  const discard = () => discardWritten(root, written.map((w) => w.relative));
  let finished = false;
  /** the columns the parts written so far add to the table (mergeSchema) */
  let evolution: Evolution | undefined;
  return {
    committed,
    async write(conn, selectSql) {
      if (committed || finished) throw new Error("internal: a write to an append that is committed or discarded");
      // One pass: the query runs inside the COPY that writes the files; stats and NOT NULL counts come from their footers.
      const columns = await queryColumns(conn, selectSql);
      if (opts.exactCasts) await refuseInexactValues(evolution?.schema ?? snapshot.schema, columns, (column) => holdsValue(conn, selectSql, column));
      if (opts.mergeSchema) evolution = evolveSchema(snapshot, evolution, columns);
      const layout = evolution ? { ...snapshot, schema: evolution.schema } : snapshot;
      const source = await sourceRelation(conn, selectSql, layout.schema, columns);
      const rows = identity.length ? `(${withIdentityValues(`SELECT * FROM ${source.relation}`, identity, generated)})` : source.relation;
      const relation = checkedRelation(rows, snapshot.metadata.configuration, layout.schema, opts.checks);
      const files = await writeDataFiles(conn, root, layout, relation, "part", { notNull: source.notNull }).catch((e: unknown) => {
        throw violationOf(e) ?? e;
      });
      written.push(...files);
      const count = files.reduce((n, w) => n + w.numRecords, 0);
      generated += count;
      return count;
    },
    async writeRenamed(conn, sources) {
      if (committed || finished) throw new Error("internal: a write to an append that is committed or discarded");
      const planned = await renamePlan(root, snapshot, sources);
      const files = planned && (await writeRenamedFiles(conn, root, snapshot, planned));
      if (!files) return undefined;
      written.push(...files);
      return { rows: files.reduce((n, w) => n + w.numRecords, 0), files: files.length };
    },
    async discard() {
      finished = true;
      await discard();
    },
    async commit() {
      if (committed) return committed;
      finished = true;
      const numRecords = written.reduce((n, w) => n + w.numRecords, 0);
      try {
        for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
          const version = snapshot.version + 1;
          const commitInfo = buildCommitInfo({
            operation: opts.operation ?? "WRITE",
            operationParameters: { mode: opts.overwrite ? "Overwrite" : "Append", partitionBy: JSON.stringify(snapshot.partitionColumns), ...opts.operationParameters },
            operationMetrics: {
              numFiles: written.length,
              numOutputRows: numRecords,
              numOutputBytes: written.reduce((n, w) => n + w.add.size, 0),
            },
            readVersion: snapshot.version,
            isBlindAppend: !opts.overwrite,
            base: snapshot,
          });
          const now = commitInfo.timestamp as number;
          const evolved = evolution && evolvedTableActions(snapshot, evolution);
          const metadata = withHighWaterMarks(evolved?.metadata ?? snapshot.metadata, identity.map((column) => ({ column, rows: generated })));
          const actions: Record<string, unknown>[] = [
            { commitInfo },
            ...(metadata !== snapshot.metadata ? [{ metaData: metadata }] : []),
            ...(evolved?.protocol ? [{ protocol: evolved.protocol }] : []),
            ...(opts.overwrite ? snapshot.files.map((add) => ({ remove: removeOf(add, now) })) : []),
            ...written.map((w) => ({ add: w.add })),
          ];
          if (opts.txn) actions.push({ txn: { appId: opts.txn.appId, version: opts.txn.version, lastUpdated: commitInfo.timestamp } });
          if (await tryPublishCommit(root, version, serializeActions(actions))) {
            await checkpointIfDue(root, version, snapshot.properties);
            return { version, files: written.map((w) => w.add.path), numRecords, alreadyCommitted: false };
          }
          if (opts.overwrite) throw DeltaErrors.concurrentModification(root, `version ${version} was committed by another writer while this overwrite was written; run it again`);
          const latest = await loadSnapshot(root);
          assertAppendableWinners(root, snapshot, latest);
          const winner = await alreadyCommitted(root, latest, opts);
          if (winner) {
            await discard();
            return winner;
          }
          if (evolution && latest.metadata.schemaString !== snapshot.metadata.schemaString) evolution = rebaseEvolution(root, evolution, latest);
          snapshot = latest;
        }
      } catch (e) {
        await discard();
        throw e;
      }
      await discard();
      throw DeltaErrors.concurrentModification(root, `gave up appending after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
    },
  };
}

/** appendOnce: the batch (appId, version) is already in the table when its txn there is >= version. */
async function alreadyCommitted(root: string, snapshot: Snapshot, opts: AppendOptions): Promise<AppendResult | null> {
  if (!opts.txn) return null;
  const current = snapshot.transactions[opts.txn.appId];
  if (!current || current.version < opts.txn.version) return null;
  const commit = await findTxnCommit(root, opts.txn.appId, opts.txn.version);
  return commit ? { ...commit, alreadyCommitted: true } : { version: snapshot.version, files: [], numRecords: 0, alreadyCommitted: true };
}

/** Whether a column of the query holds any value (read again only for a column whose type cannot hold every value). */
async function holdsValue(conn: DuckDBConnection, selectSql: string, column: string): Promise<boolean> {
  const rows = (await conn.runAndReadAll(`SELECT count(${quoteIdent(column)}) > 0 AS held FROM (${selectSql})`)).getRows();
  return rows[0]?.[0] === true;
}
