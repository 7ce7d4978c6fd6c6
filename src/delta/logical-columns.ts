import type { ColumnMappingMode, DeltaType } from "./types.js";
import type { DuckType } from "./duckdb-types.js";
import { canonicalDuckType, deltaTypeToDuckDb } from "./type-mapping.js";
import { physicalName } from "./column-mapping.js";
import { findField } from "./schema.js";
import { DeltaErrors } from "./errors.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

interface Converted {
  sql: string;
  identity: boolean;
}

const TIMESTAMP_TZ = "TIMESTAMP WITH TIME ZONE";
const NAIVE_TIMESTAMPS = new Set(["TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"]);

/**
 * SQL turning a column as stored in parquet (physical names, the file's types) into the logical column:
 * renamed nested fields, missing nested fields as NULL, and every leaf cast to the table's type (which
 * is also how type widening is honoured).
 */
export function logicalExpression(expr: string, physical: DuckType, logical: DeltaType, mode: ColumnMappingMode, where: string, depth = 0): Converted {
  if (typeof logical === "string") return castPrimitive(expr, physical, logical, where);
  if (logical.type === "struct") {
    if (physical.kind !== "struct") throw mismatch(where, physical, "struct");
    let identity = physical.fields.length === logical.fields.length;
    const parts = logical.fields.map((field, i) => {
      const name = physicalName(field, mode);
      const source = findField(physical.fields, name);
      if (!source) {
        identity = false;
        return `${quoteIdent(field.name)} := CAST(NULL AS ${deltaTypeToDuckDb(field.type)})`;
      }
      const child = logicalExpression(`struct_extract(${expr}, ${quoteLiteral(source.name)})`, source.type, field.type, mode, `${where}.${field.name}`, depth + 1);
      if (!child.identity || source.name !== field.name || physical.fields[i]?.name !== source.name) identity = false;
      return `${quoteIdent(field.name)} := ${child.sql}`;
    });
    if (identity) return { sql: expr, identity };
    return { sql: `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${parts.join(", ")}) END`, identity };
  }
  if (logical.type === "array") {
    if (physical.kind !== "list" && physical.kind !== "array") throw mismatch(where, physical, "array");
    const v = `x${depth}`;
    const element = logicalExpression(v, physical.element, logical.elementType, mode, `${where}[]`, depth + 1);
    if (element.identity && physical.kind === "list") return { sql: expr, identity: true };
    return { sql: `list_transform(${expr}, lambda ${v}: ${element.sql})`, identity: false };
  }
  if (physical.kind !== "map") throw mismatch(where, physical, "map");
  const e = `e${depth}`;
  const key = logicalExpression(`${e}.key`, physical.key, logical.keyType, mode, `${where}.key`, depth + 1);
  const value = logicalExpression(`${e}.value`, physical.value, logical.valueType, mode, `${where}.value`, depth + 1);
  if (key.identity && value.identity) return { sql: expr, identity: true };
  return {
    sql: `map_from_entries(list_transform(map_entries(${expr}), lambda ${e}: struct_pack(key := ${key.sql}, value := ${value.sql})))`,
    identity: false,
  };
}

function castPrimitive(expr: string, physical: DuckType, logical: string, where: string): Converted {
  if (logical === "variant" && physical.kind === "struct") return { sql: variantOfParquet(expr, physical, where), identity: false };
  if (physical.kind !== "primitive") throw mismatch(where, physical, logical);
  const target = deltaTypeToDuckDb(logical);
  const source = physical.name.toUpperCase();
  if (canonicalDuckType(source) === canonicalDuckType(target)) return { sql: expr, identity: true };
  // A plain CAST between naive and zoned timestamps would use the session time zone; parquet instants are UTC.
  if (target === TIMESTAMP_TZ && NAIVE_TIMESTAMPS.has(source)) return { sql: `timezone('UTC', CAST(${expr} AS TIMESTAMP))`, identity: false };
  if (target === "TIMESTAMP" && source === TIMESTAMP_TZ) return { sql: `timezone('UTC', ${expr})`, identity: false };
  return { sql: `CAST(${expr} AS ${target})`, identity: false };
}

function mismatch(where: string, physical: DuckType, expected: string) {
  return DeltaErrors.schemaMismatch(`column ${where} is ${physical.kind} in a data file but ${expected} in the table schema`);
}

/**
 * A VARIANT as Spark writes it to Parquet, a struct of two binary fields, value and metadata (as DuckDB reads a file whose column
 * is not annotated as a VARIANT): DuckDB's variant_bytes_to_variant reads the metadata followed by the value.
 */
function variantOfParquet(expr: string, physical: DuckType & { kind: "struct" }, where: string): string {
  const names = new Set(physical.fields.filter((f) => f.type.kind === "primitive" && f.type.name.toUpperCase() === "BLOB").map((f) => f.name));
  if (!names.has("value") || !names.has("metadata")) throw mismatch(where, physical, "variant (a struct of the binary fields value and metadata)");
  return `variant_bytes_to_variant(struct_extract(${expr}, 'metadata') || struct_extract(${expr}, 'value'))`;
}
