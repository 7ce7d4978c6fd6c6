/**
 * Descriptors (docs/api/schemaregistry.md#descriptors): metadata about a field of a tenant schema
 * (or class or field group) — an identity and its namespace, a primary key, a relationship to
 * another schema, a reference identity, a display name. `xdm:sourceProperty` must be a field of
 * the resolved source (`/personalEmail/address`) when the descriptor is written (a later change may
 * remove the field a display name, deprecation or label names: descriptor-status.ts); an identity
 * is a string field and a timestamp a date-time one, and a schema has at most one primary identity.
 * Every write to a schema's descriptors also moves the schema row's etag (compare-and-set), so two
 * concurrent writes cannot both add a primary identity.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newHexId } from "../aep-conventions/etag.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import type { Store } from "../store/database.js";
import { deleteResource, findResource, insertResource, listResources, type ResourceRecord, updateResource } from "../store/resources.repository.js";
import { listResourcesByParent, swapEtag } from "../store/schema-registry.repository.js";
import { canonicalId, type XdmResourceType } from "./ids.js";
import { tenantNamespaceOf } from "./lookup.js";
import type { ResolvedFields } from "./resolver.js";
import { isUnionMember, type TenantResources } from "./tenant-resources.js";
import type { Unions } from "./unions.js";
import { fieldAtPointer, isRequiredAt, locate, sourcePointers } from "./descriptor-paths.js";
import { FIELD_TYPES } from "./descriptor-fields.js";
import { descriptorStatus, type DescriptorStatus } from "./descriptor-status.js";
import { isObject } from "./xdm-types.js";
import { namespaceNamed, sandboxNamespaces } from "../identity/namespaces.js";
import { IDENTITY_NAMESPACES_PATH } from "../identity/namespace.js";

type Json = Record<string, unknown>;

interface DescriptorType {
  /** the source must be a schema (identities, keys, relationships), not a class or field group */
  schemaOnly: boolean;
  /** xdm:sourceProperty is required (else optional) */
  needsProperty: boolean;
  /** xdm:sourceProperty may also be an array of paths */
  manyPaths?: boolean;
  /** more checks of its own fields */
  check?: (body: Json, context: CheckContext) => Promise<void>;
}

interface CheckContext {
  caller: CallerSandbox;
  db: Store["db"];
  /** the source's field at a descriptor path, or undefined */
  fieldAt: (pointer: string) => Json | undefined;
  /** a schema of the sandbox, by reference */
  schemaExists: (reference: string) => Promise<Json | undefined>;
  /** whether the source's field at a descriptor path is required */
  isRequired: (pointer: string) => boolean;
  /** a field of another resource's resolved fields, at a descriptor path */
  fieldOf: (document: Json, pointer: string) => Promise<Json | undefined>;
}

const CARDINALITIES = ["1:1", "1:0", "M:1", "M:0"];
const WRITE_ATTEMPTS = 5;

const TYPES: Record<string, DescriptorType> = {
  "xdm:descriptorIdentity": { schemaOnly: true, needsProperty: true, check: checkIdentity },
  "xdm:alternateDisplayInfo": { schemaOnly: false, needsProperty: true, check: checkDisplayInfo },
  "xdm:descriptorPrimaryKey": { schemaOnly: true, needsProperty: true, manyPaths: true },
  "xdm:descriptorRelationship": { schemaOnly: true, needsProperty: true, check: checkDestination(true) },
  "xdm:descriptorOneToOne": { schemaOnly: true, needsProperty: true, check: checkDestination(false) },
  "xdm:descriptorReferenceIdentity": { schemaOnly: true, needsProperty: true, check: (body, context) => checkNamespace(body, "xdm:identityNamespace", "xdm:code", context) },
  "xdm:descriptorVersion": { schemaOnly: true, needsProperty: true, check: checkRequiredField },
  "xdm:descriptorTimestamp": { schemaOnly: true, needsProperty: true, check: checkFieldType },
  "xdm:descriptorTimeSeriesGranularity": { schemaOnly: true, needsProperty: false, check: async (body) => oneOfValues(body, "xdm:granularity", ["hour", "day"]) },
  "xdm:descriptorDeprecated": { schemaOnly: false, needsProperty: false, manyPaths: true },
  "xdm:descriptorLabel": { schemaOnly: false, needsProperty: false, check: async (body) => stringArray(body, "xdm:labels") },
};

