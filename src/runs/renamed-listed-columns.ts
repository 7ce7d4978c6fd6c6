/**
 * A column the source connection lists, renamed in the table (ALTER TABLE … RENAME COLUMN): the
 * workspace answers only that the column is missing (CONNECTOR-2012-400, source-gone.ts). The
 * table's history tells what it is called now, and the run's failure says so and what to change;
 * so it does for a column the mapping set or change key reads that the pinned version lacks (missing-mapped-columns.ts).
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import { quoteIdentifier } from "../databricks/sql.js";
import { renamedTo } from "./renamed-columns.js";
import type { RunInputs } from "./run-inputs.js";
import { SOURCE_GONE_CODE } from "./source-gone.js";
import type { SourceHistory } from "./source-history.js";
import { MappedColumnsMissing, missingColumnsFailure } from "./missing-mapped-columns.js";

/** `work` (the run's reads of version `version`), its missing-column failure naming the listed columns renamed by then. */
export async function explainingRenamedColumns<T>(readHistory: SourceHistory, inputs: RunInputs, version: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MappedColumnsMissing) throw missingColumnsFailure(error, inputs, await readHistory().catch(() => undefined));
    // a Delta Sharing source's history holds no operations
    if (!(error instanceof RunFailure) || error.code !== SOURCE_GONE_CODE || inputs.source.columns.length === 0 || inputs.connection.sharing) throw error;
    const history = await readHistory().catch(() => undefined);
    const renamed = history
      ? inputs.source.columns.flatMap((column) => {
          const to = renamedTo(history, column, version);
          return to ? [{ column, ...to }] : [];
        })
      : [];
    if (renamed.length === 0) throw error;
    const q = quoteIdentifier;
    const delta = renamed.find((r) => r.column.toLowerCase() === inputs.flow.deltaColumn?.toLowerCase());
    // a once flow keeps the delta column it was given (SRC-1382): only the table can change back
    const deltaFix = !delta
      ? ""
      : inputs.flow.frequency === "once"
        ? ` ${q(delta.column)} is the delta column of flow ${inputs.flow.id}, which runs once and keeps it: rename the column back (ALTER TABLE ${inputs.source.tableName} RENAME COLUMN ${q(delta.name)} TO ${q(delta.column)}) and re-trigger this run, or read the table into a new dataset with a new flow.`
        : ` ${q(delta.column)} is the flow's delta column: PATCH the flow's too (its Copy transformation's params.deltaColumn.name).`;
    throw new RunFailure(
      SOURCE_GONE_CODE,
      `The source connection's columns name ${renamed.map((r) => `${q(r.column)}, renamed to ${q(r.name)} at version ${r.version} of ${inputs.source.tableName}`).join("; ")} ` +
        `(ALTER TABLE … RENAME COLUMN): the flow reads the columns under the names the source connection lists. ` +
        `PATCH the source connection's params.columns to list ${renamed.map((r) => `${q(r.name)} instead of ${q(r.column)}`).join(", ")}; ` +
        "where the flow's mapping set reads the old name, PATCH the flow to a mapping set version that reads the new one. Then re-trigger this run: " +
        "rows the flow ingested before are not read again. A retry would fail the same way, so the run was not retried." +
        deltaFix,
      false,
    );
  }
}
