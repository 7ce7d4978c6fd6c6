/**
 * The columns a window's late-row comparison reads (docs/api/runs.md#late-rows): the pinned
 * version's, named, and for each what the previous version (the one the flow's last run read)
 * holds. Columns added since (ALTER TABLE … ADD COLUMNS, or named by the source connection since)
 * are NULL of their type there; a column renamed since (RENAME COLUMN, found in the table's
 * history) is compared with its old name's values, so no row counts as late for it. Both versions
 * are typed by LIMIT 0 queries: no row read.
 */
import type { SqlColumn } from "../databricks/client.js";
import { simpleString } from "../databricks/spark-types.js";
import { type ComparedColumn, type ExportRead, holdsFloatingPoint, projectionTypesSql, refusedBySetOperations } from "./export-sql.js";
import { type ReadContext, tableOf } from "./read-plan.js";
import { renamesSince } from "./renamed-columns.js";
import type { WindowSource } from "./window-source.js";
import type { RunInputs } from "./run-inputs.js";
import { columnsRead } from "../dataprep/mappings.js";

/**
 * A window that reads late rows compares the pinned version's rows before its start with the
 * previous version's: by EXCEPT ALL, or through a key of each row (late-rows-by-key.ts) where Spark
 * refuses that over a MAP (or VARIANT) at any depth, or where a FLOAT or DOUBLE would not survive
 * it (-0.0 taken for 0.0). A Delta Sharing read compares the files added and removed since in the
 * service's own DuckDB instead (sharing-read.ts).
 */
export async function withLateRowColumns(source: WindowSource, state: ReadContext, read: ExportRead, version: number): Promise<ExportRead> {
  if (read.kind !== "window" || read.lateSinceVersion === undefined || read.start === null || state.inputs.connection.sharing) return read;
  const table = tableOf(state.inputs);
  const pinned = (await source.runSql(projectionTypesSql(table, state.inputs.source.columns, version))).schema;
  const earlier = (await source.runSql(projectionTypesSql(table, [], read.lateSinceVersion))).schema;
  // the history is read when the table has new versions (the restore check reads it then anyway):
  // a column dropped and added again under its name has that name in both versions
  const since = read.lateSinceVersion;
  const compared = comparedColumns(pinned, earlier, version > since ? renamesSince(await state.history(), since, version) : new Map());
  const differing = compared.filter((c) => c.previous?.name !== c.name || simpleString(c.previous.type) !== simpleString(c.type));
  if (differing.length > 0) {
    await state.log.info(
      `the columns changed since version ${read.lateSinceVersion}: ${differing.map(describeChange).join(", ")}; the late rows are compared with that version's rows under the new names and types`,
    );
  }
  const written = writtenColumns(state.inputs, pinned);
  const keyed = written ? pinned.filter((c) => written.includes(c.name)) : pinned;
  const refused = keyed.filter((c) => refusedBySetOperations(c.type));
  const floating = keyed.filter((c) => holdsFloatingPoint(c.type));
  if (refused.length === 0 && floating.length === 0 && !written) return { ...read, comparedColumns: compared };
  const why = [
    written ? `only the columns the flow writes are compared (${written.join(", ")}): a change to another column is no late row` : undefined,
    refused.length > 0 ? `${refused.map((c) => c.name).join(", ")} hold a MAP or VARIANT, which Spark does not compare` : undefined,
    floating.length > 0 ? `${floating.map((c) => c.name).join(", ")} hold a FLOAT or DOUBLE, whose -0.0 Spark's EXCEPT ALL takes for 0.0` : undefined,
  ].filter(Boolean);
  await state.log.info(`${why.join("; ")}: late rows are found through a JSON key of each row`);
  return { ...read, comparedColumns: compared, lateRowKey: keyed.map((c) => c.name) };
}

/**
 * The columns of `read` (the window's, in order) the flow writes to its dataset: those its mapping set reads (a change to another,
 * the delta column unmapped included, leaves the dataset's row as it was). Undefined when that is every column, or cannot be told
 * (docs/api/runs.md#late-rows).
 */
export function writtenColumns(inputs: RunInputs, read: readonly { name: string }[]): string[] | undefined {
  const mapped = columnsRead(inputs.mapping);
  if (!mapped) return undefined;
  const written = read.filter((c) => mapped.has(c.name.toLowerCase())).map((c) => c.name);
  return written.length < read.length ? written : undefined;
}

/**
 * Each pinned column under its name at the previous version: the same name (Spark's are
 * case-insensitive), or the one it had before the renames since (`origins`, renamed-columns.ts),
 * or none: a column added since, also one added under a name another column had or again after
 * it was dropped.
 */
function comparedColumns(pinned: readonly SqlColumn[], earlier: readonly SqlColumn[], origins: ReadonlyMap<string, string | null>): ComparedColumn[] {
  const earlierColumn = new Map(earlier.map((c) => [c.name.toLowerCase(), c]));
  return pinned.map((column) => {
    const origin = origins.get(column.name.toLowerCase());
    const previous = origin === null ? undefined : earlierColumn.get((origin ?? column.name).toLowerCase());
    return { ...column, previous };
  });
}

function describeChange(column: ComparedColumn): string {
  const { previous } = column;
  if (!previous) return `${column.name} is new (NULL in the older rows)`;
  const [was, is] = [simpleString(previous.type), simpleString(column.type)];
  const retyped = was === is ? "" : ` (${was}, now ${is}: the older values cast to it)`;
  return previous.name === column.name ? `${column.name} changed type${retyped}` : `${column.name} was ${previous.name}${retyped}`;
}
