/**
 * Data Prep mapping sets (docs/api/dataprep.md): POST → 200 {id, version, createdDate, …}
 * (`?validate=true` checks without saving), PUT → the next version, GET the latest or
 * `?version=n`. The target schema is `xdmSchema` or `outputSchema.schemaRef.id`; every
 * destination must be a field of it as the Schema Registry resolves it (its class, field groups
 * and data types included: `_id`, `person.name.firstName`). Every source must be a source column
 * when the body says what the source is: AEP's `inputSchema` (its `jsonSchema`, or `schema`,
 * properties). Without one, the dataflow checks the mapping against its source connection.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { exactMemberText } from "../databricks/lossless-json.js";
import { parseDdlType, SparkTypeError, stagedDuckDbType } from "../databricks/spark-types.js";
import { newEtag, newHexId } from "../aep-conventions/etag.js";
import { inputSchemaColumns, type Mapping, MappingSetError, readMappings, ruleOf } from "./mappings.js";
import { MappingError, type SourceColumn } from "./mapping-types.js";
import { type MappingNamer, renameMappings } from "./mapping-names.js";
import { previewRows } from "./preview.js";
import { SAMPLE_COLUMN_WORDS, SAMPLE_ROW_WORDS, SOURCE_TABLE_WORDS } from "./source-value.js";
import { type PreviewAnswerRow, previewAnswer } from "./preview-answer.js";
import { mappingSetProblems, mappingVerdicts } from "./mapping-set-checks.js";
import { type ResolvedFields, schemaRequiredFields } from "../schemaregistry/resolver.js";
import type { XdmProperty } from "../schemaregistry/xdm-fields.js";
import { latestVersion, mappingSetVersion, withNewVersion } from "./mapping-set-versions.js";
import type { Store } from "../store/database.js";
import { deleteResource, findResource, flowsUsing, insertResource, listResources, lockResource, updateResource } from "../store/resources.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import type { Schemas } from "../schemaregistry/schemas.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import { isObject, type Json, requireBody } from "../aep-conventions/request-body.js";

const PREVIEW_ROWS = 100;
const FULL = "application/vnd.adobe.xed-full+json;version=1";

/** A mapping set body, checked: its schema, mappings and the parts kept as sent. */
export interface CheckedMappingSet {
  schema: ResourceRecord;
  schemaId: string;
  /** the resolved fields of the schema */
  schemaFields: ResolvedFields;
  mappings: Mapping[];
  kept: Json;
}

/**
 * The first rows of a source connection's table and their column types as a run stages them
 * (beyond AEP: a preview on the real data before any flow exists).
 */
export type SourceSampler = (caller: Caller, sourceConnectionId: string) => Promise<{ columns: SourceColumn[]; rows: Json[] }>;

export class MappingSets {
  constructor(
    private readonly store: Store,
    private readonly schemas: Schemas,
    private readonly now: () => number = Date.now,
    private readonly sampleSource?: SourceSampler,
  ) {}

  async create(caller: Caller, body: unknown, options: { validate?: boolean } = {}): Promise<Json> {
    const input = requireBody(body);
    if (input.version !== undefined && input.version !== 0 && input.version !== "0") throw Errors.mappingSetInvalid("a new mapping set has version 0");
    if (input.id !== undefined && input.id !== null) throw Errors.mappingSetInvalid("id is assigned by the service; send null or leave it out");
    const checked = await this.check(caller, input);
    const now = this.now();
    const id = newHexId(16);
    const document = this.document(caller, checked, id, 0, now, now);
    if (options.validate) return { ...document, id: null };
    await insertResource(this.store.db, caller, { id, kind: "mappingSet", parentId: checked.schema.id, document, secret: null, etag: newEtag(now), createdAt: now, updatedAt: now });
    return auditOf(document);
  }

  /** PUT: the body becomes the next version, answered whole as GET gives it; the earlier ones stay for the flows that name them. */
  async replace(caller: Caller, id: string, body: unknown): Promise<Json> {
    const input = requireBody(body);
    if (input.id !== undefined && input.id !== null && input.id !== id) throw Errors.mappingSetInvalid(`id ${String(input.id)} is not the id of the mapping set in the path (${id})`);
    return this.revise(caller, id, () => input);
  }

