/**
 * Unions (docs/api/schemaregistry.md#unions): for each class, the merge of the sandbox's schemas
 * of that class enabled for Profile (`"union"` in `meta:immutableTags`). Its `$id` is the class's
 * with `__union`. A schema may join only if it has a primary identity descriptor or an
 * `identityMap` field (XDM-1528), a reference identity on every field of a one-to-one descriptor
 * (XDM-1526), and its fields agree with the other members' (XDM-1413). The
 * Profile union also holds `identityMap` and `segmentMembership`, as AEP's does. Merged, a union
 * holds at most MAX_RESOLVED_FIELDS fields (XDM-1007), as any resource does.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Store } from "../store/database.js";
import { listResources, type ResourceRecord } from "../store/resources.repository.js";
import { listResourcesByParent } from "../store/schema-registry.repository.js";
import { altIdOf, UNION_SUFFIX } from "./ids.js";
import { registryLookup, registryResolver, tenantNamespaceOf } from "./lookup.js";
import { countFields, describeResource, MAX_RESOLVED_FIELDS } from "./resolved-size.js";
import { mergeInto, type ResolvedFields, type ResolveOptions, SchemaResolver, sortedFields } from "./resolver.js";
import type { GlobalContainer } from "./standard/container.js";
import { BEHAVIOR, CLASS, FIELD_GROUP } from "./standard/spec.js";
import { isUnionMember, stringsOf } from "./tenant-resources.js";
import { storedClassOf } from "./class-change.js";
import { allOfRefsOf } from "./composition.js";

type Json = Record<string, unknown>;

/**
 * Fields every Profile union holds whatever its members are (AEP's unions guide): the identity
 * map, segment memberships, and `timeSeriesEvents`, the profile's events as time-series records.
 */
const PROFILE_UNION_FIELD_GROUPS = [FIELD_GROUP.identityMap, FIELD_GROUP.segmentMembership];
const PROFILE_UNION_FIELDS = ["identityMap", "segmentMembership"];

export class Unions {
  constructor(
    private readonly store: Store,
    private readonly global: GlobalContainer,
  ) {}

  /** The class a union id names (`…/profile__union` or its altId form), if it is one. */
  static classOf($id: string): string | undefined {
    return $id.endsWith(UNION_SUFFIX) ? $id.slice(0, -UNION_SUFFIX.length) : undefined;
  }

  /** The schemas of the sandbox enabled for Profile, of one class or of every class. */
  async members(caller: CallerSandbox, classId?: string): Promise<ResourceRecord[]> {
    const schemas = await listResources(this.store.db, "schema", caller);
    return schemas.filter((s) => isUnionMember(s.document) && (classId === undefined || s.document["meta:class"] === classId));
  }

  /** One summary per class with members: `$id`, `meta:altId`, `version` ("1"), `title` (the class's). */
  async list(caller: CallerSandbox): Promise<Json[]> {
    const classes = [...new Set((await this.members(caller)).map((s) => String(s.document["meta:class"])))];
    const lookup = registryResolver(this.store, this.global, caller);
    return Promise.all(
      classes.map(async (classId) => {
        const $id = `${classId}${UNION_SUFFIX}`;
        // AEP's list shows the major version only, its lookup "1.0"
        return { $id, "meta:altId": altIdOf($id), version: "1", title: String((await lookup.load(classId))?.title ?? classId) };
      }),
    );
  }

  /** The union as stored resources describe it (`allOf` of the class and the members' field groups); undefined without members. */
  async document(caller: CallerSandbox, classId: string): Promise<Json | undefined> {
    const members = await this.members(caller, classId);
    if (members.length === 0) return undefined;
    const $id = `${classId}${UNION_SUFFIX}`;
    const parts = [...new Set([classId, ...members.flatMap((m) => allOfRefsOf(m.document))])];
    return {
      $id,
      "meta:altId": altIdOf($id),
      "meta:resourceType": "unions",
      version: "1.0",
      title: `Union object for ${classId}`,
      description: `Union view of all schemas that extend ${classId}`,
      type: "object",
      allOf: parts.map(($ref) => ({ $ref, type: "object", "meta:xdmType": "object" })),
      "meta:extends": [...new Set(members.flatMap((m) => stringsOf(m.document["meta:extends"])))],
      "meta:class": classId,
      "meta:containerId": "tenant",
      imsOrg: caller.imsOrgId,
      "meta:xdmType": "object",
      "meta:registryMetadata": {},
      "meta:tenantNamespace": tenantNamespaceOf(caller),
    };
  }

  /** The merged fields of the union's members. */
  async resolved(caller: CallerSandbox, classId: string, options: ResolveOptions = {}): Promise<ResolvedFields> {
    const members = (await this.members(caller, classId)).map((m) => m.document);
    return this.merge(caller, members, classId, options);
  }

