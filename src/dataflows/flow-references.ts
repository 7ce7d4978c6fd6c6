/**
 * What a dataflow points at, resolved and checked: its source connection and the base connection
 * behind it (with the access token opened), its target connection, dataset and schema, and its
 * mapping set. Used by POST/PATCH /flows and by every run.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { ApiError } from "../aep-conventions/errors/api-error.js";
import type { MappingRule } from "../dataprep/mapping-sql.js";
import { mappingRulesOf, mappingSetVersion } from "../dataprep/mapping-set-versions.js";
import type { DatasetSchema, RequiredField, XdmProperty } from "../schemaregistry/xdm-fields.js";
import { Schemas } from "../schemaregistry/schemas.js";
import { REQUIRED_BY_SCHEMA, schemaRequiredFields } from "../schemaregistry/resolver.js";
import { CLASS } from "../schemaregistry/standard/spec.js";
import { isProfileEnabled } from "../catalog/profile-enablement.js";
import { connectionAuth } from "../flowservice/connections.js";
import type { DatabricksAuth } from "../flowservice/databricks-access.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import { isObject } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import { findResource, type ResourceRecord } from "../store/resources.repository.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { ResourceKind } from "../store/resources.table.js";

export interface FlowReferences {
  base: ResourceRecord;
  source: ResourceRecord;
  target: ResourceRecord;
  dataSet: ResourceRecord;
  mappingSet?: ResourceRecord;
  schema?: ResourceRecord;
  /** the schema's resolved (`xed-full`) fields, what mappings target and ingestion stores */
  datasetSchema: DatasetSchema;
  auth: DatabricksAuth;
  tableName: string;
  columns: string[];
  cdcEnabled: boolean;
  /** the dotted path of the schema's primary identity field, when it has one */
  primaryIdentityPath?: string;
  dataSetId: string;
  schemaId: string;
}

async function required(store: Store, kind: ResourceKind, scope: CallerSandbox, id: unknown, field: string): Promise<ResourceRecord> {
  if (typeof id !== "string" || id === "") throw Errors.mandatoryFieldMissing(field);
  const record = await findResource(store.db, kind, scope, id);
  if (!record) throw referenceMissing({ kind, id, field });
  return record;
}

/** A resource a flow names, and the request field (or the path to it) that names it. */
export interface NamedReference {
  kind: ResourceKind;
  id: string;
  field: string;
}

/** The answer when a resource a flow names does not exist in the sandbox (or no longer does). */
export function referenceMissing(reference: NamedReference): ApiError {
  return Errors.paramValueInvalid(reference.id, reference.field, `no ${reference.kind} with this id exists in the sandbox`);
}

/** Every resource the flow names, each with the field that leads to it. */
export function namedReferences(references: FlowReferences): NamedReference[] {
  return [
    { kind: "sourceConnection", id: references.source.id, field: "sourceConnectionIds" },
    { kind: "connection", id: references.base.id, field: "sourceConnection.baseConnectionId" },
    { kind: "targetConnection", id: references.target.id, field: "targetConnectionIds" },
    { kind: "dataSet", id: references.dataSet.id, field: "targetConnection.params.dataSetId" },
    ...(references.mappingSet ? [{ kind: "mappingSet" as const, id: references.mappingSet.id, field: "transformations[Mapping].params.mappingId" }] : []),
  ];
}

