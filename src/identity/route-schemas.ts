/** The OpenAPI schemas of the Identity Service's namespace routes. */
import type { FastifySchema } from "fastify";
import { idParams, type JsonSchema, platformOperation } from "../aep-conventions/openapi-schemas.js";
import { ID_TYPES } from "./namespace.js";

const TAG = "Identity namespaces";

const NAMESPACE: JsonSchema = {
  type: "object",
  required: ["id", "code", "name", "idType", "status", "custom"],
  properties: {
    id: { type: "integer", description: "the namespace's id: a standard one's is AEP's (Email is 6), a custom one's 8 digits", examples: [6] },
    code: { type: "string", description: "what identity descriptors (xdm:namespace) and identity maps name it by", examples: ["Email"] },
    name: { type: "string", examples: ["Email"] },
    description: { type: "string" },
    idType: { type: "string", description: `one of ${ID_TYPES.join(", ")}, in the case it was given`, examples: ["EMAIL"] },
    status: { type: "string", enum: ["ACTIVE"] },
    custom: { type: "boolean", description: "made in this sandbox (true) or standard (false)" },
    createTime: { type: "integer", description: "epoch milliseconds" },
    updateTime: { type: "integer", description: "epoch milliseconds" },
  },
};

const NAMESPACE_BODY: JsonSchema = {
  type: "object",
  required: ["name", "code", "idType"],
  properties: {
    name: { type: "string", examples: ["Loyalty Member"] },
    code: { type: "string", description: "at most 64 characters, no control character, no space at either end; unique in the sandbox whatever its case", examples: ["Loyalty"] },
    description: { type: "string", examples: ["Loyalty Program Member ID"] },
    idType: { type: "string", description: `one of ${ID_TYPES.join(", ")} (any case)`, examples: ["CROSS_DEVICE"] },
  },
  examples: [{ name: "Loyalty Member", code: "Loyalty", description: "Loyalty Program Member ID", idType: "Cross_device" }],
};

const ID = idParams("the namespace's id");

export const IDENTITY_ROUTE_SCHEMAS = {
  list: platformOperation({
    tag: TAG,
    operationId: "listIdentityNamespaces",
    summary: "List identity namespaces",
    description: "The standard namespaces, then the sandbox's custom ones, oldest first: a bare array.",
    response: { 200: { description: "Every namespace of the sandbox", type: "array", items: NAMESPACE } },
  }),
  get: platformOperation({ tag: TAG, operationId: "getIdentityNamespace", summary: "Read an identity namespace", params: ID, response: { 200: { ...NAMESPACE, description: "The namespace" } } }),
  create: platformOperation({
    tag: TAG,
    operationId: "createIdentityNamespace",
    summary: "Create a custom identity namespace",
    description: "A namespace is never deleted. Its code is unique in the sandbox, whatever its case (409 otherwise).",
    body: NAMESPACE_BODY,
    response: { 200: { ...NAMESPACE, description: "The namespace made" } },
  }),
  update: platformOperation({
    tag: TAG,
    operationId: "updateIdentityNamespace",
    summary: "Rename or describe a custom identity namespace",
    description: "The body's name and description replace the namespace's; its code and idType, when given, must be the namespace's own.",
    params: ID,
    body: NAMESPACE_BODY,
    response: { 200: { ...NAMESPACE, description: "The namespace changed" } },
  }),
} satisfies Record<string, FastifySchema>;
