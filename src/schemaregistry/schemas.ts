/**
 * Schema Registry tenant schemas, minimal but real (docs/api/schemaregistry.md): a schema is an
 * XDM object with typed fields (xdm-schema.ts), stored per sandbox, looked up by `$id`
 * (URL-encoded or not) or `meta:altId`. Its field paths are what mapping sets are checked against.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newHexId } from "../aep-conventions/etag.js";
import { readXdmSchema, XdmSchemaError, xdmFieldPaths } from "./xdm-schema.js";
import type { Store } from "../store/database.js";
import { findResource, insertResource, listResources, type ResourceRecord } from "../store/resources.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Json } from "../aep-conventions/request-body.js";

/** The tenant namespace of an org: its id's letters and digits before the @, lower-cased. */
export function tenantOf(imsOrgId: string): string {
  const tenant = imsOrgId.split("@")[0].toLowerCase().replace(/[^a-z0-9]/g, "");
  return tenant === "" ? "tenant" : tenant;
}

export class Schemas {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<Json> {
    let parts;
    try {
      parts = readXdmSchema(body);
    } catch (error) {
      if (error instanceof XdmSchemaError) throw Errors.xdmResourceInvalid("schema", error.message);
      throw error;
    }
    const id = newHexId(16);
    const tenant = tenantOf(caller.imsOrgId);
    const now = this.now();
    const etag = newEtag(now);
    const document: Json = {
      $id: `https://ns.adobe.com/${tenant}/schemas/${id}`,
      "meta:altId": `_${tenant}.schemas.${id}`,
      "meta:resourceType": "schemas",
      version: "1.0",
      title: parts.title,
      ...(parts.description !== undefined ? { description: parts.description } : {}),
      type: "object",
      ...(Object.keys(parts.definitions).length > 0 ? { definitions: parts.definitions } : {}),
      ...(Object.keys(parts.properties).length > 0 ? { properties: parts.properties } : {}),
      ...(parts.allOf.length > 0 ? { allOf: parts.allOf } : {}),
      "meta:class": parts.externalRefs[0] ?? "https://ns.adobe.com/xdm/data/record",
      "meta:abstract": false,
      "meta:extensible": false,
      "meta:extends": parts.externalRefs,
      "meta:containerId": "tenant",
      imsOrg: caller.imsOrgId,
      "meta:xdmType": "object",
      "meta:registryMetadata": {
        "repo:createdDate": now,
        "repo:lastModifiedDate": now,
        "xdm:createdClientId": caller.clientId,
        "xdm:lastModifiedClientId": caller.clientId,
        eTag: etag.replace(/"/g, ""),
      },
      "meta:sandboxId": caller.sandboxId,
      "meta:sandboxType": caller.sandboxName === "prod" ? "production" : "development",
      "meta:tenantNamespace": `_${tenant}`,
    };
    await insertResource(this.store.db, caller, { id, kind: "schema", parentId: null, document, secret: null, etag, createdAt: now, updatedAt: now });
    return document;
  }

  /** By `$id`, `meta:altId` or the bare id; undefined when the sandbox has no such schema. */
  async find(caller: Caller, reference: string): Promise<ResourceRecord | undefined> {
    const id = schemaIdOf(reference);
    if (!id) return undefined;
    const record = await findResource(this.store.db, "schema", caller, id);
    if (!record) return undefined;
    const { $id, "meta:altId": altId } = record.document as { $id: string; "meta:altId": string };
    return reference === $id || reference === altId || reference === id ? record : undefined;
  }

  async get(caller: Caller, reference: string): Promise<Json> {
    const record = await this.find(caller, reference);
    if (!record) throw Errors.schemaNotFound(reference);
    return record.document;
  }

  async list(caller: Caller): Promise<Array<Json & { id: string }>> {
    return (await listResources(this.store.db, "schema", caller)).map((r) => ({ id: r.id, ...r.document }));
  }

  /** Every field path of the schema, for mapping checks. */
  fieldPaths(record: ResourceRecord): Set<string> {
    const d = record.document as { properties?: Json; definitions?: Json; allOf?: Json[] };
    return xdmFieldPaths({ properties: d.properties ?? {}, definitions: d.definitions ?? {}, allOf: d.allOf ?? [] });
  }
}

function schemaIdOf(reference: string): string | undefined {
  const m = /(?:\/schemas\/|\.schemas\.)([0-9a-f]{32})$/.exec(reference) ?? /^([0-9a-f]{32})$/.exec(reference);
  return m?.[1];
}