export async function resolveReferences(
  store: Store,
  connections: ConnectionService,
  scope: CallerSandbox,
  ids: { sourceConnectionId: string; targetConnectionId: string; mappingId?: string },
): Promise<FlowReferences> {
  const source = await required(store, "sourceConnection", scope, ids.sourceConnectionId, "sourceConnectionIds");
  const base = await required(store, "connection", scope, source.document.baseConnectionId, "sourceConnection.baseConnectionId");
  const target = await required(store, "targetConnection", scope, ids.targetConnectionId, "targetConnectionIds");
  const targetParams = isObject(target.document.params) ? target.document.params : {};
  const dataSet = await required(store, "dataSet", scope, targetParams.dataSetId, "targetConnection.params.dataSetId");
  const schemaRef = isObject(dataSet.document.schemaRef) ? dataSet.document.schemaRef : {};
  const schemaId = typeof schemaRef.id === "string" ? schemaRef.id : "";
  const schemas = new Schemas(store);
  const schema = schemaId ? await schemas.find(scope, schemaId) : undefined;
  const mappingSet = ids.mappingId ? await required(store, "mappingSet", scope, ids.mappingId, "transformations[Mapping].params.mappingId") : undefined;

  const sourceParams = isObject(source.document.params) ? source.document.params : {};
  const columns = Array.isArray(sourceParams.columns)
    ? sourceParams.columns.filter(isObject).map((c) => String(c.name)).filter(Boolean)
    : [];
  return {
    base,
    source,
    target,
    dataSet,
    mappingSet,
    schema,
    datasetSchema: schema ? await datasetSchema(schemas, scope, schema, dataSet) : { properties: {}, requiredFields: [] },
    tableName: String(sourceParams.tableName ?? ""),
    columns,
    cdcEnabled: readsChangeFeed(source),
    primaryIdentityPath: schema ? await primaryIdentityPath(schemas, scope, schema) : undefined,
    dataSetId: dataSet.id,
    schemaId,
    auth: connectionAuth(connections.connections, base),
  };
}

/** Whether the source connection reads its table's change data feed (params.cdcEnabled). */
export function readsChangeFeed(source: ResourceRecord): boolean {
  const params = isObject(source.document.params) ? source.document.params : {};
  return params.cdcEnabled === true || params.cdcEnabled === "true";
}

/**
 * What a flow reading the change feed says of a delta column: it has none to use. A change-data
 * run reads the versions after the flow's last one, whatever the rows' times.
 */
export const CHANGE_FEED_HAS_NO_DELTA_COLUMN =
  "A change-data-capture flow (its source connection has cdcEnabled) reads the table's change data feed by version, from the version after its last run's, so a delta column would have no effect; leave deltaColumn out";

const PRIMARY_IDENTITY = "the primary identity of this Profile-enabled dataset";

/**
 * The resolved fields of the dataset's schema and the leaves every row must hold: those the schema
 * requires and, for a Profile-enabled dataset, the schema's primary identity.
 */
async function datasetSchema(schemas: Schemas, scope: CallerSandbox, schema: ResourceRecord, dataSet: ResourceRecord): Promise<DatasetSchema> {
  const resolved = await schemas.resources.resolverFor(scope).resolve(schema.document);
  const requiredFields: RequiredField[] = schemaRequiredFields(resolved);
  if (schema.document["meta:class"] === CLASS.experienceEvent) {
    for (const path of ["_id", "timestamp"]) if (!requiredFields.some((field) => field.path === path)) requiredFields.push({ path, reason: REQUIRED_BY_SCHEMA });
  }
  const identity = isProfileEnabled(dataSet.document.tags) ? await primaryIdentityPath(schemas, scope, schema) : undefined;
  // the identity is needed in every row, also when the schema requires it only within an optional object
  const always = requiredFields.filter((field) => !(field.path === identity && field.within !== undefined));
  if (identity && !always.some((field) => field.path === identity)) always.push({ path: identity, reason: PRIMARY_IDENTITY });
  return { properties: resolved.properties as Record<string, XdmProperty>, requiredFields: always };
}

/** The dotted path of the schema's primary identity descriptor's `xdm:sourceProperty` (`/personalEmail/address` → `personalEmail.address`). */
async function primaryIdentityPath(schemas: Schemas, scope: CallerSandbox, schema: ResourceRecord): Promise<string | undefined> {
  const descriptor = (await schemas.descriptors.of(scope, schema.id)).find(
    (d) => d["@type"] === "xdm:descriptorIdentity" && d["xdm:isPrimary"] === true && typeof d["xdm:sourceProperty"] === "string",
  );
  return descriptor ? String(descriptor["xdm:sourceProperty"]).replace(/^\//, "").split("/").join(".") : undefined;
}

/** The rules of the flow's version of its mapping set (`mappingVersion`; 0 when the flow names none). */
export function mappingRules(mappingSet: ResourceRecord | undefined, version = 0): MappingRule[] {
  return mappingRulesOf(mappingSet && mappingSetVersion(mappingSet.document, version));
}
