/**
 * Which table a flow's versions belong to. A Delta table dropped and created again under the same
 * name gets a new table id and starts its versions over (CREATE OR REPLACE keeps both), so the version a
 * flow last ingested says nothing of it: its change feed, or its late rows since that version, would
 * be read from another table. Each run records the table's id (DESCRIBE DETAIL `id`) beside the
 * version it pins, and a run whose table is no longer the one its flow last ingested fails at once.
 */
import { RunErrors } from "../aep-conventions/errors/catalogue.js";
import { tableDetailSql } from "./export-sql.js";
import { exportRead, tableOf } from "./read-plan.js";
import { OPEN_END_MS } from "../dataflows/windows.js";
import type { RunDetails } from "./run-details.js";
import type { RunInputs } from "./run-inputs.js";
import type { RunTable } from "../store/dataflows.table.js";
import type { WindowSource } from "./window-source.js";

/** The source table's Delta table id; none for a Delta Sharing table, whose server names no id. */
export async function sourceTableId(source: WindowSource, inputs: RunInputs): Promise<string | undefined> {
  if (inputs.connection.sharing) return undefined;
  const result = await source.runSql(tableDetailSql(tableOf(inputs)));
  const value = result.rows[0]?.[result.schema.findIndex((c) => c.name === "id")];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Fails the run when it reads since the flow's last ingested version (the change feed, or a
 * window's late rows) and the pinned table is not the one that version belongs to: its id differs,
 * or its version lies below the last ingested one (a table's versions never go back). A run before
 * which no id was recorded counts its table as unchanged.
 */
export function refuseReplacedTable(run: RunTable, inputs: RunInputs, details: RunDetails): void {
  const last = inputs.lastIngestedVersion;
  if (last === undefined || details.pinnedVersion === undefined || !readsSinceLastVersion(run, inputs, details)) return;
  const pinned = { version: details.pinnedVersion, tableId: details.sourceTableId };
  const lastId = inputs.lastIngestedTableId;
  const idChanged = lastId !== undefined && pinned.tableId !== undefined && lastId !== pinned.tableId;
  const versionBack = pinned.version < last;
  if (!idChanged && !versionBack) return;
  const why = [
    ...(idChanged ? [`its Delta table id changed from ${lastId} to ${pinned.tableId}`] : []),
    ...(versionBack ? [`its latest version ${pinned.version} lies below version ${last}, the one the flow last ingested`] : []),
  ].join(", and ");
  throw RunErrors.tableReplaced(replacedMessage(inputs, why, last, readsSinceWholeRead(run, inputs, details)));
}

/** Whether the run reads only the rows that appeared since a read of the whole table: it has no window to fall back on. */
export function readsSinceWholeRead(run: RunTable, inputs: RunInputs, details: RunDetails): boolean {
  const read = exportRead(run, inputs, details.deltaColumn);
  return read.kind === "window" && read.start === OPEN_END_MS;
}

function readsSinceLastVersion(run: RunTable, inputs: RunInputs, details: RunDetails): boolean {
  if (inputs.source.cdcEnabled) return true;
  const read = exportRead(run, inputs, details.deltaColumn);
  return read.kind === "window" && read.lateSinceVersion !== undefined;
}

function replacedMessage(inputs: RunInputs, why: string, last: number, sinceWholeRead: boolean): string {
  const reads = inputs.source.cdcEnabled
    ? `the change feed since version ${last} would be read from the new table's versions`
    : `the late rows added since version ${last} would be compared with the new table's versions`;
  return `${inputs.source.tableName} is not the table flow ${inputs.flow.id} last ingested (dropped and created again since, or the source connection now names another table): ${why}, so ${reads}. ${tableChangeFix(inputs, sinceWholeRead)}`;
}

/** What mends a flow whose table changed under it (replaced, or a column's type changed so that its versions cannot be compared). */
export function tableChangeFix(inputs: RunInputs, sinceWholeRead: boolean): string {
  const flowId = inputs.flow.id;
  // no window to fall back on: after a resync the run would have no version to read the rows since
  if (sinceWholeRead) return `Flow ${flowId} read the whole table, so its runs read only the rows that appeared since: read the table into a new dataset with a new flow.`;
  const after = inputs.source.cdcEnabled
    ? "its window then reads the table whole, as upserts, and deletes the keys the table no longer has"
    : "its window then reads the table's rows in the window, without late rows (rows dated before it are not read: create a new flow to read the table whole)";
  return `Resync the flow: POST /data/foundation/flowservice/flows/${flowId}/action?op=resync, then re-trigger this run; ${after}.`;
}
