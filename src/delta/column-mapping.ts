import { randomUUID } from "node:crypto";
import type { ColumnMappingMode, DeltaType, StructField, StructType } from "./types.js";

export const PHYSICAL_NAME_KEY = "delta.columnMapping.physicalName";
export const COLUMN_ID_KEY = "delta.columnMapping.id";
export const MAX_COLUMN_ID_KEY = "delta.columnMapping.maxColumnId";

/** The column name in data files, partition values and stats. */
export function physicalName(field: StructField, mode: ColumnMappingMode): string {
  if (mode === "none") return field.name;
  const physical = field.metadata?.[PHYSICAL_NAME_KEY];
  return typeof physical === "string" && physical ? physical : field.name;
}

export function columnId(field: StructField): number | undefined {
  const id = field.metadata?.[COLUMN_ID_KEY];
  return typeof id === "number" ? id : undefined;
}

/** The schema as data files see it: every (nested) field under its physical name. */
export function toPhysicalSchema(schema: StructType, mode: ColumnMappingMode): StructType {
  if (mode === "none") return schema;
  return mapFields(schema, (f) => ({ ...f, name: physicalName(f, mode) }));
}

/** the schema with every field, at every depth (inside arrays and maps too), replaced by `change(field)`; its type is walked after */
function mapFields(schema: StructType, change: (field: StructField) => StructField): StructType {
  const map = (type: DeltaType): DeltaType => {
    if (typeof type === "string") return type;
    if (type.type === "array") return { ...type, elementType: map(type.elementType) };
    if (type.type === "map") return { ...type, keyType: map(type.keyType), valueType: map(type.valueType) };
    return {
      ...type,
      fields: type.fields.map((f) => {
        const changed = change(f);
        return { ...changed, type: map(changed.type) };
      }),
    };
  };
  return map(schema) as StructType;
}

/**
 * The schema without column mapping's metadata (ids, physical names) at any depth, for a new table made from another's columns
 * (CREATE TABLE … LIKE), which gives them its own; `alsoDrop` names more field metadata keys the new table does not take over.
 */
export function withoutColumnMapping(schema: StructType, alsoDrop: readonly string[] = []): StructType {
  const dropped = (key: string) => key.startsWith("delta.columnMapping.") || alsoDrop.includes(key);
  return mapFields(schema, (f) => ({ ...f, metadata: Object.fromEntries(Object.entries(f.metadata ?? {}).filter(([key]) => !dropped(key))) }));
}

/**
 * Gives every field that lacks them a column id and a physical name. New columns get `col-<uuid>` names;
 * `keepNames` (enabling mapping on an existing table) keeps the current names, since files already use them.
 */
export function assignColumnMapping(schema: StructType, maxColumnId: number, keepNames = false): { schema: StructType; maxColumnId: number } {
  let next = maxColumnId;
  const mapped = mapFields(schema, (f) => {
    const metadata = { ...f.metadata };
    if (typeof metadata[COLUMN_ID_KEY] !== "number") metadata[COLUMN_ID_KEY] = ++next;
    if (typeof metadata[PHYSICAL_NAME_KEY] !== "string") metadata[PHYSICAL_NAME_KEY] = keepNames ? f.name : `col-${randomUUID()}`;
    return { ...f, metadata };
  });
  return { schema: mapped, maxColumnId: next };
}

/** Parquet FIELD_IDS option of DuckDB's COPY, so id-mode readers can resolve columns by field id. */
export function fieldIdsOption(schema: StructType): string | null {
  const entries = (fields: StructField[]): string[] =>
    fields.flatMap((f) => {
      const id = columnId(f);
      const name = physicalName(f, "name");
      if (id === undefined) return [];
      const nested = typeof f.type !== "string" && f.type.type === "struct" ? entries(f.type.fields) : [];
      const quoted = `"${name.replace(/"/g, '""')}"`;
      return [nested.length ? `${quoted}: {__duckdb_field_id: ${id}, ${nested.join(", ")}}` : `${quoted}: ${id}`];
    });
  const all = entries(schema.fields);
  return all.length ? `{${all.join(", ")}}` : null;
}
