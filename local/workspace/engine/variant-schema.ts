/**
 * schema_of_variant(v) and schema_of_variant_agg(v) as Spark's SchemaOfVariant computes them (docs/variant.md): a value's type in
 * SQL's words, an object's as OBJECT<name: type, …> in key order, an array's elements merged into the tightest type that holds
 * them all as Spark's JSON schema inference merges types, VARIANT where none does.
 */
import { readVariantBytes, type VariantNode } from "../../../src/delta/variant-binary.js";

/** a variant's type: a scalar's name, or an object's fields, or an array's element type */
export type VariantSchema = { kind: "scalar"; name: string } | { kind: "decimal"; precision: number; scale: number } | { kind: "object"; fields: [string, VariantSchema][] } | { kind: "array"; element: VariantSchema };

const scalar = (name: string): VariantSchema => ({ kind: "scalar", name });
const VOID = scalar("VOID");
const VARIANT = scalar("VARIANT");
const DOUBLE = scalar("DOUBLE");
const MAX_PRECISION = 38;
/** the integral types Spark widens to one another, narrowest first, then the floating ones */
const NUMERIC_ORDER = ["BIGINT", "FLOAT", "DOUBLE"];
/** the decimal that holds every BIGINT */
const LONG_DECIMAL: VariantSchema = { kind: "decimal", precision: 20, scale: 0 };

const digitCount = (n: bigint) => (n < 0n ? -n : n).toString().length;

/** the SQL name of each scalar a variant holds */
const SCALAR_NAMES: Record<Exclude<VariantNode["kind"], "object" | "array" | "null" | "decimal">, string> = {
  boolean: "BOOLEAN",
  long: "BIGINT",
  double: "DOUBLE",
  float: "FLOAT",
  string: "STRING",
  binary: "BINARY",
  date: "DATE",
  timestamp: "TIMESTAMP",
  timestamp_ntz: "TIMESTAMP_NTZ",
  uuid: "UUID",
};

export function schemaOf(node: VariantNode): VariantSchema {
  switch (node.kind) {
    case "object":
      return { kind: "object", fields: node.fields.map(([key, value]) => [key, schemaOf(value)]) };
    case "array":
      return { kind: "array", element: node.items.reduce((merged, item) => mergeSchemas(merged, schemaOf(item)), VOID) };
    case "null":
      return VOID;
    case "decimal":
      // Spark's Decimal counts at least its scale's digits (0.01 is DECIMAL(2,2))
      return { kind: "decimal", precision: Math.max(digitCount(node.unscaled), node.scale), scale: node.scale };
    default:
      return scalar(SCALAR_NAMES[node.kind]);
  }
}

/** the tightest type that holds values of both, as Spark's JsonInferSchema.compatibleType finds it, VARIANT where none does */
export function mergeSchemas(a: VariantSchema, b: VariantSchema): VariantSchema {
  if (sameSchema(a, b)) return a;
  if (a.kind === "scalar" && a.name === "VOID") return b;
  if (b.kind === "scalar" && b.name === "VOID") return a;
  if (a.kind === "scalar" && b.kind === "scalar") {
    const [i, j] = [NUMERIC_ORDER.indexOf(a.name), NUMERIC_ORDER.indexOf(b.name)];
    if (i >= 0 && j >= 0) return scalar(NUMERIC_ORDER[Math.max(i, j)]);
    const datetimes = ["DATE", "TIMESTAMP_NTZ", "TIMESTAMP"];
    const [d, e] = [datetimes.indexOf(a.name), datetimes.indexOf(b.name)];
    if (d >= 0 && e >= 0) return scalar(datetimes[Math.max(d, e)]);
    return VARIANT;
  }
  if (a.kind === "decimal" || b.kind === "decimal") return mergeWithDecimal(a, b);
  if (a.kind === "object" && b.kind === "object") {
    const fields = new Map(a.fields);
    for (const [key, type] of b.fields) fields.set(key, fields.has(key) ? mergeSchemas(fields.get(key)!, type) : type);
    return { kind: "object", fields: [...fields].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)) };
  }
  if (a.kind === "array" && b.kind === "array") return { kind: "array", element: mergeSchemas(a.element, b.element) };
  return VARIANT;
}

/** a decimal with a decimal, a BIGINT (as DECIMAL(20,0)) or a floating type (DOUBLE) */
function mergeWithDecimal(a: VariantSchema, b: VariantSchema): VariantSchema {
  const asDecimal = (t: VariantSchema) => (t.kind === "scalar" && t.name === "BIGINT" ? LONG_DECIMAL : t);
  const [x, y] = [asDecimal(a), asDecimal(b)];
  if (x.kind === "decimal" && y.kind === "decimal") {
    const scale = Math.max(x.scale, y.scale);
    const range = Math.max(x.precision - x.scale, y.precision - y.scale);
    return range + scale > MAX_PRECISION ? DOUBLE : { kind: "decimal", precision: range + scale, scale };
  }
  const other = x.kind === "decimal" ? y : x;
  return other.kind === "scalar" && (other.name === "DOUBLE" || other.name === "FLOAT") ? DOUBLE : VARIANT;
}

function sameSchema(a: VariantSchema, b: VariantSchema): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** a field's name as Spark writes it in a type: back-quoted unless it is a plain identifier */
const fieldName = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``);

/** the type as schema_of_variant writes it */
export function schemaText(schema: VariantSchema): string {
  switch (schema.kind) {
    case "scalar":
      return schema.name;
    case "decimal":
      return `DECIMAL(${schema.precision},${schema.scale})`;
    case "object":
      return `OBJECT<${schema.fields.map(([name, type]) => `${fieldName(name)}: ${schemaText(type)}`).join(", ")}>`;
    case "array":
      return `ARRAY<${schemaText(schema.element)}>`;
  }
}

/** schema_of_variant_agg's merged type of variants' bytes (metadata then value each), NULLs left out */
export function mergedSchemaText(variants: readonly (Uint8Array | null)[]): string {
  return schemaText(variants.reduce((merged: VariantSchema, bytes) => (bytes === null ? merged : mergeSchemas(merged, schemaOf(readVariantBytes(bytes)))), VOID));
}