  /**
   * Before a schema tagged `union` is written: it has an identity to merge profiles on, and its
   * fields agree with the other members'. `change.removedDescriptor` leaves out a descriptor about to go.
   */
  async checkCanJoin(caller: CallerSandbox, schema: Json, schemaRowId: string, change: PendingChange = {}): Promise<void> {
    const classId = storedClassOf(schema);
    if (classId === undefined) {
      throw Errors.xdmResourceInvalid("schema", `only a schema that extends a class can be enabled for Profile; ${schema.$id} holds inline fields only`);
    }
    const own = await this.resolver(caller, {}, change.resource).resolve(schema);
    const descriptors = descriptorsAfter(await listResourcesByParent(this.store.db, caller, "descriptor", schemaRowId), change);
    const primary = descriptors.some((d) => d["@type"] === "xdm:descriptorIdentity" && d["xdm:isPrimary"] === true);
    if (!primary && !("identityMap" in own.properties)) throw Errors.xdmUnionIdentityMissing(String(schema.$id));
    const referenced = new Set(descriptors.filter((d) => d["@type"] === "xdm:descriptorReferenceIdentity").map((d) => d["xdm:sourceProperty"]));
    const unreferenced = descriptors.find((d) => d["@type"] === "xdm:descriptorOneToOne" && !referenced.has(d["xdm:sourceProperty"]));
    if (unreferenced) throw Errors.xdmUnionReferenceIdentityMissing(String(schema.$id), String(unreferenced["xdm:sourceProperty"]));
    const others = (await this.members(caller, classId)).filter((m) => m.id !== schemaRowId).map((m) => m.document);
    // a descriptor's change leaves the fields as they are: only a union stored too large can be refused then, as a read is
    const cause = change.resource ? `This change of ${describeResource(change.resource)}` : change.writtenDescriptor || change.removedDescriptor ? undefined : `${describeResource(schema)} as sent`;
    await this.merge(caller, [...others, schema], classId, {}, change.resource, cause);
  }

  /** `cause`: the write that would make the union pass MAX_RESOLVED_FIELDS, for its error. */
  private async merge(caller: CallerSandbox, members: readonly Json[], classId: string, options: ResolveOptions = {}, pending?: Json, cause?: string): Promise<ResolvedFields> {
    const resolver = this.resolver(caller, options, pending);
    const merged: ResolvedFields = { properties: {}, required: [] };
    const add = (part: ResolvedFields) => {
      try {
        mergeInto(merged, part);
      } catch (error) {
        if (error instanceof ApiError && error.code === "1004") throw Errors.xdmUnionMergeConflict(String(error.report.path), error.message);
        throw error;
      }
      if (countFields(merged.properties) > MAX_RESOLVED_FIELDS) {
        const $id = `${classId}${UNION_SUFFIX}`;
        throw Errors.xdmResolvedTooLarge(`the union of ${classId} (${$id})`, $id, MAX_RESOLVED_FIELDS, cause);
      }
    };
    // one member at a time, each merged before the next is resolved: however many members there are, the union holds no more than the bound
    for (const member of members) add(await resolver.resolve(member));
    if (classId === CLASS.profile) {
      for (const id of PROFILE_UNION_FIELD_GROUPS) {
        const fieldGroup = await resolver.resolve(this.global.get(id) ?? {});
        add({ properties: Object.fromEntries(Object.entries(fieldGroup.properties).filter(([name]) => PROFILE_UNION_FIELDS.includes(name))), required: [] });
      }
      add({ properties: { timeSeriesEvents: await this.timeSeriesEvents(resolver) }, required: [] });
    }
    return { properties: sortedFields(merged.properties, tenantNamespaceOf(caller)), required: merged.required };
  }

  /** The union's list of time-series records: each item holds the time-series behaviour's fields. */
  private async timeSeriesEvents(resolver: SchemaResolver): Promise<Json> {
    const behaviour = await resolver.resolve(this.global.get(BEHAVIOR.timeSeries) ?? {});
    return {
      title: "Time-series Events",
      description: "List of time-series based events that relate to schemas based on record.",
      type: "array",
      "meta:xdmType": "array",
      "meta:xdmField": "xdm:timeSeriesEvents",
      items: { type: "object", "meta:xdmType": "object", "meta:referencedFrom": BEHAVIOR.timeSeries, properties: behaviour.properties },
    };
  }

  /** The caller's resources as stored, or with one about to be written in place of its stored self. */
  private resolver(caller: CallerSandbox, options: ResolveOptions, pending?: Json): SchemaResolver {
    if (!pending) return registryResolver(this.store, this.global, caller, options);
    const stored = registryLookup(this.store, this.global, caller);
    return new SchemaResolver(async ($id) => ($id === pending.$id ? pending : stored($id)), { tenantNamespace: tenantNamespaceOf(caller), ...options });
  }
}

/** What is about to change when a union member is checked: a descriptor going or being written, or a resource it uses being rewritten. */
export interface PendingChange {
  removedDescriptor?: string;
  /** a descriptor of the schema about to be created or to replace the stored one of the same id */
  writtenDescriptor?: { id: string; document: Json };
  resource?: Json;
}

/** The schema's descriptors as they will be once the change is written. */
function descriptorsAfter(stored: readonly ResourceRecord[], change: PendingChange): Json[] {
  const written = change.writtenDescriptor;
  const kept = stored.filter((d) => d.id !== change.removedDescriptor && d.id !== written?.id).map((d) => d.document);
  return written ? [...kept, written.document] : kept;
}
