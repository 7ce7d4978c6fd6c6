/**
 * Where a descriptor's path (`xdm:sourceProperty`, `xdm:destinationProperty`) leads in a resolved
 * schema: shared by the descriptors' own checks, the check that a change keeps the fields
 * descriptors name (descriptor-fields.ts) and the report of those it did not keep (descriptor-status.ts).
 */
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** The paths a descriptor's `xdm:sourceProperty` names: none, one, or a list (a primary key, a deprecation). */
export function sourcePointers(descriptor: Json): string[] {
  const property = descriptor["xdm:sourceProperty"];
  const pointers = Array.isArray(property) ? property : property === undefined ? [] : [property];
  return pointers.filter((pointer): pointer is string => typeof pointer === "string");
}

/** `/person/name/firstName` → the resolved field, walking objects only. */
export function fieldAtPointer(properties: Record<string, unknown>, pointer: string): Json | undefined {
  return locate(properties, pointer)?.field;
}

/**
 * A descriptor path, in compatibility mode (`/person/name/firstName`) or in standard notation as
 * AEP's descriptor examples also write it (`/xdm:eventType`, `/@id`, `/repo:createDate`): the field
 * and its compatibility-mode path, or undefined when the schema has no such field.
 */
export function locate(properties: Record<string, unknown>, pointer: string): { path: string; field: Json } | undefined {
  if (!pointer.startsWith("/")) return undefined;
  let fields: unknown = properties;
  let field: Json | undefined;
  const path: string[] = [];
  for (const segment of pointer.slice(1).split("/")) {
    const step = isObject(fields) ? stepInto(fields, segment) : undefined;
    if (!step) return undefined;
    path.push(...step.names);
    field = step.field;
    fields = field.properties;
  }
  return field ? { path: `/${path.join("/")}`, field } : undefined;
}

/** One path segment: a field's own name, or its standard name (`meta:xdmField`), also inside a `_<prefix>` object. */
function stepInto(fields: Record<string, unknown>, segment: string): { names: string[]; field: Json } | undefined {
  const own = Object.hasOwn(fields, segment) ? fields[segment] : undefined;
  if (isObject(own)) return { names: [segment], field: own };
  for (const [name, candidate] of Object.entries(fields)) {
    if (!isObject(candidate)) continue;
    if (candidate["meta:xdmField"] === segment) return { names: [name], field: candidate };
    if (candidate["meta:xedConverted"] === true && isObject(candidate.properties)) {
      const inner = Object.entries(candidate.properties).find(([, child]) => isObject(child) && child["meta:xdmField"] === segment);
      if (inner) return { names: [name, inner[0]], field: inner[1] as Json };
    }
  }
  return undefined;
}

/** Whether the field at a compatibility-mode path (`/_tenant/version`) is in its object's `required` (the schema's own at the top). */
export function isRequiredAt(properties: Record<string, unknown>, topRequired: readonly string[], path: string): boolean {
  const names = path.replace(/^\//, "").split("/");
  let required: unknown = topRequired;
  let fields: unknown = properties;
  for (const [i, name] of names.entries()) {
    if (i === names.length - 1) return Array.isArray(required) && required.includes(name);
    const field = isObject(fields) && Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!isObject(field)) return false;
    required = field.required;
    fields = field.properties;
  }
  return false;
}
