/**
 * The one resolver (docs/api/schemaregistry.md#resolved-schemas): the fields of any registry
 * resource — a schema, class, field group or data type, global or the tenant's — as one plain
 * JSON-schema tree. Its class, the behaviour and field groups under that class, its own field
 * groups, local definitions and inline fields are merged into one `properties` map; every field
 * that is a data type (`$ref`) becomes an object holding the data type's fields, marked
 * `meta:referencedFrom`. This is what the `-full` Accept variants answer and what mapping sets are
 * checked against.
 *
 * Merging follows the registry's rule: an object defined by two parts holds the fields of both; a
 * leaf defined twice must have the same type, or the schema is refused (XDM-1004). One resolution
 * builds at most MAX_RESOLVED_FIELDS fields and MAX_RESOLVED_PARTS parts (resolved-size.ts), counted
 * as they are built.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { FieldBudget } from "./resolved-size.js";
import type { RequiredField } from "./xdm-fields.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** A resource document by `$id`: a standard one or one of the caller's tenant; undefined if none. */
export type ResourceLookup = ($id: string) => Promise<Json | undefined>;

export interface ResolveOptions {
  /** keep the fields marked `meta:status: deprecated` (the `-deprecatedfield` Accept variants) */
  deprecated?: boolean;
  /** the tenant namespace field (`_<tenant>`), sorted before the others as the registry shows it */
  tenantNamespace?: string;
}

/** A resolved object: its fields and the names of those every record must have. */
export interface ResolvedFields {
  properties: Record<string, Json>;
  required: string[];
}

const LOCAL_REF = "#/definitions/";

export class SchemaResolver {
  private readonly loaded = new Map<string, Promise<Json | undefined>>();

  constructor(
    private readonly lookup: ResourceLookup,
    private readonly options: ResolveOptions = {},
  ) {}

  /** The resolved fields of a resource document (stored or about to be); XDM-1007 past MAX_RESOLVED_FIELDS. */
  async resolve(document: Json): Promise<ResolvedFields> {
    const resolved = await this.resolveDocument(document, [], new FieldBudget(document));
    return { properties: sortedFields(resolved.properties, this.options.tenantNamespace), required: resolved.required };
  }

  /** A resource by `$id`, through the lookup, each loaded once per resolver. */
  async load($id: string): Promise<Json | undefined> {
    let pending = this.loaded.get($id);
    if (!pending) {
      pending = this.lookup($id);
      this.loaded.set($id, pending);
    }
    return pending;
  }

  private async resolveDocument(document: Json, trail: readonly string[], budget: FieldBudget): Promise<ResolvedFields> {
    const $id = typeof document.$id === "string" ? document.$id : undefined;
    if ($id && trail.includes($id)) throw Errors.xdmCircularReference([...trail, $id]);
    budget.spendPart();
    const path = $id ? [...trail, $id] : trail;
    const merged: ResolvedFields = { properties: {}, required: [] };
    const definitions = isObject(document.definitions) ? document.definitions : {};
    for (const entry of Array.isArray(document.allOf) ? document.allOf : []) {
      if (!isObject(entry)) continue;
      budget.spendPart();
      const ref = entry.$ref;
      if (typeof ref === "string" && ref.startsWith(LOCAL_REF)) {
        const definition = definitions[ref.slice(LOCAL_REF.length)];
        if (isObject(definition)) mergeInto(merged, await this.resolveObject(definition, path, budget));
      } else if (typeof ref === "string") {
        mergeInto(merged, await this.resolveDocument(await this.required(ref, $id), path, budget));
      } else {
        mergeInto(merged, await this.resolveObject(entry, path, budget));
      }
    }
    mergeInto(merged, await this.resolveObject(document, path, budget));
    return merged;
  }

  private async resolveObject(object: Json, trail: readonly string[], budget: FieldBudget): Promise<ResolvedFields> {
    const properties = isObject(object.properties) ? await this.resolveFields(object.properties, trail, budget) : {};
    const required = Array.isArray(object.required) ? object.required.filter((name): name is string => typeof name === "string") : [];
    return { properties, required };
  }

  private async resolveFields(fields: Json, trail: readonly string[], budget: FieldBudget): Promise<Record<string, Json>> {
    const out: Record<string, Json> = {};
    for (const [name, field] of Object.entries(fields)) {
      if (!isObject(field)) continue;
      if (field["meta:status"] === "deprecated" && !this.options.deprecated) continue;
      budget.spend();
      out[name] = await this.resolveField(field, trail, budget);
    }
    return out;
  }

  private async resolveField(field: Json, trail: readonly string[], budget: FieldBudget): Promise<Json> {
    if (typeof field.$ref === "string") {
      const { $ref, ...own } = field;
      const dataType = await this.resolveDocument(await this.required($ref, trail[trail.length - 1]), trail, budget);
      return {
        ...own,
        type: "object",
        "meta:xdmType": "object",
        properties: dataType.properties,
        ...(dataType.required.length > 0 ? { required: dataType.required } : {}),
        "meta:referencedFrom": $ref,
      };
    }
    const out: Json = { ...field };
    if (isObject(field.properties)) out.properties = await this.resolveFields(field.properties, trail, budget);
    if (isObject(field.items)) out.items = await this.resolveField(field.items, trail, budget);
    if (isObject(field.additionalProperties)) out.additionalProperties = await this.resolveField(field.additionalProperties, trail, budget);
    return out;
  }

