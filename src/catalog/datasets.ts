/**
 * Catalog datasets (docs/api/catalog.md): a name and a schemaRef naming a schema of the sandbox.
 * POST → 201 ["@/dataSets/<24 hex>"]; GET → {"<id>": {…}}; PATCH (fields or JSON Patch) of name,
 * description and tags → ["@/dataSets/<id>"]; DELETE, refused while a target connection or a flow
 * uses the dataset, removes it with its batches and its Delta table. The lake (src/lake) keeps each
 * dataset's rows; this is its catalog entry.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newHexId, sameEtag } from "../aep-conventions/etag.js";
import { applyPatch, parsePatch } from "../aep-conventions/json-patch.js";
import type { Store } from "../store/database.js";
import { datasetUsers, deleteResource, findResource, insertResource, lockResource, pageResources, type ResourceRecord, updateResource } from "../store/resources.repository.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { ListResult } from "../aep-conventions/listing/page.js";
import type { ListColumns } from "../store/list-pages.js";
import { deleteDatasetBatches } from "../store/batches.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Schemas } from "../schemaregistry/schemas.js";
import { deepEqual, isObject, type Json, requireBody } from "../aep-conventions/request-body.js";
import { batchFolder, datasetTableRoot, removeLakeFolder } from "../lake/lake-paths.js";
import { requireProfileSchemaFor } from "./profile-enablement.js";

/** What a PATCH may change; everything else of a dataset is Catalog's own or names another object. */
const EDITABLE = new Set(["name", "description", "tags"]);
/** what a create body may hold */
const CREATE_FIELDS = ["name", "description", "schemaRef", "tags", "fileDescription"];
/** a Schema Registry media type, as schemaRef.contentType names one: application/vnd.adobe.xed-full+json;version=1 */
const SCHEMA_CONTENT_TYPE = /^application\/vnd\.adobe\.(xed|xdm)(-[a-z0-9]+)*\+json\s*(;\s*version\s*=\s*[0-9.]+\s*)?$/i;

export class Datasets {
  constructor(
    private readonly store: Store,
    private readonly schemas: Schemas,
    /** where the datasets' Delta tables and their batches' failed rows are */
    private readonly lakeRoot: string,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<string> {
    const input = requireBody(body);
    const { name, description, schemaRef, tags, fileDescription } = input;
    // a misspelt field (descripton, schemaref) would otherwise be dropped unseen
    for (const key of Object.keys(input)) {
      if (!CREATE_FIELDS.includes(key)) throw Errors.dataSetInvalid(`${key} is not a field a dataset is created with: the body takes ${CREATE_FIELDS.join(", ")}`);
    }
    checkName(name);
    checkDescription(description);
    if (schemaRef !== undefined && schemaRef !== null && !isObject(schemaRef)) {
      throw Errors.dataSetInvalid(`schemaRef must be an object, as {"id": "<schema $id>", "contentType": "application/vnd.adobe.xed+json;version=1"}, not ${JSON.stringify(schemaRef)}`);
    }
    if (!isObject(schemaRef) || schemaRef.id === undefined || schemaRef.id === null || (typeof schemaRef.id === "string" && schemaRef.id.trim() === "")) {
      throw Errors.dataSetInvalid("schemaRef.id is required");
    }
    if (typeof schemaRef.id !== "string") throw Errors.dataSetInvalid(`schemaRef.id must be a string, not ${JSON.stringify(schemaRef.id)}`);
    if (schemaRef.contentType !== undefined && (typeof schemaRef.contentType !== "string" || !SCHEMA_CONTENT_TYPE.test(schemaRef.contentType))) {
      throw Errors.dataSetInvalid(
        `schemaRef.contentType must be a schema's media type, as application/vnd.adobe.xed+json;version=1 or application/vnd.adobe.xed-full+json;version=1, not ${JSON.stringify(schemaRef.contentType)}`,
      );
    }
    checkTags(tags);
    if (fileDescription !== undefined && !isObject(fileDescription)) throw Errors.dataSetInvalid("fileDescription must be an object");
    const schema = await this.schemas.find(caller, schemaRef.id);
    if (!schema) throw Errors.dataSetInvalid(`schemaRef.id ${schemaRef.id} is not a schema of sandbox ${caller.sandboxName}`);
    const schemaId = (schema.document as { $id: string }).$id;
    await requireProfileSchemaFor(this.schemas, caller, schemaId, tags);

    const id = newHexId(12);
    const now = this.now();
    const document: Json = {
      name: (name as string).trim(),
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
      classification: { dataBehavior: await this.schemas.dataBehaviorOf(caller, schema.document) },
      schemaRef: { id: schemaId, contentType: schemaRef.contentType ?? "application/vnd.adobe.xed+json;version=1" },
      fileDescription: fileDescription ?? { persisted: true, containerFormat: "parquet", format: "parquet" },
      files: `@/dataSetFiles?dataSetId=${id}`,
    };
    await insertResource(this.store.db, caller, { id, kind: "dataSet", parentId: schema.id, document, secret: null, etag: newEtag(now), createdAt: now, updatedAt: now });
    return id;
  }

  find(caller: Caller, id: string): Promise<ResourceRecord | undefined> {
    return findResource(this.store.db, "dataSet", caller, id);
  }

  /** The dataset keyed by its id, and its etag: the ETag header of the answer, which a PATCH's If-Match names. */
  async get(caller: Caller, id: string): Promise<{ body: Json; etag: string }> {
    const record = await this.find(caller, id);
    if (!record) throw Errors.dataSetNotFound(id);
    return { body: { [id]: shown(record.document) }, etag: record.etag };
  }

  /** One page of the sandbox's datasets, `offset` items in (Catalog's `start`). */
  async list(caller: Caller, query: ListQuery, offset: number): Promise<ListResult<Json & { id: string }>> {
    return pageResources(this.store.db, "dataSet", caller, query, {
      columns: DATASET_LIST_COLUMNS,
      offset,
      toDocument: (r) => ({ id: r.id, ...shown(r.document) }),
    });
  }

  /**
   * PATCH with fields (an object, merged as RFC 7386 merge patch: `tags` key by key, null removes)
   * or with JSON Patch (an array of operations). Only name, description and tags may change.
   */
  async update(caller: Caller, id: string, body: unknown, ifMatch?: string): Promise<void> {
    const change = parseChange(body);
    // another PATCH may land between the read and the write: read again and re-apply
    for (;;) {
      const record = await this.find(caller, id);
      if (!record) throw Errors.dataSetNotFound(id);
      // AEP's Catalog: with If-Match, the change is made only over the version the client read (its ETag)
      if (ifMatch !== undefined && ifMatch.trim() !== "*" && !sameEtag(ifMatch, record.etag)) throw Errors.versionMismatch(ifMatch, record.etag);
      const before = shown(record.document);
      const after = change(before);
      if (!isObject(after)) throw Errors.dataSetInvalid("a PATCH must leave the dataSet an object");
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (!EDITABLE.has(key) && !deepEqual(before[key], after[key])) {
          throw Errors.dataSetInvalid(`${key} cannot be changed; a PATCH changes only name, description and tags`);
        }
      }
      checkName(after.name);
      checkDescription(after.description);
      checkTags(after.tags);
      await requireProfileSchemaFor(this.schemas, caller, String((before.schemaRef as Json).id), after.tags, before.tags);
      const now = this.now();
      const document: Json = {
        ...after,
        name: (after.name as string).trim(),
        tags: after.tags ?? {},
        version: nextVersion(before.version),
        updated: now,
        updatedUser: `${caller.clientId}@AdobeID`,
      };
      const etag = newEtag(now);
      if (await updateResource(this.store.db, caller, { ...record, document, etag, updatedAt: now }, record.etag)) return;
    }
  }

