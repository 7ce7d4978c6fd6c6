/** The OpenAPI schemas of Data Prep's mapping set routes. */
import type { FastifySchema } from "fastify";
import { COUNT, EXAMPLE_IDS, idParams, type JsonSchema, LINK, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "Data Prep";

const AUDIT = {
  createdDate: { type: "integer" },
  modifiedDate: { type: "integer" },
  createdBy: { type: "string" },
  modifiedBy: { type: "string" },
};

const MAPPING_IN = {
  type: "object",
  description: "a source column (sourceAttribute, or source) into a field of the schema (destinationXdmPath, or destination)",
  properties: {
    sourceType: { type: "string", examples: ["ATTRIBUTE"] },
    sourceAttribute: { type: "string", examples: ["email"] },
    source: { type: "string" },
    destinationXdmPath: { type: "string", examples: ["person.email"] },
    destination: { type: "string" },
    identity: { type: "boolean" },
    identityGroup: { type: ["string", "null"] },
    namespaceCode: { type: ["string", "null"] },
    version: { type: "integer" },
  },
};

const MAPPING_SET: JsonSchema = {
  type: "object",
  required: ["id", "version", "xdmSchema", "mappings"],
  properties: {
    id: { type: "string" },
    version: { type: "integer" },
    ...AUDIT,
    xdmSchema: { type: "string" },
    xdmVersion: { type: "string" },
    inputSchema: { type: "object" },
    outputSchema: { type: "object" },
    mappings: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "sourceAttribute", "destinationXdmPath"],
        properties: { id: { type: "string" }, ...MAPPING_IN.properties, ...AUDIT },
      },
    },
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

export const MAPPING_SET_ROUTE_SCHEMAS = {
  create: platformOperation({
    tag: TAG,
    operationId: "createMappingSet",
    summary: "Create a mapping set",
    description:
      "Every destination must be a field of xdmSchema; every source a column of inputSchema when one is given (else the dataflow checks it against its source connection).",
    body: {
      type: "object",
      required: ["xdmSchema", "mappings"],
      properties: {
        version: { type: ["integer", "string"], description: "0: a new mapping set" },
        id: { type: "null", description: "assigned by the service" },
        xdmSchema: { type: "string", description: "the target schema's $id" },
        xdmVersion: { type: "string", examples: ["1.0"] },
        inputSchema: { type: ["object", "null"], description: "the source's columns, as a JSON schema under jsonSchema (or schema)" },
        mappings: { type: "array", minItems: 1, items: MAPPING_IN },
      },
      examples: [{ version: 0, xdmSchema: EXAMPLE_IDS.schema, xdmVersion: "1.0", id: null, mappings: CUSTOMER_MAPPINGS }],
    },
    response: {
      200: {
        description: "The mapping set was created",
        type: "object",
        required: ["id", "version"],
        properties: { id: { type: "string", examples: [EXAMPLE_IDS.mappingSet] }, version: { type: "integer" }, ...AUDIT },
      },
    },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getMappingSet",
    summary: "Read a mapping set",
    params: idParams("the mapping set's id"),
    response: { 200: { ...MAPPING_SET, description: "The mapping set" } },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listMappingSets",
    summary: "List mapping sets",
    querystring: {
      type: "object",
      properties: {
        limit: { type: "integer", minimum: 1 },
        start: { type: "string", description: "where the next page starts, from _links.next" },
        orderby: { type: "string", examples: ["-createdDate"] },
        property: { type: "array", items: { type: "string" } },
        count: { type: "boolean" },
        expandSchema: { type: "boolean", description: "accepted; schemas are referenced by $id" },
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
