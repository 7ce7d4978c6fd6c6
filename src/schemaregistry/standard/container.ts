/**
 * The global container (docs/api/schemaregistry.md#the-global-container): the standard
 * behaviours, classes, field groups and data types as the registry serves them, read-only. Each is
 * written once in spec form (classes.ts, datatypes.ts, fieldgroups.ts) and built here into a
 * resource document like a tenant's: local `definitions` reached from `allOf`, the resources it is
 * built on as `$ref`s, `meta:xdmType` on every field, and `meta:xdmField` naming each field as the
 * XDM standard does (`firstName` is `xdm:firstName`, `_id` is `@id`, `_repo.createDate` is
 * `repo:createDate`).
 */
import { altIdOf } from "../ids.js";
import { isObject, withXdmTypes } from "../xdm-types.js";
import { STANDARD_BEHAVIORS, STANDARD_CLASSES } from "./classes.js";
import { STANDARD_DATA_TYPES } from "./datatypes.js";
import { STANDARD_FIELD_GROUPS } from "./fieldgroups.js";
import type { Field, Fields } from "./fields.js";
import type { StandardSpec } from "./spec.js";

type Json = Record<string, unknown>;

export type GlobalResourceType = "classes" | "mixins" | "datatypes" | "behaviors" | "schemas";

/** The version every standard resource answers with. */
export const STANDARD_VERSION = "1.0";

/** Namespace prefixes that compatibility mode turns into `_<prefix>` objects, with the prefix their fields had. */
const CONVERTED_PREFIXES: Record<string, string> = {
  _repo: "repo:",
  _schema: "schema:",
  _dc: "dc:",
  _experience: "https://ns.adobe.com/experience/",
};

export class GlobalContainer {
  private readonly byType = new Map<GlobalResourceType, Map<string, Json>>();
  private readonly byId = new Map<string, Json>();

  constructor(specs: Record<Exclude<GlobalResourceType, "schemas">, readonly StandardSpec[]>) {
    this.byType.set("schemas", new Map());
    for (const [type, list] of Object.entries(specs) as Array<[GlobalResourceType, readonly StandardSpec[]]>) {
      const documents = new Map(list.map((spec) => [spec.$id, standardDocument(type, spec)]));
      this.byType.set(type, documents);
      for (const [id, document] of documents) this.byId.set(id, document);
    }
  }

  list(type: GlobalResourceType): Json[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  /** One resource of a type by its `$id` or `meta:altId`. */
  find(type: GlobalResourceType, reference: string): Json | undefined {
    const documents = this.byType.get(type);
    return documents?.get(reference) ?? [...(documents?.values() ?? [])].find((d) => d["meta:altId"] === reference);
  }

  /** Any standard resource by `$id`. */
  get($id: string): Json | undefined {
    return this.byId.get($id);
  }

  resourceTypeOf($id: string): GlobalResourceType | undefined {
    return this.byId.get($id)?.["meta:resourceType"] as GlobalResourceType | undefined;
  }
}

export const GLOBAL_CONTAINER = new GlobalContainer({
  behaviors: STANDARD_BEHAVIORS,
  classes: STANDARD_CLASSES,
  mixins: STANDARD_FIELD_GROUPS,
  datatypes: STANDARD_DATA_TYPES,
});

function standardDocument(resourceType: GlobalResourceType, spec: StandardSpec): Json {
  const name = spec.$id.slice(spec.$id.lastIndexOf("/") + 1);
  const builtOn = spec.builtOn ?? [];
  const hasFields = Object.keys(spec.fields).length > 0;
  const localRefs = hasFields ? [`#/definitions/${name}`] : [];
  return {
    $id: spec.$id,
    "meta:altId": altIdOf(spec.$id),
    "meta:resourceType": resourceType,
    version: STANDARD_VERSION,
    title: spec.title,
    description: spec.description,
    type: "object",
    "meta:extensible": true,
    "meta:abstract": true,
    "meta:extends": [...(spec.extends ?? builtOn)],
    ...(resourceType === "mixins" ? { "meta:intendedToExtend": [...(spec.intendedToExtend ?? [])] } : {}),
    "meta:containerId": "global",
    "meta:xdmType": "object",
    ...(hasFields ? { definitions: { [name]: { type: "object", "meta:xdmType": "object", properties: withXdmTypes(withXdmFields(spec.fields)) } } } : {}),
    allOf: [...builtOn, ...localRefs].map(($ref) => ({ $ref, type: "object", "meta:xdmType": "object" })),
    ...(spec.required ? { required: [...spec.required] } : {}),
    refs: [...new Set([...builtOn, ...dataTypeRefs(spec.fields)])],
  };
}

/** Each field's standard name in `meta:xdmField`; converted prefix objects marked `meta:xedConverted`. */
function withXdmFields(fields: Fields, prefix = "xdm:"): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const converted = CONVERTED_PREFIXES[name];
      if (converted && isObject(field.properties) && field.title === undefined) {
        return [name, { ...field, "meta:xedConverted": true, properties: withXdmFields(field.properties as Fields, converted) }];
      }
      return [name, { ...withNestedXdmFields(field), "meta:xdmField": name === "_id" ? "@id" : `${prefix}${name}` }];
    }),
  );
}

function withNestedXdmFields(field: Field): Field {
  const out: Field = { ...field };
  if (isObject(field.properties)) out.properties = withXdmFields(field.properties as Fields);
  if (isObject(field.items)) out.items = withNestedXdmFields(field.items);
  if (isObject(field.additionalProperties)) out.additionalProperties = withNestedXdmFields(field.additionalProperties);
  return out;
}

/** The data types fields refer to, at any depth. */
export function dataTypeRefs(fields: Record<string, unknown>): string[] {
  const refs: string[] = [];
  const visit = (field: unknown) => {
    if (!isObject(field)) return;
    if (typeof field.$ref === "string") refs.push(field.$ref);
    if (isObject(field.properties)) Object.values(field.properties).forEach(visit);
    visit(field.items);
    visit(field.additionalProperties);
  };
  Object.values(fields).forEach(visit);
  return refs;
}
