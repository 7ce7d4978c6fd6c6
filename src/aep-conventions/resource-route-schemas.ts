/**
 * The schemas of the five operations every Flow Service resource has (resource-routes.ts):
 * each resource brings its item, its create body and a PATCH example; the rest is the same.
 */
import type { FastifySchema } from "fastify";
import { type FieldForms, fieldFormsOf } from "./listing/field-forms.js";
import { FLOW_SERVICE_LIST_QUERY, flowServiceList, ID_ETAG, idParams, type JsonSchema, platformOperation, ref } from "./openapi-schemas.js";

export interface ResourceDocs {
  tag: string;
  /** the path segment: "sourceConnections" */
  resource: string;
  /** what one is called in a sentence: "source connection" */
  label: string;
  /** the stem of the operation ids: "SourceConnection" → createSourceConnection, listSourceConnections, … */
  name: string;
  /** one item, as GET shows it */
  item: JsonSchema;
  /** the body of a create, with `examples` */
  createBody: JsonSchema;
  /** JSON Patch documents a client might send */
  patchExamples: unknown[][];
}

export interface ResourceRouteSchemas {
  create: FastifySchema;
  list: FastifySchema;
  get: FastifySchema;
  patch: FastifySchema;
  delete: FastifySchema;
  /** the item's top-level fields, what a list may be ordered by (paths inside them too) */
  orderFields: readonly string[];
  /** the item's number, time and true/false fields, which a list's filters compare with numbers, times and true or false only */
  fieldForms: FieldForms;
}

const ETAG_NOTE = "If-Match takes the etag of the item as last read; `*` matches any version";

/** A JSON Patch (RFC 6902) document: add, replace and remove, the op name in any case. */
export function jsonPatchBody(examples: unknown[][]): JsonSchema {
  return {
    type: "array",
    minItems: 1,
    description: "JSON Patch operations (add, replace, remove; the op name in any case) on the fields a client may change",
    items: {
      type: "object",
      required: ["op", "path"],
      properties: {
        op: { type: "string", examples: ["replace"] },
        path: { type: "string", description: "a JSON pointer", examples: ["/name"] },
        value: { description: "the new value (not for remove)" },
      },
    },
    examples,
  };
}

export function resourceRouteSchemas(docs: ResourceDocs): ResourceRouteSchemas {
  const { tag, label, name } = docs;
  const path = `/${docs.resource}`;
  const id = idParams(`the ${label}'s id`);
  return {
    orderFields: Object.keys((docs.item.properties ?? {}) as object),
    fieldForms: fieldFormsOf(docs.item),
    create: platformOperation({
      tag,
      operationId: `create${name}`,
      summary: `Create a ${label}`,
      description: `Answers 201 with the new ${label}'s id and etag, and its URL in Location.`,
      body: docs.createBody,
      response: {
        201: { ...ref(ID_ETAG, `The ${label} was created`), headers: { location: { type: "string", description: `${path}/{id}` } } },
      },
    }),
    list: platformOperation({
      tag,
      operationId: `list${name}s`,
      summary: `List ${label}s`,
      description: `Filters (property), order, pages (limit, continuationToken from _links.next) or only their number (count=true).`,
      querystring: FLOW_SERVICE_LIST_QUERY,
      response: { 200: flowServiceList(docs.item) },
    }),
    get: platformOperation({
      tag,
      operationId: `get${name}`,
      summary: `Read a ${label}`,
      params: id,
      response: {
        200: {
          description: `The ${label}, as the one item of a list`,
          type: "object",
          required: ["items"],
          properties: { items: { type: "array", minItems: 1, maxItems: 1, items: docs.item } },
        },
      },
    }),
    patch: platformOperation({
      tag,
      operationId: `patch${name}`,
      summary: `Change a ${label}`,
      description: `${ETAG_NOTE}. The changed ${label} is checked as a new one would be.`,
      params: id,
      headers: { "if-match": { type: "string", description: ETAG_NOTE } },
      querystring: {
        type: "object",
        properties: { "if-match": { type: "string", description: "the etag, for clients that cannot send an If-Match header" } },
      },
      body: jsonPatchBody(docs.patchExamples),
      response: { 200: ref(ID_ETAG, `The ${label} was changed: its new etag`) },
    }),
    delete: platformOperation({
      tag,
      operationId: `delete${name}`,
      summary: `Delete a ${label}`,
      params: id,
      response: { 204: { type: "null", description: `The ${label} is gone` } },
    }),
  };
}
