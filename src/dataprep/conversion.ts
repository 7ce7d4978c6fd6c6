/**
 * Conversion of one source value (a DuckDB expression and its type) to the XDM kind of its
 * destination field. A conversion that can fail yields NULL for the row's value, and the plan
 * turns that into a row error naming the value: a value is converted exactly or refused.
 */
import { type XdmKind } from "../schemaregistry/xdm-fields.js";
import { MappingError } from "./mapping-types.js";

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/;
const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;

export interface Converted {
  sql: string;
  /** true when a non-null source may convert to NULL (so the row must be checked) */
  canFail: boolean;
}

export function convert(source: { sql: string; type: string }, kind: XdmKind, path: string): Converted {
  const { sql, type } = source;
  switch (kind) {
    case "string":
      return { sql: `CAST(${sql} AS VARCHAR)`, canFail: false };
    case "integer":
      if (INTEGER_TYPES.test(type)) return { sql: `CAST(${sql} AS BIGINT)`, canFail: false };
      if (NUMERIC_TYPES.test(type)) {
        // a fraction or an out-of-range value is an error, never silently rounded
        return { sql: `CASE WHEN TRY_CAST(${sql} AS BIGINT) = ${sql} THEN TRY_CAST(${sql} AS BIGINT) END`, canFail: true };
      }
      return { sql: `TRY_CAST(${sql} AS BIGINT)`, canFail: true };
    case "number":
      if (NUMERIC_TYPES.test(type)) return { sql, canFail: false };
      return { sql: `TRY_CAST(${sql} AS DOUBLE)`, canFail: true };
    case "boolean":
      return type === "BOOLEAN" ? { sql, canFail: false } : { sql: `TRY_CAST(${sql} AS BOOLEAN)`, canFail: true };
    case "date":
      return type === "DATE" ? { sql, canFail: false } : { sql: `TRY_CAST(${sql} AS DATE)`, canFail: true };
    case "date-time":
      if (type.startsWith("TIMESTAMP")) return { sql: `CAST(${sql} AS TIMESTAMPTZ)`, canFail: false };
      return { sql: `TRY_CAST(${sql} AS TIMESTAMPTZ)`, canFail: true };
    case "object":
    case "array":
      if (type === "ANY" || (kind === "object" ? type.startsWith("STRUCT") : type.endsWith("[]"))) return { sql, canFail: false };
      throw new MappingError(`${path} is an XDM ${kind} but its source is ${type}`);
  }
}

