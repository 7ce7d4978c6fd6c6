/**
 * The first rows of a dataset as the Data Access preview shows them: its Delta table's latest
 * version, each value exact (exact-json.ts spells them as explore's preview does: integers beyond
 * 2^53 and decimals as strings, so JSON.parse keeps every digit). Only the data
 * files that hold those rows are read, so a preview of a large table in a container downloads one
 * file or a few, not the table.
 */
import { describeQuery, openDeltaTable } from "../delta/index.js";
import type { AddFile, Snapshot } from "../delta/index.js";
import { exactRecordJson } from "../dataprep/exact-json.js";
import { withConnection } from "../dataprep/scratch-duckdb.js";

/** Up to `limit` rows of the table under `tableRoot`; none when no batch has created it yet. */
export async function firstDatasetRows(tableRoot: string, limit: number): Promise<Record<string, unknown>[]> {
  const table = openDeltaTable(tableRoot);
  if (!(await table.exists())) return [];
  const snapshot = await table.snapshot();
  const holding = { ...snapshot, files: filesHolding(snapshot, limit) };
  return withConnection(async (conn) => {
    const relation = await table.scanRelation(conn, holding);
    const columns = await describeQuery(conn, `SELECT * FROM ${relation}`);
    const rows = await conn.runAndReadAll(`SELECT CAST(${exactRecordJson(columns)} AS VARCHAR) FROM ${relation} LIMIT ${limit}`);
    return rows.getRows().map(([text]) => JSON.parse(String(text)) as Record<string, unknown>);
  });
}

/** The table's files as the snapshot lists them (newest first), as few as hold `limit` live rows by their statistics (a file without them counts one row). */
function filesHolding(snapshot: Snapshot, limit: number): AddFile[] {
  const chosen: AddFile[] = [];
  let rows = 0;
  for (const file of snapshot.files) {
    if (rows >= limit) break;
    chosen.push(file);
    rows += Math.max(liveRows(file), 0);
  }
  return chosen;
}

function liveRows(file: AddFile): number {
  const records = file.stats ? Number((JSON.parse(file.stats) as { numRecords?: unknown }).numRecords) : NaN;
  return Number.isFinite(records) ? records - (file.deletionVector?.cardinality ?? 0) : 1;
}
