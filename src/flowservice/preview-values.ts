/**
 * The values of an explore preview, one spelling for every path (a cluster's or a warehouse's
 * table result, a Delta Sharing table read with DuckDB), as docs/databricks-xdm-types.md shows them:
 * a FLOAT or DOUBLE that JSON cannot carry as a number is a string, `"NaN"`, `"Infinity"`,
 * `"-Infinity"` or `"-0.0"` (JSON writes -0 as 0, so a stored -0.0 would show as 0). Whatever the
 * source spelled them (`nan`, `inf`, `-inf` from DuckDB, `NaN`, `Infinity` from Spark), the preview
 * spells them so, at any depth of an ARRAY, MAP or STRUCT.
 */
import type { JsonValue } from "../databricks/result-values.js";
import type { SparkType } from "../databricks/spark-types.js";

export interface PreviewColumn {
  name: string;
  type: SparkType;
}

/** A row as AEP's preview shows it: an object keyed by column name, in column order. */
export function previewRow(columns: readonly PreviewColumn[], cells: readonly JsonValue[]): Record<string, JsonValue> {
  return Object.fromEntries(columns.map((c, i) => [c.name, previewValue(cells[i] ?? null, c.type)]));
}

/** A loss-free value (result-values.ts) as the preview spells it. */
export function previewValue(value: JsonValue, type: SparkType): JsonValue {
  if (value === null) return null;
  switch (type.kind) {
    case "array":
      return Array.isArray(value) ? value.map((v) => previewValue(v, type.element)) : value;
    case "map":
      return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, previewValue(v, type.value)])) : value;
    case "struct":
      return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, previewValue(v, fieldType(type.fields, k))])) : value;
    case "primitive":
      return type.name === "float" || type.name === "double" ? floatingValue(value) : value;
    default:
      return value;
  }
}

const NON_FINITE: Record<string, string> = {
  nan: "NaN",
  "+nan": "NaN",
  "-nan": "NaN",
  inf: "Infinity",
  "+inf": "Infinity",
  infinity: "Infinity",
  "+infinity": "Infinity",
  "-inf": "-Infinity",
  "-infinity": "-Infinity",
};

/** A FLOAT or DOUBLE: a finite number stays a number, except -0, which becomes "-0.0" as NaN and the infinities become text. */
export function floatingValue(value: JsonValue): JsonValue {
  if (typeof value === "number") return spelled(value);
  if (typeof value !== "string") return value;
  const text = value.trim();
  const named = NON_FINITE[text.toLowerCase()];
  if (named !== undefined) return named;
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? spelled(n) : value;
}

function spelled(n: number): JsonValue {
  if (Number.isNaN(n)) return "NaN";
  if (Object.is(n, -0)) return "-0.0";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  return n;
}

function fieldType(fields: ReadonlyArray<{ name: string; type: SparkType }>, name: string): SparkType {
  return fields.find((f) => f.name === name)?.type ?? { kind: "primitive", name: "string" };
}

function isRecord(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
