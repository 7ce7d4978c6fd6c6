/**
 * DuckDB's Parquet writer (1.5) keys a column's dictionary by value, and -0.0 equals 0.0 as a value:
 * a FLOAT or DOUBLE column holding both zeros in one file is written with the sign of the first for
 * all of them (seen with DuckDB 1.5.6; test/delta/writer.test.ts holds the case). A file with such
 * a column, at any depth, is written without dictionaries, which keeps every value as it is; files
 * without one keep their dictionaries.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { DeltaType } from "./types.js";
import { describeQuery } from "./duck.js";

/** DuckDB's COPY option that writes no dictionary */
const WITHOUT_DICTIONARY = "DICTIONARY_SIZE_LIMIT 0";
/** DuckDB's names of its floating-point types, as a column's type text spells them at any depth */
const DUCKDB_FLOATING_POINT = /\b(FLOAT|FLOAT4|REAL|DOUBLE|FLOAT8)\b/;

export function holdsFloatingPoint(type: DeltaType): boolean {
  if (typeof type === "string") return type === "float" || type === "double";
  switch (type.type) {
    case "struct":
      return type.fields.some((field) => holdsFloatingPoint(field.type));
    case "array":
      return holdsFloatingPoint(type.elementType);
    case "map":
      return holdsFloatingPoint(type.keyType) || holdsFloatingPoint(type.valueType);
  }
}

/** The COPY options a file of these Delta fields needs so that its zeros keep their signs. */
export function exactZerosOptions(types: readonly DeltaType[]): string[] {
  return types.some(holdsFloatingPoint) ? [WITHOUT_DICTIONARY] : [];
}

/** The same for the rows of `select`, typed by DuckDB (its column types, at any depth). */
export async function exactZerosOptionsOf(conn: DuckDBConnection, select: string): Promise<string[]> {
  const types = (await describeQuery(conn, select)).map((c) => c.type);
  return types.some((type) => DUCKDB_FLOATING_POINT.test(type)) ? [WITHOUT_DICTIONARY] : [];
}
