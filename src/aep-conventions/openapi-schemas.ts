/**
 * The pieces of the OpenAPI document every API family shares: the AEP error envelope, the
 * `{id, etag}` answer, Flow Service lists and list parameters, the audit fields of a Flow Service
 * entity, the Platform headers and the bearer token. Route schemas document; they never validate
 * (the handlers do, with AEP's own error messages): see src/http/openapi.ts.
 */
import type { FastifySchema } from "fastify";

/** A JSON schema as these files write them: a plain object. */
export type JsonSchema = Record<string, unknown>;

/** A schema with an `$id` is added to the app once and appears in `components.schemas` under that name. */
export interface SharedSchema extends JsonSchema {
  $id: string;
}

/** A reference to a shared schema, as a route schema writes it. */
export function ref(schema: SharedSchema, description?: string): JsonSchema {
  return { $ref: `${schema.$id}#`, ...(description ? { description } : {}) };
}

export const AEP_ERROR: SharedSchema = {
  $id: "AepError",
  type: "object",
  description:
    "AEP's error envelope. `type` names the error (…/errors/FLOW-1439-404: family, number, status); the gateway's own errors also carry `error_code` and `message`.",
  required: ["type", "title", "status", "report", "errorMessage"],
  properties: {
    type: { type: "string", examples: ["https://ns.adobe.com/aep/errors/FLOW-1439-404"] },
    title: { type: "string", examples: ["Resource not found"] },
    status: { type: "integer", minimum: 400, maximum: 599 },
    report: {
      type: "object",
      required: ["detailed-message", "request-id"],
      properties: {
        "detailed-message": { type: "string" },
        "request-id": { type: "string", description: "the request's x-request-id: quote it when reporting a problem" },
      },
      additionalProperties: true,
    },
    errorMessage: { type: "string" },
    errorDetails: { type: "string" },
    error_code: { type: "string", description: "the gateway's error code (403010: token missing, …)" },
    message: { type: "string", description: "the gateway's message" },
    detail: { type: "string" },
  },
  additionalProperties: true,
};

export const IMS_ERROR: SharedSchema = {
  $id: "ImsError",
  type: "object",
  description: "IMS's own error body (OAuth 2.0 style).",
  required: ["error", "error_description"],
  properties: {
    error: { type: "string", examples: ["invalid_client"] },
    error_description: { type: "string" },
  },
};

export const ID_ETAG: SharedSchema = {
  $id: "IdEtag",
  type: "object",
  description: "What a create, PATCH or action answers: the resource's id and its new etag.",
  required: ["id", "etag"],
  properties: {
    id: { type: "string" },
    etag: { type: "string", description: "a quoted version tag; send it back in If-Match to PATCH", examples: ['"1a2b3c4d-0000-0200-0000-65f0c0de0000"'] },
  },
};

export const COUNT: SharedSchema = {
  $id: "Count",
  type: "object",
  description: "The answer of a list asked with count=true.",
  required: ["count"],
  properties: { count: { type: "integer", minimum: 0 } },
};

export const LINK: SharedSchema = {
  $id: "Link",
  type: "object",
  required: ["href"],
  properties: { href: { type: "string" } },
};

export const SPEC_REF: SharedSchema = {
  $id: "SpecRef",
  type: "object",
  description: "A connection or flow spec, by id (and version).",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" }, version: { type: "string", examples: ["1.0"] } },
};

/** Every schema with an `$id` here; src/http/openapi.ts adds them to the app. */
export const SHARED_SCHEMAS: readonly SharedSchema[] = [AEP_ERROR, IMS_ERROR, ID_ETAG, COUNT, LINK, SPEC_REF];

/** Ids the request examples of every family share, so that they read as one journey. */
export const EXAMPLE_IDS = {
  connection: "7f3a2c1e-5b4d-4e6f-8a9b-0c1d2e3f4a5b",
  sourceConnection: "2b8e4f60-1a3c-4d5e-9f70-8b9c0d1e2f3a",
  targetConnection: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
  dataSet: "65f0a1b2c3d4e5f607182930",
  schema: "https://ns.adobe.com/test/schemas/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  mappingSet: "9a8b7c6d5e4f30211f2e3d4c5b6a7988",
  flow: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
  run: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
};

export const BEARER_SCHEME = "bearerAuth";

/** The security scheme of every /data/** operation: an access token from POST /ims/token/v3. */
export const SECURITY_SCHEMES = {
  [BEARER_SCHEME]: {
    type: "http",
    scheme: "bearer",
    description: "An access token from POST /ims/token/v3 (client credentials).",
  },
};