export const DESCRIPTOR_TYPES = Object.keys(TYPES);

interface Source {
  record: ResourceRecord;
  type: XdmResourceType;
}

export class Descriptors {
  constructor(
    private readonly store: Store,
    private readonly resources: TenantResources,
    private readonly unions: Unions,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<Json> {
    const id = newHexId(20);
    return this.write(caller, body, undefined, id);
  }

  async get(caller: CallerSandbox, id: string): Promise<Json> {
    return (await this.record(caller, id)).document;
  }

  async list(caller: CallerSandbox): Promise<Json[]> {
    return (await listResources(this.store.db, "descriptor", caller)).map((r) => r.document);
  }

  /** The descriptors of one schema (the `-desc` Accept variants). */
  async of(caller: CallerSandbox, sourceRowId: string): Promise<Json[]> {
    return (await listResourcesByParent(this.store.db, caller, "descriptor", sourceRowId)).map((r) => r.document);
  }

  /**
   * The schema's resolved fields with those its `xdm:descriptorDeprecated` descriptors name marked
   * `meta:status: deprecated` (the `-deprecatefield` Accept variants), as AEP shows a standard
   * field deprecated for one schema.
   */
  async markDeprecated(caller: CallerSandbox, sourceRowId: string, resolved: ResolvedFields): Promise<ResolvedFields> {
    const pointers = (await this.of(caller, sourceRowId)).filter((d) => d["@type"] === "xdm:descriptorDeprecated").flatMap(sourcePointers);
    return { ...resolved, properties: pointers.reduce(withDeprecatedField, resolved.properties) };
  }

  /** `meta:descriptorStatus` of a resource (descriptor-status.ts): its descriptors, each valid or naming a field it no longer has. */
  async status(caller: CallerSandbox, source: Pick<ResourceRecord, "id" | "document">): Promise<DescriptorStatus> {
    const descriptors = await this.of(caller, source.id);
    if (descriptors.length === 0) return { result: [] };
    const resolved = await this.resources.resolverFor(caller, { deprecated: true }).resolve(source.document);
    const oldestFirst = [...descriptors].sort((a, b) => Number(a.created) - Number(b.created) || String(a["@id"]).localeCompare(String(b["@id"])));
    return descriptorStatus(String(source.document.$id), resolved, oldestFirst);
  }

  /** PUT: the body replaces the descriptor (its `@id` stays). */
  async replace(caller: Caller, id: string, body: unknown): Promise<Json> {
    const existing = await this.record(caller, id);
    return this.write(caller, body, existing, id);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const existing = await this.record(caller, id);
      const parent = existing.parentId ? await findResource(this.store.db, "schema", caller, existing.parentId) : undefined;
      if (parent && isUnionMember(parent.document) && unionNeeds(existing.document)) {
        await this.unions.checkCanJoin(caller, parent.document, parent.id, { removedDescriptor: id });
      }
      const done = await this.store.db.transaction().execute(async (trx) => {
        if (parent && !(await swapEtag(trx, caller, "schema", parent.id, parent.etag, newEtag(this.now())))) return false;
        return deleteResource(trx, "descriptor", caller, id);
      });
      if (done) return;
    }
    throw Errors.xdmWriteConflict("descriptor", id);
  }

  private async record(caller: CallerSandbox, id: string): Promise<ResourceRecord> {
    const record = /^[0-9a-f]{40}$/.test(id) ? await findResource(this.store.db, "descriptor", caller, id) : undefined;
    if (!record) throw Errors.xdmNotFound("descriptor", id);
    return record;
  }

