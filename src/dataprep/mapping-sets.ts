/**
 * Data Prep mapping sets (docs/api/dataprep.md): POST → 200 {id, version, createdDate, …}; every
 * destinationXdmPath must be a field of the xdmSchema as the Schema Registry resolves it (its
 * class, field groups and data types included: `_id`, `person.name.firstName`). Every sourceAttribute must be a source
 * column when the body says what the source is: AEP's `inputSchema` (its `jsonSchema`, or `schema`,
 * properties). Without one, the dataflow checks the mapping against its source connection.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newHexId } from "../aep-conventions/etag.js";
import { jsonSchemaColumnPaths, MappingSetError, mappingProblems, readMappings } from "./mappings.js";
import type { Store } from "../store/database.js";
import { findResource, insertResource, listResources } from "../store/resources.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Schemas } from "../schemaregistry/schemas.js";
import { isObject, type Json, requireBody } from "../aep-conventions/request-body.js";

export class MappingSets {
  constructor(
    private readonly store: Store,
    private readonly schemas: Schemas,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<Json> {
    const input = requireBody(body);
    const { xdmSchema, xdmVersion, inputSchema, version } = input;
    if (typeof xdmSchema !== "string" || xdmSchema === "") throw Errors.mappingSetInvalid("xdmSchema (the target schema's $id) is required");
    if (xdmVersion !== undefined && typeof xdmVersion !== "string") throw Errors.mappingSetInvalid("xdmVersion must be a string");
    if (version !== undefined && version !== 0 && version !== "0") throw Errors.mappingSetInvalid("a new mapping set has version 0");
    if (input.id !== undefined && input.id !== null) throw Errors.mappingSetInvalid("id is assigned by the service; send null or leave it out");
    if (inputSchema !== undefined && inputSchema !== null && !isObject(inputSchema)) throw Errors.mappingSetInvalid("inputSchema must be an object");
    let mappings;
    try {
      mappings = readMappings(input.mappings);
    } catch (error) {
      if (error instanceof MappingSetError) throw Errors.mappingSetInvalid(error.message);
      throw error;
    }
    const schema = await this.schemas.find(caller, xdmSchema);
    if (!schema) throw Errors.mappingSetInvalid(`xdmSchema ${xdmSchema} is not a schema of sandbox ${caller.sandboxName}`);
    const sourceSchema = isObject(inputSchema) ? (inputSchema.jsonSchema ?? inputSchema.schema) : undefined;
    const problems = mappingProblems(mappings, await this.schemas.fieldPaths(caller, schema), sourceSchema === undefined ? undefined : jsonSchemaColumnPaths(sourceSchema));
    if (problems.length > 0) throw Errors.mappingSetInvalid(problems.join("; "));

    const id = newHexId(16);
    const now = this.now();
    const by = `${caller.clientId}@AdobeID`;
    const audit = { createdDate: now, modifiedDate: now, createdBy: by, modifiedBy: by };
    const document: Json = {
      id,
      version: 0,
      ...audit,
      xdmSchema: (schema.document as { $id: string }).$id,
      xdmVersion: xdmVersion ?? "1.0",
      ...(isObject(inputSchema) ? { inputSchema } : {}),
      outputSchema: { schemaRef: { id: (schema.document as { $id: string }).$id, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
      mappings: mappings.map((m) => ({
        id: newHexId(16),
        ...m,
        source: m.sourceAttribute,
        destination: m.destinationXdmPath,
        ...audit,
      })),
    };
    await insertResource(this.store.db, caller, { id, kind: "mappingSet", parentId: schema.id, document, secret: null, etag: newEtag(now), createdAt: now, updatedAt: now });
    return { id, version: 0, ...audit };
  }

  async get(caller: Caller, id: string): Promise<Json> {
    const record = await findResource(this.store.db, "mappingSet", caller, id);
    if (!record) throw Errors.mappingSetNotFound(id);
    return record.document;
  }

  async list(caller: Caller): Promise<Array<Json & { id: string }>> {
    return (await listResources(this.store.db, "mappingSet", caller)).map((r) => ({ ...r.document, id: r.id }));
  }
}