  /**
   * Deletes the dataset, its batch records, its Delta table and its batches' failed rows; false when
   * the sandbox has no such dataset. Refused while a target connection or a flow uses it.
   */
  async delete(caller: Caller, id: string): Promise<boolean> {
    const batchIds = await this.store.db.transaction().execute(async (trx) => {
      // held before its users are counted: a target connection or a flow written meanwhile waits, then finds it gone
      if (!(await lockResource(trx, this.store.capabilities, "dataSet", caller, id, "delete"))) return undefined;
      const users = await datasetUsers(trx, caller, id);
      if (users.targetConnections.length > 0 || users.flows.length > 0) throw Errors.dataSetInUse(id, users);
      await deleteResource(trx, "dataSet", caller, id);
      return deleteDatasetBatches(trx, caller, id);
    });
    if (batchIds === undefined) return false;
    // after the commit: a crash here leaves files no API reaches, never an entry without its table
    await removeLakeFolder(datasetTableRoot(this.lakeRoot, id));
    for (const batchId of batchIds) await removeLakeFolder(batchFolder(this.lakeRoot, batchId));
    return true;
  }
}

/** The stored document as Catalog shows it; datasets created before `classification` existed get the default. */
/** The paths of a dataset's list item its row holds: `created` is the row's created_at (both set once, at creation). */
const DATASET_LIST_COLUMNS: ListColumns = {
  id: { column: "id", type: "key" },
  created: { column: "created_at", type: "number" },
};

function shown(document: Json): Json {
  return document.classification === undefined ? { ...document, classification: { dataBehavior: "record" } } : document;
}

function parseChange(body: unknown): (document: Json) => unknown {
  if (Array.isArray(body)) {
    const ops = parsePatch(body);
    return (document) => applyPatch(document, ops);
  }
  const fields = requireBody(body);
  return (document) => mergePatch(document, fields);
}

/** RFC 7386: objects merge key by key, null removes a key, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty: a key "__proto__" becomes a field (and is then refused), not the prototype
    else Object.defineProperty(result, key, { value: mergePatch(result[key], value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Catalog's semantic version, its last part counting changes. */
function nextVersion(version: unknown): string {
  const match = typeof version === "string" ? /^(\d+)\.(\d+)\.(\d+)$/.exec(version) : null;
  return match ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}` : "1.0.1";
}

function checkName(name: unknown): void {
  if (name === undefined || name === null || (typeof name === "string" && name.trim() === "")) throw Errors.dataSetInvalid("name is required");
  if (typeof name !== "string") throw Errors.dataSetInvalid(`name must be a string, not ${JSON.stringify(name)}`);
}

function checkDescription(description: unknown): void {
  if (description !== undefined && typeof description !== "string") throw Errors.dataSetInvalid("description must be a string");
}

function checkTags(tags: unknown): void {
  const valid = tags === undefined || (isObject(tags) && Object.values(tags).every((v) => Array.isArray(v) && v.every((s) => typeof s === "string")));
  if (!valid) throw Errors.dataSetInvalid("tags must be an object of string arrays");
}