  private async required($id: string, referrer: string | undefined): Promise<Json> {
    const document = await this.load($id);
    if (!document) throw Errors.xdmReferenceNotFound($id, referrer ?? "the resource");
    return document;
  }
}

/** Merges `source` into `target` in place (objects field by field); a leaf defined twice must agree. */
export function mergeInto(target: ResolvedFields, source: ResolvedFields, prefix = ""): void {
  for (const [name, field] of Object.entries(source.properties)) {
    const existing = target.properties[name];
    target.properties[name] = existing ? mergeField(existing, field, prefix ? `${prefix}.${name}` : name) : field;
  }
  for (const name of source.required) if (!target.required.includes(name)) target.required.push(name);
}

function mergeField(a: Json, b: Json, path: string): Json {
  if (isObject(a.properties) && isObject(b.properties)) {
    const merged: ResolvedFields = { properties: { ...(a.properties as Record<string, Json>) }, required: requiredOf(a) };
    mergeInto(merged, { properties: b.properties as Record<string, Json>, required: requiredOf(b) }, path);
    return { ...a, properties: merged.properties, ...(merged.required.length > 0 ? { required: merged.required } : {}) };
  }
  if (shapeOf(a) === shapeOf(b)) return a;
  throw Errors.xdmFieldConflict(path, shapeOf(a), shapeOf(b));
}

function requiredOf(field: Json): string[] {
  return Array.isArray(field.required) ? field.required.filter((n): n is string => typeof n === "string") : [];
}

/** What must agree when two parts define one leaf: its XDM type and format (`string`, `date-time`, `array of string`). */
function shapeOf(field: Json): string {
  const type = String(field["meta:xdmType"] ?? field.type);
  const format = typeof field.format === "string" && type === "string" ? ` (${field.format})` : "";
  if (isObject(field.items)) return `array of ${shapeOf(field.items)}`;
  if (isObject(field.additionalProperties)) return `map of ${shapeOf(field.additionalProperties)}`;
  return `${type}${format}`;
}

/** Field names in code-point order at every level, the tenant namespace first. */
export function sortedFields(properties: Record<string, Json>, tenantNamespace?: string): Record<string, Json> {
  const names = Object.keys(properties).sort((x, y) => (x === tenantNamespace ? -1 : y === tenantNamespace ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return Object.fromEntries(names.map((name) => [name, sortNested(properties[name])]));
}

function sortNested(field: Json): Json {
  const out: Json = { ...field };
  if (isObject(field.properties)) out.properties = sortedFields(field.properties as Record<string, Json>);
  if (isObject(field.items)) out.items = sortNested(field.items);
  if (isObject(field.additionalProperties)) out.additionalProperties = sortNested(field.additionalProperties);
  return out;
}

/** One leaf of a resolved tree: its dotted path, XDM type, format, and whether every record must have it. */
export interface LeafField {
  path: string;
  xdmType: string;
  format?: string;
  /** every record must have it: it is required, and so is every object above it */
  required: boolean;
  /**
   * a record must have it whenever this object (a dotted path above it) has a value: JSON Schema's
   * rule, a required member of an object that is present; the object itself is optional
   */
  requiredWithin?: string;
}

/**
 * The leaves of a resolved tree: every field that is not an object of fields. Arrays and maps are
 * leaves (their items are not addressed by a path).
 */
export function leafFields(tree: ResolvedFields): LeafField[] {
  const leaves: LeafField[] = [];
  // `present`: undefined when every record holds the object walked, else the optional object above whose value requires it
  const walk = (fields: Record<string, unknown>, required: readonly string[], prefix: string, present: string | undefined) => {
    for (const [name, field] of Object.entries(fields)) {
      if (!isObject(field)) continue;
      const path = prefix ? `${prefix}.${name}` : name;
      const isRequired = required.includes(name);
      if (isObject(field.properties) && field["meta:xdmType"] !== "map") walk(field.properties, requiredOf(field), path, isRequired ? present : path);
      else {
        const xdmType = String(field["meta:xdmType"] ?? field.type);
        const requirement = !isRequired ? { required: false } : present === undefined ? { required: true } : { required: false, requiredWithin: present };
        leaves.push({ path, xdmType, ...(typeof field.format === "string" ? { format: field.format } : {}), ...requirement });
      }
    }
  };
  walk(tree.properties, tree.required, "", undefined);
  return leaves;
}

/** why a field the schema requires is required (the end of its row error) */
export const REQUIRED_BY_SCHEMA = "required by the schema";

/** The leaves a record must hold by the schema's `required`: always, or whenever the object holding them has a value. */
export function schemaRequiredFields(tree: ResolvedFields): RequiredField[] {
  return leafFields(tree).flatMap((leaf): RequiredField[] => {
    if (leaf.required) return [{ path: leaf.path, reason: REQUIRED_BY_SCHEMA }];
    if (leaf.requiredWithin === undefined) return [];
    return [{ path: leaf.path, reason: `${REQUIRED_BY_SCHEMA} when ${leaf.requiredWithin} has a value`, within: leaf.requiredWithin }];
  });
}

/** Every path a mapping may target: each field, objects included (`person`, `person.name`, `person.name.firstName`). */
export function fieldPaths(tree: ResolvedFields): Set<string> {
  const paths = new Set<string>();
  const walk = (fields: Record<string, unknown>, prefix: string) => {
    for (const [name, field] of Object.entries(fields)) {
      const path = prefix ? `${prefix}.${name}` : name;
      paths.add(path);
      if (isObject(field) && isObject(field.properties)) walk(field.properties, path);
    }
  };
  walk(tree.properties, "");
  return paths;
}