  /**
   * POST /mappingSets/validate: each mapping's verdict, in order (`{"validationResponse": [{status,
   * errors}, …]}`), nothing saved. A body that is no mapping set (no target schema, no mappings
   * array, a mapping that is not one) is refused as creation refuses it.
   */
  async validate(caller: Caller, body: unknown): Promise<Json> {
    const input = requireBody(body);
    const schema = await this.targetOf(caller, input);
    const parts = readParts(input);
    const schemaFields = await this.schemas.resources.resolverFor(caller).resolve(schema.document);
    const answer = await mappingVerdicts(parts.mappings, schemaFields, sourceColumnsOf(parts.inputSchema));
    if (answer.kind === "refused") throw Errors.mappingSetInvalid(answer.problems.join("; "));
    return { validationResponse: answer.verdicts };
  }

  /**
   * Makes the next version of a mapping set from its latest one: `change` gives the new body,
   * checked as creation checks one. Answers the new version.
   */
  async revise(caller: Caller, id: string, change: (latest: Json) => Json, namer?: (changed: Json) => MappingNamer): Promise<Json> {
    const record = await findResource(this.store.db, "mappingSet", caller, id);
    if (!record) throw Errors.mappingSetNotFound(id);
    const latest = latestVersion(record.document);
    const changed = change(latest);
    const checked = await this.check(caller, changed, namer?.(changed));
    const now = this.now();
    const next = this.document(caller, checked, id, Number(latest.version ?? 0) + 1, Number(latest.createdDate ?? now), now, latest.createdBy);
    const saved = await updateResource(
      this.store.db,
      caller,
      { id, kind: "mappingSet", parentId: checked.schema.id, document: withNewVersion(record.document, next), secret: null, etag: newEtag(now), updatedAt: now },
      record.etag,
    );
    if (!saved) throw Errors.mappingSetInvalid(`the mapping set ${id} was changed by another request meanwhile; read it again and retry`);
    return next;
  }

