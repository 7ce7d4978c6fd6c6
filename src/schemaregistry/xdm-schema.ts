/**
 * The body of a tenant schema, class, field group or data type as a client sends it
 * (docs/api/schemaregistry.md#what-a-resource-may-hold): `title`, `description`, `type: object`,
 * fields in local `definitions` reached from `allOf` (`{"$ref": "#/definitions/<name>"}`), in
 * inline `allOf` entries or in top-level `properties`, and other resources named by `$ref` in
 * `allOf` (a class, field groups, a behaviour) or on a field (a data type). Each field has a
 * type: string (with a format), integer, number, boolean, array (with items), object (with
 * properties, or additionalProperties for a map), or is a `$ref` to a data type. What the body
 * refers to is checked against the registry in composition.ts; this reads its shape only, and
 * ignores the read-only members a client may send back (`$id`, `version`, `meta:*`…).
 */
import { constraintProblem } from "./field-constraints.js";
import { declarableXdmTypes, isObject, typeForXdmType } from "./xdm-types.js";
import { BEHAVIOR_TYPES } from "./standard/spec.js";

const SCALAR_TYPES = new Set(["string", "integer", "number", "boolean"]);
const MAX_DEPTH = 32;
export const LOCAL_REF = "#/definitions/";

export class XdmSchemaError extends Error {}

export interface XdmBody {
  title: string;
  description?: string;
  properties: Record<string, unknown>;
  definitions: Record<string, unknown>;
  allOf: Array<Record<string, unknown>>;
  /** the top-level `required`: names of `properties` every record must hold */
  required?: string[];
  /** the other resources `allOf` names (classes, field groups, behaviours), in order */
  allOfRefs: string[];
  /** the data types fields name, at any depth */
  fieldRefs: string[];
  /** field groups: `meta:intendedToExtend` */
  intendedToExtend?: string[];
  /** schemas: `meta:immutableTags` */
  immutableTags?: string[];
  /** `meta:extends` as sent: read only to find a class's behaviour when allOf names none, or a model-based schema's MODEL_BASED */
  declaredExtends?: string[];
  /** a model-based schema's `meta:behaviorType` */
  behaviorType?: (typeof BEHAVIOR_TYPES)[number];
}

/** Checks a body's shape; throws XdmSchemaError naming the first thing at fault. */
export function readXdmBody(body: unknown): XdmBody {
  if (!isObject(body)) throw new XdmSchemaError("the body must be a JSON object");
  const { title, description, type, properties, definitions, allOf } = body;
  if (title !== undefined && title !== null && typeof title !== "string") throw new XdmSchemaError(`title must be a string, not ${JSON.stringify(title)}`);
  if (typeof title !== "string" || title.trim() === "") throw new XdmSchemaError("title is required");
  if (description !== undefined && typeof description !== "string") throw new XdmSchemaError("description must be a string");
  if (type !== undefined && type !== "object") throw new XdmSchemaError(`type must be "object"`);
  if (properties !== undefined && !isObject(properties)) throw new XdmSchemaError("properties must be an object");
  if (definitions !== undefined && !isObject(definitions)) throw new XdmSchemaError("definitions must be an object");
  if (allOf !== undefined && !Array.isArray(allOf)) throw new XdmSchemaError("allOf must be an array");
  const fieldRefs: string[] = [];
  const defs = (definitions ?? {}) as Record<string, unknown>;
  for (const [name, def] of Object.entries(defs)) {
    if (!isObject(def) || !isObject(def.properties)) throw new XdmSchemaError(`definitions.${name} must be an object with properties`);
    checkProperties(def.properties, `definitions.${name}`, 0, fieldRefs);
    checkRequired(def, `definitions.${name}`);
  }
  if (properties) checkProperties(properties, "properties", 0, fieldRefs);
  const required = checkRequired(body, "the body");
  const allOfRefs: string[] = [];
  for (const [i, entry] of ((allOf ?? []) as unknown[]).entries()) {
    if (!isObject(entry)) throw new XdmSchemaError(`allOf[${i}] must be an object`);
    if (typeof entry.$ref === "string") {
      if (entry.$ref.startsWith(LOCAL_REF)) {
        if (!isObject(defs[entry.$ref.slice(LOCAL_REF.length)])) throw new XdmSchemaError(`allOf[${i}] refers to a missing definition ${entry.$ref}`);
      } else if (entry.$ref.trim() === "") throw new XdmSchemaError(`allOf[${i}].$ref is empty`);
      else allOfRefs.push(entry.$ref);
    } else if (isObject(entry.properties)) {
      checkProperties(entry.properties, `allOf[${i}].properties`, 0, fieldRefs);
      checkRequired(entry, `allOf[${i}]`);
    } else throw new XdmSchemaError(`allOf[${i}] needs a $ref or properties`);
  }
  return {
    title: title.trim(),
    ...(typeof description === "string" ? { description } : {}),
    properties: (properties ?? {}) as Record<string, unknown>,
    definitions: defs,
    allOf: (allOf ?? []) as Array<Record<string, unknown>>,
    ...(required !== undefined ? { required } : {}),
    allOfRefs,
    fieldRefs,
    ...optionalStrings(body, "meta:intendedToExtend", "intendedToExtend"),
    ...optionalStrings(body, "meta:immutableTags", "immutableTags"),
    ...optionalStrings(body, "meta:extends", "declaredExtends"),
    ...behaviorTypeOf(body["meta:behaviorType"]),
  };
}

