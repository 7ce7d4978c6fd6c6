/**
 * The Catalog objects as they are answered (datasets, batches, dataSetFiles): the schemas the
 * OpenAPI document shows, and the fields each object has, which its list's filters name.
 */
import type { JsonSchema } from "../aep-conventions/openapi-schemas.js";
import { type FieldForms, fieldFormsOf } from "../aep-conventions/listing/field-forms.js";

export const SCHEMA_REF = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", description: "the schema's $id" }, contentType: { type: "string", examples: ["application/vnd.adobe.xed+json;version=1"] } },
};

export const TAGS = { type: "object", additionalProperties: { type: "array", items: { type: "string" } } };

export const DATASET: JsonSchema = {
  type: "object",
  required: ["name", "schemaRef"],
  properties: {
    name: { type: "string" },
    description: { type: "string" },
    imsOrg: { type: "string" },
    sandboxId: { type: "string" },
    tags: TAGS,
    version: { type: "string" },
    created: { type: "integer" },
    updated: { type: "integer" },
    createdClient: { type: "string" },
    createdUser: { type: "string" },
    updatedUser: { type: "string" },
    classification: { type: "object", properties: { dataBehavior: { type: "string", enum: ["record", "time-series"] } } },
    schemaRef: SCHEMA_REF,
    fileDescription: { type: "object" },
    files: { type: "string" },
  },
  additionalProperties: true,
};

export const BATCH: JsonSchema = {
  type: "object",
  required: ["id", "status"],
  properties: {
    id: { type: "string" },
    imsOrg: { type: "string" },
    sandboxName: { type: "string" },
    sandboxId: { type: "string" },
    status: { type: "string", enum: ["success", "failed"] },
    created: { type: "integer" },
    updated: { type: "integer" },
    started: { type: "integer" },
    completed: { type: ["integer", "null"] },
    version: { type: "string" },
    relatedObjects: {
      type: "array",
      description: "the dataset, the dataflow and the run",
      items: { type: "object", properties: { type: { type: "string" }, id: { type: "string" } } },
    },
    metrics: {
      type: "object",
      properties: { inputRecordCount: { type: "integer" }, outputRecordCount: { type: "integer" }, failedRecordCount: { type: "integer" } },
    },
    tags: { ...TAGS, description: "flowId: the dataflow that wrote the batch" },
    errors: {
      type: "array",
      items: { type: "object", properties: { code: { type: "string" }, description: { type: "string" }, message: { type: "string" }, recordCount: { type: "integer" } } },
    },
    extensions: {
      type: "object",
      description: "where the batch lives in the dataset's Delta table: any Delta reader can open that version",
      properties: {
        delta: { type: "object", properties: { version: { type: ["integer", "null"] }, files: { type: "array", items: { type: "string" } } } },
      },
    },
  },
  additionalProperties: true,
};

export const DATASET_FILE: JsonSchema = {
  type: "object",
  required: ["id", "batchId", "dataSetViewId"],
  properties: {
    id: { type: "string", description: "<batchId>-1, the dataSetFileId of the Data Access API" },
    batchId: { type: "string" },
    dataSetViewId: { type: "string", description: "the dataset" },
    imsOrg: { type: "string" },
    version: { type: "string" },
    created: { type: "integer" },
    updated: { type: "integer" },
    isValid: { type: "boolean" },
    records: { type: "integer" },
    size: { type: "integer", description: "bytes of its data files" },
  },
  additionalProperties: true,
};

/** A Catalog object's fields: every one, and those holding one value (not an object, not a list). */
export interface ObjectFields {
  all: readonly string[];
  /** what a simple filter compares and the dataset list orders by (an object field has no order) */
  values: readonly string[];
  /** the number, time and true/false fields, which filters compare with numbers, times and true or false only */
  forms: FieldForms;
}

function fieldsOf(schema: JsonSchema): ObjectFields {
  const properties = Object.entries(schema.properties as Record<string, JsonSchema>).filter(([name]) => name !== "id");
  const holdsOneValue = (field: JsonSchema) => ![field.type].flat().some((type) => type === "object" || type === "array");
  return {
    all: ["id", ...properties.map(([name]) => name)],
    values: ["id", ...properties.filter(([, field]) => holdsOneValue(field)).map(([name]) => name)],
    forms: fieldFormsOf(schema),
  };
}

export const DATASET_FIELDS = fieldsOf(DATASET);
export const BATCH_FIELDS = fieldsOf(BATCH);
export const DATASET_FILE_FIELDS = fieldsOf(DATASET_FILE);
