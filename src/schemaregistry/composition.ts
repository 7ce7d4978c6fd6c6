/**
 * What a tenant resource is made of, checked against the registry, and the members the registry
 * computes for it (docs/api/schemaregistry.md#composition-rules):
 * - a schema extends at most one class (exactly one once it uses field groups) and only field
 *   groups meant for that class (`meta:intendedToExtend`, empty meaning any class);
 * - a class is built on exactly one behaviour (record or time-series), named in allOf (or, when
 *   allOf names none, in `meta:extends`);
 * - field groups and data types name no other resource in `allOf`;
 * - a field's `$ref` names a data type;
 * - the custom fields of classes, field groups and of schemas that extend a class sit under the
 *   tenant namespace `_<tenant>` (XDM-1021); data types are exempt;
 * - the merged fields agree (XDM-1004), nothing refers to itself in a circle (XDM-1005), and the
 *   resource resolves to at most MAX_RESOLVED_FIELDS fields (XDM-1007).
 * It answers the fields as stored (with `meta:xdmType`) and `refs`, `meta:extends`, `meta:class`.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { XDM_KINDS, type XdmResourceType } from "./ids.js";
import { tooLargeBecause } from "./resolved-size.js";
import { type ResourceLookup, SchemaResolver } from "./resolver.js";
import { BEHAVIOR, MODEL_BASED } from "./standard/spec.js";
import { firstFieldOutsideNamespace, LOCAL_REF, ownFieldSets, type XdmBody } from "./xdm-schema.js";
import { isObject, withXdmTypes } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** The class a schema of inline fields only reports (it extends none). */
export const CLASSLESS_SCHEMA_CLASS = BEHAVIOR.record;

export interface Composition {
  /** the members built from the body: definitions, properties, allOf (decorated), meta:intendedToExtend */
  content: Json;
  refs: string[];
  extends: string[];
  /** schemas: their class */
  classId?: string;
  /** model-based schemas: `meta:behaviorType` */
  behaviorType?: string;
}

export interface CompositionContext {
  lookup: ResourceLookup;
  tenantNamespace: string;
}

export async function compose(resourceType: XdmResourceType, $id: string, sent: XdmBody, context: CompositionContext): Promise<Composition> {
  const label = XDM_KINDS[resourceType].label;
  const resolver = new SchemaResolver(context.lookup);
  const body = resourceType === "classes" ? await withDeclaredBehaviour(sent, resolver) : sent;
  const named = async (ref: string, where: string) => {
    const document = await resolver.load(ref);
    if (!document) throw Errors.xdmReferenceNotFound(ref, where);
    return document;
  };
  const allOfResources = await Promise.all(body.allOfRefs.map((ref) => named(ref, `allOf of the ${label}`)));
  const ofType = (type: string) => allOfResources.filter((d) => d["meta:resourceType"] === type);
  const others = (allowed: readonly string[]) => allOfResources.find((d) => !allowed.includes(String(d["meta:resourceType"])));

  for (const ref of body.fieldRefs) {
    const target = await named(ref, `A field of the ${label}`);
    if (target["meta:resourceType"] !== "datatypes") throw Errors.xdmResourceInvalid(label, `a field's $ref must name a data type, and ${ref} is a ${target["meta:resourceType"]} resource`);
  }

  let classId: string | undefined;
  let extendsIds: string[] = [];
  let modelBased = false;
  switch (resourceType) {
    case "schemas": {
      const stray = others(["classes", "mixins"]);
      if (stray) throw Errors.xdmResourceInvalid(label, `allOf names ${stray.$id} (${stray["meta:resourceType"]}); a schema is made of one class and field groups`);
      const classes = ofType("classes");
      const fieldGroups = ofType("mixins");
      if (classes.length > 1 || (classes.length === 0 && fieldGroups.length > 0)) throw Errors.xdmClassCount(classes.map((c) => String(c.$id)));
      const schemaClass = classes[0];
      if (!schemaClass && ownFieldSets(body).every((fields) => Object.keys(fields).length === 0)) {
        throw Errors.xdmResourceInvalid(label, `it names no class and holds no field: put its class in allOf, as {"allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}]}`);
      }
      if (schemaClass) {
        classId = String(schemaClass.$id);
        const classExtends = stringsOf(schemaClass["meta:extends"]);
        for (const fieldGroup of fieldGroups) {
          const intended = stringsOf(fieldGroup["meta:intendedToExtend"]);
          if (intended.length > 0 && !intended.some((id) => id === classId || classExtends.includes(id))) {
            throw Errors.xdmNotIntendedFor(String(fieldGroup.$id), intended, classId);
          }
        }
        // AEP lists the field groups, then the class's own ancestors nearest last, then the class
        extendsIds = [...fieldGroups.map((f) => String(f.$id)), ...[...classExtends].reverse(), classId];
      }
      modelBased = !schemaClass && (body.declaredExtends ?? []).includes(MODEL_BASED);
      if (modelBased) extendsIds = [MODEL_BASED];
      else if (body.behaviorType !== undefined) {
        throw Errors.xdmResourceInvalid(label, `meta:behaviorType is for a model-based schema (no class, "meta:extends": ["${MODEL_BASED}"]); a schema of a class behaves as its class does`);
      }
      break;
    }
    case "classes": {
      const behaviors = ofType("behaviors");
      if (behaviors.length !== 1 || others(["behaviors"])) {
        throw Errors.xdmResourceInvalid(label, `allOf must name exactly one behaviour (${BEHAVIOR.record} or ${BEHAVIOR.timeSeries}) and no other resource`);
      }
      extendsIds = [String(behaviors[0].$id)];
      break;
    }
    default:
      if (allOfResources.length > 0) throw Errors.xdmResourceInvalid(label, `allOf may name only its own #/definitions/…, not ${allOfResources[0].$id}`);
  }

  for (const target of body.intendedToExtend ?? []) {
    const document = await named(target, `meta:intendedToExtend of the ${label}`);
    if (!["classes", "behaviors"].includes(String(document["meta:resourceType"]))) {
      throw Errors.xdmResourceInvalid(label, `meta:intendedToExtend lists ${target}, which is not a class`);
    }
  }

  const namespaced = resourceType === "classes" || resourceType === "mixins" || (resourceType === "schemas" && classId !== undefined);
  if (namespaced) {
    for (const fields of ownFieldSets(body)) {
      const outside = firstFieldOutsideNamespace(fields, context.tenantNamespace);
      if (outside !== undefined) throw Errors.xdmNamespaceViolation(label, outside, context.tenantNamespace);
    }
  }

  const content = decoratedContent(resourceType, body);
  // the resource resolves (no conflict, no circle, not too many fields) with itself as it is about
  // to be, deprecated fields too: every view of it resolves then
  const candidate: Json = { $id, "meta:resourceType": resourceType, title: body.title, ...content };
  const withCandidate: ResourceLookup = async (ref) => (ref === $id ? candidate : context.lookup(ref));
  try {
    await new SchemaResolver(withCandidate, { deprecated: true }).resolve(candidate);
  } catch (error) {
    throw tooLargeBecause(error, candidate, "What was sent");
  }

  return {
    content,
    // AEP lists a schema's class last
    refs: [...new Set([...body.allOfRefs.filter((ref) => ref !== classId), ...body.fieldRefs, ...(classId !== undefined ? [classId] : [])])],
    extends: [...new Set(extendsIds)],
    ...(classId !== undefined ? { classId } : {}),
    // AEP's model-based schemas are records unless they say otherwise
    ...(modelBased ? { behaviorType: body.behaviorType ?? "record" } : {}),
  };
}

