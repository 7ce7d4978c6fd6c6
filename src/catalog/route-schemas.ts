/** The OpenAPI schemas of Catalog's routes: datasets and batches. Catalog answers objects keyed by id. */
import type { FastifySchema } from "fastify";
import { COUNT, EXAMPLE_IDS, idParams, type JsonSchema, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "Catalog";

const SCHEMA_REF = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", description: "the schema's $id" }, contentType: { type: "string", examples: ["application/vnd.adobe.xed+json;version=1"] } },
};

const DATASET: JsonSchema = {
  type: "object",
  required: ["name", "schemaRef"],
  properties: {
    name: { type: "string" },
    description: { type: "string" },
    imsOrg: { type: "string" },
    sandboxId: { type: "string" },
    tags: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
    version: { type: "string" },
    created: { type: "integer" },
    updated: { type: "integer" },
    createdClient: { type: "string" },
    createdUser: { type: "string" },
    updatedUser: { type: "string" },
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
    errors: { type: "array", items: { type: "object" } },
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
        tags: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
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
        properties: { type: "string", description: "accepted; every field is answered" },
        count: { type: "boolean" },
      },
    },
    response: { 200: { description: "One page of datasets keyed by id, or their number when count=true", anyOf: [ref(COUNT), keyedById(DATASET, "datasets")] } },
  }),
} satisfies Record<string, FastifySchema>;

export const BATCH_ROUTE_SCHEMA: FastifySchema = platformOperation({
  tag: TAG,
  operationId: "getBatch",
  summary: "Read a batch",
  description: "A batch is what one run wrote to a dataset: one Delta commit.",
  params: idParams("the batch's id (a run's promotionActivity names it)"),
  response: { 200: keyedById(BATCH, "The batch, keyed by its id") },
});