/** The headers the gateway checks on every /data/** request besides Authorization. */
export const PLATFORM_HEADERS: JsonSchema = {
  type: "object",
  required: ["x-api-key", "x-gw-ims-org-id", "x-sandbox-name"],
  properties: {
    "x-api-key": { type: "string", description: "the client id the token was issued to" },
    "x-gw-ims-org-id": { type: "string", description: "the organization of the token", examples: ["TEST@AdobeOrg"] },
    "x-sandbox-name": { type: "string", description: "the sandbox the call acts in", examples: ["prod"] },
  },
};

/** Who made and changed a Flow Service item or run, when, and in which sandbox. */
export const FLOW_SERVICE_STAMPS = {
  createdAt: { type: "integer", description: "epoch milliseconds" },
  updatedAt: { type: "integer", description: "epoch milliseconds" },
  createdBy: { type: "string" },
  updatedBy: { type: "string" },
  createdClient: { type: "string" },
  updatedClient: { type: "string" },
  sandboxId: { type: "string" },
  sandboxName: { type: "string" },
  imsOrgId: { type: "string" },
} as const;

/** What a Flow Service item carries besides its own fields (who made it, in which sandbox, its version). */
export const FLOW_SERVICE_AUDIT = {
  id: { type: "string", format: "uuid" },
  ...FLOW_SERVICE_STAMPS,
  version: { type: "string", description: "the same value as etag" },
  etag: { type: "string" },
} as const;

/** A Flow Service item: the audit fields and the resource's own. */
export function flowServiceItem(properties: JsonSchema, required: readonly string[] = []): JsonSchema {
  return {
    type: "object",
    required: ["id", "createdAt", "updatedAt", "etag", ...required],
    properties: { ...FLOW_SERVICE_AUDIT, ...properties },
    additionalProperties: true,
  };
}

/** A Flow Service list: `{items, _links}` (`_links.next` while more pages follow), or `{count}`. */
export function flowServiceList(item: JsonSchema): JsonSchema {
  return {
    description: "One page of items, or their number when count=true",
    anyOf: [
      {
        type: "object",
        required: ["items", "_links"],
        properties: {
          items: { type: "array", items: item },
          _links: { type: "object", properties: { next: ref(LINK) } },
        },
      },
      ref(COUNT),
    ],
  };
}

const PROPERTY_FILTER = {
  type: "array",
  items: { type: "string" },
  description: "a filter on an item's fields, repeatable: name==x, state!=disabled, createdAt>1700000000000, flowId==<id>, name~customers",
};

/** The query string of every Flow Service list (connections, specs, flows, runs). */
export const FLOW_SERVICE_LIST_QUERY: JsonSchema = {
  type: "object",
  properties: {
    property: PROPERTY_FILTER,
    orderby: { type: "string", description: "a field, + (ascending) or - (descending) before it", examples: ["-createdAt"] },
    limit: { type: "integer", minimum: 1, description: "items per page (at most 1000)" },
    continuationToken: { type: "string", description: "where the next page starts, from _links.next" },
    count: { type: "boolean", description: "answer {count} instead of the items" },
  },
};

/** A path with one `{id}`. */
export function idParams(description: string): JsonSchema {
  return { type: "object", required: ["id"], properties: { id: { type: "string", description } } };
}

/** Every error answer of a Platform call: a client mistake (4xx) or our fault (5xx), in AEP's envelope. */
export const AEP_ERROR_RESPONSES = {
  "4xx": ref(AEP_ERROR, "A client mistake, in AEP's error envelope"),
  "5xx": ref(AEP_ERROR, "A failure on our side or of an outside service (the workspace), in AEP's error envelope"),
};

export interface OperationDocs {
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  params?: JsonSchema;
  querystring?: JsonSchema;
  /** headers besides the Platform's own (If-Match, Accept), by lower-case name */
  headers?: Record<string, JsonSchema>;
  body?: JsonSchema;
  /** the success answers, by status */
  response: Record<string, JsonSchema>;
}

/** An operation behind the gateway (/data/**): the Platform headers, the bearer token and AEP's errors. */
export function platformOperation(docs: OperationDocs): FastifySchema {
  const { response, tag, headers, ...rest } = docs;
  return {
    ...rest,
    tags: [tag],
    headers: { ...PLATFORM_HEADERS, properties: { ...(PLATFORM_HEADERS.properties as JsonSchema), ...headers } },
    security: [{ [BEARER_SCHEME]: [] }],
    response: { ...response, ...AEP_ERROR_RESPONSES },
  };
}
