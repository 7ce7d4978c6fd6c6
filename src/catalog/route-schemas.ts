/** The OpenAPI schemas of Catalog's routes: datasets, batches and dataSetFiles. Catalog answers objects keyed by id. */
import type { FastifySchema } from "fastify";
import { COUNT, EXAMPLE_IDS, idParams, type JsonSchema, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";
import { jsonPatchBody } from "../aep-conventions/resource-route-schemas.js";
import { BATCH_STATUSES, DEFAULT_LIMIT, MAX_LIMIT } from "./list-queries.js";
import { BATCH, DATASET, DATASET_FILE, SCHEMA_REF, TAGS } from "./object-schemas.js";

const TAG = "Catalog";

/** AEP's tags filter, on datasets and batches */
const TAGS_FILTER = {
  type: "array",
  items: { type: "string" },
  description: "<name>:<value> pairs, comma-separated, all of which must hold: an object whose tag holds the value (* any characters), or has the tag (<name>:*)",
  examples: [["sampleTag:123456,secondTag:*"]],
};

const SIMPLE_FILTERS =
  "Any field of the objects that holds one value may also be given as a parameter of its own, a simple filter: <field>=<value>, several values comma-separated (any of them), ! before them for none of them";

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
    description: `${SIMPLE_FILTERS} (name=Customers,Orders; name=!Customers).`,
    querystring: {
      type: "object",
      properties: {
        limit: { type: "integer", minimum: 1, maximum: 100 },
        start: { type: "integer", minimum: 0, description: "an offset" },
        orderBy: { type: "string", description: "asc:<field>, desc:<field>, <field>, +<field> or -<field>, comma-separated", examples: ["desc:created", "asc:name"] },
        orderby: { type: "string", description: "orderBy spelt as this service's other lists spell it; the same values (not both)", examples: ["-created"] },
        property: { type: "array", items: { type: "string" }, description: "filters over each dataset's fields (name==Customers, name~^Demo, description, !description)" },
        tags: TAGS_FILTER,
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
  orderBy: { type: "string", description: "asc:<field>, desc:<field>, <field>, +<field> or -<field>, comma-separated; fields created and updated", examples: ["desc:created"] },
  orderby: { type: "string", description: "orderBy spelt as this service's other lists spell it; the same values (not both)", examples: ["-created"] },
  properties: { type: "string", description: "the fields answered, comma-separated (a.b reaches inside an object); every field without it" },
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
    description: `${SIMPLE_FILTERS} (status=failed; status=!failed; id=<id>,<id>).`,
    querystring: {
      type: "object",
      properties: {
        dataSet: { type: "string", description: "only the batches of this dataset" },
        status: { type: "string", description: `a simple filter: one status or several, comma-separated, or ! before them for none of them; each one of ${BATCH_STATUSES.join(", ")}`, examples: ["failed", "success,failed", "!failed"] },
        createdAfter: { type: "integer", description: "epoch milliseconds, exclusive" },
        createdBefore: { type: "integer", description: "epoch milliseconds, exclusive" },
        property: { type: "array", items: { type: "string" }, description: "filters over each batch's fields (status==failed, status~^fail, errors)" },
        tags: { ...TAGS_FILTER, examples: [["flowId:<flow id>"]] },
        ...PAGE_QUERY,
      },
    },
    response: { 200: keyedById(BATCH, "One page of batches keyed by id, in order") },
  }),
  dataSetFiles: platformOperation({
    tag: TAG,
    operationId: "listDataSetFiles",
    summary: "List dataset files",
    description: `One per successful batch: the Parquet files of its Delta commit, the same the Data Access API lists. ${SIMPLE_FILTERS} (batchId=<id>,<id>; dataSetViewId=<id>).`,
    querystring: {
      type: "object",
      properties: {
        batchId: { type: "string", description: "a simple filter: one batch id or several, comma-separated, or ! before them for none of them" },
        dataSetId: { type: "string", description: "only the files of this dataset" },
        property: { type: "array", items: { type: "string" }, description: "filters over each file's fields (size>1000000, dataSetViewId==<id>, batchId~^01)" },
        ...PAGE_QUERY,
      },
    },
    response: { 200: keyedById(DATASET_FILE, "One page of dataset files keyed by id") },
  }),
} satisfies Record<string, FastifySchema>;