  /**
   * DELETE: every version goes; refused while a dataflow names the mapping set. Held before its
   * flows are counted: a flow created meanwhile (which holds the mapping set) waits, then finds it gone.
   */
  async remove(caller: Caller, id: string): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      if (!(await lockResource(trx, this.store.capabilities, "mappingSet", caller, id, "delete"))) throw Errors.mappingSetNotFound(id);
      const flows = await flowsUsing(trx, caller, id);
      if (flows.length > 0) throw Errors.mappingSetInUse(id, flows);
      await deleteResource(trx, "mappingSet", caller, id);
    });
  }

  async get(caller: Caller, id: string, version?: string, options: { expandSchema?: boolean } = {}): Promise<Json> {
    const record = await findResource(this.store.db, "mappingSet", caller, id);
    if (!record) throw Errors.mappingSetNotFound(id);
    const found = version === undefined ? latestVersion(record.document) : this.versionOf(id, record.document, version);
    return options.expandSchema ? this.expanded(caller, found) : found;
  }

  private versionOf(id: string, stored: Json, version: string): Json {
    if (!/^\d+$/.test(version)) throw Errors.invalidRequest(`the query parameter version is a whole number (0 is the first version), not ${JSON.stringify(version)}`);
    const latest = Number(latestVersion(stored).version ?? 0);
    const found = mappingSetVersion(stored, Number(version));
    if (!found) throw Errors.mappingSetVersionNotFound(id, version, latest);
    return found;
  }

  /**
   * `expandSchema=true`: the target schema resolved under `outputSchema.jsonSchema`, as the Schema
   * Registry answers it for `application/vnd.adobe.xed-full+json` (every field of its class, field
   * groups and data types in one properties tree). Left out when the schema was deleted since.
   */
  async expanded(caller: Caller, mappingSet: Json): Promise<Json> {
    const schemaId = typeof mappingSet.xdmSchema === "string" ? mappingSet.xdmSchema : undefined;
    if (!schemaId || !(await this.schemas.find(caller, schemaId))) return mappingSet;
    const jsonSchema = await this.schemas.resolveSchema(caller, schemaId);
    const outputSchema = isObject(mappingSet.outputSchema) ? mappingSet.outputSchema : {};
    return { ...mappingSet, outputSchema: { ...outputSchema, jsonSchema } };
  }

  async list(caller: Caller): Promise<Array<Json & { id: string }>> {
    return (await listResources(this.store.db, "mappingSet", caller)).map((r) => ({ ...latestVersion(r.document), id: r.id }));
  }

  /**
   * A mapping set body applied to sample rows (`data`: a row or a list of at most 100, read from
   * `bodyText` when given so its numbers keep their digits; or the first 100 rows of
   * `sourceConnectionId`'s table) by the plan a run uses, as AEP answers it: a list of
   * `{data, errors}`, each row's fields that hold a value, or null and its row errors.
   */
  async preview(caller: Caller, body: unknown, bodyText?: string): Promise<PreviewAnswerRow[]> {
    const input = requireBody(body);
    if (!isObject(input.mappingSet)) throw Errors.mappingSetInvalid("mappingSet (a mapping set body) is required");
    const checked = await this.checkPreviewed(caller, input.mappingSet);
    const sample = await this.sampleOf(caller, input);
    // the rows' numbers as the request wrote them: 9223372036854775807 or 1.000000000000000001 never pass through a double
    const rowsText = bodyText === undefined || input.data === undefined ? undefined : exactMemberText(bodyText, "data");
    const schema = {
      properties: checked.schemaFields.properties as Record<string, XdmProperty>,
      requiredFields: schemaRequiredFields(checked.schemaFields),
    };
    try {
      const rules = checked.mappings.map(ruleOf);
      // a refusal names what the request sent: the sample rows, the columns typing them, or the source table
      const words = input.sourceConnectionId !== undefined ? SOURCE_TABLE_WORDS : sample.columns ? SAMPLE_COLUMN_WORDS : SAMPLE_ROW_WORDS;
      return previewAnswer(await previewRows(rules, schema, sample.rows, sample.columns, rowsText, words), rules);
    } catch (error) {
      if (error instanceof MappingError) throw Errors.mappingSetInvalid(error.message);
      throw error;
    }
  }

  private async sampleOf(caller: Caller, input: Json): Promise<{ rows: Json[]; columns?: SourceColumn[] }> {
    if (input.sourceConnectionId !== undefined) {
      if (input.data !== undefined || input.columns !== undefined) throw Errors.mappingSetInvalid("give data (and its columns) or sourceConnectionId, not both");
      if (typeof input.sourceConnectionId !== "string" || !this.sampleSource) throw Errors.mappingSetInvalid("sourceConnectionId must be the id of a source connection");
      return this.sampleSource(caller, input.sourceConnectionId);
    }
    const rows = Array.isArray(input.data) ? input.data : [input.data];
    if (rows.length === 0 || rows.length > PREVIEW_ROWS || !rows.every(isObject)) {
      throw Errors.mappingSetInvalid(`data must be a sample row (a JSON object) or a list of 1 to ${PREVIEW_ROWS} of them`);
    }
    return input.columns === undefined ? { rows } : { rows, columns: stagedColumns(input.columns) };
  }

  /** Everything a mapping set body must satisfy, all problems in one refusal (DATAPREP-1000-400). */
  /** `namer`: how a refusal names a mapping (its index in the body, `mappings[i]`, without it) */
  async check(caller: Caller, input: Json, namer?: MappingNamer): Promise<CheckedMappingSet> {
    const schema = await this.targetOf(caller, input);
    const parts = readParts(input, namer);
    const schemaFields = await this.checkedAgainst(caller, schema.document, parts, namer);
    return { schema, schemaId: (schema.document as { $id: string }).$id, schemaFields, mappings: parts.mappings, kept: parts.kept };
  }

  /**
   * The target schema a body names: `xdmSchema`, `outputSchema.schemaRef.id` (AEP's current body) or
   * a top-level `schemaRef.id` (AEP's older body, and what its answers carry); all it gives must name one schema.
   */
  private async targetOf(caller: Caller, input: Json): Promise<ResourceRecord> {
    const outputRef = isObject(input.outputSchema) && isObject(input.outputSchema.schemaRef) ? input.outputSchema.schemaRef : undefined;
    if (input.outputSchema !== undefined && (!outputRef || typeof outputRef.id !== "string")) throw Errors.mappingSetInvalid("outputSchema must be {\"schemaRef\": {\"id\": \"<schema $id>\", \"contentType\": …}}");
    if (input.schemaRef !== undefined && (!isObject(input.schemaRef) || typeof input.schemaRef.id !== "string")) throw Errors.mappingSetInvalid("schemaRef must be {\"id\": \"<schema $id>\", \"contentType\": …}");
    const named: Array<[string, unknown]> = [
      ["xdmSchema", input.xdmSchema],
      ["outputSchema.schemaRef.id", outputRef?.id],
      ["schemaRef.id", isObject(input.schemaRef) ? input.schemaRef.id : undefined],
    ];
    const given = named.filter(([, id]) => id !== undefined);
    const [first] = given;
    if (first && first[1] !== null && typeof first[1] !== "string") throw Errors.mappingSetInvalid(`${first[0]} must be a string, the target schema's $id, not ${JSON.stringify(first[1])}`);
    if (!first || typeof first[1] !== "string" || first[1] === "") throw Errors.mappingSetInvalid("xdmSchema, outputSchema.schemaRef.id or schemaRef.id (the target schema's $id) is required");
    const schema = await this.schemas.find(caller, first[1]);
    if (!schema) throw Errors.mappingSetInvalid(`the schema ${first[1]} is not a schema of sandbox ${caller.sandboxName}`);
    for (const [member, id] of given.slice(1)) {
      const other = typeof id === "string" ? await this.schemas.find(caller, id) : undefined;
      if (other?.id !== schema.id) throw Errors.mappingSetInvalid(`${first[0]} ${first[1]} and ${member} ${String(id)} name different schemas`);
    }
    return schema;
  }

  /**
   * Beyond AEP, a preview's mapping set may target a schema not created yet: `outputSchema.schema`,
   * the body a `POST /schemas` would take (the console's wizard previews before its Finish makes the schema).
   */
  private async checkPreviewed(caller: Caller, input: Json): Promise<Pick<CheckedMappingSet, "schemaFields" | "mappings">> {
    const draft = isObject(input.outputSchema) ? input.outputSchema.schema : undefined;
    if (draft === undefined) return this.check(caller, input);
    if (input.xdmSchema !== undefined || (isObject(input.outputSchema) && input.outputSchema.schemaRef !== undefined)) {
      throw Errors.mappingSetInvalid("give the target schema once: outputSchema.schema (a schema body not yet created), or outputSchema.schemaRef.id or xdmSchema");
    }
    const parts = readParts(input);
    const document = await this.schemas.resources.draft(caller, "schemas", draft);
    return { schemaFields: await this.checkedAgainst(caller, document, parts), mappings: parts.mappings };
  }

  /** The schema's resolved fields, once every mapping was found to fit them. */
  private async checkedAgainst(caller: Caller, schemaDocument: Json, { mappings, inputSchema }: { mappings: Mapping[]; inputSchema?: unknown }, namer?: MappingNamer): Promise<ResolvedFields> {
    const schemaFields = await this.schemas.resources.resolverFor(caller).resolve(schemaDocument);
    const problems = await mappingSetProblems(mappings, schemaFields, sourceColumnsOf(inputSchema));
    if (problems.length > 0) throw Errors.mappingSetInvalid(problems.map((problem) => (namer ? renameMappings(problem, namer) : problem)).join("; "));
    return schemaFields;
  }

  private document(caller: Caller, checked: CheckedMappingSet, id: string, version: number, createdDate: number, now: number, createdBy?: unknown): Json {
    const by = `${caller.clientId}@AdobeID`;
    const audit = { createdDate, modifiedDate: now, createdBy: typeof createdBy === "string" ? createdBy : by, modifiedBy: by };
    return {
      id,
      version,
      ...audit,
      xdmSchema: checked.schemaId,
      ...checked.kept,
      outputSchema: { schemaRef: { id: checked.schemaId, contentType: FULL } },
      mappings: checked.mappings.map((m) => ({ ...m, id: m.id ?? newHexId(16), source: m.sourceAttribute, destination: m.destinationXdmPath, ...audit })),
    };
  }
}

