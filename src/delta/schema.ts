import type { ArrayType, DeltaType, MapType, StructField, StructType } from "./types.js";
import { DeltaErrors } from "./errors.js";

export function parseSchemaString(schemaString: string): StructType {
  let raw: unknown;
  try {
    raw = JSON.parse(schemaString);
  } catch (e) {
    throw DeltaErrors.invalidSchema(`metaData.schemaString is not JSON: ${(e as Error).message}`);
  }
  const type = normalizeType(raw, "schema");
  if (typeof type === "string" || type.type !== "struct") throw DeltaErrors.invalidSchema("metaData.schemaString is not a struct");
  return type;
}

/** Spark's field order (name, type, nullable, metadata) so our schemaString looks like Spark's. */
export function serializeSchema(schema: StructType): string {
  return JSON.stringify(canonical(schema));
}

function canonical(type: DeltaType): unknown {
  if (typeof type === "string") return type;
  switch (type.type) {
    case "struct":
      return {
        type: "struct",
        fields: type.fields.map((f) => ({ name: f.name, type: canonical(f.type), nullable: f.nullable, metadata: f.metadata ?? {} })),
      };
    case "array":
      return { type: "array", elementType: canonical(type.elementType), containsNull: type.containsNull };
    case "map":
      return {
        type: "map",
        keyType: canonical(type.keyType),
        valueType: canonical(type.valueType),
        valueContainsNull: type.valueContainsNull,
      };
  }
}

function normalizeType(raw: unknown, where: string): DeltaType {
  if (typeof raw === "string") return raw;
  if (!raw || typeof raw !== "object") throw DeltaErrors.invalidSchema(`invalid type at ${where}`);
  const obj = raw as Record<string, unknown>;
  switch (obj.type) {
    case "struct": {
      if (!Array.isArray(obj.fields)) throw DeltaErrors.invalidSchema(`struct without fields at ${where}`);
      return { type: "struct", fields: obj.fields.map((f, i) => normalizeField(f, `${where}.fields[${i}]`)) };
    }
    case "array":
      return {
        type: "array",
        elementType: normalizeType(obj.elementType, `${where}.element`),
        containsNull: obj.containsNull !== false,
      } satisfies ArrayType;
    case "map":
      return {
        type: "map",
        keyType: normalizeType(obj.keyType, `${where}.key`),
        valueType: normalizeType(obj.valueType, `${where}.value`),
        valueContainsNull: obj.valueContainsNull !== false,
      } satisfies MapType;
    default:
      throw DeltaErrors.invalidSchema(`unknown type ${JSON.stringify(obj.type)} at ${where}`);
  }
}

function normalizeField(raw: unknown, where: string): StructField {
  if (!raw || typeof raw !== "object") throw DeltaErrors.invalidSchema(`invalid field at ${where}`);
  const obj = raw as Record<string, unknown>;
  if (typeof obj.name !== "string") throw DeltaErrors.invalidSchema(`field without a name at ${where}`);
  return {
    name: obj.name,
    type: normalizeType(obj.type, `${where}(${obj.name})`),
    nullable: obj.nullable !== false,
    metadata: obj.metadata && typeof obj.metadata === "object" ? (obj.metadata as Record<string, unknown>) : {},
  };
}

/** Spark resolves column names case-insensitively; exact match wins. */
export function findField<T extends { name: string }>(fields: readonly T[], name: string): T | undefined {
  return fields.find((f) => f.name === name) ?? fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

/** Whether the primitive type `name` stands anywhere in `type`: itself, a member, an element, a map's key or value. */
export function usesType(type: DeltaType, name: string): boolean {
  if (typeof type === "string") return type === name;
  if (type.type === "struct") return type.fields.some((f) => usesType(f.type, name));
  if (type.type === "array") return usesType(type.elementType, name);
  return usesType(type.keyType, name) || usesType(type.valueType, name);
}

export function validateSchema(schema: StructType, partitionColumns: string[]): void {
  checkUniqueNames(schema, "table");
  for (const p of partitionColumns) {
    const field = findField(schema.fields, p);
    if (!field) throw DeltaErrors.invalidSchema(`partition column ${p} is not in the schema`);
    if (typeof field.type !== "string") throw DeltaErrors.invalidSchema(`partition column ${p} must have a primitive type`);
  }
  if (partitionColumns.length > 0 && partitionColumns.length === schema.fields.length) {
    throw DeltaErrors.invalidSchema("a table cannot be partitioned by all of its columns");
  }
}

function checkUniqueNames(type: DeltaType, where: string): void {
  if (typeof type === "string") return;
  if (type.type === "array") return checkUniqueNames(type.elementType, `${where}.element`);
  if (type.type === "map") {
    checkUniqueNames(type.keyType, `${where}.key`);
    return checkUniqueNames(type.valueType, `${where}.value`);
  }
  const seen = new Set<string>();
  for (const f of type.fields) {
    const key = f.name.toLowerCase();
    if (seen.has(key)) throw DeltaErrors.invalidSchema(`duplicate column name ${f.name} in ${where} (names are case-insensitive)`);
    seen.add(key);
    checkUniqueNames(f.type, `${where}.${f.name}`);
  }
}
