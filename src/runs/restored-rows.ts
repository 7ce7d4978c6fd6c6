/**
 * A window's late rows are the pinned version's rows (dated before the window) that the version the
 * flow last ingested has not. RESTORE TABLE … TO VERSION AS OF n brings back, as new files of a new
 * version, rows of version n that later versions deleted: when n lies below the last ingested version,
 * those rows may be in the dataset already, and the comparison would take them as late rows and
 * ingest them twice. Which of them the flow ingested before cannot be told from the table, so such a
 * window fails at once, naming the restore and the resync (docs/decisions.md). A change-data-capture
 * flow needs no check: the change feed gives a restore's rows as changes of their keys, netted to one
 * upsert each (docs/api/runs.md#change-data-capture).
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { JsonValue } from "../databricks/result-values.js";
import type { HistoryResult } from "./change-read.js";
import type { ExportRead } from "./export-sql.js";
import type { ReadContext } from "./read-plan.js";
import type { RunInputs } from "./run-inputs.js";
import { commitsBetween } from "./table-history.js";
import { OPEN_END_MS } from "../dataflows/windows.js";

/** The run error of a window whose late rows a RESTORE makes unknowable; not retried. */
export const ROWS_RESTORED_CODE = "CONNECTOR-2016-400";

/** A RESTORE commit of the table's history: its version and the version it restored (undefined when its history does not say). */
export interface Restore {
  version: number;
  restored: number | undefined;
}

/**
 * Fails the run when it reads a window's late rows and a version after the one the flow last
 * ingested, up to the pinned one, restored the table to an earlier version and brought files back.
 * A Delta Sharing table names no history: its read checks its files' ids instead (sharing-restored-files.ts).
 */
export async function refuseRestoredRows({ inputs, history: readHistory }: ReadContext, read: ExportRead, pinned: number): Promise<void> {
  if (read.kind !== "window" || read.lateSinceVersion === undefined || read.start === null || inputs.connection.sharing) return;
  const since = read.lateSinceVersion;
  if (pinned <= since) return;
  const history = await readHistory();
  const restores = restoresIn(history, since, pinned).filter((r) => r.restored === undefined || r.restored < since);
  if (restores.length > 0) throw new RunFailure(ROWS_RESTORED_CODE, restoredMessage(inputs, restores, since, read.start === OPEN_END_MS), false);
}

function restoresIn(history: HistoryResult, since: number, pinned: number): Restore[] {
  return commitsBetween(history, since, pinned)
    .filter((c) => c.operation === "RESTORE" && text(c.metrics.numRestoredFiles) !== "0")
    .map((c) => {
      const restored = Number(text(c.parameters.version));
      return { version: c.version, restored: Number.isInteger(restored) ? restored : undefined };
    });
}

/** A history map's value as text, as Delta writes them all; undefined when absent. */
function text(value: JsonValue | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Why the window fails, and what to do: resync the flow, after which its window reads no late rows;
 * a run reading the rows since a whole-table read (`afterWholeTable`) has no window to fall back on,
 * and its flow cannot be resynced (FLOW-1420-409): a new flow.
 */
export function restoredMessage(inputs: RunInputs, restores: Restore[], since: number, afterWholeTable: boolean): string {
  const { tableName } = inputs.source;
  const flowId = inputs.flow.id;
  const what = restores.map((r) => `version ${r.version} restored it to ${r.restored === undefined ? "an earlier version" : `version ${r.restored}`}`).join(", ");
  return (
    `${tableName} was restored since flow ${flowId} last ingested it at version ${since}: ${what}. ` +
    `A restore brings back rows later versions had deleted, which the flow may have ingested already, so its late rows since version ${since} ` +
    "cannot be told from rows it ingested before, and reading them would ingest those rows twice. A retry would find the same, so the run was not retried. " +
    (afterWholeTable
      ? `This run reads only the rows that appeared since version ${since} (the flow's last run read the whole table), so it has no window to read instead: read the table into a new dataset with a new flow.`
      : `Resync the flow: POST /data/foundation/flowservice/flows/${flowId}/action?op=resync, then re-trigger this run; ` +
        `its window then reads the rows in the window, without late rows (rows dated before it added since version ${since} are not read).`)
  );
}
