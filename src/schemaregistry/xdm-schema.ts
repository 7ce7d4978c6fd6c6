/**
 * Tenant XDM schemas as this service takes them
 * (docs/api/schemaregistry.md#what-a-schema-may-hold): an object whose fields are typed string,
 * integer, number, boolean, date, date-time, array or object (and maps). Fields are given inline,
 * in `properties`, or in `definitions` reached through `allOf: [{"$ref": "#/definitions/…"}]` as
 * field groups are written. A `$ref` to a class or field group elsewhere is recorded in
 * `meta:extends`, but its fields are not known here.
 */
const SCALAR_TYPES = new Set(["string", "integer", "number", "boolean"]);
const STRING_FORMATS = new Set(["date", "date-time", "uri", "uri-reference", "email", "uuid", "byte"]);
const INTEGER_XDM_TYPES = new Set(["byte", "short", "int", "long"]);
const MAX_DEPTH = 32;

export class XdmSchemaError extends Error {}

export interface XdmSchemaParts {
  title: string;
  description?: string;
  properties: Record<string, unknown>;
  definitions: Record<string, unknown>;
  allOf: Array<Record<string, unknown>>;
  externalRefs: string[];
}

/** Checks a schema body; throws XdmSchemaError naming the first field at fault. */
export function readXdmSchema(body: unknown): XdmSchemaParts {
  if (!isObject(body)) throw new XdmSchemaError("the body must be a JSON object");
  const { title, description, type, properties, definitions, allOf } = body;
  if (typeof title !== "string" || title.trim() === "") throw new XdmSchemaError("title is required");
  if (description !== undefined && typeof description !== "string") throw new XdmSchemaError("description must be a string");
  if (type !== undefined && type !== "object") throw new XdmSchemaError(`type must be "object"`);
  if (properties !== undefined && !isObject(properties)) throw new XdmSchemaError("properties must be an object");
  if (definitions !== undefined && !isObject(definitions)) throw new XdmSchemaError("definitions must be an object");
  if (allOf !== undefined && !Array.isArray(allOf)) throw new XdmSchemaError("allOf must be an array");
  const defs = (definitions ?? {}) as Record<string, unknown>;
  for (const [name, def] of Object.entries(defs)) {
    if (!isObject(def) || !isObject(def.properties)) throw new XdmSchemaError(`definitions.${name} must be an object with properties`);
    checkProperties(def.properties, `definitions.${name}`, 0);
  }
  if (properties) checkProperties(properties, "properties", 0);
  const externalRefs: string[] = [];
  for (const [i, entry] of ((allOf ?? []) as unknown[]).entries()) {
    if (!isObject(entry)) throw new XdmSchemaError(`allOf[${i}] must be an object`);
    if (typeof entry.$ref === "string") {
      if (entry.$ref.startsWith("#/definitions/")) {
        if (!defs[entry.$ref.slice("#/definitions/".length)]) throw new XdmSchemaError(`allOf[${i}] refers to a missing definition ${entry.$ref}`);
      } else externalRefs.push(entry.$ref);
    } else if (isObject(entry.properties)) checkProperties(entry.properties, `allOf[${i}].properties`, 0);
    else throw new XdmSchemaError(`allOf[${i}] needs a $ref or properties`);
  }
  return {
    title: title.trim(),
    ...(typeof description === "string" ? { description } : {}),
    properties: (properties ?? {}) as Record<string, unknown>,
    definitions: defs,
    allOf: (allOf ?? []) as Array<Record<string, unknown>>,
    externalRefs,
  };
}

function checkProperties(properties: Record<string, unknown>, where: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new XdmSchemaError(`${where} is nested more than ${MAX_DEPTH} levels deep`);
  for (const [name, field] of Object.entries(properties)) {
    if (name === "" || name.includes(".")) throw new XdmSchemaError(`${where}: "${name}" is not a valid field name`);
    checkField(field, `${where}.${name}`, depth);
  }
}

function checkField(field: unknown, where: string, depth: number): void {
  if (!isObject(field)) throw new XdmSchemaError(`${where} must be an object with a type`);
  const { type, format, items, properties, additionalProperties } = field;
  const xdmType = field["meta:xdmType"];
  if (type === "array") {
    if (!isObject(items)) throw new XdmSchemaError(`${where} is an array and needs items`);
    checkField(items, `${where}.items`, depth + 1);
  } else if (type === "object") {
    if (isObject(properties)) checkProperties(properties, `${where}.properties`, depth + 1);
    else if (isObject(additionalProperties)) checkField(additionalProperties, `${where}.additionalProperties`, depth + 1);
    else throw new XdmSchemaError(`${where} is an object and needs properties (or additionalProperties for a map)`);
  } else if (typeof type !== "string" || !SCALAR_TYPES.has(type)) {
    throw new XdmSchemaError(`${where} has type ${JSON.stringify(type)}; use string, integer, number, boolean, array or object`);
  }
  if (format !== undefined && (type !== "string" || typeof format !== "string" || !STRING_FORMATS.has(format))) {
    throw new XdmSchemaError(`${where} has format ${JSON.stringify(format)}; formats (date, date-time, …) go on strings`);
  }
  if (xdmType !== undefined && type === "integer" && typeof xdmType === "string" && !INTEGER_XDM_TYPES.has(xdmType) && xdmType !== "integer") {
    throw new XdmSchemaError(`${where} is an integer with meta:xdmType ${xdmType}`);
  }
}

/** Every path a mapping may target: each field, nested objects included ("person", "person.name"). */
export function xdmFieldPaths(parts: Pick<XdmSchemaParts, "properties" | "definitions" | "allOf">): Set<string> {
  const paths = new Set<string>();
  const walk = (properties: Record<string, unknown>, prefix: string) => {
    for (const [name, field] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      paths.add(path);
      if (isObject(field) && isObject(field.properties)) walk(field.properties, path);
    }
  };
  walk(parts.properties, "");
  for (const entry of parts.allOf) {
    if (typeof entry.$ref === "string" && entry.$ref.startsWith("#/definitions/")) {
      const def = parts.definitions[entry.$ref.slice("#/definitions/".length)];
      if (isObject(def) && isObject(def.properties)) walk(def.properties, "");
    } else if (isObject(entry.properties)) walk(entry.properties, "");
  }
  return paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