/** The source's columns when the body's inputSchema describes them (its jsonSchema, or schema). */
function sourceColumnsOf(inputSchema: unknown) {
  const sourceSchema = isObject(inputSchema) ? (inputSchema.jsonSchema ?? inputSchema.schema) : undefined;
  return sourceSchema === undefined ? undefined : inputSchemaColumns(sourceSchema);
}

function auditOf(document: Json): Json {
  const { id, version, createdDate, modifiedDate, createdBy, modifiedBy } = document;
  return { id, version, createdDate, modifiedDate, createdBy, modifiedBy };
}

/** What a mapping set body holds; the rest of what a GET answers is accepted too, so a mapping set read back can be sent again. */
const BODY_FIELDS = ["xdmSchema", "outputSchema", "schemaRef", "name", "xdmVersion", "version", "id", "inputSchema", "mappings"];
const READ_FIELDS = ["createdDate", "modifiedDate", "createdBy", "modifiedBy"];

/** A mapping set body's parts besides its target schema, checked: its mappings and the members kept as sent. */
function readParts(input: Json, namer?: MappingNamer): { mappings: Mapping[]; kept: Json; inputSchema?: unknown } {
  // a misspelt field (inputschema, outputSchem) would otherwise be dropped unseen, and what it says unchecked
  const unknown = Object.keys(input).find((key) => !BODY_FIELDS.includes(key) && !READ_FIELDS.includes(key));
  if (unknown !== undefined) throw Errors.mappingSetInvalid(`${unknown} is not a field of a mapping set: the body takes ${BODY_FIELDS.join(", ")}`);
  const { xdmVersion, inputSchema } = input;
  if (xdmVersion !== undefined && typeof xdmVersion !== "string") throw Errors.mappingSetInvalid("xdmVersion must be a string");
  if (inputSchema !== undefined && inputSchema !== null && !isObject(inputSchema)) throw Errors.mappingSetInvalid("inputSchema must be an object");
  if (input.name !== undefined && typeof input.name !== "string") throw Errors.mappingSetInvalid("name must be a string");
  let mappings;
  try {
    mappings = readMappings(input.mappings);
  } catch (error) {
    if (error instanceof MappingSetError) throw Errors.mappingSetInvalid(namer ? renameMappings(error.message, namer) : error.message);
    throw error;
  }
  const kept: Json = {
    xdmVersion: xdmVersion ?? "1.0",
    ...(typeof input.name === "string" ? { name: input.name } : {}),
    ...(isObject(inputSchema) ? { inputSchema } : {}),
  };
  return { mappings, kept, inputSchema };
}

/**
 * The sample's columns as its source table types them (explore's `schema.columns`: a name and a
 * Spark type), typed as a run stages them: the rows are then read as the run reads its table, a
 * DOUBLE's "NaN", "Infinity" and "-Infinity" as those doubles.
 */
function stagedColumns(columns: unknown): SourceColumn[] {
  const described = (c: unknown): c is Json => isObject(c) && typeof c.name === "string" && c.name !== "" && typeof c.type === "string";
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every(described)) {
    throw Errors.mappingSetInvalid("columns must list the sample's columns as {\"name\": …, \"type\": \"<Spark type, as explore gives it>\"}");
  }
  return columns.map((column) => {
    try {
      return { name: String(column.name), type: stagedDuckDbType(parseDdlType(String(column.type))) };
    } catch (error) {
      if (error instanceof SparkTypeError) throw Errors.mappingSetInvalid(`the type of column ${String(column.name)} cannot be read: ${error.message}`);
      throw error;
    }
  });
}
