/**
 * A window reading late rows compares the pinned version's rows with an earlier version's, cast to the types the columns have now
 * (late-row-columns.ts). When a column's type changed so that an earlier value does not convert (CREATE OR REPLACE TABLE with
 * another type, which keeps the table's id and history; a RESTORE to a version with a narrower type), Spark refuses the cast: no
 * retry can cure it, and the run says what changed and what mends it (docs/api/runs.md#late-rows).
 */
import { RunErrors, type RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { RunInputs } from "./run-inputs.js";
import { tableChangeFix } from "./source-table-identity.js";

const REFUSED_CAST = /\[(CAST_INVALID_INPUT|CAST_OVERFLOW|DATATYPE_MISMATCH\.CAST_[A-Z_]+)\]/;

/** The failure for a workspace message refusing such a cast, or undefined for any other. */
export function columnTypeChangeFailure(message: string, inputs: RunInputs, sinceWholeRead: () => boolean): RunFailure | undefined {
  if (!REFUSED_CAST.test(message)) return undefined;
  return RunErrors.columnTypeChanged(
    `A column of ${inputs.source.tableName} changed its type since flow ${inputs.flow.id} last ingested it (CREATE OR REPLACE TABLE with another type, ` +
      `or RESTORE TABLE to a version with a narrower one), and the values the earlier version holds do not convert to its type now, so the rows ` +
      `cannot be compared with that version's: ${message}. A retry would fail the same way, so the run was not retried. ${tableChangeFix(inputs, sinceWholeRead())}`,
  );
}