  private async write(caller: Caller, body: unknown, existing: ResourceRecord | undefined, id: string): Promise<Json> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { source, fields } = await this.validate(caller, body);
      const siblings = await listResourcesByParent(this.store.db, caller, "descriptor", source.record.id);
      const otherPrimary = siblings.find((d) => d.id !== id && isPrimaryIdentity(d.document));
      if (isPrimaryIdentity(fields) && otherPrimary) throw Errors.xdmSecondPrimaryIdentity(String(source.record.document.$id), otherPrimary.id);
      if (existing && existing.parentId !== source.record.id && unionNeeds(existing.document)) {
        const oldParent = existing.parentId ? await findResource(this.store.db, "schema", caller, existing.parentId) : undefined;
        if (oldParent && isUnionMember(oldParent.document)) await this.unions.checkCanJoin(caller, oldParent.document, oldParent.id, { removedDescriptor: id });
      }
      // a Profile-enabled schema is checked with the descriptor as it will be, so that a descriptor
      // breaking a union rule (a one-to-one field without its reference identity) is refused here
      // rather than every later write of the schema
      if (source.type === "schemas" && isUnionMember(source.record.document)) {
        await this.unions.checkCanJoin(caller, source.record.document, source.record.id, { writtenDescriptor: { id, document: fields } });
      }
      const now = this.now();
      const document = this.document(caller, id, fields, existing, now);
      const etag = newEtag(now);
      const written = await this.store.db.transaction().execute(async (trx) => {
        if (!(await swapEtag(trx, caller, source.record.kind, source.record.id, source.record.etag, newEtag(now)))) return false;
        if (!existing) {
          await insertResource(trx, caller, { id, kind: "descriptor", parentId: source.record.id, document, secret: null, etag, createdAt: now, updatedAt: now });
          return true;
        }
        return updateResource(trx, caller, { id, kind: "descriptor", parentId: source.record.id, document, secret: null, etag, updatedAt: now }, existing.etag);
      });
      if (written) return document;
      if (existing) existing = await this.record(caller, id);
    }
    throw Errors.xdmWriteConflict("descriptor", id);
  }

  /** The descriptor's own fields, checked against its source. */
  private async validate(caller: CallerSandbox, body: unknown): Promise<{ source: Source; fields: Json }> {
    if (!isObject(body)) throw Errors.xdmDescriptorInvalid("the body must be a JSON object");
    const typeName = body["@type"];
    const type = typeof typeName === "string" ? TYPES[typeName] : undefined;
    if (!type) throw Errors.xdmDescriptorInvalid(`@type must be one of ${DESCRIPTOR_TYPES.join(", ")}`);
    const sourceReference = body["xdm:sourceSchema"];
    if (sourceReference !== undefined && sourceReference !== null && typeof sourceReference !== "string") {
      throw Errors.xdmDescriptorInvalid(`xdm:sourceSchema must be a string, the $id of a schema of this sandbox, not ${JSON.stringify(sourceReference)}`);
    }
    if (typeof sourceReference !== "string" || sourceReference === "") throw Errors.xdmDescriptorInvalid("xdm:sourceSchema (the $id of a schema of this sandbox) is required");
    const source = await this.source(caller, sourceReference, type.schemaOnly);
    const version = body["xdm:sourceVersion"] ?? 1;
    if (version !== 1 && version !== "1") throw Errors.xdmDescriptorInvalid("xdm:sourceVersion must be 1");

    const resolved = await this.resources.resolverFor(caller, { deprecated: true }).resolve(source.record.document);
    const sourceId = String(source.record.document.$id);
    const fieldAt = (pointer: string) => fieldAtPointer(resolved.properties, pointer);
    const property = body["xdm:sourceProperty"];
    const pointers = property === undefined ? [] : Array.isArray(property) ? property : [property];
    if (type.needsProperty && pointers.length === 0) throw Errors.xdmDescriptorInvalid(`xdm:sourceProperty is required for ${typeName}`);
    if (Array.isArray(property) && !type.manyPaths) throw Errors.xdmDescriptorInvalid("xdm:sourceProperty is one path (only a primary key or a deprecation takes several)");
    const paths: string[] = [];
    for (const pointer of pointers) {
      if (typeof pointer !== "string" || !pointer.startsWith("/") || pointer.endsWith("/")) {
        throw Errors.xdmDescriptorInvalid(`xdm:sourceProperty ${JSON.stringify(pointer)} must be a path from the root, as /person/name/firstName`);
      }
      if (pointer === `/${tenantNamespaceOf(caller)}`) throw Errors.xdmDescriptorInvalid(`the tenant namespace ${pointer} itself cannot carry a descriptor; name one of its fields`);
      const found = locate(resolved.properties, pointer);
      if (!found) throw Errors.xdmDescriptorPropertyNotFound(pointer, sourceId);
      paths.push(found.path);
    }
    await type.check?.(body, {
      caller,
      db: this.store.db,
      fieldAt,
      isRequired: (pointer) => {
        const found = locate(resolved.properties, pointer);
        return found !== undefined && isRequiredAt(resolved.properties, resolved.required, found.path);
      },
      schemaExists: async (reference) => (await this.resources.find(caller, "schemas", canonicalId(reference)))?.document,
      fieldOf: async (document, pointer) => fieldAtPointer((await this.resources.resolverFor(caller, { deprecated: true }).resolve(document)).properties, pointer),
    });

    const fields: Json = {};
    for (const [key, value] of Object.entries(body)) if (key === "@type" || key.startsWith("xdm:") || key === "meta:enum") fields[key] = value;
    // kept in compatibility mode, the paths the rest of the platform reads
    const sourceProperty = property === undefined ? {} : { "xdm:sourceProperty": Array.isArray(property) ? paths : paths[0] };
    return { source, fields: { ...fields, ...sourceProperty, "xdm:sourceSchema": sourceId, "xdm:sourceVersion": 1 } };
  }

  private async source(caller: CallerSandbox, reference: string, schemaOnly: boolean): Promise<Source> {
    const types: XdmResourceType[] = schemaOnly ? ["schemas"] : ["schemas", "mixins", "classes"];
    for (const type of types) {
      const record = await this.resources.find(caller, type, canonicalId(reference));
      if (record) return { record, type };
    }
    throw Errors.xdmDescriptorInvalid(`xdm:sourceSchema ${reference} is not a ${schemaOnly ? "schema" : "schema, class or field group"} of this sandbox`);
  }

  private document(caller: Caller, id: string, fields: Json, existing: ResourceRecord | undefined, now: number): Json {
    const previous = existing?.document ?? {};
    const by = `${caller.clientId}@AdobeID`;
    return {
      "@id": id,
      ...fields,
      imsOrg: caller.imsOrgId,
      version: "1",
      "meta:containerId": "tenant",
      "meta:sandboxId": caller.sandboxId,
      "meta:sandboxType": caller.sandboxName === "prod" ? "production" : "development",
      createdUser: previous.createdUser ?? by,
      createdClient: previous.createdClient ?? caller.clientId,
      updatedUser: by,
      created: previous.created ?? now,
      updated: now,
    };
  }
}

