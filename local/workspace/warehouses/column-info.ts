/**
 * A result column as the Statement Execution API describes it in `manifest.schema.columns`:
 * type_name from Databricks' ColumnInfoTypeName enum, type_text as SQL prints the type
 * (`BIGINT`, `DECIMAL(38,18)`, `STRUCT<city: STRING>`), precision and scale for decimals.
 */
import type { SparkType } from "../sql/spark-types.js";

export interface ColumnInfo {
  name: string;
  position: number;
  type_name: string;
  type_text: string;
  type_precision?: number;
  type_scale?: number;
}

const PRIMITIVES: Record<string, [typeName: string, text: string]> = {
  long: ["LONG", "BIGINT"],
  integer: ["INT", "INT"],
  short: ["SHORT", "SMALLINT"],
  byte: ["BYTE", "TINYINT"],
  boolean: ["BOOLEAN", "BOOLEAN"],
  float: ["FLOAT", "FLOAT"],
  double: ["DOUBLE", "DOUBLE"],
  string: ["STRING", "STRING"],
  binary: ["BINARY", "BINARY"],
  date: ["DATE", "DATE"],
  timestamp: ["TIMESTAMP", "TIMESTAMP"],
  timestamp_ntz: ["TIMESTAMP_NTZ", "TIMESTAMP_NTZ"],
  void: ["NULL", "VOID"],
  variant: ["VARIANT", "VARIANT"],
};

export function columnInfo(name: string, position: number, type: SparkType): ColumnInfo {
  const decimal = typeof type === "string" ? /^decimal\((\d+),\s*(\d+)\)$/.exec(type) : null;
  if (decimal) {
    return { name, position, type_name: "DECIMAL", type_text: `DECIMAL(${decimal[1]},${decimal[2]})`, type_precision: Number(decimal[1]), type_scale: Number(decimal[2]) };
  }
  const typeName = typeof type === "string" ? (PRIMITIVES[type]?.[0] ?? "STRING") : type.type.toUpperCase();
  return { name, position, type_name: typeName, type_text: typeText(type) };
}

export function typeText(type: SparkType): string {
  if (typeof type === "string") {
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
    return decimal ? `DECIMAL(${decimal[1]},${decimal[2]})` : (PRIMITIVES[type]?.[1] ?? type.toUpperCase());
  }
  switch (type.type) {
    case "array":
      return `ARRAY<${typeText(type.elementType)}>`;
    case "map":
      return `MAP<${typeText(type.keyType)}, ${typeText(type.valueType)}>`;
    case "struct":
      return `STRUCT<${type.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(", ")}>`;
  }
}
