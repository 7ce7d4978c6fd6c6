import type { DeltaType } from "./types.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { DeltaErrors } from "./errors.js";

/**
 * Partition values are strings in the log (PROTOCOL.md "Partition Value Serialization"); an empty string
 * means NULL for every type. Timestamps without a zone are read as UTC (the protocol leaves them in the
 * writer's zone, which the log does not record; UTC is what current writers use).
 */
export function normalizePartitionValue(value: string | null | undefined, type: DeltaType): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (type === "timestamp") {
    const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value.trim());
    return zoned ? value.trim() : `${value.trim()}+00`;
  }
  return value;
}

/** SQL casting a normalized partition string (column `raw`) to the column's DuckDB type. */
export function partitionValueSql(raw: string, type: DeltaType): string {
  if (typeof type !== "string") throw DeltaErrors.invalidSchema("partition columns must have primitive types");
  if (type === "string") return raw;
  if (type === "binary") return `encode(${raw})`;
  return `CAST(${raw} AS ${deltaTypeToDuckDb(type)})`;
}

/** SQL rendering a column value as its partition string, the inverse of partitionValueSql; NULL for NULL. */
export function partitionStringSql(column: string, type: DeltaType): string {
  if (typeof type !== "string") throw DeltaErrors.invalidSchema("partition columns must have primitive types");
  switch (type) {
    case "string":
      return column;
    case "timestamp":
      return `strftime(timezone('UTC', ${column}), '%Y-%m-%dT%H:%M:%S.%fZ')`;
    case "timestamp_ntz":
      return `strftime(${column}, '%Y-%m-%d %H:%M:%S.%f')`;
    case "date":
      return `strftime(${column}, '%Y-%m-%d')`;
    case "boolean":
      // NULL stays NULL (the null partition), not 'false'.
      return `CASE WHEN ${column} THEN 'true' WHEN NOT ${column} THEN 'false' END`;
    case "binary":
      throw DeltaErrors.invalidSchema("binary partition columns are not supported by this writer");
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}
