/**
 * Table-result values as loss-free JSON, by the column's Spark type (BIGINT and DECIMAL never
 * pass through a JS number; timestamps keep microseconds):
 *   BIGINT      a number when |v| ≤ 2^53 - 1, else its digits as a string
 *   DECIMAL     always a string, with the scale the workspace sent ("1.10" stays "1.10")
 *   DATE, TIMESTAMP[_NTZ]  strings as sent (µs precision kept)
 *   FLOAT/DOUBLE  numbers; NaN and ±Infinity as the strings Spark writes
 *   STRUCT      an object (from an object or a positional array), ARRAY and MAP recursively
 * Input comes from parseLosslessJson, so unsafe numbers arrive as strings already.
 */
import type { SparkType } from "./spark-types.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toLosslessValue(value: unknown, type: SparkType): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "decimal":
      return String(value);
    case "array":
      return Array.isArray(value) ? value.map((v) => toLosslessValue(v, type.element)) : asText(value);
    case "map":
      if (value && typeof value === "object" && !Array.isArray(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toLosslessValue(v, type.value)]));
      }
      return asText(value);
    case "struct": {
      if (Array.isArray(value)) {
        return Object.fromEntries(type.fields.map((f, i) => [f.name, toLosslessValue(value[i], f.type)]));
      }
      if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return Object.fromEntries(type.fields.map((f) => [f.name, toLosslessValue(record[f.name], f.type)]));
      }
      return asText(value);
    }
    case "primitive":
      switch (type.name) {
        case "boolean":
          return typeof value === "boolean" ? value : String(value).toLowerCase() === "true";
        case "byte":
        case "short":
        case "int":
          return typeof value === "number" ? value : toNumberOrText(String(value));
        case "long": {
          if (typeof value === "number") return value;
          const text = String(value).trim();
          return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
        }
        case "float":
        case "double":
          return typeof value === "number" ? value : toNumberOrText(String(value));
        default:
          return asText(value);
      }
  }
}

function toNumberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}
