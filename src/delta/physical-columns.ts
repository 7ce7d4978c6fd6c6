import type { ColumnMappingMode, DeltaType, StructField } from "./types.js";
import { usesType } from "./schema.js";
import { parquetVariantSql } from "./variant-sql.js";
import { physicalName } from "./column-mapping.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

/**
 * SQL renaming a logical value to the physical (column-mapped) names data files use, and writing a VARIANT as Spark does, a struct
 * of its value and metadata buffers; the inverse of logicalExpression.
 */
export function physicalExpression(expr: string, type: DeltaType, mode: ColumnMappingMode, depth = 0): string {
  if (type === "variant") return variantForParquet(expr, depth);
  if ((mode === "none" && !usesType(type, "variant")) || typeof type === "string") return expr;
  if (type.type === "struct") {
    const parts = type.fields.map(
      (f: StructField) => `${quoteIdent(physicalName(f, mode))} := ${physicalExpression(`struct_extract(${expr}, ${quoteLiteral(f.name)})`, f.type, mode, depth + 1)}`,
    );
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${parts.join(", ")}) END`;
  }
  if (type.type === "array") {
    const v = `x${depth}`;
    return `list_transform(${expr}, lambda ${v}: ${physicalExpression(v, type.elementType, mode, depth + 1)})`;
  }
  const e = `e${depth}`;
  return `map_from_entries(list_transform(map_entries(${expr}), lambda ${e}: struct_pack(key := ${physicalExpression(`${e}.key`, type.keyType, mode, depth + 1)}, value := ${physicalExpression(`${e}.value`, type.valueType, mode, depth + 1)})))`;
}

/** DuckDB's Parquet form of a VARIANT is a struct of its metadata and value; Spark's names the value first */
function variantForParquet(expr: string, depth: number): string {
  const p = `p${depth}`;
  // DuckDB writes a NULL VARIANT as a JSON null: a NULL stays NULL
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE list_transform([${parquetVariantSql(expr)}], lambda ${p}: struct_pack(value := ${p}.value, metadata := ${p}.metadata))[1] END`;
}

/** The SELECT list writing `fields` (logical columns of `source`) under their physical names. */
export function physicalSelectList(fields: StructField[], mode: ColumnMappingMode, source = ""): string {
  const prefix = source ? `${source}.` : "";
  return fields.map((f) => `${physicalExpression(`${prefix}${quoteIdent(f.name)}`, f.type, mode)} AS ${quoteIdent(physicalName(f, mode))}`).join(", ");
}
