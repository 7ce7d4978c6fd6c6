/**
 * The columns a window's late-row comparison reads (docs/api/runs.md#late-rows): the pinned
 * version's, named, and for each what the previous version (the one the flow's last run read)
 * holds. Columns added since (ALTER TABLE … ADD COLUMNS, or named by the source connection since)
 * are NULL of their type there; a column renamed since (RENAME COLUMN, found in the table's
 * history) is compared with its old name's values, so no row counts as late for it. Both versions
 * are typed by LIMIT 0 queries: no row read.
 */
import type { SqlColumn } from "../databricks/client.js";
import { type ComparedColumn, type ExportRead, projectionTypesSql, refusedBySetOperations } from "./export-sql.js";
import { type ReadContext, tableOf } from "./read-plan.js";
import { renamesSince } from "./renamed-columns.js";
import type { WindowSource } from "./window-source.js";

/**
 * A window that reads late rows compares the pinned version's rows before its start with the
 * previous version's: by EXCEPT ALL, or, where Spark refuses that over a MAP (or VARIANT) at any
 * depth, through a key of each row (export-sql.ts). A Delta Sharing read compares the files added
 * and removed since in the service's own DuckDB instead (sharing-read.ts).
 */
export async function withLateRowColumns(source: WindowSource, state: ReadContext, read: ExportRead, version: number): Promise<ExportRead> {
  if (read.kind !== "window" || read.lateSinceVersion === undefined || read.start === null || state.inputs.connection.sharing) return read;
  const table = tableOf(state.inputs);
  const pinned = (await source.runSql(projectionTypesSql(table, state.inputs.source.columns, version))).schema;
  const earlier = (await source.runSql(projectionTypesSql(table, [], read.lateSinceVersion))).schema;
  const compared = await comparedColumns(pinned, earlier, () => state.history().then((history) => renamesSince(history, read.lateSinceVersion!, version)));
  const differing = compared.filter((c) => c.previous?.name !== c.name);
  if (differing.length > 0) {
    await state.log.info(
      `the columns changed since version ${read.lateSinceVersion}: ${differing.map(describeChange).join(", ")}; the late rows are compared with that version's rows under the new names`,
    );
  }
  const refused = pinned.filter((c) => refusedBySetOperations(c.type));
  if (refused.length === 0) return { ...read, comparedColumns: compared };
  await state.log.info(`${refused.map((c) => c.name).join(", ")} hold a MAP or VARIANT, which Spark does not compare: late rows are found through a JSON key of each row`);
  return { ...read, comparedColumns: compared, lateRowKey: pinned.map((c) => c.name) };
}

/**
 * Each pinned column under its name at the previous version: the same name (Spark's are
 * case-insensitive), or the one it had before the renames since (the history is read only when a
 * name is missing there), or none: a column added since, also one added under a name another
 * column had.
 */
async function comparedColumns(pinned: readonly SqlColumn[], earlier: readonly SqlColumn[], renames: () => Promise<Map<string, string | null>>): Promise<ComparedColumn[]> {
  const earlierColumn = new Map(earlier.map((c) => [c.name.toLowerCase(), c]));
  const missing = pinned.filter((c) => !earlierColumn.has(c.name.toLowerCase()));
  const origins = missing.length > 0 ? await renames() : new Map<string, string | null>();
  return pinned.map((column) => {
    const origin = origins.get(column.name.toLowerCase());
    const previous = origin === null ? undefined : earlierColumn.get((origin ?? column.name).toLowerCase());
    return { ...column, previous };
  });
}

function describeChange(column: ComparedColumn): string {
  return column.previous ? `${column.name} was ${column.previous.name}` : `${column.name} is new (NULL in the older rows)`;
}
