/** Spark's StructType.treeString: `root`, then a `|--` line per field, nested types' members indented under them. */
import type { DeltaType, StructField } from "../../../src/delta/index.js";

/** Spark's DataType.typeName, as Delta logs a type: `long`, `decimal(18,2)`, `struct`, … */
export function typeName(type: DeltaType): string {
  return typeof type === "string" ? type : type.type;
}

export function treeString(fields: StructField[]): string {
  return ["root", ...fields.flatMap((f) => fieldLines(f.name, f.type, `nullable = ${f.nullable}`, " |"))].join("\n");
}

/** a member's line, `prefix-- name: type (note)`, and its type's members' lines under it, their prefix four spaces and a `|` longer */
function fieldLines(name: string, type: DeltaType, note: string | undefined, prefix: string): string[] {
  const line = `${prefix}-- ${name}: ${typeName(type)}${note ? ` (${note})` : ""}`;
  const inner = `${prefix}    |`;
  if (typeof type === "string") return [line];
  if (type.type === "struct") return [line, ...type.fields.flatMap((f) => fieldLines(f.name, f.type, `nullable = ${f.nullable}`, inner))];
  if (type.type === "array") return [line, ...fieldLines("element", type.elementType, `containsNull = ${type.containsNull}`, inner)];
  return [line, ...fieldLines("key", type.keyType, undefined, inner), ...fieldLines("value", type.valueType, `valueContainsNull = ${type.valueContainsNull}`, inner)];
}
