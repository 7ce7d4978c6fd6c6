/**
 * A source table's VARIANT columns reach a dataset as their JSON text: the export writes each VARIANT as Spark's to_json writes it
 * (export-sql.ts), a STRING that an XDM string field holds, since ingestion and XDM have no VARIANT. Which columns hold one is read
 * from the pinned version's types by a LIMIT 0 query, which reads no row, as the export begins (or from the late rows' compared
 * columns, which a window reading late rows has typed); the same types tell a column the mapping set reads that the table no longer
 * has before anything is exported (missing-mapped-columns.ts). A Delta Sharing read reads the
 * provider's files itself (delta-sharing/variant-rows.ts).
 */
import { type ExportRead, holdsVariant, projectionTypesSql, type TableRef } from "./export-sql.js";
import type { WindowSource } from "./window-source.js";
import type { SqlColumn } from "../databricks/client.js";

/** sees the pinned version's columns (at `version`, for `read`) before the export or read: missing-mapped-columns.ts */
export type PinnedColumnsCheck = (pinned: readonly { name: string }[], read: ExportRead, version: number) => void;

export async function withVariantColumns(
  runSql: WindowSource["runSql"],
  table: TableRef,
  columns: readonly string[],
  read: ExportRead,
  version: number,
  checkPinned: PinnedColumnsCheck = () => {},
): Promise<ExportRead> {
  const pinned = await pinnedColumns(runSql, table, columns, read, version, checkPinned);
  const variantColumns = pinned.filter((c) => holdsVariant(c.type));
  return variantColumns.length > 0 ? { ...read, variantColumns } : read;
}

/** The pinned version's columns and their types, seen by `checkPinned` first. */
export async function pinnedColumns(
  runSql: WindowSource["runSql"],
  table: TableRef,
  columns: readonly string[],
  read: ExportRead,
  version: number,
  checkPinned: PinnedColumnsCheck,
): Promise<readonly SqlColumn[]> {
  // a late-row read has typed the pinned version's columns already (late-row-columns.ts)
  const pinned = read.kind === "window" && read.comparedColumns ? read.comparedColumns : (await runSql(projectionTypesSql(table, columns, version))).schema;
  checkPinned(pinned, read, version);
  return pinned;
}