function behaviorTypeOf(value: unknown): Partial<XdmBody> {
  if (value === undefined || value === null) return {};
  const known = BEHAVIOR_TYPES.find((type) => type === value);
  if (!known) throw new XdmSchemaError(`meta:behaviorType must be ${BEHAVIOR_TYPES.join(" or ")}, not ${JSON.stringify(value)}`);
  return { behaviorType: known };
}

function optionalStrings(body: Record<string, unknown>, key: string, as: "intendedToExtend" | "immutableTags" | "declaredExtends"): Partial<XdmBody> {
  const value = body[key];
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) throw new XdmSchemaError(`${key} must be an array of strings`);
  return { [as]: [...new Set(value as string[])] };
}

function checkProperties(properties: Record<string, unknown>, where: string, depth: number, refs: string[]): void {
  if (depth > MAX_DEPTH) throw new XdmSchemaError(`${where} is nested more than ${MAX_DEPTH} levels deep`);
  for (const [name, field] of Object.entries(properties)) {
    if (name === "" || name.includes(".")) throw new XdmSchemaError(`${where}: "${name}" is not a valid field name`);
    checkField(field, `${where}.${name}`, depth, refs);
  }
}

function checkField(field: unknown, where: string, depth: number, refs: string[]): void {
  if (!isObject(field)) throw new XdmSchemaError(`${where} must be an object with a type`);
  const { type, items, properties, additionalProperties } = field;
  if (field.$ref !== undefined) {
    if (typeof field.$ref !== "string" || field.$ref === "" || field.$ref.startsWith("#")) throw new XdmSchemaError(`${where}.$ref must be the $id of a data type`);
    if (type !== undefined && type !== "object") throw new XdmSchemaError(`${where} is a data type ($ref) and so an object, not ${JSON.stringify(type)}`);
    checkKeywords(field, where);
    refs.push(field.$ref);
    return;
  }
  if (type === "array") {
    if (!isObject(items)) throw new XdmSchemaError(`${where} is an array and needs items`);
    checkField(items, `${where}.items`, depth + 1, refs);
  } else if (type === "object") {
    if (isObject(properties)) {
      checkProperties(properties, `${where}.properties`, depth + 1, refs);
      checkRequired(field, where);
    } else if (isObject(additionalProperties)) checkField(additionalProperties, `${where}.additionalProperties`, depth + 1, refs);
    else throw new XdmSchemaError(`${where} is an object and needs properties (or additionalProperties for a map)`);
  } else if (typeof type !== "string" || !SCALAR_TYPES.has(type)) {
    throw new XdmSchemaError(`${where} ${type === undefined ? "has no type" : `has type ${JSON.stringify(type)}`}; use string, integer, number, boolean, array or object, or a $ref to a data type`);
  }
  checkKeywords(field, where);
}

