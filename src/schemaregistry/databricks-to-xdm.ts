/**
 * Databricks (Spark) column types as XDM fields, for explore's `schema.columns`
 * (docs/api/flowservice.md#explore-a-table). The table is also in docs/databricks-xdm-types.md.
 * Two choices worth knowing:
 * - BIGINT becomes XDM `long` (an integer bounded to ±2^53, as XDM defines it); preview shows a
 *   value beyond that as its digits, and ingestion refuses it there (a row error naming it):
 *   a `string` field keeps such values exactly.
 * - DECIMAL becomes `number` only while a double holds every value exactly (precision ≤ 15);
 *   a wider DECIMAL becomes a `string` carrying the exact digits.
 */
import type { SparkType } from "../databricks/spark-types.js";
import { simpleString } from "../databricks/spark-types.js";
import { INTEGER_RANGES } from "./xdm-types.js";

export type XdmField = { type: string } & Record<string, unknown>;


/** the largest DECIMAL precision a double represents exactly */
export const DECIMAL_AS_NUMBER_MAX_PRECISION = 15;

export function xdmFieldFor(type: SparkType): XdmField {
  switch (type.kind) {
    case "decimal":
      return type.precision <= DECIMAL_AS_NUMBER_MAX_PRECISION
        ? { type: "number", "meta:xdmType": "number" }
        : { type: "string", "meta:xdmType": "string", description: `${simpleString(type)} as exact text` };
    case "array":
      return { type: "array", "meta:xdmType": "array", items: xdmFieldFor(type.element) };
    case "map":
      return { type: "object", "meta:xdmType": "map", additionalProperties: xdmFieldFor(type.value) };
    case "struct":
      return {
        type: "object",
        "meta:xdmType": "object",
        properties: Object.fromEntries(type.fields.map((f) => [f.name, xdmFieldFor(f.type)])),
      };
    case "primitive":
      switch (type.name) {
        case "boolean":
          return { type: "boolean", "meta:xdmType": "boolean" };
        case "byte":
        case "short":
        case "int":
        case "long": {
          const [minimum, maximum] = INTEGER_RANGES[type.name];
          return { type: "integer", "meta:xdmType": type.name, minimum, maximum };
        }
        case "float":
        case "double":
          return { type: "number", "meta:xdmType": "number" };
        case "date":
          return { type: "string", format: "date", "meta:xdmType": "date" };
        case "timestamp":
        case "timestamp_ntz":
          return { type: "string", format: "date-time", "meta:xdmType": "date-time" };
        default:
          // string, binary (base64), interval, variant, void
          return { type: "string", "meta:xdmType": "string" };
      }
  }
}

/** One column of explore's answer: the Databricks type, its XDM type, the XDM field. */
export function exploreColumn(name: string, type: SparkType): Record<string, unknown> {
  const xdm = xdmFieldFor(type);
  const xdmType = xdm["meta:xdmType"] as string;
  // the docs show meta:xdmType where it says more than the JSON type (date-time on a string)
  return {
    name,
    type: simpleString(type),
    ...(xdmType !== xdm.type ? { "meta:xdmType": xdmType } : {}),
    xdm: stripMeta(xdm),
  };
}

/** The explore examples show the bare JSON-schema part under `xdm` (type, format, items…). */
function stripMeta(field: XdmField): XdmField {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(field)) {
    if (key === "meta:xdmType" && (value === field.type || ["number", "string", "boolean", "object", "array"].includes(value as string))) continue;
    if (key === "items" || key === "additionalProperties") out[key] = stripMeta(value as XdmField);
    else if (key === "properties") {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, XdmField>).map(([k, v]) => [k, stripMeta(v)]));
    } else out[key] = value;
  }
  return out as XdmField;
}
