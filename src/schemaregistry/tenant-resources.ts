/**
 * The tenant container's classes, field groups, data types and schemas
 * (docs/api/schemaregistry.md#the-tenant-container): created, read, replaced (PUT), patched
 * (JSON Patch), deleted. Each is stored as the document AEP shows (`$id`, `meta:altId`,
 * `version` 1.0 bumped by 0.1 on every change, `meta:*`); composition.ts checks what it is made
 * of. A change is written only if nobody changed the resource meanwhile (etag compare-and-set,
 * retried), and a change of a class, field group or data type must leave every resource built
 * on it valid (and the fields its schemas' identity, relationship and key descriptors name: descriptor-fields.ts); a schema keeps its class (class-change.ts); a schema a dataset is built on only gains fields (evolution.ts). What a dataset,
 * mapping set or another resource uses cannot be deleted.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { bareEtag, newEtag, newHexId, sameEtag } from "../aep-conventions/etag.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import { applyPatch, type PatchOp } from "../aep-conventions/json-patch.js";
import type { Store } from "../store/database.js";
import { deleteResource, findResource, insertResource, listResources, type ResourceRecord, updateResource } from "../store/resources.repository.js";
import { findSchemaUser, listResourcesByParent, listResourcesOfKinds } from "../store/schema-registry.repository.js";
import { listBatches } from "../store/batches.repository.js";
import { allOfRefsOf, CLASSLESS_SCHEMA_CLASS, compose, type Composition } from "./composition.js";
import { checkClassKept } from "./class-change.js";
import { checkReadOnlyKept } from "./read-only-members.js";
import { checkDescriptorFieldsKept } from "./descriptor-fields.js";
import { breakingChanges } from "./evolution.js";
import { altIdOf, tenantHexOf, tenantOf, tenantResourceId, XDM_KINDS, type XdmResourceType } from "./ids.js";
import { registryLookup, registryResolver, tenantNamespaceOf } from "./lookup.js";
import { describeResource, tooLargeBecause } from "./resolved-size.js";
import { type ResolveOptions, type ResourceLookup, SchemaResolver } from "./resolver.js";
import type { GlobalContainer } from "./standard/container.js";
import { readXdmBody, type XdmBody, XdmSchemaError } from "./xdm-schema.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

const WRITE_ATTEMPTS = 5;
const TENANT_KINDS = Object.values(XDM_KINDS).map((k) => k.storeKind);
export const UNION_TAG = "union";

/** What must hold for a schema of a union; `changed` is a resource it uses that is about to be rewritten. */
export type UnionCheck = (caller: Caller, schema: Json, schemaRowId: string, changed?: Json) => Promise<void>;

export class TenantResources {
  constructor(
    private readonly store: Store,
    private readonly global: GlobalContainer,
    /** what must hold before a schema tagged `union` is written (unions.ts) */
    private readonly unionCheck: UnionCheck,
    private readonly now: () => number,
  ) {}

  lookupFor(caller: CallerSandbox): ResourceLookup {
    return registryLookup(this.store, this.global, caller);
  }

  resolverFor(caller: CallerSandbox, options: ResolveOptions = {}): SchemaResolver {
    return registryResolver(this.store, this.global, caller, options);
  }

  /** By `$id`, `meta:altId` or bare 32-hex id; undefined when the sandbox has no such resource. */
  async find(caller: CallerSandbox, type: XdmResourceType, reference: string): Promise<ResourceRecord | undefined> {
    const hex = tenantHexOf(reference, tenantOf(caller.imsOrgId), type);
    return hex ? findResource(this.store.db, XDM_KINDS[type].storeKind, caller, hex) : undefined;
  }

  async get(caller: CallerSandbox, type: XdmResourceType, reference: string): Promise<ResourceRecord> {
    const record = await this.find(caller, type, reference);
    if (!record) throw notFound(type, reference);
    return record;
  }

  async list(caller: CallerSandbox, type: XdmResourceType): Promise<Json[]> {
    return (await listResources(this.store.db, XDM_KINDS[type].storeKind, caller)).map((r) => r.document);
  }

