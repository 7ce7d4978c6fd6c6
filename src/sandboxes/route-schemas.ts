/** The OpenAPI schemas of the sandbox routes. */
import type { FastifySchema } from "fastify";
import { type JsonSchema, platformOperation } from "../aep-conventions/openapi-schemas.js";

const TAG = "Sandboxes";

const SANDBOX: JsonSchema = {
  type: "object",
  required: ["id", "name", "state", "type"],
  properties: {
    id: { type: "string", format: "uuid" },
    name: { type: "string", examples: ["prod"] },
    title: { type: "string", examples: ["Production"] },
    state: { type: "string", examples: ["active"] },
    type: { type: "string", enum: ["production", "development"] },
    region: { type: "string" },
    isDefault: { type: "boolean" },
  },
};

export const SANDBOX_ROUTE_SCHEMAS = {
  list: platformOperation({
    tag: TAG,
    operationId: "listSandboxes",
    summary: "List sandboxes",
    querystring: {
      type: "object",
      properties: {
        limit: { type: "string", description: "how many sandboxes to answer (a whole number from 1); all when absent", examples: ["2"] },
        offset: { type: "string", description: "how many sandboxes to skip (a whole number from 0)", examples: ["0"] },
      },
    },
    response: {
      200: {
        description: "Every sandbox of the organization",
        type: "object",
        required: ["sandboxes"],
        properties: {
          sandboxes: { type: "array", items: SANDBOX },
          _page: { type: "object", properties: { limit: { type: "integer" }, count: { type: "integer" } } },
          _links: { type: "object" },
        },
      },
    },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getSandbox",
    summary: "Read a sandbox",
    params: { type: "object", required: ["name"], properties: { name: { type: "string", description: "the sandbox's name", examples: ["dev"] } } },
    response: { 200: { ...SANDBOX, description: "The sandbox" } },
  }),
} satisfies Record<string, FastifySchema>;
