/**
 * What a dataflow points at, resolved and checked: its source connection and the base connection
 * behind it (with the access token opened), its target connection, dataset and schema, and its
 * mapping set. Used by POST/PATCH /flows and by every run.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { MappingRule } from "../dataprep/mapping-sql.js";
import { schemaProperties, type XdmProperty } from "../schemaregistry/xdm-fields.js";
import { connectionAuth } from "../flowservice/connections.js";
import type { DatabricksAuth } from "../flowservice/databricks-access.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
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
  auth: DatabricksAuth;
  tableName: string;
  columns: string[];
  cdcEnabled: boolean;
  dataSetId: string;
  schemaId: string;
}

async function required(store: Store, kind: ResourceKind, scope: CallerSandbox, id: unknown, field: string): Promise<ResourceRecord> {
  if (typeof id !== "string" || id === "") throw Errors.mandatoryFieldMissing(field);
  const record = await findResource(store.db, kind, scope, id);
  if (!record) throw Errors.paramValueInvalid(id, field, `no ${kind} with this id exists in the sandbox`);
  return record;
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
  const schema = (await findSchema(store, scope, schemaId)) ?? undefined;
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
    tableName: String(sourceParams.tableName ?? ""),
    columns,
    cdcEnabled: sourceParams.cdcEnabled === true || sourceParams.cdcEnabled === "true",
    dataSetId: dataSet.id,
    schemaId,
    auth: connectionAuth(connections.connections, base),
  };
}

async function findSchema(store: Store, scope: CallerSandbox, schemaId: string): Promise<ResourceRecord | undefined> {
  if (!schemaId) return undefined;
  const direct = await findResource(store.db, "schema", scope, schemaId);
  if (direct) return direct;
  // schemas are addressed by their $id URI (https://ns.adobe.com/<tenant>/schemas/<hex>) as well
  const hex = /\/schemas\/([0-9a-f]{32})$/.exec(schemaId)?.[1];
  return hex ? findResource(store.db, "schema", scope, hex) : undefined;
}

export function mappingRules(mappingSet: ResourceRecord | undefined): MappingRule[] {
  const list = mappingSet && Array.isArray(mappingSet.document.mappings) ? mappingSet.document.mappings : [];
  return list.filter(isObject).map((m) => ({
    sourceAttribute: String(m.sourceAttribute),
    destinationXdmPath: String(m.destinationXdmPath),
  }));
}

export function xdmRoot(schema: ResourceRecord | undefined): { properties?: Record<string, XdmProperty> } {
  return { properties: schema ? schemaProperties(schema.document as Json) : {} };
}
