/** The OpenAPI schemas of Data Prep's mapping set routes. */
import type { FastifySchema } from "fastify";
import { COUNT, EXAMPLE_IDS, idParams, type JsonSchema, LINK, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "Data Prep";

const AUDIT = {
  createdDate: { type: "integer", description: "epoch milliseconds" },
  modifiedDate: { type: "integer", description: "epoch milliseconds" },
  createdBy: { type: "string" },
  modifiedBy: { type: "string" },
};

const MAPPING_ID = { type: "string", description: "a mapping read back keeps its id when sent again; a new one gets one" };

const MAPPING_IN = {
  type: "object",
  description:
    "a source (sourceAttribute, or source) into a field of the schema (destinationXdmPath, or destination), or a key of a map field (identityMap.Email[0].id); paths take a.b, a[0].b, a[*].b and ${…} escapes",
  properties: {
    sourceType: { type: "string", enum: ["ATTRIBUTE", "STATIC", "EXPRESSION"], description: "ATTRIBUTE: a source path; STATIC: the literal value; EXPRESSION: a Data Prep expression" },
    sourceAttribute: { type: "string", examples: ["email"] },
    source: { type: ["string", "number", "boolean"], examples: ["lower(email)"] },
    destinationXdmPath: { type: "string", examples: ["person.email"] },
    destination: { type: "string" },
    name: { type: "string" },
    description: { type: "string" },
    identity: { type: "boolean" },
    identityGroup: { type: ["string", "null"] },
    namespaceCode: { type: ["string", "null"] },
    version: { type: "integer" },
  },
};

const MAPPING: JsonSchema = {
  type: "object",
  required: ["id", "sourceAttribute", "destinationXdmPath"],
  properties: { id: { type: "string" }, ...MAPPING_IN.properties, ...AUDIT },
};

/** A mapping set as a read and the list answer it; its number and time fields are what the list's `property` filters check. */
export const MAPPING_SET: JsonSchema = {
  type: "object",
  required: ["id", "version", "xdmSchema", "mappings"],
  properties: {
    id: { type: "string" },
    version: { type: "integer" },
    ...AUDIT,
    name: { type: "string" },
    xdmSchema: { type: "string" },
    xdmVersion: { type: "string" },
    inputSchema: { type: "object" },
    outputSchema: { type: "object" },
    mappings: { type: "array", items: MAPPING },
  },
  additionalProperties: true,
};

const CUSTOMER_MAPPINGS = [
  ["email", "_id"],
  ["id", "customerId"],
  ["name", "person.name"],
  ["email", "person.email"],
  ["country", "country"],
  ["balance", "balance"],
  ["updated_at", "updatedAt"],
].map(([sourceAttribute, destinationXdmPath]) => ({ sourceType: "ATTRIBUTE", sourceAttribute, destinationXdmPath }));

const MAPPING_SET_BODY: JsonSchema = {
  type: "object",
  required: ["mappings"],
  properties: {
    version: { type: ["integer", "string"], description: "0: a new mapping set" },
    id: { type: ["string", "null"], description: "assigned by the service" },
    name: { type: "string" },
    xdmSchema: { type: "string", description: "the target schema's $id (or give outputSchema, or schemaRef)" },
    schemaRef: { type: "object", description: "the target schema, as AEP's older body and its answers name it", properties: { id: { type: "string" }, contentType: { type: "string" } } },
    xdmVersion: { type: "string", examples: ["1.0"] },
    outputSchema: {
      type: "object",
      description: "the target schema, as AEP's current body names it",
      properties: { schemaRef: { type: "object", properties: { id: { type: "string" }, contentType: { type: "string" } } } },
    },
    inputSchema: { type: ["object", "null"], description: "the source's columns, as a JSON schema under jsonSchema (or schema)" },
    mappings: { type: "array", minItems: 1, items: { ...MAPPING_IN, properties: { ...MAPPING_IN.properties, id: MAPPING_ID } } },
  },
  examples: [{ version: 0, xdmSchema: EXAMPLE_IDS.schema, xdmVersion: "1.0", id: null, mappings: CUSTOMER_MAPPINGS }],
};

/** A preview's mapping set may also target a schema not created yet (beyond AEP). */
const PREVIEWED_MAPPING_SET: JsonSchema = {
  ...MAPPING_SET_BODY,
  properties: {
    ...(MAPPING_SET_BODY.properties as JsonSchema),
    outputSchema: {
      type: "object",
      description: "the target schema: schemaRef names a schema; beyond AEP, schema is the body a POST /schemas would take, checked and resolved but not created",
      properties: { schemaRef: { type: "object", properties: { id: { type: "string" }, contentType: { type: "string" } } }, schema: { type: "object" } },
    },
  },
};

const MAPPING_PARAMS: JsonSchema = {
  type: "object",
  required: ["id", "mappingId"],
  properties: { id: { type: "string", description: "the mapping set's id" }, mappingId: { type: "string", description: "the mapping's id" } },
};

const NEXT_VERSION = "The change makes the mapping set's next version, checked as a whole as a PUT is; dataflows keep the mappingVersion they name.";

/** AEP's TransformErrorInfo: what is wrong, and the mapping it is about when one is. */
const TRANSFORM_ERROR: JsonSchema = {
  type: "object",
  required: ["exception"],
  properties: { destination: { type: "string" }, source: { type: "string" }, sourceType: { type: "string" }, exception: { type: "string" } },
};

const CREATED = {
  type: "object",
  required: ["id", "version"],
  properties: { id: { type: ["string", "null"], examples: [EXAMPLE_IDS.mappingSet] }, version: { type: "integer" }, ...AUDIT },
};

export const MAPPING_SET_ROUTE_SCHEMAS = {
  create: platformOperation({
    tag: TAG,
    operationId: "createMappingSet",
    summary: "Create a mapping set",
    description:
      "Every destination must be a field of xdmSchema; every source a column of inputSchema when one is given (else the dataflow checks it against its source connection).",
    querystring: { type: "object", properties: { validate: { type: "boolean", description: "true: check the body and answer the mapping set it would create, saving nothing" } } },
    body: MAPPING_SET_BODY,
    response: {
      200: { ...CREATED, description: "The mapping set was created (with validate=true: the whole mapping set it would be, id null, nothing saved)", additionalProperties: true },
    },
  }),
  replace: platformOperation({
    tag: TAG,
    operationId: "updateMappingSet",
    summary: "Replace a mapping set: the body becomes its next version",
    description: "Earlier versions stay readable (GET ?version=n) and keep serving the dataflows that name them in mappingVersion.",
    params: idParams("the mapping set's id"),
    body: MAPPING_SET_BODY,
    response: { 200: { ...MAPPING_SET, description: "The new version, whole, as GET answers it" } },
  }),
  validate: platformOperation({
    tag: TAG,
    operationId: "validateMappingSet",
    summary: "Check each mapping of a mapping set body without saving it",
    description:
      "The checks creation makes, answered per mapping in order. A body that is no mapping set (no target schema, or mappings not a list of mappings) is refused (DATAPREP-1000-400).",
    body: MAPPING_SET_BODY,
    response: {
      200: {
        description: "One verdict per mapping, in order: SUCCESS with errors null, or FAILED with what is wrong",
        type: "object",
        required: ["validationResponse"],
        properties: {
          validationResponse: {
            type: "array",
            items: {
              type: "object",
              required: ["status", "errors"],
              properties: { status: { type: "string", enum: ["SUCCESS", "FAILED"] }, errors: { type: ["array", "null"], items: TRANSFORM_ERROR } },
            },
          },
        },
        examples: [{ validationResponse: [{ status: "SUCCESS", errors: null }] }],
      },
    },
  }),
  remove: platformOperation({
    tag: TAG,
    operationId: "deleteMappingSet",
    summary: "Delete a mapping set, every version of it",
    description: "Refused (DATAPREP-1012-400) while a dataflow uses it.",
    params: idParams("the mapping set's id"),
    response: { 204: { type: "null", description: "The mapping set is gone" } },
  }),
  listMappings: platformOperation({
    tag: TAG,
    operationId: "getMappingSetMappings",
    summary: "The mappings of a mapping set's latest version",
    params: idParams("the mapping set's id"),
    response: { 200: { type: "array", items: MAPPING, description: "Its mappings, in order" } },
  }),
  getMapping: platformOperation({
    tag: TAG,
    operationId: "getMappingSetMapping",
    summary: "One mapping of a mapping set's latest version",
    params: MAPPING_PARAMS,
    response: { 200: { ...MAPPING, description: "The mapping" } },
  }),
  addMapping: platformOperation({
    tag: TAG,
    operationId: "createMappingSetMapping",
    summary: "Add a mapping to a mapping set",
    description: NEXT_VERSION,
    params: idParams("the mapping set's id"),
    body: { ...MAPPING_IN, examples: [{ sourceType: "EXPRESSION", source: "lower(email)", destination: "person.email" }] },
    response: { 200: { ...MAPPING, description: "The mapping as stored, with its id" } },
  }),
  replaceMapping: platformOperation({
    tag: TAG,
    operationId: "updateMappingSetMapping",
    summary: "Replace one mapping of a mapping set",
    description: `The mapping keeps its id and its place. ${NEXT_VERSION}`,
    params: MAPPING_PARAMS,
    body: { ...MAPPING_IN, examples: [{ sourceType: "EXPRESSION", source: 'concat(first_name, " ", last_name)', destination: "person.name" }] },
    response: { 200: { ...MAPPING, description: "The mapping as stored" } },
  }),
  removeMapping: platformOperation({
    tag: TAG,
    operationId: "deleteMappingSetMapping",
    summary: "Remove one mapping of a mapping set",
    description: `A mapping set keeps at least one mapping. ${NEXT_VERSION}`,
    params: MAPPING_PARAMS,
    response: { 204: { type: "null", description: "The next version has no such mapping" } },
  }),
  preview: platformOperation({
    tag: TAG,
    operationId: "previewMappingSet",
    summary: "Apply a mapping set body to sample rows",
    description: "The plan a run uses, over the sample rows: each row as the dataset would store it, or its row errors. Nothing is saved.",
    body: {
      type: "object",
      required: ["mappingSet"],
      properties: {
        mappingSet: PREVIEWED_MAPPING_SET,
        data: { description: "a sample row (JSON object) or a list of at most 100", anyOf: [{ type: "object" }, { type: "array", items: { type: "object" } }] },
        columns: {
          type: "array",
          description: "beyond AEP, with data: the sample's columns as its source table types them (explore's schema.columns), so the rows are read as a run reads that table",
          items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" } } },
        },
        sourceConnectionId: { type: "string", description: "beyond AEP, instead of data: the first 100 rows of this source connection's table (its cluster must be running)" },
      },
      examples: [
        {
          mappingSet: {
            outputSchema: { schemaRef: { id: EXAMPLE_IDS.schema, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
            mappings: [
              { sourceType: "ATTRIBUTE", source: "email", destination: "_id" },
              { sourceType: "EXPRESSION", source: "lower(email)", destination: "person.email" },
              { sourceType: "STATIC", source: "DE", destination: "country" },
            ],
          },
          data: [{ email: "Ada@Example.com" }],
        },
      ],
    },
    response: {
      200: {
        description: "Each sample row, in order: data holds the fields that hold a value (errors null), or data is null and errors says why the row fails",
        type: "array",
        items: {
          type: "object",
          required: ["data", "errors"],
          properties: { data: { type: ["object", "null"], additionalProperties: true }, errors: { type: ["array", "null"], items: TRANSFORM_ERROR } },
        },
        examples: [[{ data: { person: { email: "ada@example.com" }, _id: "Ada@Example.com", country: "DE" }, errors: null }]],
      },
    },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getMappingSet",
    summary: "Read a mapping set",
    params: idParams("the mapping set's id"),
    querystring: {
      type: "object",
      properties: {
        version: { type: "integer", description: "a version (0 is the first); the latest without it" },
        expandSchema: { type: "boolean", description: "true: outputSchema.jsonSchema holds the target schema resolved, as the Schema Registry answers it for application/vnd.adobe.xed-full+json" },
      },
    },
    response: { 200: { ...MAPPING_SET, description: "The mapping set" } },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listMappingSets",
    summary: "List mapping sets",
    querystring: {
      type: "object",
      properties: {
        limit: { type: "integer", minimum: 1, default: 10 },
        start: { type: "integer", minimum: 0, default: 0, description: "how many mapping sets to skip: 0 is the first page" },
        name: { type: "string", description: "only the mapping sets of this exact name" },
        orderBy: { type: "string", description: "createdDate or updatedDate, + (the default) ascending, - descending; orderby is taken too", examples: ["-createdDate"] },
        property: { type: "array", items: { type: "string" }, description: "beyond AEP: filters as the Flow Service lists take them" },
        count: { type: "boolean", description: "beyond AEP: only how many match" },
        expandSchema: { type: "boolean", description: "true: each outputSchema.jsonSchema holds the target schema resolved" },
      },
    },
    response: {
      200: {
        description: "One page of mapping sets, or their number when count=true",
        anyOf: [
          {
            type: "object",
            required: ["data", "_page", "_links"],
            properties: {
              data: { type: "array", items: MAPPING_SET },
              _page: { type: "object", properties: { count: { type: "integer" }, limit: { type: "integer" } } },
              _links: { type: "object", properties: { next: ref(LINK) } },
            },
          },
          ref(COUNT),
        ],
      },
    },
  }),
} satisfies Record<string, FastifySchema>;
