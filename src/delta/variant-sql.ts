/**
 * A VARIANT's JSON in DuckDB's SQL, as Spark's to_json writes it (variant-json.ts): the JavaScript function spark_variant_text over
 * the value's bytes (DuckDB's variant_to_parquet_variant gives them), the macros that call it, and a query's every VARIANT, at any
 * depth, written as its JSON text (docs/variant.md).
 */
import { BLOB, DuckDBBlobValue, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { readVariantBytes, type VariantNode } from "./variant-binary.js";
import { variantCastText, variantJson } from "./variant-json.js";
import { holdsPrimitive, parseDuckDbType, type DuckType } from "./duckdb-types.js";
import { quoteIdent, quoteLiteral } from "./sql.js";

/** how a variant is written as text: to_json's JSON, or a cast's to STRING (variantCastText) */
export type VariantTextForm = "json" | "cast";

export const variantText = (node: VariantNode, zone: string, form: VariantTextForm): string | null => (form === "cast" ? variantCastText(node, zone) : variantJson(node, zone));

/** spark_variant_text(bytes, zone, form): the text (VariantTextForm) of a variant's bytes, metadata then value, its timestamps in `zone` */
export function registerVariantText(conn: DuckDBConnection): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "spark_variant_text",
      returnType: VARCHAR,
      parameterTypes: [BLOB, VARCHAR, VARCHAR],
      mainFunction: (_info, input, output) => {
        const [bytes, zones, forms] = [input.getColumnVector(0), input.getColumnVector(1), input.getColumnVector(2)];
        for (let row = 0; row < input.rowCount; row++) {
          const blob = bytes.getItem(row) as DuckDBBlobValue | null;
          output.setItem(row, blob === null ? null : variantText(readVariantBytes(blob.bytes), String(zones.getItem(row)), forms.getItem(row) as VariantTextForm));
        }
        output.flush();
      },
    }),
  );
}

/**
 * DuckDB's Parquet form of a VARIANT `v`, a struct of its metadata and value buffers, cast to a plain STRUCT: as the type DuckDB
 * names PARQUET_VARIANT its fields cannot be read
 */
export const parquetVariantSql = (v: string) => `CAST(variant_to_parquet_variant(${v}) AS STRUCT(metadata BLOB, value BLOB))`;

export const VARIANT_TEXT_MACROS: readonly string[] = [
  // a VARIANT's bytes: its Parquet form's metadata and value joined
  `CREATE OR REPLACE MACRO spark_variant_bytes(v) AS list_transform([${parquetVariantSql("v")}], p -> p.metadata || p.value)[1]`,
  // x may be of any type where a macro asks whether it is a VARIANT (the cast then binds for all); DuckDB writes a NULL VARIANT's
  // bytes as a JSON null: it stays NULL
  "CREATE OR REPLACE MACRO spark_variant_text_in(x, form, zone) AS CASE WHEN x IS NOT NULL THEN spark_variant_text(spark_variant_bytes(CAST(x AS VARIANT)), zone, form) END",
  // timestamps in the session's zone
  "CREATE OR REPLACE MACRO spark_variant_text_of(x, form) AS spark_variant_text_in(x, form, current_setting('TimeZone'))",
];

/** The function and macros of a VARIANT's text, on a connection of the service's own (the local workspace creates them once). */
export async function addVariantText(conn: DuckDBConnection): Promise<void> {
  registerVariantText(conn);
  await conn.run(VARIANT_TEXT_MACROS.join(";\n"));
}

const holdsVariant = (type: DuckType) => holdsPrimitive(type, (name) => name.toUpperCase() === "VARIANT");

/** whether a column of this DuckDB type (as DESCRIBE names it) holds a VARIANT at some depth */
export const holdsVariantType = (type: string) => holdsVariant(parseDuckDbType(type));

/** a value with each VARIANT in it written as its JSON: a VARIANT itself, or one inside a struct, a list or a map's values */
function variantsAsJson(value: string, type: DuckType, depth: number): string {
  if (!holdsVariant(type)) return value;
  const v = `v${depth}`;
  switch (type.kind) {
    case "primitive":
      return `spark_variant_text_of(${value}, 'json')`;
    case "list":
    case "array":
      return `list_transform(${value}, lambda ${v}: ${variantsAsJson(v, type.element, depth + 1)})`;
    case "map":
      return `map_from_entries(list_transform(map_entries(${value}), lambda ${v}: struct_pack(key := ${v}.key, value := ${variantsAsJson(`${v}.value`, type.value, depth + 1)})))`;
    case "struct": {
      const fields = type.fields.map((f) => `${quoteIdent(f.name)} := ${variantsAsJson(`struct_extract(${value}, ${quoteLiteral(f.name)})`, f.type, depth + 1)}`);
      return `CASE WHEN ${value} IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END`;
    }
  }
}

/**
 * `select` with each VARIANT its columns hold written as its JSON (addVariantText on the connection), the columns in their order;
 * undefined where none holds a VARIANT
 */
export function variantsAsJsonSelect(columns: readonly { name: string; type: string }[], select: string): string | undefined {
  const typed = columns.map((c) => ({ name: c.name, type: parseDuckDbType(c.type) }));
  if (!typed.some((c) => holdsVariant(c.type))) return undefined;
  const list = typed.map((c) => `${variantsAsJson(quoteIdent(c.name), c.type, 0)} AS ${quoteIdent(c.name)}`);
  return `SELECT ${list.join(", ")} FROM (${select}) AS _rows`;
}
