/**
 * A column the flow's mapping set (or its change key, or its delta column) reads that the pinned version of the table no longer has: renamed or
 * dropped since the flow was made. Where the source connection lists no columns the export reads every column, so nothing on the
 * workspace refuses it, and the mapping would fail only after the whole window was exported. The pinned version's columns are
 * typed before the export (variant-columns.ts): a run that would fail so fails there, with CONNECTOR-2012-400 naming each column,
 * what the table's history says became of it, and what to change (docs/api/runs.md#late-rows, #run-errors).
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { SqlResult } from "../databricks/client.js";
import { quoteIdentifier } from "../databricks/sql.js";
import { columnsOfMapping } from "../dataprep/mappings.js";
import { renamedTo } from "./renamed-columns.js";
import type { RunInputs } from "./run-inputs.js";
import type { ExportRead } from "./export-sql.js";
import type { PinnedColumnsCheck } from "./variant-columns.js";
import { SOURCE_GONE_CODE } from "./source-gone.js";

/** Thrown before the export: the columns missing at `version`, explained with the table's history by explainingRenamedColumns (renamed-listed-columns.ts). */
export class MappedColumnsMissing extends Error {
  constructor(
    readonly mapped: readonly string[],
    readonly key: readonly string[],
    /** the flow's delta column, when it is missing */
    readonly delta: string | undefined,
    readonly version: number,
  ) {
    super(`columns missing at version ${version}: ${[...mapped, ...key, ...(delta ? [delta] : [])].join(", ")}`);
  }
}

/** The run's check of the pinned version's columns: it throws MappedColumnsMissing when a column the mapping set, the change key or a window's delta column reads is not one of them. */
export const missingMappedColumnsCheck =
  (inputs: RunInputs): PinnedColumnsCheck =>
  (pinned, read, version) =>
    refuseMissingMappedColumns(inputs, pinned, read, version);

function refuseMissingMappedColumns(inputs: RunInputs, pinned: readonly { name: string }[], read: ExportRead, version: number): void {
  // listed columns are named by the export's SELECT: the workspace refuses a missing one (source-gone.ts)
  if (inputs.source.columns.length > 0) return;
  const has = new Set(pinned.map((c) => c.name.toLowerCase()));
  const present = (names: readonly string[]) => names.some((name) => has.has(name.toLowerCase()));
  const mapped = new Set<string>();
  for (const rule of inputs.mapping) {
    try {
      for (const names of columnsOfMapping(rule)) if (!present(names)) mapped.add(names[0]);
    } catch {
      // a mapping that does not parse fails its own way when the rows are mapped
    }
  }
  const changeKey = inputs.source.changeKey;
  const key = changeKey && "columns" in changeKey ? changeKey.columns.filter((column) => !present([column])) : [];
  // a window's bounds read the delta column; a read of the whole table does not
  const deltaColumn = read.kind === "window" ? read.deltaColumn : undefined;
  const delta = deltaColumn !== undefined && !present([deltaColumn]) ? deltaColumn : undefined;
  const others = [...mapped].filter((c) => !key.includes(c) && c !== delta);
  if (others.length > 0 || key.length > 0 || delta !== undefined) throw new MappedColumnsMissing(others, key, delta, version);
}

/** The run's failure for missing columns, each with what `history` (when read) says became of it. */
export function missingColumnsFailure(missing: MappedColumnsMissing, inputs: RunInputs, history: SqlResult | undefined): RunFailure {
  const q = quoteIdentifier;
  const fate = (column: string) => {
    const renamed = history ? renamedTo(history, column, missing.version) : undefined;
    return renamed ? `${q(column)} was renamed to ${q(renamed.name)} at version ${renamed.version}` : `${q(column)} is not a column of it (dropped, or renamed without column mapping)`;
  };
  const all = [...missing.mapped, ...missing.key, ...(missing.delta ? [missing.delta] : [])];
  const { id: flowId, frequency } = inputs.flow;
  const mappingSet = inputs.mappingSet;
  const fixes = [
    missing.mapped.length > 0
      ? `map the columns the table has now in a new version of mapping set ${mappingSet?.id ?? "(the flow's)"} (PUT /data/foundation/conversion/mappingSets/${mappingSet?.id ?? "{mappingSetId}"}) and point the flow at it (PATCH /data/foundation/flowservice/flows/${flowId}, its Mapping transformation's mappingVersion)`
      : undefined,
    missing.key.length > 0
      ? `name the key's columns as the table has them now: PATCH /data/foundation/flowservice/sourceConnections/${inputs.source.id} (its params.primaryKey), and the flow to a mapping set version that maps them`
      : undefined,
    missing.delta !== undefined && frequency !== "once"
      ? `give the flow its delta column's name now: PATCH /data/foundation/flowservice/flows/${flowId} (its Copy transformation's params.deltaColumn.name)`
      : undefined,
  ].filter(Boolean);
  // a once flow keeps the delta column it was given (SRC-1382): only the table can change back
  const onceDelta =
    missing.delta !== undefined && frequency === "once"
      ? ` Flow ${flowId} runs once, and its delta column ${q(missing.delta)} stays its own: rename the column back (ALTER TABLE ${inputs.source.tableName} RENAME COLUMN <its name now> TO ${q(missing.delta)}) and re-trigger this run, or read the table into a new dataset with a new flow.`
      : "";
  return new RunFailure(
    SOURCE_GONE_CODE,
    `Version ${missing.version} of ${inputs.source.tableName} has no column ${all.map(q).join(", ")}, which the flow reads ` +
      `(${[missing.mapped.length > 0 ? "through its mapping set" : "", missing.key.length > 0 ? "as its change key" : "", missing.delta ? "as its delta column" : ""].filter(Boolean).join(" and ")}): ${all.map(fate).join("; ")}. ` +
      "Nothing was exported. A retry would fail the same way, so the run was not retried." +
      (fixes.length > 0 ? ` Either ${fixes.join(", and ")}, then re-trigger this run (rows it ingested before are not read again); or add the column back to the table and re-trigger this run.` : "") +
      onceDelta,
    false,
  );
}
