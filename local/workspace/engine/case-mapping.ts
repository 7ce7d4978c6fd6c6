/**
 * upper and lower of text that is not all ASCII as Java's String.toUpperCase and toLowerCase map it, which
 * Spark calls there: the full Unicode mappings (ß is SS, ﬁ FI, İ lower-cased i̇, a final Σ ς), where DuckDB maps
 * each character to one. JavaScript's mappings are the same; ASCII text stays DuckDB's, which maps it alike.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";

/** registers spark_upper_text(s) and spark_lower_text(s) for every connection of the database */
export function registerCaseMapping(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_upper_text", 1, (s) => s.toUpperCase());
  registerTextFunction(conn, "spark_lower_text", 1, (s) => s.toLowerCase());
}

/** upper(s), lower(s) and their aliases as the translator writes them: DuckDB's for ASCII text (as many bytes as characters), else Java's mapping */
export const CASE_MAPPING_MACROS: readonly string[] = ["upper", "lower"].flatMap((fn) => [
  `CREATE OR REPLACE MACRO spark_${fn}(s) AS list_transform([s], v -> CASE WHEN strlen(v) = length(v) THEN ${fn}(v) ELSE spark_${fn}_text(v) END)[1]`,
  `CREATE OR REPLACE MACRO spark_${fn === "upper" ? "ucase" : "lcase"}(s) AS spark_${fn}(s)`,
]);
