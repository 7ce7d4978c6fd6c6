/**
 * A VARIANT as DuckDB's client reads it (a DuckDBVariantValue: a value and its type, VARIANTs again inside its lists and
 * structs) as the tree src/delta/variant-json.ts writes as Spark's JSON: a result's VARIANT column is shown as that JSON.
 */
import {
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBVariantValue,
} from "@duckdb/node-api";
import type { VariantNode } from "../../../src/delta/variant-binary.js";

export function variantNodeOf(value: DuckDBValue, type: DuckDBType): VariantNode {
  if (value === null || value === undefined) return { kind: "null" };
  switch (type.typeId) {
    case DuckDBTypeId.VARIANT: {
      const variant = value as DuckDBVariantValue;
      return variant.type ? variantNodeOf(variant.value as DuckDBValue, variant.type) : { kind: "null" };
    }
    case DuckDBTypeId.STRUCT: {
      const entries = (value as DuckDBStructValue).entries;
      return { kind: "object", fields: type.entryNames.map((name, k): [string, VariantNode] => [name, variantNodeOf(entries[name] ?? null, type.entryTypes[k])]) };
    }
    case DuckDBTypeId.LIST:
      return { kind: "array", items: (value as DuckDBListValue).items.map((item) => variantNodeOf(item, type.valueType)) };
    case DuckDBTypeId.BOOLEAN:
      return { kind: "boolean", value: value as boolean };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
      return { kind: "long", value: BigInt(value as number | bigint) };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { kind: type.typeId === DuckDBTypeId.FLOAT ? "float" : "double", value: value as number };
    case DuckDBTypeId.DECIMAL: {
      const decimal = value as DuckDBDecimalValue;
      return { kind: "decimal", unscaled: decimal.value, scale: decimal.scale };
    }
    case DuckDBTypeId.DATE:
      return { kind: "date", days: (value as DuckDBDateValue).days };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { kind: "timestamp", micros: (value as DuckDBTimestampTZValue).micros };
    case DuckDBTypeId.TIMESTAMP:
      return { kind: "timestamp_ntz", micros: (value as DuckDBTimestampValue).micros };
    case DuckDBTypeId.BLOB:
      return { kind: "binary", bytes: (value as DuckDBBlobValue).bytes };
    case DuckDBTypeId.UUID:
      return { kind: "uuid", text: String(value) };
    default:
      return { kind: "string", value: String(value) };
  }
}
