/**
 * What a change-data-capture run reads (docs/api/runs.md#change-data-capture): the pinned version
 * whole, as upserts at that version's commit time, when the flow has no ingested version yet (its
 * first window, or the first after a resync); otherwise the netted change feed since that version.
 * A snapshot also deletes, in the same batch, every key the dataset holds that the table has not.
 */
import { RunErrors } from "../aep-conventions/errors/catalogue.js";
import type { JsonValue } from "../databricks/result-values.js";
import type { ChangeKey } from "../dataflows/change-key.js";
import type { DuckDBConnection } from "@duckdb/node-api";
import { resyncDeletesSql } from "../lake/change-rows.js";
import type { Companion } from "../lake/ingest.js";
import type { ExportRead } from "./export-sql.js";
import type { RunInputs } from "./run-inputs.js";

export type { ChangeKey };

/** A table result with the history's `version` and `timestamp` columns (DESCRIBE HISTORY). */
export interface HistoryResult {
  schema: Array<{ name: string }>;
  rows: JsonValue[][];
}

export async function changeDataRead(
  inputs: RunInputs,
  pinnedVersion: number,
  history: () => Promise<HistoryResult>,
): Promise<ExportRead | "nothing-changed"> {
  const key = requireKey(inputs);
  const last = inputs.lastIngestedVersion;
  if (last === undefined) return { kind: "snapshot", asChanges: { version: pinnedVersion, commitTimestamp: commitTimestampOf(await history(), pinnedVersion, inputs.source.tableName) } };
  if (last >= pinnedVersion) return "nothing-changed";
  return { kind: "changes", fromVersion: last + 1, key: key.columns };
}

/** For a snapshot read as changes: the ingestion's companion rows, the deletes of keys the table no longer has. */
export function resyncDeletes(inputs: RunInputs, read: ExportRead, tableRoot: string): Companion | undefined {
  if (read.kind !== "snapshot" || !read.asChanges) return undefined;
  const resync = { keyPaths: requireKey(inputs).datasetPaths, ...read.asChanges };
  return { keyPaths: resync.keyPaths, rows: (conn: DuckDBConnection, keys: string) => resyncDeletesSql(conn, tableRoot, keys, resync) };
}

function requireKey(inputs: RunInputs): ChangeKey {
  const key = inputs.source.changeKey;
  if (!key || "problem" in key) {
    throw RunErrors.mappingFailed(`A change-data-capture flow needs a key to net its changes and to find deleted rows: ${key?.problem ?? "none is set"}`);
  }
  return key;
}

function commitTimestampOf(result: HistoryResult, version: number, tableName: string): number {
  const at = (name: string) => result.schema.findIndex((c) => c.name === name);
  const row = result.rows.find((r) => Number(r[at("version")]) === version);
  const value = row?.[at("timestamp")];
  // Databricks writes +0000 where JavaScript wants +00:00
  const time = typeof value === "number" ? value : Date.parse(String(value).replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (!row || !Number.isFinite(time)) throw RunErrors.workspaceFailed(`DESCRIBE HISTORY of ${tableName} gives no commit time for version ${version}`);
  return time;
}
