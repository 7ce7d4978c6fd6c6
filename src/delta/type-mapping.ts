import type { DeltaType, StructType } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { duckTypeToString, parseDuckDbType, type DuckType } from "./duckdb-types.js";

/** The one place Delta type names and DuckDB types meet. Delta `timestamp` is an instant (TIMESTAMPTZ); `timestamp_ntz` is wall-clock (TIMESTAMP). */
const DELTA_TO_DUCK: Record<string, string> = {
  string: "VARCHAR",
  long: "BIGINT",
  integer: "INTEGER",
  short: "SMALLINT",
  byte: "TINYINT",
  float: "FLOAT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  binary: "BLOB",
  date: "DATE",
  timestamp: "TIMESTAMP WITH TIME ZONE",
  timestamp_ntz: "TIMESTAMP",
  // Parquet holds it as Spark's struct of a value and a metadata buffer (logical-columns.ts, data-files.ts)
  variant: "VARIANT",
  // The protocol recommends dropping void columns; we keep them as all-NULL so column positions survive.
  void: "INTEGER",
};

/** Lossless widenings for DuckDB types that Delta lacks (unsigned and 128-bit integers, other timestamp units). */
const DUCK_TO_DELTA: Record<string, string> = {
  VARCHAR: "string",
  UUID: "string",
  JSON: "string",
  BIGINT: "long",
  INTEGER: "integer",
  SMALLINT: "short",
  TINYINT: "byte",
  UTINYINT: "short",
  USMALLINT: "integer",
  UINTEGER: "long",
  UBIGINT: "decimal(20,0)",
  HUGEINT: "decimal(38,0)",
  FLOAT: "float",
  DOUBLE: "double",
  BOOLEAN: "boolean",
  BLOB: "binary",
  DATE: "date",
  "TIMESTAMP WITH TIME ZONE": "timestamp",
  TIMESTAMP: "timestamp_ntz",
  TIMESTAMP_S: "timestamp_ntz",
  TIMESTAMP_MS: "timestamp_ntz",
  TIMESTAMP_NS: "timestamp_ntz",
  VARIANT: "variant",
};

const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/i;

export function parseDecimal(type: string): { precision: number; scale: number } | null {
  const m = DECIMAL.exec(type.trim());
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : null;
}

export function deltaTypeToDuckDb(type: DeltaType): string {
  if (typeof type === "string") {
    const name = type.trim();
    const direct = DELTA_TO_DUCK[name.toLowerCase()];
    if (direct) return direct;
    const dec = parseDecimal(name);
    if (dec) {
      if (dec.precision < 1 || dec.precision > 38 || dec.scale < 0 || dec.scale > dec.precision) {
        throw DeltaErrors.unsupportedType(name, "decimal precision must be 1..38 and scale 0..precision");
      }
      return `DECIMAL(${dec.precision},${dec.scale})`;
    }
    throw DeltaErrors.unsupportedType(name, "not a Delta primitive type this library can read");
  }
  switch (type.type) {
    case "struct":
      return `STRUCT(${type.fields.map((f) => `"${f.name.replace(/"/g, '""')}" ${deltaTypeToDuckDb(f.type)}`).join(", ")})`;
    case "array":
      return `${deltaTypeToDuckDb(type.elementType)}[]`;
    case "map":
      return `MAP(${deltaTypeToDuckDb(type.keyType)}, ${deltaTypeToDuckDb(type.valueType)})`;
  }
}

export function duckDbTypeToDelta(typeString: string): DeltaType {
  return duckTypeToDelta(parseDuckDbType(typeString));
}

export function duckTypeToDelta(type: DuckType): DeltaType {
  switch (type.kind) {
    case "primitive": {
      const upper = type.name.toUpperCase();
      const mapped = DUCK_TO_DELTA[upper];
      if (mapped) return mapped;
      const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(upper);
      if (dec) return `decimal(${dec[1]},${dec[2]})`;
      if (upper.startsWith("ENUM(")) return "string";
      if (upper.startsWith("VARCHAR(")) return "string";
      throw DeltaErrors.unsupportedType(type.name, "it has no Delta equivalent");
    }
    case "list":
    case "array":
      return { type: "array", elementType: duckTypeToDelta(type.element), containsNull: true };
    case "map":
      return {
        type: "map",
        keyType: duckTypeToDelta(type.key),
        valueType: duckTypeToDelta(type.value),
        valueContainsNull: true,
      };
    case "struct":
      return structFromDuckFields(type.fields);
  }
}

export function structFromDuckFields(fields: { name: string; type: DuckType }[]): StructType {
  return {
    type: "struct",
    fields: fields.map((f) => ({ name: f.name, type: duckTypeToDelta(f.type), nullable: true, metadata: {} })),
  };
}

/** Canonical DuckDB spelling of a type string, so two spellings of one type compare equal. */
export function canonicalDuckType(typeString: string): string {
  return duckTypeToString(parseDuckDbType(typeString));
}
