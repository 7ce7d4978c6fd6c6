/**
 * Catalog datasets, minimal but real (docs/api/catalog.md): a name and a schemaRef naming a schema
 * of the sandbox. POST → 201 ["@/dataSets/<24 hex>"]; GET → {"<id>": {…}}. The lake (src/lake)
 * keeps each dataset's rows; this is only its catalog entry.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newHexId } from "../aep-conventions/etag.js";
import type { Store } from "../store/database.js";
import { findResource, insertResource, listResources, type ResourceRecord } from "../store/resources.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Schemas } from "../schemaregistry/schemas.js";
import { isObject, type Json, requireBody } from "../aep-conventions/request-body.js";

export class Datasets {
  constructor(
    private readonly store: Store,
    private readonly schemas: Schemas,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<string> {
    const input = requireBody(body);
    const { name, description, schemaRef, tags, fileDescription } = input;
    if (typeof name !== "string" || name.trim() === "") throw Errors.dataSetInvalid("name is required");
    if (description !== undefined && typeof description !== "string") throw Errors.dataSetInvalid("description must be a string");
    if (!isObject(schemaRef) || typeof schemaRef.id !== "string") throw Errors.dataSetInvalid("schemaRef.id is required");
    if (schemaRef.contentType !== undefined && typeof schemaRef.contentType !== "string") throw Errors.dataSetInvalid("schemaRef.contentType must be a string");
    if (tags !== undefined && !isTags(tags)) throw Errors.dataSetInvalid("tags must be an object of string arrays");
    if (fileDescription !== undefined && !isObject(fileDescription)) throw Errors.dataSetInvalid("fileDescription must be an object");
    const schema = await this.schemas.find(caller, schemaRef.id);
    if (!schema) throw Errors.dataSetInvalid(`schemaRef.id ${schemaRef.id} is not a schema of sandbox ${caller.sandboxName}`);

    const id = newHexId(12);
    const now = this.now();
    const document: Json = {
      name: name.trim(),
      ...(description !== undefined ? { description } : {}),
      imsOrg: caller.imsOrgId,
      sandboxId: caller.sandboxId,
      tags: tags ?? {},
      version: "1.0.0",
      created: now,
      updated: now,
      createdClient: caller.clientId,
      createdUser: `${caller.clientId}@AdobeID`,
      updatedUser: `${caller.clientId}@AdobeID`,
      schemaRef: { id: (schema.document as { $id: string }).$id, contentType: schemaRef.contentType ?? "application/vnd.adobe.xed+json;version=1" },
      fileDescription: fileDescription ?? { persisted: true, containerFormat: "parquet", format: "parquet" },
      files: `@/dataSetFiles?dataSetId=${id}`,
    };
    await insertResource(this.store.db, caller, { id, kind: "dataSet", parentId: schema.id, document, secret: null, etag: newEtag(now), createdAt: now, updatedAt: now });
    return id;
  }

  find(caller: Caller, id: string): Promise<ResourceRecord | undefined> {
    return findResource(this.store.db, "dataSet", caller, id);
  }

  async get(caller: Caller, id: string): Promise<Json> {
    const record = await this.find(caller, id);
    if (!record) throw Errors.dataSetNotFound(id);
    return { [id]: record.document };
  }

  async list(caller: Caller): Promise<Array<Json & { id: string }>> {
    return (await listResources(this.store.db, "dataSet", caller)).map((r) => ({ id: r.id, ...r.document }));
  }
}

function isTags(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === "string"));
}
