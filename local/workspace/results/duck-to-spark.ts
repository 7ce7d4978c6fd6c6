/**
 * DuckDB result types as Spark types: the `type` of a table result's schema, the schema a CTAS
 * writes to Delta, and the casts that keep Parquet output within Spark's type system (Spark has no
 * unsigned or 128-bit integers, UUID, TIME or ENUM).
 */
import { DuckDBTypeId, type DuckDBType } from "@duckdb/node-api";
import type { SparkType } from "../sql/spark-types.js";

export function duckToSpark(t: DuckDBType): SparkType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return "boolean";
    case DuckDBTypeId.TINYINT:
      return "byte";
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return "short";
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return "integer";
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return "long";
    case DuckDBTypeId.UBIGINT:
      return "decimal(20,0)";
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return "decimal(38,0)";
    case DuckDBTypeId.FLOAT:
      return "float";
    case DuckDBTypeId.DOUBLE:
      return "double";
    case DuckDBTypeId.DECIMAL:
      return `decimal(${t.width},${t.scale})`;
    case DuckDBTypeId.DATE:
      return "date";
    case DuckDBTypeId.TIMESTAMP_TZ:
      return "timestamp";
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return "timestamp_ntz";
    case DuckDBTypeId.BLOB:
      return "binary";
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { type: "array", elementType: duckToSpark(t.valueType), containsNull: true };
    case DuckDBTypeId.MAP:
      return { type: "map", keyType: duckToSpark(t.keyType), valueType: duckToSpark(t.valueType), valueContainsNull: true };
    case DuckDBTypeId.STRUCT:
      return {
        type: "struct",
        fields: t.entryNames.map((name, k) => ({ name, type: duckToSpark(t.entryTypes[k]), nullable: true, metadata: {} })),
      };
    case DuckDBTypeId.SQLNULL:
      return "void";
    case DuckDBTypeId.VARIANT:
      return "variant";
    default:
      // VARCHAR, UUID, ENUM, TIME, INTERVAL, JSON, BIT, UNION…: Spark sees them as strings
      return "string";
  }
}

/**
 * A DuckDB SQL expression that casts `expr` (of type t) to the type duckToSpark promises, or null
 * when no cast is needed. Used before writing Parquet so the files carry Spark's physical types.
 */
export function castForSpark(expr: string, t: DuckDBType): string | null {
  if (!needsCast(t)) return null;
  return `CAST(${expr} AS ${sparkCompatibleDuck(t)})`;
}

function needsCast(t: DuckDBType): boolean {
  switch (t.typeId) {
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return needsCast(t.valueType);
    case DuckDBTypeId.MAP:
      return needsCast(t.keyType) || needsCast(t.valueType);
    case DuckDBTypeId.STRUCT:
      return t.entryTypes.some(needsCast);
    default:
      return sparkCompatibleDuck(t) !== t.toString();
  }
}

function sparkCompatibleDuck(t: DuckDBType): string {
  switch (t.typeId) {
    case DuckDBTypeId.UTINYINT:
      return "SMALLINT";
    case DuckDBTypeId.USMALLINT:
      return "INTEGER";
    case DuckDBTypeId.UINTEGER:
      return "BIGINT";
    case DuckDBTypeId.UBIGINT:
      return "DECIMAL(20,0)";
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return "DECIMAL(38,0)";
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return "TIMESTAMP";
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.INTERVAL:
    case DuckDBTypeId.BIT:
    case DuckDBTypeId.UNION:
      return "VARCHAR";
    case DuckDBTypeId.SQLNULL:
      return "VARCHAR";
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `${sparkCompatibleDuck(t.valueType)}[]`;
    case DuckDBTypeId.MAP:
      return `MAP(${sparkCompatibleDuck(t.keyType)}, ${sparkCompatibleDuck(t.valueType)})`;
    case DuckDBTypeId.STRUCT:
      return `STRUCT(${t.entryNames.map((n, k) => `"${n.replace(/"/g, '""')}" ${sparkCompatibleDuck(t.entryTypes[k])}`).join(", ")})`;
    default:
      return t.toString();
  }
}
