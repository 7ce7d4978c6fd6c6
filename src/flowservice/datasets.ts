/**
 * Catalog datasets, minimal but real (contract §5): a name and a schemaRef naming a schema of the
 * sandbox. POST → 201 ["@/dataSets/<24 hex>"]; GET → {"<id>": {…}}. The lake (issue 6) keeps
 * each dataset's rows; this is only its catalog entry.
 */
import { Errors } from "../errors/catalogue.js";
import { newEtag, newHexId } from "../flows/etag.js";
import type { Store } from "../store/database.js";
import { findResource, insertResource, listResources, type ResourceRecord } from "../store/resources.repository.js";
import type { Actor } from "./actor.js";
import type { Schemas } from "./schemas.js";
import { isObject, type Json, requireBody } from "./validate.js";

export class Datasets {
  constructor(
    private readonly store: Store,
    private readonly schemas: Schemas,
    private readonly now: () => number = Date.now,
  ) {}

  async create(actor: Actor, body: unknown): Promise<string> {
    const input = requireBody(body);
    const { name, description, schemaRef, tags, fileDescription } = input;
    if (typeof name !== "string" || name.trim() === "") throw Errors.dataSetInvalid("name is required");
    if (description !== undefined && typeof description !== "string") throw Errors.dataSetInvalid("description must be a string");
    if (!isObject(schemaRef) || typeof schemaRef.id !== "string") throw Errors.dataSetInvalid("schemaRef.id is required");
    if (schemaRef.contentType !== undefined && typeof schemaRef.contentType !== "string") throw Errors.dataSetInvalid("schemaRef.contentType must be a string");
    if (tags !== undefined && !isTags(tags)) throw Errors.dataSetInvalid("tags must be an object of string arrays");
    if (fileDescription !== undefined && !isObject(fileDescription)) throw Errors.dataSetInvalid("fileDescription must be an object");
    const schema = await this.schemas.find(actor, schemaRef.id);
    if (!schema) throw Errors.dataSetInvalid(`schemaRef.id ${schemaRef.id} is not a schema of sandbox ${actor.sandboxName}`);

    const id = newHexId(12);
    const now = this.now();
    const document: Json = {
      name: name.trim(),
      ...(description !== undefined ? { description } : {}),
      imsOrg: actor.imsOrgId,
      sandboxId: actor.sandboxId,
      tags: tags ?? {},
      version: "1.0.0",
      created: now,
      updated: now,
      createdClient: actor.clientId,
      createdUser: `${actor.clientId}@AdobeID`,
      updatedUser: `${actor.clientId}@AdobeID`,
      schemaRef: { id: (schema.document as { $id: string }).$id, contentType: schemaRef.contentType ?? "application/vnd.adobe.xed+json;version=1" },
      fileDescription: fileDescription ?? { persisted: true, containerFormat: "parquet", format: "parquet" },
      files: `@/dataSetFiles?dataSetId=${id}`,
    };
    await insertResource(this.store.db, actor, { id, kind: "dataSet", parentId: schema.id, document, secret: null, etag: newEtag(now), createdAt: now, updatedAt: now });
    return id;
  }

  find(actor: Actor, id: string): Promise<ResourceRecord | undefined> {
    return findResource(this.store.db, "dataSet", actor, id);
  }

  async get(actor: Actor, id: string): Promise<Json> {
    const record = await this.find(actor, id);
    if (!record) throw Errors.dataSetNotFound(id);
    return { [id]: record.document };
  }

  async list(actor: Actor): Promise<Array<Json & { id: string }>> {
    return (await listResources(this.store.db, "dataSet", actor)).map((r) => ({ id: r.id, ...r.document }));
  }
}

function isTags(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === "string"));
}