export function isPrimaryIdentity(descriptor: Json): boolean {
  return descriptor["@type"] === "xdm:descriptorIdentity" && descriptor["xdm:isPrimary"] === true;
}

const isReferenceIdentity = (descriptor: Json) => descriptor["@type"] === "xdm:descriptorReferenceIdentity";

/** A descriptor a Profile-enabled schema may need (unions.ts checkCanJoin): its primary identity, or the reference identity of a one-to-one field. */
function unionNeeds(descriptor: Json): boolean {
  return isPrimaryIdentity(descriptor) || isReferenceIdentity(descriptor);
}

/** A copy of `properties` with the field at `pointer` marked deprecated; unchanged when there is none. */
function withDeprecatedField(properties: Record<string, Json>, pointer: string): Record<string, Json> {
  const [name, ...rest] = pointer.replace(/^\//, "").split("/");
  const field = Object.hasOwn(properties, name) ? properties[name] : undefined;
  if (!isObject(field)) return properties;
  if (rest.length === 0) return { ...properties, [name]: { ...field, "meta:status": "deprecated" } };
  if (!isObject(field.properties)) return properties;
  return { ...properties, [name]: { ...field, properties: withDeprecatedField(field.properties as Record<string, Json>, `/${rest.join("/")}`) } };
}

async function checkIdentity(body: Json, context: CheckContext): Promise<void> {
  const property = body["xdm:property"] ?? "xdm:code";
  if (property !== "xdm:code" && property !== "xdm:id") throw Errors.xdmDescriptorInvalid(`xdm:property must be xdm:code or xdm:id, not ${JSON.stringify(property)}`);
  await checkNamespace(body, "xdm:namespace", property, context);
  const primary = body["xdm:isPrimary"];
  if (primary !== undefined && typeof primary !== "boolean") throw Errors.xdmDescriptorInvalid("xdm:isPrimary must be true or false");
  await checkFieldType(body, context);
}

/** The identity namespace a descriptor names is one of the sandbox's (src/identity): a misspelt code would mark no identity AEP knows. */
async function checkNamespace(body: Json, key: string, by: "xdm:code" | "xdm:id", context: CheckContext): Promise<void> {
  const namespace = by === "xdm:id" && typeof body[key] === "number" ? String(body[key]) : requireText(body, key);
  const all = await sandboxNamespaces(context.db, context.caller);
  if (namespaceNamed(all, namespace, by)) return;
  const known = all.map((n) => (by === "xdm:id" ? `${n.id} (${n.code})` : n.code));
  throw Errors.xdmDescriptorInvalid(
    `${key} ${JSON.stringify(namespace)} is not ${by === "xdm:id" ? "the id" : "the code"} of an identity namespace of this sandbox, which has ${known.join(", ")}. ` +
      `Name one of them, or create the namespace first: POST ${IDENTITY_NAMESPACES_PATH} {"name": …, "code": …, "idType": "CROSS_DEVICE"}`,
  );
}

/** An identity names a string field, a timestamp a date-time one (FIELD_TYPES). */
async function checkFieldType(body: Json, context: CheckContext): Promise<void> {
  const wanted = FIELD_TYPES[String(body["@type"])];
  const pointer = String(body["xdm:sourceProperty"]);
  const type = context.fieldAt(pointer)?.["meta:xdmType"];
  if (wanted && type !== wanted.xdmType) throw Errors.xdmDescriptorInvalid(`${wanted.what} is a ${wanted.xdmType} field, and ${pointer} is ${String(type)}`);
}

/** AEP's version descriptor names a field every record holds: one the schema marks required. */
async function checkRequiredField(body: Json, context: CheckContext): Promise<void> {
  const pointer = String(body["xdm:sourceProperty"]);
  if (!context.isRequired(pointer)) {
    throw Errors.xdmDescriptorInvalid(`the field of a ${String(body["@type"])} must be required, and ${pointer} is not: add its name to the "required" list of the object that holds it, then create the descriptor`);
  }
}

async function checkDisplayInfo(body: Json): Promise<void> {
  for (const key of ["xdm:title", "xdm:description", "meta:enum", "xdm:excludeMetaEnum"]) {
    const value = body[key];
    if (value !== undefined && (!isObject(value) || !Object.values(value).every((v) => typeof v === "string"))) {
      throw Errors.xdmDescriptorInvalid(`${key} must be an object of strings, as {"en_us": "…"}`);
    }
  }
}

function checkDestination(relationship: boolean) {
  return async (body: Json, context: CheckContext): Promise<void> => {
    const reference = requireText(body, "xdm:destinationSchema");
    const destination = await context.schemaExists(reference);
    if (!destination) throw Errors.xdmDescriptorInvalid(`xdm:destinationSchema ${reference} is not a schema of this sandbox`);
    const version = body["xdm:destinationVersion"] ?? 1;
    if (version !== 1 && version !== "1") throw Errors.xdmDescriptorInvalid("xdm:destinationVersion must be 1");
    if (relationship) oneOfValues(body, "xdm:cardinality", CARDINALITIES);
    const property = body["xdm:destinationProperty"];
    if (property !== undefined && (typeof property !== "string" || !(await context.fieldOf(destination, property)))) {
      throw Errors.xdmDescriptorInvalid(`xdm:destinationProperty ${JSON.stringify(property)} is not a field of ${reference}`);
    }
    for (const key of ["xdm:destinationNamespace", "xdm:sourceToDestinationName", "xdm:destinationToSourceName", "xdm:sourceToDestinationTitle", "xdm:destinationToSourceTitle"]) {
      if (body[key] !== undefined && typeof body[key] !== "string") throw Errors.xdmDescriptorInvalid(`${key} must be a string`);
    }
  };
}

function requireText(body: Json, key: string): string {
  const value = body[key];
  if (value !== undefined && value !== null && typeof value !== "string") throw Errors.xdmDescriptorInvalid(`${key} must be a string, not ${JSON.stringify(value)}`);
  if (typeof value !== "string" || value.trim() === "") throw Errors.xdmDescriptorInvalid(`${key} is required`);
  return value;
}

function oneOfValues(body: Json, key: string, allowed: readonly string[]): void {
  const value = body[key];
  if (value !== undefined && !(typeof value === "string" && allowed.includes(value))) throw Errors.xdmDescriptorInvalid(`${key} must be one of ${allowed.join(", ")}`);
}

function stringArray(body: Json, key: string): void {
  const value = body[key];
  if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) throw Errors.xdmDescriptorInvalid(`${key} must be an array of strings`);
}
