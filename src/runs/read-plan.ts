/**
 * What a run reads from its source table (export-sql.ts writes it as SQL) and the checks made
 * before the export: the late-row comparison a MAP column needs, a change window's repeated keys,
 * the rows no window reads, the pinned version.
 */
import { RunErrors, RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { RunTable } from "../store/dataflows.table.js";
import { OPEN_END_MS } from "../dataflows/windows.js";
import {
  type ExportRead,
  latestVersionSql,
  nullDeltaColumnCountSql,
  projectionTypesSql,
  readChangedKeyRangeOfWindow,
  repeatedChangeKeysSql,
  type TableRef,
} from "./export-sql.js";
import { repeatedKeysMessage } from "./net-changes.js";
import type { RunInputs } from "./run-inputs.js";
import type { RunLog } from "./run-log.js";
import type { SourceHistory } from "./source-history.js";
import type { WindowSource } from "./window-source.js";

/** What the checks before a read work with: the run's inputs, its log, and the source table's history, read once when one of them needs it. */
export interface ReadContext {
  inputs: RunInputs;
  log: RunLog;
  history: SourceHistory;
}

export function tableOf(inputs: RunInputs): TableRef {
  return { tableName: inputs.source.tableName, database: inputs.connection.database, catalog: inputs.connection.catalog };
}

export function exportRead(run: RunTable, inputs: RunInputs, runDeltaColumn?: string): ExportRead {
  const deltaColumn = runDeltaColumn ?? (inputs.flow.frequency === "once" ? undefined : inputs.flow.deltaColumn);
  if (!deltaColumn) return { kind: "snapshot" };
  const start = run.window_start === null ? null : Number(run.window_start);
  return {
    kind: "window",
    deltaColumn,
    start,
    end: run.window_end === null ? null : Number(run.window_end),
    // after a read of the whole table the window is empty ([9999-12-31, 9999-12-31)): the rows that
    // appeared since are all the run reads, so they are no late rows to skip
    lateSinceVersion: inputs.flow.lateRows === "skip" && start !== OPEN_END_MS ? undefined : inputs.lastIngestedVersion,
  };
}

/** The key columns of a change-data read (the change feed, or a snapshot read as changes); none for a window. */
export function changeKeyColumns(inputs: RunInputs, read: ExportRead): readonly string[] {
  if (read.kind === "changes") return read.key;
  const key = inputs.source.changeKey;
  return read.kind === "snapshot" && read.asChanges && key && "columns" in key ? key.columns : [];
}

/**
 * A change window in which several rows share a key fails the run: netting would lose changes
 * (net-changes.ts). The rows are compared on the flow's columns, or on the table's (typed by a LIMIT 0
 * query, no row read) when it lists none. The pinned rows counted are those within the range of
 * the changed keys, read first (held-key-range.ts). A Delta Sharing read checks this in its own DuckDB.
 */
export async function refuseRepeatedKeys(source: WindowSource, state: ReadContext, read: Extract<ExportRead, { kind: "changes" }>, version: number): Promise<void> {
  const { inputs } = state;
  const table = tableOf(inputs);
  // the first reads of the change feed: a feed that no longer covers the versions says how to resync here
  const readFeed = (sql: string) => source.runSql(sql).catch((error) => Promise.reject(changeFeedGap(error, inputs, read.fromVersion, version)));
  // a window that changed no key has no key several rows could share
  const range = await readChangedKeyRangeOfWindow(readFeed, table, version, read);
  if (!range.changedKeys) return;
  const tableColumns = inputs.source.columns.length > 0 ? [] : (await source.runSql(projectionTypesSql(table, [], version))).schema.map((c) => c.name);
  const repeated = await readFeed(repeatedChangeKeysSql(table, inputs.source.columns, tableColumns, version, read, range.predicate));
  if (repeated.rows.length > 0) throw RunErrors.repeatedKey(repeatedKeysMessage(inputs.source.tableName, inputs.flow.id, read.key, repeated.rows));
}

/**
 * A flow's first window says, once, how many rows have no delta column value: no window ever reads
 * them (docs/api/runs.md), which would otherwise go unnoticed. Only advice: a count the workspace
 * fails leaves the run to the export, which reports what is wrong in its own phase.
 */
export async function warnOfUnwindowedRows(source: WindowSource, state: ReadContext, deltaColumn: string, version: number): Promise<void> {
  let rows: number;
  try {
    const result = await source.runSql(nullDeltaColumnCountSql(tableOf(state.inputs), deltaColumn, version));
    rows = Number(result.rows[0]?.[result.schema.findIndex((c) => c.name === "rows")] ?? 0);
  } catch (error) {
    if (!(error instanceof RunFailure)) throw error;
    await state.log.info(`the rows without ${deltaColumn} could not be counted (${error.message}); the export reads the window`);
    return;
  }
  if (rows > 0) {
    await state.log.warn(
      `${rows} row(s) of ${state.inputs.source.tableName} at version ${version} have no ${deltaColumn} (NULL): no window reads them. ` +
        `Give those rows a ${deltaColumn}: the next window then reads them (as late rows when the value lies before its start, unless the flow skips late rows).`,
    );
  }
}

/** What the export reads, in the run's log. */
/** What an export reads of the pinned `version`, for the run's log. */
export function describeRead(read: ExportRead, version: number): string {
  const time = (ms: number | null) => (ms === null ? "…" : new Date(ms).toISOString());
  if (read.kind === "window") {
    if (read.start === OPEN_END_MS && read.lateSinceVersion !== undefined) {
      return `the rows with a ${read.deltaColumn} that appeared since version ${read.lateSinceVersion}, the one the flow's last run read, of version ${version}`;
    }
    const window = `the rows whose ${read.deltaColumn} lies in [${time(read.start)}, ${time(read.end)})`;
    if (read.lateSinceVersion === undefined || read.start === null) return `${window} of version ${version}`;
    return `${window}, and the late rows (${read.deltaColumn} before ${time(read.start)}) added since version ${read.lateSinceVersion}, of version ${version}`;
  }
  if (read.kind === "changes") return `the change feed of versions ${read.fromVersion} to ${version}`;
  return `the whole table at version ${version}`;
}

export async function latestVersion(source: WindowSource, table: TableRef): Promise<number> {
  const result = await source.runSql(latestVersionSql(table));
  const versionColumn = result.schema.findIndex((c) => c.name === "version");
  const value = result.rows[0]?.[versionColumn];
  if (versionColumn < 0 || value === undefined || value === null) {
    throw RunErrors.workspaceFailed(`DESCRIBE HISTORY of ${table.tableName} returned no version`);
  }
  return Number(value);
}

/**
 * Files a change read needs that VACUUM (or a hand) deleted: a commit's `_change_data` file
 * (DELTA_CHANGE_DATA_FILE_NOT_FOUND), or an old version's data file a commit without change files is
 * read from (FAILED_READ_FILE.FILE_NOT_EXIST, DELTA_FILE_NOT_FOUND_DETAILED). A retry finds them
 * no more than this attempt did.
 */
export const VACUUMED_CHANGE_FILES = /DELTA_CHANGE_DATA_FILE_NOT_FOUND|DELTA_FILE_NOT_FOUND|FILE_NOT_EXIST|referenced in the transaction log cannot be found/i;

/** The run error of a window whose late rows cannot be found: the version they are compared with is gone. */
export const LATE_ROWS_GAP_CODE = "CONNECTOR-2002-400";

/** A version the log no longer holds (log retention), as Databricks and the local workspace name it. */
const VERSION_GONE = /VERSION_NOT_FOUND|Cannot time travel|log file .* not found|no longer (?:exists|available)/i;

/**
 * A window's late rows are the pinned version's rows the last ingested version has fewer of: when a
 * file of that version is gone (VACUUM once later versions no longer read it) or its commit left
 * the log, no retry finds them. The run fails at once, saying what can be done; a read of every row
 * since a whole-table run has no window to fall back on.
 */
export function lateRowsGap(error: unknown, inputs: RunInputs, read: ExportRead, version: number): unknown {
  if (read.kind !== "window" || read.lateSinceVersion === undefined) return error;
  if (!(error instanceof RunFailure) || !error.retryable) return error;
  if (!VACUUMED_CHANGE_FILES.test(error.message) && !VERSION_GONE.test(error.message)) return error;
  const since = read.lateSinceVersion;
  const what =
    `The late rows of ${inputs.source.tableName} cannot be found: the run compares version ${version} with version ${since}, ` +
    `the one the flow's last run read, and that version can no longer be read (${error.message}); VACUUM deletes a version's files once later versions no longer read them. ` +
    "A retry would fail the same way, so the run was not retried.";
  const next =
    read.start === OPEN_END_MS
      ? ` This run reads only the rows that appeared since version ${since} (the flow's last run read the whole table), so they cannot be told from the rows the dataset holds: read the table into a new dataset with a new flow.`
      : ` Resync the flow: POST /data/foundation/flowservice/flows/${inputs.flow.id}/action?op=resync, then re-trigger this run; its window then reads its own rows without late rows (rows added since version ${since} dated before the window are read by no run).`;
  return new RunFailure(LATE_ROWS_GAP_CODE, what + next, false);
}

/**
 * A read of the rows that appeared since a whole-table run with no version to compare with (the
 * flow was resynced since) would read nothing and succeed: every row added or changed since would be
 * lost without a word. It fails instead, saying why.
 */
export function refuseEmptyContinuation(inputs: RunInputs, read: ExportRead): void {
  if (read.kind !== "window" || read.start !== OPEN_END_MS || read.lateSinceVersion !== undefined) return;
  throw new RunFailure(
    LATE_ROWS_GAP_CODE,
    `Flow ${inputs.flow.id} read the whole of ${inputs.source.tableName} in an earlier run, so a run without a window reads only the rows that appeared since the version that run read; ` +
      "since the resync there is no such version, and the run would read nothing. Read the table into a new dataset with a new flow.",
    false,
  );
}

/**
 * A change feed that no longer reaches back to the flow's last version (log or change files
 * cleaned up by retention or VACUUM) cannot be read incrementally: the message says how to resync.
 */
export function changeFeedGap(error: unknown, inputs: RunInputs, from: number, to: number): unknown {
  if (!(error instanceof RunFailure) || !error.retryable) return error;
  if (!/version|change data|VERSION_NOT_FOUND|MISSING_CHANGE_DATA/i.test(error.message) && !VACUUMED_CHANGE_FILES.test(error.message)) return error;
  return RunErrors.changeFeedGap(inputs.source.tableName, inputs.flow.id, from, to, error.message);
}
