/**
 * The source table's whole history (DESCRIBE HISTORY) for one attempt of a run. Several of its
 * checks may want it (a change-data snapshot's commit time, the columns renamed since the last
 * ingested version, the restores since, a listed column's new name), and on a cluster each read
 * is a statement of seconds over what can be thousands of commits: the first check that needs it
 * reads it, the others share that read, and an attempt none of them needs it for reads none.
 */
import type { SqlResult } from "../databricks/client.js";
import { historySql, type TableRef } from "./export-sql.js";
import type { WindowSource } from "./window-source.js";

/** The history, read on the first call; every call answers that one read (its failure too). */
export type SourceHistory = () => Promise<SqlResult>;

export function sourceHistory(source: WindowSource, table: TableRef): SourceHistory {
  let read: Promise<SqlResult> | undefined;
  // a Delta Sharing source answers this statement by its text (sharing-source.ts)
  return () => (read ??= source.runSql(historySql(table)));
}
