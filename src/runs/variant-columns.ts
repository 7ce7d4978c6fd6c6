/**
 * A source table's VARIANT columns reach a dataset as their JSON text: the export writes each VARIANT as Spark's to_json writes it
 * (export-sql.ts), a STRING that an XDM string field holds, since ingestion and XDM have no VARIANT. Which columns hold one is read
 * from the pinned version's types by a LIMIT 0 query, which reads no row. A Delta Sharing read reads the provider's files itself.
 */
import { type ExportRead, holdsVariant, projectionTypesSql } from "./export-sql.js";
import { tableOf } from "./read-plan.js";
import type { RunInputs } from "./run-inputs.js";
import type { WindowSource } from "./window-source.js";

export async function withVariantColumns(source: WindowSource, inputs: RunInputs, read: ExportRead, version: number): Promise<ExportRead> {
  if (inputs.connection.sharing) return read;
  const pinned = (await source.runSql(projectionTypesSql(tableOf(inputs), inputs.source.columns, version))).schema;
  const variantColumns = pinned.filter((c) => holdsVariant(c.type));
  return variantColumns.length > 0 ? { ...read, variantColumns } : read;
}