/**
 * An object's `required`: an array of the names of its own `properties` (JSON Schema's keyword,
 * at the top of a body, in a definition, an inline allOf entry or an object field).
 */
function checkRequired(object: Record<string, unknown>, where: string): string[] | undefined {
  const { required, properties } = object;
  if (required === undefined) return undefined;
  if (!Array.isArray(required) || !required.every((name) => typeof name === "string")) {
    throw new XdmSchemaError(`${where}: required must be an array of the names of its properties, as ["customerId"], not ${JSON.stringify(required)}`);
  }
  const own = isObject(properties) ? properties : {};
  const stray = required.find((name) => !Object.hasOwn(own, name));
  if (stray !== undefined) {
    const names = Object.keys(own);
    throw new XdmSchemaError(`${where}: required names ${JSON.stringify(stray)}, which is not one of its properties${names.length > 0 ? ` (${names.join(", ")})` : ""}`);
  }
  return [...new Set(required as string[])];
}

/** What a field says besides its shape: its `meta:xdmType` and its constraints. */
function checkKeywords(field: Record<string, unknown>, where: string): void {
  checkDeclaredXdmType(field, where);
  const problem = constraintProblem(field, where);
  if (problem !== undefined) throw new XdmSchemaError(problem);
}

/** A `meta:xdmType` sent with a field must be one its `type` (and format, or map shape) allows. */
function checkDeclaredXdmType(field: Record<string, unknown>, where: string): void {
  const declared = field["meta:xdmType"];
  if (declared === undefined) return;
  const allowed = declarableXdmTypes(field);
  if (typeof declared === "string" && allowed.includes(declared)) return;
  const shape = field.$ref !== undefined ? "is a data type ($ref), an object," : `has type ${JSON.stringify(field.type)}${field.format !== undefined ? ` with format ${JSON.stringify(field.format)}` : ""}`;
  const needs = typeof declared === "string" ? typeForXdmType(declared) : undefined;
  const instead = needs ? `; meta:xdmType ${declared} goes with type ${needs}${declared === "date" || declared === "date-time" ? ` (format ${declared} or none)` : ""}` : "";
  throw new XdmSchemaError(
    `${where} ${shape} and meta:xdmType ${JSON.stringify(declared)}, which contradict each other: its meta:xdmType can be ${allowed.join(" or ")}${instead}. Leave meta:xdmType out and the registry computes it.`,
  );
}

/**
 * The first field path (dotted) outside the tenant namespace: every custom field of a class or
 * field group must sit under `_<tenant>`, at the top or inside a standard object
 * (`person._<tenant>.nickname`). An object of fields outside it is walked into; anything else
 * outside it is the answer.
 */
export function firstFieldOutsideNamespace(properties: Record<string, unknown>, tenantNamespace: string, prefix = ""): string | undefined {
  for (const [name, field] of Object.entries(properties)) {
    if (name === tenantNamespace) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    if (isObject(field) && field.$ref === undefined && isObject(field.properties)) {
      const inner = firstFieldOutsideNamespace(field.properties, tenantNamespace, path);
      if (inner !== undefined) return inner;
      if (Object.keys(field.properties).length === 0) return path;
    } else return path;
  }
  return undefined;
}

/** Every set of fields a body defines: top-level properties, each definition's, each inline allOf entry's. */
export function ownFieldSets(body: Pick<XdmBody, "properties" | "definitions" | "allOf">): Array<Record<string, unknown>> {
  return [
    body.properties,
    ...Object.values(body.definitions).flatMap((def) => (isObject(def) && isObject(def.properties) ? [def.properties] : [])),
    ...body.allOf.flatMap((entry) => (entry.$ref === undefined && isObject(entry.properties) ? [entry.properties] : [])),
  ];
}
