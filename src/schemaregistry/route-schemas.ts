/** The OpenAPI schemas of the Schema Registry's tenant schema routes. */
import type { FastifySchema } from "fastify";
import { COUNT, type JsonSchema, LINK, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "Schema Registry";

/**
 * `$id` (the schema's URI, https://ns.adobe.com/<tenant>/schemas/<id>) is only named in `required`:
 * a property literally named `$id` would be read as a schema id by the resolver that builds the document.
 */
const XDM_SCHEMA: JsonSchema = {
  type: "object",
  required: ["$id", "meta:altId", "title", "version"],
  properties: {
    "meta:altId": { type: "string", examples: ["_test.schemas.0f1e2d3c4b5a69788796a5b4c3d2e1f0"] },
    "meta:resourceType": { type: "string" },
    version: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    type: { type: "string" },
    properties: { type: "object", description: "the schema's fields, XDM-typed" },
    definitions: { type: "object" },
    allOf: { type: "array" },
    "meta:class": { type: "string" },
    "meta:registryMetadata": { type: "object" },
  },
  additionalProperties: true,
};

const SCHEMA_SUMMARY = {
  type: "object",
  required: ["$id", "meta:altId", "version", "title"],
  properties: { "meta:altId": { type: "string" }, version: { type: "string" }, title: { type: "string" } },
};

export const SCHEMA_ROUTE_SCHEMAS = {
  create: platformOperation({
    tag: TAG,
    operationId: "createSchema",
    summary: "Create a tenant schema",
    description: "An XDM object with typed fields (inline, or in local definitions referenced from allOf); answers the stored schema with its $id.",
    body: {
      type: "object",
      required: ["title", "type"],
      properties: {
        title: { type: "string" },
        description: { type: "string" },
        type: { type: "string", const: "object" },
        properties: { type: "object", additionalProperties: { type: "object" } },
        definitions: { type: "object" },
        allOf: { type: "array", items: { type: "object" } },
      },
      examples: [
        {
          title: "Customers from Databricks",
          description: "Customers read from demo.customers",
          type: "object",
          properties: {
            _id: { type: "string" },
            customerId: { type: "integer", "meta:xdmType": "long" },
            person: { type: "object", properties: { name: { type: "string" }, email: { type: "string" } } },
            country: { type: "string" },
            balance: { type: "number" },
            updatedAt: { type: "string", format: "date-time" },
          },
        },
      ],
    },
    response: { 201: { ...XDM_SCHEMA, description: "The schema as stored" } },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getSchema",
    summary: "Read a tenant schema",
    params: {
      type: "object",
      required: ["id"],
      properties: { id: { type: "string", description: "the schema's $id (URL-encoded) or meta:altId" } },
    },
    response: { 200: { ...XDM_SCHEMA, description: "The schema" } },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listSchemas",
    summary: "List tenant schemas",
    description: "Summaries ($id, meta:altId, version, title), or whole schemas when Accept is application/vnd.adobe.xed+json.",
    headers: { accept: { type: "string", examples: ["application/vnd.adobe.xed-id+json", "application/vnd.adobe.xed+json"] } },
    querystring: {
      type: "object",
      properties: {
        property: { type: "array", items: { type: "string" }, description: "filters, as in Flow Service lists (title==…)" },
        orderby: { type: "string", examples: ["title"] },
        limit: { type: "integer", minimum: 1, maximum: 300 },
        start: { type: "string", description: "where the next page starts, from _page.next" },
        count: { type: "boolean" },
      },
    },
    response: {
      200: {
        description: "One page of schemas, or their number when count=true",
        anyOf: [
          {
            type: "object",
            required: ["results", "_page", "_links"],
            properties: {
              results: { type: "array", items: { anyOf: [SCHEMA_SUMMARY, XDM_SCHEMA] } },
              _page: {
                type: "object",
                properties: { orderby: { type: "string" }, next: { type: ["string", "null"] }, count: { type: "integer" } },
              },
              _links: {
                type: "object",
                properties: { next: { anyOf: [ref(LINK), { type: "null" }] }, global_schemas: ref(LINK) },
              },
            },
          },
          ref(COUNT),
        ],
      },
    },
  }),
} satisfies Record<string, FastifySchema>;