  /** Every tenant class, field group, data type and schema of the sandbox. */
  async all(caller: CallerSandbox): Promise<ResourceRecord[]> {
    return listResourcesOfKinds(this.store.db, caller, TENANT_KINDS);
  }

  /** `hex` keeps a resource's id when it is imported; new resources get a fresh one. */
  async create(caller: Caller, type: XdmResourceType, body: unknown, hex: string = newHexId(16)): Promise<Json> {
    const parts = readBody(type, body);
    await this.checkTitleUnique(caller, type, parts.title, undefined);
    const { document, etag, now } = await this.newDocument(caller, type, parts, hex);
    if (isUnionMember(document)) await this.unionCheck(caller, document, hex);
    await insertResource(this.store.db, caller, { id: hex, kind: XDM_KINDS[type].storeKind, parentId: null, document, secret: null, etag, createdAt: now, updatedAt: now });
    return document;
  }

  /**
   * The document `create` would store for this body, checked and composed as creation checks it,
   * neither saved nor held to a unique title (Data Prep's preview into a schema not yet created).
   */
  async draft(caller: Caller, type: XdmResourceType, body: unknown): Promise<Json> {
    return (await this.newDocument(caller, type, readBody(type, body), newHexId(16))).document;
  }

  private async newDocument(caller: Caller, type: XdmResourceType, parts: XdmBody, hex: string): Promise<{ document: Json; etag: string; now: number }> {
    const $id = tenantResourceId(tenantOf(caller.imsOrgId), type, hex);
    const composition = await compose(type, $id, parts, this.compositionContext(caller));
    const now = this.now();
    const etag = newEtag(now);
    return { document: this.document(caller, type, $id, parts, composition, { version: "1.0", created: { at: now, clientId: caller.clientId }, etag, now }), etag, now };
  }

  /**
   * PUT: the body replaces the resource; the read-only members it may carry (aepp sends back a GET) are recomputed.
   * `ifMatch`, when sent: the eTag the client read (`meta:registryMetadata.eTag`); another is 412.
   */
  replace(caller: Caller, type: XdmResourceType, reference: string, body: unknown, ifMatch?: string): Promise<Json> {
    return this.update(caller, type, reference, (stored) => kept(type, stored, body, "PUT"), ifMatch);
  }

  /** PATCH: JSON Patch on the resource as stored, then checked as a PUT of the result; `ifMatch` as for a PUT. */
  patch(caller: Caller, type: XdmResourceType, reference: string, ops: readonly PatchOp[], ifMatch?: string): Promise<Json> {
    return this.update(caller, type, reference, (stored) => kept(type, stored, applyPatch(stored, ops.map((op) => lenientPatchOp(op, stored))), "PATCH"), ifMatch);
  }

  async delete(caller: Caller, type: XdmResourceType, reference: string): Promise<void> {
    const record = await this.get(caller, type, reference);
    const $id = String(record.document.$id);
    const label = XDM_KINDS[type].label;
    if (type === "schemas") {
      const user = await findSchemaUser(this.store.db, caller, record.id);
      if (user) throw Errors.xdmResourceInUse(label, $id, `the ${user.kind === "dataSet" ? "dataset" : "mapping set"} ${user.id}`);
    }
    const user = (await this.all(caller)).find((r) => r.id !== record.id && stringsOf(r.document.refs).includes($id));
    if (user) throw Errors.xdmResourceInUse(label, $id, `the ${XDM_KINDS[user.document["meta:resourceType"] as XdmResourceType].label} ${user.document.$id}`);
    const descriptors = await listResources(this.store.db, "descriptor", caller);
    const pointing = descriptors.find((d) => d.parentId !== record.id && [d.document["xdm:destinationSchema"], d.document["xdm:sourceSchema"]].includes($id));
    if (pointing) throw Errors.xdmResourceInUse(label, $id, `the descriptor ${pointing.id} of ${pointing.document["xdm:sourceSchema"]}`);
    await this.store.db.transaction().execute(async (trx) => {
      for (const descriptor of descriptors.filter((d) => d.parentId === record.id)) await deleteResource(trx, "descriptor", caller, descriptor.id);
      await deleteResource(trx, record.kind, caller, record.id);
    });
  }

