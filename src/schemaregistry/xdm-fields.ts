/**
 * The kinds of value an XDM schema property holds, read from its JSON-schema shape
 * (`type`, `format`, `meta:xdmType`), and the DuckDB type a dataset stores each in.
 */
export type XdmKind = "string" | "integer" | "number" | "boolean" | "date" | "date-time" | "array" | "object";

export interface XdmProperty {
  type?: string;
  format?: string;
  "meta:xdmType"?: string;
  properties?: Record<string, XdmProperty>;
  items?: XdmProperty;
}

export function xdmKind(property: XdmProperty): XdmKind | undefined {
  const declared = property["meta:xdmType"];
  if (declared === "date" || declared === "date-time") return declared;
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

/** Resolves a dotted XDM path (`person.name.first`) to its property, or undefined. */
export function propertyAt(root: { properties?: Record<string, XdmProperty> }, path: string): XdmProperty | undefined {
  let node: XdmProperty | undefined = root as XdmProperty;
  for (const segment of path.split(".")) {
    node = node?.properties && Object.hasOwn(node.properties, segment) ? node.properties[segment] : undefined;
  }
  return node;
}

/**
 * The fields of a schema document, wherever XDM puts them: its own `properties`, and the
 * properties of each `allOf` entry (inline, or a `#/definitions/…` field group).
 */
export function schemaProperties(document: Record<string, unknown>): Record<string, XdmProperty> {
  const merged: Record<string, XdmProperty> = {};
  const take = (value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) Object.assign(merged, value);
  };
  take(document.properties);
  const definitions = (document.definitions ?? {}) as Record<string, { properties?: unknown }>;
  for (const entry of Array.isArray(document.allOf) ? (document.allOf as Array<Record<string, unknown>>) : []) {
    const ref = typeof entry.$ref === "string" && entry.$ref.startsWith("#/definitions/") ? entry.$ref.slice(14) : undefined;
    take(ref ? definitions[ref]?.properties : entry.properties);
  }
  return merged;
}
