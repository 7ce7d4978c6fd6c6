/**
 * `GET /rpc/sampledata/{schemaId}`: one document that fits a schema's resolved fields, to show what
 * a row of its datasets looks like. Values are fixed (not random), chosen to pass the field's own
 * rules: its enum's first value, its format, its minimum and maxLength.
 */
import type { XdmProperty } from "./xdm-fields.js";

type Json = Record<string, unknown>;

interface Field extends XdmProperty {
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

const TEXT_BY_FORMAT: Record<string, string> = {
  email: "sample@example.com",
  uri: "https://example.com/sample",
  "uri-reference": "https://example.com/sample",
  date: "2024-01-31",
  "date-time": "2024-01-31T12:30:00Z",
};

export function sampleDocument(properties: Record<string, XdmProperty>): Json {
  const document: Json = Object.create(null);
  for (const [name, property] of Object.entries(properties)) {
    const value = sampleValue(name, property as Field);
    if (value !== undefined) document[name] = value;
  }
  return document;
}

function sampleValue(name: string, field: Field): unknown {
  if (Array.isArray(field.enum) && field.enum.length > 0) return field.enum[0];
  const xdmType = field["meta:xdmType"];
  if (xdmType === "map" || (field.type === "object" && field.additionalProperties && !field.properties)) {
    const value = field.additionalProperties ? sampleValue("value", field.additionalProperties as Field) : "value";
    return { sampleKey: value };
  }
  switch (field.type) {
    case "string": {
      const text = (field.format && TEXT_BY_FORMAT[field.format]) ?? `Sample ${name}`;
      return field.maxLength !== undefined ? text.slice(0, field.maxLength) : text;
    }
    case "integer":
    case "number": {
      const low = field.minimum ?? 0;
      const value = field.type === "integer" ? Math.max(low, 1) : Math.max(low, 1.5);
      return field.maximum !== undefined ? Math.min(value, field.maximum) : value;
    }
    case "boolean":
      return true;
    case "array": {
      const item = field.items && sampleValue(name, field.items as Field);
      return item === undefined ? [] : [item];
    }
    case "object": {
      const object = sampleDocument(field.properties ?? {});
      return Object.keys(object).length > 0 ? object : undefined;
    }
  }
  return undefined;
}