  private async update(caller: Caller, type: XdmResourceType, reference: string, next: (stored: Json) => unknown, ifMatch?: string): Promise<Json> {
    const label = XDM_KINDS[type].label;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const record = await this.get(caller, type, reference);
      // a change made over another version than the one the client read would undo that version's change unseen
      if (ifMatch !== undefined && ifMatch.trim() !== "*" && !sameEtag(ifMatch, record.etag)) throw Errors.versionMismatch(ifMatch, bareEtag(record.etag));
      const stored = record.document;
      const sent = next(stored);
      const parts = readBody(type, sent);
      // tags are never removed once set (a PUT of an older body keeps them)
      const tags = [...new Set([...stringsOf(stored["meta:immutableTags"]), ...(parts.immutableTags ?? [])])];
      const $id = String(stored.$id);
      await this.checkTitleUnique(caller, type, parts.title, record.id);
      const composition = await compose(type, $id, { ...parts, immutableTags: tags }, this.compositionContext(caller));
      if (type === "schemas") checkClassKept(stored, sent, composition.classId);
      const now = this.now();
      const etag = newEtag(now);
      const metadata = isObject(stored["meta:registryMetadata"]) ? stored["meta:registryMetadata"] : {};
      const created = { at: Number(metadata["repo:createdDate"] ?? record.createdAt), clientId: String(metadata["xdm:createdClientId"] ?? caller.clientId) };
      const document = this.document(caller, type, $id, { ...parts, immutableTags: tags }, composition, { version: nextVersion(stored.version), created, etag, now });
      if (type !== "schemas") await this.checkDependents(caller, document);
      await this.checkAdditive(caller, record, document);
      await this.checkDescriptorsKept(caller, record, document);
      if (isUnionMember(document)) await this.unionCheck(caller, document, record.id);
      const written = await updateResource(this.store.db, caller, { id: record.id, kind: record.kind, parentId: null, document, secret: null, etag, updatedAt: now }, record.etag);
      if (written) return document;
    }
    throw Errors.xdmWriteConflict(label, reference);
  }

  /**
   * No other resource of this kind in the sandbox has this title (XDM-1521). Only of this kind: AEP's
   * create-schema tutorial answers 201 for a data type titled as the field group it made before.
   */
  private async checkTitleUnique(caller: CallerSandbox, type: XdmResourceType, title: string, exceptRowId: string | undefined): Promise<void> {
    const { storeKind, label } = XDM_KINDS[type];
    const holder = (await listResourcesOfKinds(this.store.db, caller, [storeKind])).find((r) => r.id !== exceptRowId && r.document.title === title);
    if (holder) throw Errors.xdmTitleNotUnique(title, label, String(holder.document.$id));
  }

  /** Every resource built on the resource `$id`, at any depth. */
  private async dependentsOf(caller: CallerSandbox, $id: string): Promise<Set<ResourceRecord>> {
    const records = await this.all(caller);
    const dependents = new Set<ResourceRecord>();
    let frontier = [$id];
    while (frontier.length > 0) {
      const users = records.filter((r) => !dependents.has(r) && stringsOf(r.document.refs).some((ref) => frontier.includes(ref)));
      users.forEach((r) => dependents.add(r));
      frontier = users.map((r) => String(r.document.$id));
    }
    return dependents;
  }

  /** The lookup of the sandbox's resources with `changed` as it is about to be written. */
  private lookupWith(caller: CallerSandbox, changed: Json): ResourceLookup {
    const base = this.lookupFor(caller);
    return async (ref) => (ref === changed.$id ? changed : base(ref));
  }

  /**
   * Every resource built on the changed one (at any depth) must still resolve (within
   * MAX_RESOLVED_FIELDS, deprecated fields too), its field groups still fit its class, and a schema
   * of a union must still merge with the union's other members.
   */
  private async checkDependents(caller: Caller, changed: Json): Promise<void> {
    const changedId = String(changed.$id);
    const resolver = new SchemaResolver(this.lookupWith(caller, changed), { deprecated: true });
    for (const { id: rowId, document: dependent } of await this.dependentsOf(caller, changedId)) {
      try {
        await resolver.resolve(dependent);
      } catch (error) {
        throw tooLargeBecause(error, dependent, `This change of ${describeResource(changed)}`);
      }
      if (isUnionMember(dependent)) await this.unionCheck(caller, dependent, rowId, changed);
      const usesDirectly = allOfRefsOf(dependent).includes(changedId);
      if (usesDirectly && dependent["meta:resourceType"] === "schemas" && changed["meta:resourceType"] === "mixins") {
        const classId = String(dependent["meta:class"]);
        const intended = stringsOf(changed["meta:intendedToExtend"]);
        if (intended.length > 0 && !intended.some((id) => stringsOf(dependent["meta:extends"]).includes(id))) {
          throw Errors.xdmNotIntendedFor(changedId, intended, classId);
        }
      }
    }
  }

  /**
   * A schema a dataset holding data is built on — the changed one, or one built on it at any depth —
   * may only gain fields (evolution.ts): its datasets' tables hold rows of the fields it had. A
   * dataset without a batch has no table yet (its first batch makes it), so nothing can break.
   */
  private async checkAdditive(caller: Caller, record: ResourceRecord, changed: Json): Promise<void> {
    const schemas = record.kind === XDM_KINDS.schemas.storeKind ? [record] : [...(await this.dependentsOf(caller, String(changed.$id)))].filter((r) => r.kind === XDM_KINDS.schemas.storeKind);
    for (const schema of schemas) {
      const dataSets = await this.dataSetsHoldingData(caller, schema);
      if (dataSets.length === 0) continue;
      const before = await this.resolverFor(caller).resolve(schema.document);
      const after = await new SchemaResolver(this.lookupWith(caller, changed)).resolve(schema.id === record.id ? changed : schema.document);
      const [first] = breakingChanges(before, after);
      if (first) {
        const label = XDM_KINDS[changed["meta:resourceType"] as XdmResourceType].label;
        const named = dataSets.map((d) => ({ id: d.id, name: String(d.document.name ?? "") }));
        throw Errors.xdmBreakingChange(label, String(changed.$id), first.path, first.change, String(schema.document.$id), named);
      }
    }
  }

  /** The schemas the change rewrites keep the fields their identity, relationship and key descriptors name (descriptor-fields.ts). */
  private async checkDescriptorsKept(caller: Caller, record: ResourceRecord, changed: Json): Promise<void> {
    const descriptors = await listResources(this.store.db, "descriptor", caller);
    if (descriptors.length === 0) return;
    const schemas = record.kind === XDM_KINDS.schemas.storeKind ? [record] : [...(await this.dependentsOf(caller, String(changed.$id)))].filter((r) => r.kind === XDM_KINDS.schemas.storeKind);
    const resolver = new SchemaResolver(this.lookupWith(caller, changed), { deprecated: true });
    const change = `the ${XDM_KINDS[changed["meta:resourceType"] as XdmResourceType].label} ${changed.$id}`;
    for (const schema of schemas) {
      const resolved = await resolver.resolve(schema.id === record.id ? changed : schema.document);
      checkDescriptorFieldsKept(change, { rowId: schema.id, $id: String(schema.document.$id), resolved }, descriptors);
    }
  }

  private async dataSetsHoldingData(caller: Caller, schema: ResourceRecord): Promise<ResourceRecord[]> {
    const dataSets = await listResourcesByParent(this.store.db, caller, "dataSet", schema.id);
    const holding = await Promise.all(
      dataSets.map(async (d) => (await listBatches(this.store.db, caller, { datasetId: d.id, status: "success", order: [], offset: 0, limit: 1 })).length > 0),
    );
    return dataSets.filter((_, i) => holding[i]);
  }

  private compositionContext(caller: CallerSandbox) {
    return { lookup: this.lookupFor(caller), tenantNamespace: tenantNamespaceOf(caller) };
  }

  private document(
    caller: Caller,
    type: XdmResourceType,
    $id: string,
    parts: XdmBody,
    composition: Composition,
    meta: { version: string; created: { at: number; clientId: string }; etag: string; now: number },
  ): Json {
    const isSchema = type === "schemas";
    const tags = parts.immutableTags ?? [];
    return {
      $id,
      "meta:altId": altIdOf($id),
      "meta:resourceType": type,
      version: meta.version,
      title: parts.title,
      ...(parts.description !== undefined ? { description: parts.description } : {}),
      type: "object",
      ...composition.content,
      ...(isSchema ? { "meta:class": composition.classId ?? CLASSLESS_SCHEMA_CLASS } : {}),
      ...(isSchema && tags.length > 0 ? { "meta:immutableTags": tags } : {}),
      refs: composition.refs,
      "meta:abstract": !isSchema,
      "meta:extensible": !isSchema,
      "meta:extends": composition.extends,
      ...(composition.behaviorType !== undefined ? { "meta:behaviorType": composition.behaviorType } : {}),
      "meta:containerId": "tenant",
      imsOrg: caller.imsOrgId,
      "meta:xdmType": "object",
      "meta:registryMetadata": {
        "repo:createdDate": meta.created.at,
        "repo:lastModifiedDate": meta.now,
        "xdm:createdClientId": meta.created.clientId,
        "xdm:lastModifiedClientId": caller.clientId,
        "xdm:createdUserId": `${meta.created.clientId}@AdobeID`,
        "xdm:lastModifiedUserId": `${caller.clientId}@AdobeID`,
        eTag: meta.etag.replace(/"/g, ""),
      },
      "meta:sandboxId": caller.sandboxId,
      "meta:sandboxType": caller.sandboxName === "prod" ? "production" : "development",
      "meta:tenantNamespace": tenantNamespaceOf(caller),
    };
  }
}

