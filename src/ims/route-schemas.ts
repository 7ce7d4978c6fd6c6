/** The OpenAPI schemas of the local IMS's token routes. They answer IMS's own error body, not AEP's. */
import type { FastifySchema } from "fastify";
import { AEP_ERROR, IMS_ERROR, type JsonSchema, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "IMS";

const TOKEN_PARAMS = {
  grant_type: { type: "string", enum: ["client_credentials"] },
  client_id: { type: "string" },
  client_secret: { type: "string", writeOnly: true },
  scope: { type: "string", examples: ["openid,AdobeID"] },
};

const TOKEN_REQUEST: JsonSchema = {
  type: "object",
  required: ["grant_type", "client_id", "client_secret"],
  properties: TOKEN_PARAMS,
};

const RESPONSES = {
  200: {
    description: "An access token for /data/** calls (Authorization: Bearer …)",
    type: "object",
    required: ["access_token", "token_type", "expires_in"],
    properties: {
      access_token: { type: "string" },
      token_type: { type: "string", const: "bearer" },
      expires_in: { type: "integer", description: "seconds" },
    },
  },
  "4xx": ref(IMS_ERROR, "A missing parameter, another grant type, unknown client credentials, or (429, with Retry-After) too many failed attempts"),
  "5xx": ref(AEP_ERROR, "A failure on our side"),
};

export const IMS_ROUTE_SCHEMAS = {
  v3: {
    tags: [TAG],
    operationId: "issueToken",
    summary: "Issue an access token (client credentials)",
    description: "OAuth Server-to-Server, as aepp and Adobe's examples send it: the parameters in a form body.",
    consumes: ["application/x-www-form-urlencoded"],
    body: {
      ...TOKEN_REQUEST,
      examples: [{ grant_type: "client_credentials", client_id: "my-client-id", client_secret: "my-client-secret", scope: "openid,AdobeID" }],
    },
    response: RESPONSES,
  },
  v2: {
    tags: [TAG],
    operationId: "issueTokenV2",
    summary: "Issue an access token (legacy query form)",
    description: "The same parameters in the query string (a form body works too), as older Postman collections send them.",
    querystring: { ...TOKEN_REQUEST, properties: { ...TOKEN_PARAMS, client_secret: { type: "string" } } },
    response: RESPONSES,
  },
} satisfies Record<string, FastifySchema>;