/**
 * A class whose allOf names no resource may name its behaviour in `meta:extends` instead (one
 * behaviour there, as a class's GET shows it): it is then put first in allOf.
 */
async function withDeclaredBehaviour(body: XdmBody, resolver: SchemaResolver): Promise<XdmBody> {
  if (body.allOfRefs.length > 0 || !body.declaredExtends) return body;
  const behaviours: string[] = [];
  for (const id of body.declaredExtends) if ((await resolver.load(id))?.["meta:resourceType"] === "behaviors") behaviours.push(id);
  if (behaviours.length !== 1) return body;
  return { ...body, allOf: [{ $ref: behaviours[0] }, ...body.allOf], allOfRefs: behaviours };
}

/** The body's fields as stored: every field with `meta:xdmType`, every allOf entry typed as the registry shows it. */
function decoratedContent(resourceType: XdmResourceType, body: XdmBody): Json {
  const definitions = Object.fromEntries(
    Object.entries(body.definitions).map(([name, def]) => {
      const definition = def as Json;
      return [name, { ...definition, type: "object", "meta:xdmType": "object", properties: withXdmTypes(definition.properties as Json) }];
    }),
  );
  const allOf = body.allOf.map((entry) => {
    if (typeof entry.$ref === "string") return entry.type === "array" ? entry : { ...entry, type: "object", "meta:xdmType": "object" };
    return { ...entry, type: "object", "meta:xdmType": "object", properties: withXdmTypes(entry.properties as Json) };
  });
  return {
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
    ...(Object.keys(body.properties).length > 0 ? { properties: withXdmTypes(body.properties) } : {}),
    ...(body.required && body.required.length > 0 ? { required: body.required } : {}),
    ...(allOf.length > 0 ? { allOf } : {}),
    ...(resourceType === "mixins" ? { "meta:intendedToExtend": body.intendedToExtend ?? [] } : {}),
  };
}

/** The resources a stored document's allOf names besides its own definitions. */
export function allOfRefsOf(document: Json): string[] {
  return (Array.isArray(document.allOf) ? document.allOf : [])
    .filter(isObject)
    .map((entry) => entry.$ref)
    .filter((ref): ref is string => typeof ref === "string" && !ref.startsWith(LOCAL_REF));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
