/**
 * Shared rows as the service reads them: a VARIANT, at any depth, as Spark's JSON of it (docs/variant.md), as a cluster's export
 * writes it, for a run and for explore's preview alike.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { addVariantText, describeQuery, variantsAsJsonSelect } from "../delta/index.js";

/** `select`, or where its columns hold a VARIANT, a query of its rows with each VARIANT written as its JSON */
export async function withVariantsAsJson(conn: DuckDBConnection, select: string): Promise<string> {
  const written = variantsAsJsonSelect(await describeQuery(conn, select), select);
  if (written === undefined) return select;
  await addVariantText(conn);
  return written;
}
