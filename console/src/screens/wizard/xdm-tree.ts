/** The target XDM tree, flattened into rows the mapping editor shows, and the mapping suggested from the source tree (its rows: map-keys.ts). */
import type { ResolvedSchema, XdmField } from "../../api/platform";
import { type KeyRow, mapValueOf, type SourceRow, typeOf } from "./map-keys";

/** A row of the target tree: a field (KeyRow's members), and what the tree says of it beside. */
export interface TargetRow extends KeyRow {
  identity?: { namespace?: string; primary: boolean };
  title?: string;
}

export function targetRows(schema: Pick<ResolvedSchema, "properties" | "required" | "meta:descriptors">): TargetRow[] {
  const identities = new Map(
    (schema["meta:descriptors"] ?? [])
      .filter((d) => d["@type"] === "xdm:descriptorIdentity" && d["xdm:sourceProperty"])
      .map((d) => [d["xdm:sourceProperty"]!.replace(/^\//, "").replace(/\//g, "."), { namespace: d["xdm:namespace"], primary: d["xdm:isPrimary"] === true }]),
  );
  const rows: TargetRow[] = [];
  const walk = (properties: Record<string, XdmField>, required: string[], prefix: string, depth: number, parentRequired: boolean) => {
    for (const [name, field] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const isRequired = (depth === 0 || parentRequired) && required.includes(name);
      const group = field.type === "object" && !!field.properties && Object.keys(field.properties).length > 0;
      const mapValue = mapValueOf(field);
      rows.push({ path, depth, name, type: typeOf(field), group, required: isRequired, identity: identities.get(path), title: field.title, ...(mapValue && { mapValue }) });
      if (group) walk(field.properties!, field.required ?? [], path, depth + 1, isRequired);
    }
  };
  walk(schema.properties, schema.required ?? [], "", 0, true);
  return rows;
}

/** Fields of one resolved resource merged into another, as the registry merges a class and its field groups. */
export function mergeFields(into: Record<string, XdmField>, from: Record<string, XdmField>): Record<string, XdmField> {
  const merged = { ...into };
  for (const [name, field] of Object.entries(from)) {
    const existing = merged[name];
    merged[name] =
      existing?.properties && field.properties
        ? { ...existing, properties: mergeFields(existing.properties, field.properties), required: [...new Set([...(existing.required ?? []), ...(field.required ?? [])])] }
        : field;
  }
  return merged;
}

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** What a value is made of, on either side: a struct column fills only an object, a list only an array, a MAP column only a map. */
const shapeOf = (type: string) => /^(struct<|object$)/i.exec(type) ? "object" : /^(array<|array$)/i.exec(type) ? "array" : /^(map<|map$)/i.exec(type) ? "map" : "value";

/** Suggested mappings: a source column whose name is a target leaf's name (ids and case aside), of a shape the field takes (no struct column into a text field). */
export function suggestMappings(targets: TargetRow[], sources: SourceRow[]): Map<string, string> {
  const byName = new Map(sources.filter((s) => s.depth === 0).map((s) => [normalized(s.path), s]));
  const suggestions = new Map<string, string>();
  for (const target of targets) {
    if (target.group) continue;
    const source = [byName.get(normalized(target.path)), byName.get(normalized(target.name))].find((s) => s && shapeOf(s.type) === shapeOf(target.type));
    if (source && ![...suggestions.values()].includes(source.path)) suggestions.set(target.path, source.path);
  }
  return suggestions;
}
