/**
 * Target connections to the data lake (docs/api/flowservice.md#target-connections): the data lake
 * spec only (SRC-1307), a dataSetId that exists in the sandbox's Catalog, and when a schema is
 * named, the dataset's own.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { DATALAKE_SPEC_ID, SPEC_VERSION, specVersionProblem } from "./specs/ids.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import type { ApiError } from "../aep-conventions/errors/api-error.js";
import type { Datasets } from "../catalog/datasets.js";
import type { FlowResourceDefinition, Prepared } from "./flow-resource.js";
import { type Json, optionalObject, optionalString, requireObject, requireString } from "../aep-conventions/request-body.js";

export function targetConnectionDefinition(datasets: Datasets): FlowResourceDefinition {
  return {
    kind: "targetConnection",
    typeName: "targetConnections",
    inUseName: "target connection",
    createFields: ["name", "description", "connectionSpec", "data", "params"],
    editable: ["name", "description", "data", "params"],
    immutable: { connectionSpec: () => Errors.connectionSpecImmutable() },
    secretPaths: [],
    parent: { kind: "dataSet", missing: dataSetMissing },
    prepare: (caller, input) => prepareTargetConnection(datasets, caller, input),
  };
}

async function prepareTargetConnection(datasets: Datasets, caller: Caller, input: Json): Promise<Prepared> {
  const name = requireString(input, "name", "name");
  const description = optionalString(input, "description", "description");
  const specRef = requireObject(input, "connectionSpec", "connectionSpec");
  const specId = requireString(specRef, "id", "connectionSpec.id");
  if (specId !== DATALAKE_SPEC_ID) throw Errors.targetSpecInvalid(specId);
  const specVersion = optionalString(specRef, "version", "connectionSpec.version");
  if (specVersion !== undefined && specVersion !== SPEC_VERSION) throw Errors.specInvalid(specId, specVersionProblem(specVersion));
  const data = optionalObject(input, "data", "data") ?? {};
  const format = optionalString(data, "format", "data.format");
  const schema = optionalObject(data, "schema", "data.schema");
  const params = optionalObject(input, "params", "params") ?? {};
  const dataSetId = params.dataSetId;
  if (dataSetId === undefined || dataSetId === null || dataSetId === "") throw Errors.dataSetIdEmpty(name);
  if (typeof dataSetId !== "string") throw Errors.paramValueInvalid(JSON.stringify(dataSetId), "params.dataSetId", "It must be a string");

  const dataset = await datasets.find(caller, dataSetId);
  if (!dataset) throw dataSetMissing(caller, dataSetId);
  const datasetSchemaId = (dataset.document.schemaRef as Json | undefined)?.id;
  let schemaRef: Json | undefined;
  if (schema) {
    const id = requireString(schema, "id", "data.schema.id");
    if (id !== datasetSchemaId) {
      throw Errors.requestNotProcessed(`The schema ${id} is not the schema of dataSet ${dataSetId} (${String(datasetSchemaId)}).`);
    }
    schemaRef = { id, version: optionalString(schema, "version", "data.schema.version") ?? "application/vnd.adobe.xed-full+json;version=1" };
  }
  return {
    document: {
      name,
      ...(description !== undefined ? { description } : {}),
      state: "enabled",
      data: { ...(format !== undefined ? { format } : {}), ...(schemaRef ? { schema: schemaRef } : {}) },
      params: { ...params, dataSetId },
      connectionSpec: { id: specId, version: SPEC_VERSION },
    },
    parentId: dataSetId,
  };
}

function dataSetMissing(scope: CallerSandbox, dataSetId: string): ApiError {
  return Errors.requestNotProcessed(`The dataSet ${dataSetId} does not exist in sandbox ${scope.sandboxName}.`);
}