export function notFound(type: XdmResourceType, reference: string) {
  switch (type) {
    case "schemas":
      return Errors.schemaNotFound(reference);
    case "classes":
      return Errors.xdmNotFound("class", reference);
    case "mixins":
      return Errors.xdmNotFound("field group", reference);
    case "datatypes":
      return Errors.xdmNotFound("data type", reference);
  }
}

function readBody(type: XdmResourceType, body: unknown): XdmBody {
  try {
    return readXdmBody(body);
  } catch (error) {
    if (error instanceof XdmSchemaError) throw Errors.xdmResourceInvalid(XDM_KINDS[type].label, error.message);
    throw error;
  }
}

export function isUnionMember(document: Json): boolean {
  return stringsOf(document["meta:immutableTags"]).includes(UNION_TAG);
}

/** "1.0" → "1.1" → … → "1.10": the minor version counts changes. */
export function nextVersion(version: unknown): string {
  const m = /^(\d+)\.(\d+)$/.exec(String(version));
  return m ? `${m[1]}.${Number(m[2]) + 1}` : "1.1";
}

/**
 * Patch operations as clients really send them: aepp adds a field group with `"path": "/allOf"`
 * and an object value (meaning "append"), and its tag example writes `/meta:immutableTags-`.
 * Both become the append they mean; adding to tags that do not exist yet creates them.
 */
/** The body of a PUT or the result of a PATCH, once it is known to leave the registry's own members alone. */
function kept(type: XdmResourceType, stored: Json, sent: unknown, how: "PUT" | "PATCH"): unknown {
  checkReadOnlyKept(XDM_KINDS[type].label, stored, sent, how);
  return sent;
}

function lenientPatchOp(op: PatchOp, stored: Json): PatchOp {
  const [first] = op.path;
  if (op.op === "add" && op.path.length === 1 && first === "allOf" && isObject(op.value)) return { ...op, path: ["allOf", "-"], pointer: "/allOf/-" };
  if (op.op === "add" && op.path.length === 1 && first === "meta:immutableTags-") {
    return stored["meta:immutableTags"] === undefined
      ? { ...op, path: ["meta:immutableTags"], pointer: "/meta:immutableTags", value: [op.value] }
      : { ...op, path: ["meta:immutableTags", "-"], pointer: "/meta:immutableTags/-" };
  }
  if (op.op === "add" && op.path.length === 2 && first === "meta:immutableTags" && op.path[1] === "-" && stored["meta:immutableTags"] === undefined) {
    return { ...op, path: ["meta:immutableTags"], pointer: "/meta:immutableTags", value: [op.value] };
  }
  return op;
}

export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
