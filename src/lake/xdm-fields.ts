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
