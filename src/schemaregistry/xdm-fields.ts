/**
 * The kinds of value an XDM schema property holds, read from its JSON-schema shape
 * (`type`, `format`, `meta:xdmType`), and the DuckDB type a dataset stores each in.
 */
export type XdmKind = "string" | "integer" | "number" | "boolean" | "date" | "date-time" | "array" | "object" | "map";

export interface XdmProperty {
  type?: string;
  format?: string;
  "meta:xdmType"?: string;
  properties?: Record<string, XdmProperty>;
  items?: XdmProperty;
  additionalProperties?: XdmProperty;
  /** the constraints a row's value must meet (checked by ingestion, as AEP's validation does) */
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  pattern?: string;
}

export function xdmKind(property: XdmProperty): XdmKind | undefined {
  const declared = property["meta:xdmType"];
  if (declared === "date" || declared === "date-time") return declared;
  if (declared === "map" || (property.type === "object" && property.additionalProperties && !property.properties)) return "map";
  if (property.type === "string" && (property.format === "date" || property.format === "date-time")) return property.format;
  if (declared === "long" || declared === "int" || declared === "short" || declared === "byte") return "integer";
  switch (property.type) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
    case "array":
    case "object":
      return property.type;
  }
  return undefined;
}

/** A field every row of a dataset must hold a value for, and why (the message of a row error without it). */
export interface RequiredField {
  path: string;
  /** why the field is required: "required by the schema", "the primary identity of this Profile-enabled dataset" */
  reason: string;
  /** required only in a row where this object (a dotted path above the field) has a value */
  within?: string;
}

/**
 * What ingestion knows of a dataset's schema: its resolved (`xed-full`) fields and the leaves
 * every row must hold (the schema's required fields, a Profile-enabled dataset's primary identity).
 */
export interface DatasetSchema {
  properties?: Record<string, XdmProperty>;
  requiredFields?: RequiredField[];
}
