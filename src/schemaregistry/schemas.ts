/**
 * The Schema Registry as the rest of the platform sees it (docs/api/schemaregistry.md): the
 * global container, the tenant's classes, field groups, data types and schemas, their descriptors
 * and unions, and the one resolver. Catalog finds a dataset's schema here; Data Prep checks a
 * mapping set's destinations against `fieldPaths`, the resolved fields of the schema.
 */
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import type { Store } from "../store/database.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import type { AcceptFormat } from "./accept.js";
import { storedClassOf } from "./class-change.js";
import { Descriptors } from "./descriptors.js";
import { canonicalId, tenantOf, type XdmResourceType } from "./ids.js";
import { render } from "./render.js";
import { fieldPaths } from "./resolver.js";
import { GLOBAL_CONTAINER } from "./standard/container.js";
import { notFound, stringsOf, TenantResources } from "./tenant-resources.js";
import { SchemaTransfer } from "./transfer.js";
import { Unions } from "./unions.js";
import { BEHAVIOR } from "./standard/spec.js";
import { allOfRefsOf } from "./composition.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";

type Json = Record<string, unknown>;

const RECENT = 5;
const FULL: AcceptFormat = { notation: "xed", modifiers: new Set(["full"]) };

export class Schemas {
  readonly global = GLOBAL_CONTAINER;
  readonly unions: Unions;
  readonly resources: TenantResources;
  readonly descriptors: Descriptors;
  readonly transfer: SchemaTransfer;

  constructor(store: Store, now: () => number = Date.now) {
    this.unions = new Unions(store, this.global);
    this.resources = new TenantResources(store, this.global, (caller, schema, rowId, changed) => this.unions.checkCanJoin(caller, schema, rowId, { resource: changed }), now);
    this.descriptors = new Descriptors(store, this.resources, this.unions, now);
    this.transfer = new SchemaTransfer(this.resources);
  }

  create(caller: Caller, body: unknown): Promise<Json> {
    return this.resources.create(caller, "schemas", body);
  }

  /** A tenant schema by `$id`, `meta:altId` or bare id; undefined when the sandbox has no such schema. */
  find(caller: CallerSandbox, reference: string): Promise<ResourceRecord | undefined> {
    return this.resources.find(caller, "schemas", canonicalId(reference));
  }

  async get(caller: CallerSandbox, reference: string): Promise<Json> {
    const record = await this.find(caller, reference);
    if (!record) throw notFound("schemas", reference);
    return record.document;
  }

  list(caller: CallerSandbox): Promise<Json[]> {
    return this.resources.list(caller, "schemas");
  }

  /**
   * The resolved (`xed-full`) form of a tenant schema or union: the schema's members with one
   * `properties` tree of every field its class, field groups, data types and inline fields give
   * (`type`, `meta:xdmType`, `format`, `required`, `items`).
   */
  async resolveSchema(caller: CallerSandbox, schemaId: string): Promise<Json> {
    const unionClass = Unions.classOf(canonicalId(schemaId));
    if (unionClass) {
      const union = await this.unions.document(caller, unionClass);
      if (!union) throw Errors.xdmNotFound("union", schemaId);
      return render(union, FULL, { resolve: () => this.unions.resolved(caller, unionClass), descriptors: async () => [] });
    }
    const record = await this.find(caller, schemaId);
    if (!record) throw notFound("schemas", schemaId);
    return render(record.document, FULL, { resolve: () => this.resources.resolverFor(caller).resolve(record.document), descriptors: async () => [] });
  }

  /**
   * How a dataset of the schema behaves (Catalog's `classification.dataBehavior`): `time-series`
   * when the schema is a time-series model-based schema or its class reaches the time-series
   * behaviour (ExperienceEvent, or a tenant class built on it), `record` otherwise.
   */
  async dataBehaviorOf(caller: CallerSandbox, schema: Json): Promise<"time-series" | "record"> {
    if (schema["meta:behaviorType"] === "time-series") return "time-series";
    const resolver = this.resources.resolverFor(caller);
    const seen = new Set<string>();
    const reaches = async (id: string | undefined): Promise<boolean> => {
      if (id === undefined || seen.has(id)) return false;
      if (id === BEHAVIOR.timeSeries) return true;
      seen.add(id);
      const document = await resolver.load(id);
      if (!document) return false;
      const parents = [...stringsOf(document["meta:extends"]), ...allOfRefsOf(document)];
      for (const parent of parents) if (await reaches(parent)) return true;
      return false;
    };
    return (await reaches(storedClassOf(schema))) ? "time-series" : "record";
  }

  /** Every path a mapping may target in the schema: each resolved field, objects included. */
  async fieldPaths(caller: CallerSandbox, record: ResourceRecord): Promise<Set<string>> {
    return fieldPaths(await this.resources.resolverFor(caller).resolve(record.document));
  }

  /** `GET /stats`: the org's tenant id and what its sandbox holds. */
  async stats(caller: CallerSandbox): Promise<Json> {
    const records = await this.resources.all(caller);
    const documents = records.map((r) => r.document);
    const count = (type: XdmResourceType) => documents.filter((d) => d["meta:resourceType"] === type).length;
    const created = (d: Json) => Number((d["meta:registryMetadata"] as Json | undefined)?.["repo:createdDate"] ?? 0);
    const updated = (d: Json) => Number((d["meta:registryMetadata"] as Json | undefined)?.["repo:lastModifiedDate"] ?? 0);
    const brief = (d: Json) => ({ $id: d.$id, title: d.title, description: d.description ?? "", "meta:resourceType": d["meta:resourceType"], version: d.version });
    const classTitle = (classId: string) => this.global.get(classId)?.title ?? documents.find((d) => d.$id === classId)?.title;
    const classUsage: Record<string, Json[]> = {};
    for (const schema of documents.filter((d) => d["meta:resourceType"] === "schemas" && storedClassOf(d) !== undefined)) {
      (classUsage[String(schema["meta:class"])] ??= []).push({ $id: schema.$id, title: schema.title, description: schema.description ?? "" });
    }
    return {
      imsOrg: caller.imsOrgId,
      tenantId: tenantOf(caller.imsOrgId),
      counts: { schemas: count("schemas"), mixins: count("mixins"), datatypes: count("datatypes"), classes: count("classes"), unions: (await this.unions.list(caller)).length },
      recentlyCreatedResources: [...documents].sort((a, b) => created(b) - created(a)).slice(0, RECENT).map((d) => ({ ...brief(d), "meta:created": aepDate(created(d)) })),
      recentlyUpdatedResources: [...documents]
        .sort((a, b) => updated(b) - updated(a))
        .slice(0, RECENT)
        .map((d) => ({
          ...brief(d),
          "meta:updated": aepDate(updated(d)),
          ...(typeof d["meta:class"] === "string" ? { "meta:class": d["meta:class"], "meta:classTitle": classTitle(d["meta:class"]) } : {}),
        })),
      classUsage,
    };
  }
}

/** A time as AEP's /stats writes it: `Sat Feb 02 2019 00:24:30 GMT+0000 (UTC)`. */
function aepDate(ms: number): string {
  const [weekday, day, month, year, time] = new Date(ms).toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${day} ${year} ${time} GMT+0000 (UTC)`;
}
