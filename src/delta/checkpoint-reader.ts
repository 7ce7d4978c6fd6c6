import type { DuckDBConnection } from "@duckdb/node-api";
import type { Action } from "./types.js";
import { readLogText, type LogListing, type CheckpointCandidate } from "./log-listing.js";
import { actionsOf, parseActionLines } from "./actions.js";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, readParquetSql } from "./sql.js";
import { describeQuery } from "./duck.js";
import { readableFile } from "./paths.js";
import { mapBounded } from "../util/map-bounded.js";

const ACTION_COLUMNS = ["add", "remove", "metaData", "protocol", "txn", "domainMetadata", "sidecar", "checkpointMetadata"];

/**
 * Reads every action of a checkpoint: classic and multi-part parquet, and v2 (json or parquet) whose file
 * actions may live in `_delta_log/_sidecars`. Sidecar and checkpointMetadata actions are consumed here.
 */
export async function readCheckpoint(conn: DuckDBConnection, listing: LogListing, checkpoint: CheckpointCandidate): Promise<Action[]> {
  const local = (files: string[]) => mapBounded(files, 8, (f) => readableFile(listing.root, f));
  const top =
    checkpoint.format === "json"
      ? parseActionLines(await readLogText(listing, checkpoint.files[0]), checkpoint.files[0])
      : await readParquetActions(conn, await local(checkpoint.files));
  // Sidecar paths are relative to _delta_log/_sidecars (or absolute).
  const sidecars = top.flatMap((a) => (a.kind === "sidecar" ? [a.sidecar.path] : []));
  const sidecarActions = sidecars.length
    ? await readParquetActions(conn, await local(sidecars.map((p) => (/^[a-zA-Z][a-zA-Z0-9+.-]*:|^\//.test(p) ? p : `${listing.logDir}/_sidecars/${p}`))))
    : [];
  return [...top, ...sidecarActions].filter((a) => a.kind !== "sidecar" && a.kind !== "checkpointMetadata");
}

async function readParquetActions(conn: DuckDBConnection, files: string[]): Promise<Action[]> {
  const source = readParquetSql(files);
  let columns: string[];
  try {
    columns = (await describeQuery(conn, `SELECT * FROM ${source}`)).map((c) => c.name);
  } catch (e) {
    throw DeltaErrors.corruptLog(files.join(", "), `cannot read checkpoint parquet: ${(e as Error).message}`, e);
  }
  const present = ACTION_COLUMNS.filter((c) => columns.includes(c));
  if (present.length === 0) return [];
  const select = present.map((c) => `to_json(${quoteIdent(c)}) AS ${quoteIdent(c)}`).join(", ");
  const where = present.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(" OR ");
  const reader = await conn.runAndReadAll(`SELECT ${select} FROM ${source} WHERE ${where}`);
  const actions: Action[] = [];
  for (const row of reader.getRowsJson()) {
    const raw: Record<string, unknown> = {};
    present.forEach((c, i) => {
      const json = row[i];
      if (typeof json === "string") raw[c] = JSON.parse(json);
    });
    actions.push(...actionsOf(raw, files[0]));
  }
  return actions;
}
