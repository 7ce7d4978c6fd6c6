/**
 * Workspace refusals that no retry can cure: the source table, or a column the flow reads, is not
 * there. Databricks (and the local workspace) name them by Spark's error classes in brackets; such
 * a run fails at once, as a data or configuration problem, saying what to fix (docs/api/runs.md).
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";

/** The run error of a source table or column that is not in the workspace. */
export const SOURCE_GONE_CODE = "CONNECTOR-2012-400";

const MISSING_COLUMN = /\[UNRESOLVED_COLUMN(?:\.[A-Z_]+)?\]/;
const MISSING_TABLE = /\[(TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|NO_SUCH_CATALOG_EXCEPTION)(?:\.[A-Z_]+)?\]/;

/** the flow a run is of, and its source connection: the calls that mend a missing table or column name them */
export interface FlowSource {
  flowId: string;
  sourceConnectionId: string;
  /** a once flow keeps the delta column it was given: no PATCH renames it */
  runsOnce: boolean;
}

/**
 * The failure for a workspace message naming a missing column or table, or undefined for anything
 * else (which may pass: a cluster, storage or network problem, retried).
 */
export function sourceGoneFailure(message: string, { flowId, sourceConnectionId, runsOnce }: FlowSource): RunFailure | undefined {
  if (MISSING_COLUMN.test(message)) {
    const column = /with name ((?:`(?:[^`]|``)*`\.?)+)/.exec(message)?.[1];
    const named = column ? `column ${column}` : "a column the flow reads";
    return new RunFailure(
      SOURCE_GONE_CODE,
      `The source table has no ${named}, which the flow reads (as its delta column, or through the source connection's columns or the mapping set): ${message}. ` +
        "A retry would fail the same way, so the run was not retried. Add the column back to the table and re-trigger this run; " +
        `or stop reading it, then re-trigger this run: PATCH /flows/${flowId} (${runsOnce ? "" : "its delta column, or "}its transformations' mappingVersion to a mapping set version without it), ` +
        `and when the source connection lists the column, PATCH /sourceConnections/${sourceConnectionId} (its params.columns without it).` +
        (runsOnce ? " A once flow keeps its delta column: when that is the column, rename it back in the table, or read the table into a new dataset with a new flow." : ""),
      false,
    );
  }
  const table = MISSING_TABLE.exec(message);
  if (table) {
    const what = table[1] === "TABLE_OR_VIEW_NOT_FOUND" ? "table" : table[1] === "SCHEMA_NOT_FOUND" ? "schema of the table" : "catalog of the table";
    return new RunFailure(
      SOURCE_GONE_CODE,
      `The source ${what} the flow reads is not in the workspace (dropped or renamed since the flow was created?): ${message}. ` +
        "A retry would fail the same way, so the run was not retried. Bring the table back under its name (ALTER TABLE … RENAME TO it; a Unity Catalog managed table dropped less than 7 days ago: UNDROP TABLE), then re-trigger this run; " +
        `or, for a table renamed, point the source connection at its new name (PATCH /sourceConnections/${sourceConnectionId}, its params.tableName), then re-trigger this run: rows the flow ingested before are not read again. ` +
        `A table created again under that name is another table (its Delta history starts over): resync the flow first (POST /flows/${flowId}/action?op=resync), then re-trigger this run.`,
      false,
    );
  }
  return undefined;
}
