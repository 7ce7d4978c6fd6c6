/** The OpenAPI schemas of Catalog's routes: datasets, batches and dataSetFiles. Catalog answers objects keyed by id. */
import type { FastifySchema } from "fastify";
import { COUNT, EXAMPLE_IDS, idParams, type JsonSchema, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";
import { jsonPatchBody } from "../aep-conventions/resource-route-schemas.js";
import { BATCH_STATUSES, DEFAULT_LIMIT, MAX_LIMIT } from "./list-queries.js";

const TAG = "Catalog";

const SCHEMA_REF = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", description: "the schema's $id" }, contentType: { type: "string", examples: ["application/vnd.adobe.xed+json;version=1"] } },
};

const TAGS = { type: "object", additionalProperties: { type: "array", items: { type: "string" } } };

const DATASET: JsonSchema = {
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

const BATCH: JsonSchema = {
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

/** What a dataset list may be ordered by: its id and its fields of one value (an object field has no order: it would answer the list by id). */
export const DATASET_ORDER_FIELDS = ["id", ...Object.entries(DATASET.properties as Record<string, JsonSchema>).filter(([, field]) => field.type !== "object").map(([name]) => name)];

/** `["@/dataSets/<id>"]` */
const REFERENCE = { type: "array", items: { type: "string", examples: [`@/dataSets/${EXAMPLE_IDS.dataSet}`] } };

/** `{"<id>": item, …}` */
const keyedById = (item: JsonSchema, description: string) => ({ description, type: "object", additionalProperties: item });

export const DATASET_ROUTE_SCHEMAS = {
  create: platformOperation({
    tag: TAG,
    operationId: "createDataSet",
    summary: "Create a dataset",
    description: "A dataset of a tenant schema of the sandbox; its rows are kept as a Delta table.",
    body: {
      type: "object",
      required: ["name", "schemaRef"],
      properties: {
        name: { type: "string" },
        description: { type: "string" },
        schemaRef: SCHEMA_REF,
        tags: TAGS,
        fileDescription: { type: "object" },
      },
      examples: [
        {
          name: "Databricks customers",
          description: "Customers ingested from demo.customers",
          schemaRef: { id: EXAMPLE_IDS.schema, contentType: "application/vnd.adobe.xed+json;version=1" },
        },
      ],
    },
    response: {
      201: {
        description: "The dataset was created: its reference",
        type: "array",
        items: { type: "string", examples: [`@/dataSets/${EXAMPLE_IDS.dataSet}`] },
        headers: { location: { type: "string", description: "/dataSets/{id}" } },
      },
    },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getDataSet",
    summary: "Read a dataset",
    params: idParams("the dataset's id"),
    response: { 200: keyedById(DATASET, "The dataset, keyed by its id") },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listDataSets",
    summary: "List datasets",
    querystring: {
      type: "object",
      properties: {
        limit: { type: "integer", minimum: 1, maximum: 100 },
        start: { type: "integer", minimum: 0, description: "an offset" },
        orderBy: { type: "string", examples: ["desc:created", "asc:name"] },
        property: { type: "array", items: { type: "string" }, description: "filters (name==…)" },
        properties: { type: "string", description: "the fields answered, comma-separated (a.b reaches inside an object); every field without it" },
        count: { type: "boolean" },
      },
    },
    response: { 200: { description: "One page of datasets keyed by id, or their number when count=true", anyOf: [ref(COUNT), keyedById(DATASET, "datasets")] } },
  }),
  update: platformOperation({
    tag: TAG,
    operationId: "patchDataSet",
    summary: "Change a dataset's name, description or tags",
    description:
      "Fields (an object, merged: tags key by key, null removes) or JSON Patch (application/json-patch+json). Enabling unifiedProfile or unifiedIdentity needs a schema enabled for Profile.",
    params: idParams("the dataset's id"),
    body: {
      anyOf: [
        {
          type: "object",
          description: "the fields to change; any other field only with the value it has",
          properties: { name: { type: "string" }, description: { type: "string" }, tags: TAGS },
        },
        jsonPatchBody([]),
      ],
      examples: [
        { name: "Databricks customers (EU)", description: "Customers of the EU workspace" },
        { tags: { unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] } },
        [{ op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] }],
      ],
    },
    response: { 200: { description: "The dataset was changed: its reference", ...REFERENCE } },
  }),
  delete: platformOperation({
    tag: TAG,
    operationId: "deleteDataSet",
    summary: "Delete a dataset",
    description: "Refused while a target connection or a flow uses it. Removes its batches and its Delta table.",
    params: idParams("the dataset's id"),
    response: { 200: { description: "The deleted dataset's reference; an empty list when the sandbox has no such dataset", ...REFERENCE } },
  }),
} satisfies Record<string, FastifySchema>;

const PAGE_QUERY = {
  limit: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  start: { type: "integer", minimum: 0, description: "an offset: how many to skip" },
  orderBy: { type: "string", description: "asc:<field> or desc:<field>, comma-separated; fields created and updated", examples: ["desc:created"] },
  properties: { type: "string", description: "the fields answered, comma-separated (a.b reaches inside an object); every field without it" },
};

const DATASET_FILE: JsonSchema = {
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

export const BATCH_ROUTE_SCHEMAS = {
  get: platformOperation({
    tag: TAG,
    operationId: "getBatch",
    summary: "Read a batch",
    description: "A batch is what one run wrote to a dataset: one Delta commit.",
    params: idParams("the batch's id (a run's promotionActivity names it)"),
    response: { 200: keyedById(BATCH, "The batch, keyed by its id") },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listBatches",
    summary: "List batches",
    querystring: {
      type: "object",
      properties: {
        dataSet: { type: "string", description: "only the batches of this dataset" },
        status: { type: "string", enum: [...BATCH_STATUSES] },
        createdAfter: { type: "integer", description: "epoch milliseconds, exclusive" },
        createdBefore: { type: "integer", description: "epoch milliseconds, exclusive" },
        property: { type: "array", items: { type: "string" }, description: "filters over each batch's fields (status==failed, status~^fail, errors)" },
        ...PAGE_QUERY,
      },
    },
    response: { 200: keyedById(BATCH, "One page of batches keyed by id, in order") },
  }),
  dataSetFiles: platformOperation({
    tag: TAG,
    operationId: "listDataSetFiles",
    summary: "List dataset files",
    description: "One per successful batch: the Parquet files of its Delta commit, the same the Data Access API lists.",
    querystring: {
      type: "object",
      properties: { batchId: { type: "string" }, dataSetId: { type: "string" }, ...PAGE_QUERY },
    },
    response: { 200: keyedById(DATASET_FILE, "One page of dataset files keyed by id") },
  }),
} satisfies Record<string, FastifySchema>;

