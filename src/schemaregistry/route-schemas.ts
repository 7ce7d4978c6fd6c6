/** The OpenAPI schemas of the Schema Registry's routes (docs/api/schemaregistry.md). */
import type { FastifySchema } from "fastify";
import { COUNT, type JsonSchema, LINK, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";
import { jsonPatchBody } from "../aep-conventions/resource-route-schemas.js";

const TAG = "Schema Registry";
const PROFILE = "https://ns.adobe.com/xdm/context/profile";
const EXAMPLE_TENANT = "_test";

/**
 * `$id` (the resource's URI) is only named in `required`: a property literally named `$id` would
 * be read as a schema id by the resolver that builds the document.
 */
const XDM_RESOURCE: JsonSchema = {
  type: "object",
  required: ["$id", "meta:altId", "title", "version"],
  properties: {
    "meta:altId": { type: "string", examples: ["_test.schemas.0f1e2d3c4b5a69788796a5b4c3d2e1f0"] },
    "meta:resourceType": { type: "string", enum: ["schemas", "classes", "mixins", "datatypes", "behaviors", "unions"] },
    version: { type: "string", examples: ["1.0"] },
    title: { type: "string" },
    description: { type: "string" },
    type: { type: "string" },
    properties: { type: "object", description: "the fields: the ones it defines itself, or (with -full) every field, resolved" },
    definitions: { type: "object" },
    allOf: { type: "array" },
    refs: { type: "array", items: { type: "string" } },
    "meta:class": { type: "string" },
    "meta:extends": { type: "array", items: { type: "string" } },
    "meta:intendedToExtend": { type: "array", items: { type: "string" } },
    "meta:immutableTags": { type: "array", items: { type: "string" } },
    "meta:registryMetadata": { type: "object" },
    "meta:tenantNamespace": { type: "string", examples: [EXAMPLE_TENANT] },
    "meta:descriptorStatus": {
      type: "object",
      description: "the resource's descriptors, each valid or naming a field the resource no longer has (a schema's PUT and PATCH answers, and the -desc lookups)",
      properties: {
        result: {
          type: "array",
          items: {
            type: "object",
            required: ["@id", "@type", "status"],
            properties: {
              "@id": { type: "string" },
              "@type": { type: "string", examples: ["xdm:alternateDisplayInfo"] },
              "xdm:sourceProperty": { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
              status: { type: "string", enum: ["valid", "invalid"] },
              message: { type: "string", description: "when invalid: the fields it names that are gone, and what to do" },
            },
          },
        },
      },
    },
  },
  additionalProperties: true,
};

const SUMMARY: JsonSchema = {
  type: "object",
  required: ["$id", "meta:altId", "version", "title"],
  properties: { "meta:altId": { type: "string" }, version: { type: "string" }, title: { type: "string" } },
};

const ACCEPT = {
  accept: {
    type: "string",
    description: "application/vnd.adobe.{xed|xdm}[-full][-notext][-desc][-flat][-deprecatedfield]+json; version=1 (lists: -id, -full, -notext)",
    examples: ["application/vnd.adobe.xed-full+json; version=1", "application/vnd.adobe.xed+json; version=1", "application/vnd.adobe.xed-id+json"],
  },
};

const LIST_QUERY: JsonSchema = {
  type: "object",
  properties: {
    property: { type: "array", items: { type: "string" }, description: "filters, repeatable (ANDed): meta:extends!=https://ns.adobe.com/xdm/data/adhoc, meta:intendedToExtend==…, or a bare field name (has the field)" },
    orderby: { type: "string", examples: ["title", "-updated"] },
    limit: { type: "integer", minimum: 1, maximum: 300 },
    start: { type: "string", description: "where the next page starts, from _page.next" },
    count: { type: "boolean" },
    properties: { type: "string", description: "the members each result shows, comma-separated", examples: ["title,$id"] },
  },
};

function listAnswer(item: JsonSchema, description: string): JsonSchema {
  return {
    description,
    anyOf: [
      {
        type: "object",
        required: ["results", "_page", "_links"],
        properties: {
          results: { type: "array", items: item },
          _page: { type: "object", properties: { orderby: { type: "string" }, next: { type: ["string", "null"] }, count: { type: "integer" } } },
          _links: { type: "object", properties: { next: { anyOf: [ref(LINK), { type: "null" }] } }, additionalProperties: true },
        },
      },
      ref(COUNT),
    ],
  };
}

const idParams = (label: string): JsonSchema => ({
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", description: `the ${label}'s $id (URL-encoded) or meta:altId` } },
});

/** How each URL segment names its resources in summaries and operation ids. */
const NAMES: Record<string, { one: string; many: string; label: string }> = {
  schemas: { one: "Schema", many: "Schemas", label: "schema" },
  classes: { one: "Class", many: "Classes", label: "class" },
  fieldgroups: { one: "FieldGroup", many: "FieldGroups", label: "field group" },
  mixins: { one: "Mixin", many: "Mixins", label: "field group (legacy /mixins path)" },
  datatypes: { one: "DataType", many: "DataTypes", label: "data type" },
  behaviors: { one: "Behavior", many: "Behaviors", label: "behaviour" },
};

/*
 * Request examples name no other resource with `$ref`: the OpenAPI document would read such a key
 * as a reference of its own. The API reference (docs/api/schemaregistry.md) shows those bodies.
 */
const FIELD_GROUP_EXAMPLE = {
  title: "Loyalty Members",
  description: "Loyalty program membership",
  type: "object",
  "meta:intendedToExtend": [PROFILE],
  properties: {
    [EXAMPLE_TENANT]: {
      type: "object",
      properties: { loyalty: { type: "object", properties: { tier: { type: "string" }, since: { type: "string", format: "date" } } } },
    },
  },
};

const CREATE_EXAMPLES: Record<string, unknown[]> = {
  schemas: [
    {
      title: "Customers from Databricks",
      description: "A schema of inline fields; a schema of a class and field groups names them in allOf",
      type: "object",
      properties: { _id: { type: "string" }, customerId: { type: "integer", "meta:xdmType": "long" }, updatedAt: { type: "string", format: "date-time" } },
    },
  ],
  classes: [
    {
      title: "Property",
      description: "A property of the business, on the record behaviour",
      type: "object",
      "meta:extends": ["https://ns.adobe.com/xdm/data/record"],
      properties: { [EXAMPLE_TENANT]: { type: "object", properties: { propertyId: { type: "string" } } } },
    },
  ],
  fieldgroups: [FIELD_GROUP_EXAMPLE],
  mixins: [FIELD_GROUP_EXAMPLE],
  datatypes: [
    {
      title: "Loyalty Tier",
      type: "object",
      properties: { id: { type: "string" }, effectiveDate: { type: "string", format: "date-time" }, currentThreshold: { type: "integer" } },
    },
  ],
};

const RESOURCE_BODY: JsonSchema = {
  type: "object",
  required: ["title"],
  properties: {
    title: { type: "string" },
    description: { type: "string" },
    type: { type: "string", const: "object" },
    definitions: { type: "object", additionalProperties: { type: "object" } },
    allOf: { type: "array", items: { type: "object" } },
    properties: { type: "object", additionalProperties: { type: "object" } },
    "meta:intendedToExtend": { type: "array", items: { type: "string" } },
    "meta:immutableTags": { type: "array", items: { type: "string" } },
    "meta:extends": { type: "array", items: { type: "string" } },
  },
};

export function globalRouteSchemas(segment: string): { list: FastifySchema; get: FastifySchema } {
  const { one, many, label } = NAMES[segment];
  return {
    list: platformOperation({
      tag: TAG,
      operationId: `listGlobal${many}`,
      summary: `List the standard ${label}s`,
      description: "The global container, read-only: Adobe's standard resources in compatibility mode.",
      headers: ACCEPT,
      querystring: LIST_QUERY,
      response: { 200: listAnswer({ anyOf: [SUMMARY, XDM_RESOURCE] }, `One page of ${label}s`) },
    }),
    get: platformOperation({
      tag: TAG,
      operationId: `getGlobal${one}`,
      summary: `Read a standard ${label}`,
      params: idParams(label),
      headers: ACCEPT,
      response: { 200: { ...XDM_RESOURCE, description: `The ${label}, in the Accept variant asked for` } },
    }),
  };
}

export function tenantRouteSchemas(segment: string): Record<"create" | "list" | "get" | "replace" | "patch" | "delete", FastifySchema> {
  const { one, many, label } = NAMES[segment];
  const params = idParams(label);
  return {
    create: platformOperation({
      tag: TAG,
      operationId: `create${one}`,
      summary: `Create a tenant ${label}`,
      description: "Answers the stored resource with its $id, meta:altId and version 1.0. Custom fields of classes and field groups sit under the tenant namespace.",
      body: { ...RESOURCE_BODY, examples: CREATE_EXAMPLES[segment] },
      response: { 201: { ...XDM_RESOURCE, description: `The ${label} as stored` } },
    }),
    list: platformOperation({
      tag: TAG,
      operationId: `list${many}`,
      summary: `List tenant ${label}s`,
      description: "Summaries ($id, meta:altId, version, title) with Accept application/vnd.adobe.xed-id+json, else whole resources.",
      headers: ACCEPT,
      querystring: LIST_QUERY,
      response: { 200: listAnswer({ anyOf: [SUMMARY, XDM_RESOURCE] }, `One page of ${label}s, or their number when count=true`) },
    }),
    get: platformOperation({
      tag: TAG,
      operationId: `get${one}`,
      summary: `Read a tenant ${label}`,
      description: segment === "schemas" ? "Also answers a union: the class's $id with __union (…profile__union)." : undefined,
      params,
      headers: ACCEPT,
      response: { 200: { ...XDM_RESOURCE, description: `The ${label}, in the Accept variant asked for` } },
    }),
    replace: platformOperation({
      tag: TAG,
      operationId: `replace${one}`,
      summary: `Replace a tenant ${label}`,
      description: "The body is the whole resource, as for a create; read-only members it carries (a GET sent back) are recomputed. Bumps the version.",
      params,
      body: { ...RESOURCE_BODY, examples: CREATE_EXAMPLES[segment] },
      response: { 200: { ...XDM_RESOURCE, description: `The ${label} as stored` } },
    }),
    patch: platformOperation({
      tag: TAG,
      operationId: `patch${one}`,
      summary: `Change a tenant ${label} with JSON Patch`,
      description: "Bumps the version. A schema takes a field group with an add to /allOf/- and is enabled for Profile with an add of /meta:immutableTags.",
      params,
      body: jsonPatchBody(
        segment === "schemas"
          ? [[{ op: "add", path: "/meta:immutableTags", value: ["union"] }], [{ op: "replace", path: "/title", value: "Loyalty Members" }]]
          : [[{ op: "replace", path: "/description", value: "A better description" }]],
      ),
      response: { 200: { ...XDM_RESOURCE, description: `The ${label} as stored` } },
    }),
    delete: platformOperation({
      tag: TAG,
      operationId: `delete${one}`,
      summary: `Delete a tenant ${label}`,
      description: "Refused (XDM-1040) while a dataset, mapping set, descriptor or other resource uses it.",
      params,
      response: { 204: { description: "Deleted", type: "null" } },
    }),
  };
}

export const UNION_ROUTE_SCHEMAS = {
  list: platformOperation({
    tag: TAG,
    operationId: "listUnions",
    summary: "List the unions",
    description: "One union per class that has schemas enabled for Profile.",
    headers: ACCEPT,
    querystring: LIST_QUERY,
    response: { 200: listAnswer(SUMMARY, "One page of unions") },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getUnion",
    summary: "Read a union",
    description: "The merge of every schema of the class enabled for Profile; -full resolves their fields into one tree.",
    params: idParams("union"),
    headers: ACCEPT,
    response: { 200: { ...XDM_RESOURCE, description: "The union" } },
  }),
} satisfies Record<string, FastifySchema>;

const DESCRIPTOR: JsonSchema = {
  type: "object",
  required: ["@id", "@type", "xdm:sourceSchema"],
  properties: {
    "@id": { type: "string" },
    "@type": { type: "string", examples: ["xdm:descriptorIdentity"] },
    "xdm:sourceSchema": { type: "string" },
    "xdm:sourceVersion": { type: "integer" },
    "xdm:sourceProperty": { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    "xdm:namespace": { type: "string" },
    "xdm:property": { type: "string" },
    "xdm:isPrimary": { type: "boolean" },
    version: { type: "string" },
  },
  additionalProperties: true,
};

const DESCRIPTOR_BODY: JsonSchema = {
  type: "object",
  required: ["@type", "xdm:sourceSchema"],
  properties: {
    "@type": { type: "string" },
    "xdm:sourceSchema": { type: "string" },
    "xdm:sourceVersion": { type: "integer" },
    "xdm:sourceProperty": { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    "xdm:namespace": { type: "string" },
    "xdm:property": { type: "string" },
    "xdm:isPrimary": { type: "boolean" },
  },
  additionalProperties: true,
  examples: [
    {
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": "https://ns.adobe.com/test/schemas/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/personalEmail/address",
      "xdm:namespace": "Email",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": true,
    },
  ],
};

const descriptorId = { type: "object", required: ["id"], properties: { id: { type: "string", description: "the descriptor's @id (40 hex)" } } };

export const DESCRIPTOR_ROUTE_SCHEMAS = {
  create: platformOperation({
    tag: TAG,
    operationId: "createDescriptor",
    summary: "Create a descriptor",
    description: "Identity, alternate display info, primary key, relationship, reference identity, …: its xdm:sourceProperty must be a field of the source schema.",
    body: DESCRIPTOR_BODY,
    response: { 201: { ...DESCRIPTOR, description: "The descriptor as stored" } },
  }),
  list: platformOperation({
    tag: TAG,
    operationId: "listDescriptors",
    summary: "List descriptors",
    description: "Keyed by @type (objects, -id ids, -link paths), or with application/vnd.adobe.xdm-v2+json a page {results, _page, _links}.",
    headers: { accept: { type: "string", examples: ["application/vnd.adobe.xdm-v2+json", "application/vnd.adobe.xdm-link+json", "application/vnd.adobe.xdm+json"] } },
    querystring: LIST_QUERY,
    response: {
      200: {
        description: "The descriptors",
        anyOf: [{ type: "object", additionalProperties: { type: "array" } }, listAnswer(DESCRIPTOR, "A page of descriptors")],
      },
    },
  }),
  get: platformOperation({
    tag: TAG,
    operationId: "getDescriptor",
    summary: "Read a descriptor",
    params: descriptorId,
    response: { 200: { ...DESCRIPTOR, description: "The descriptor" } },
  }),
  replace: platformOperation({
    tag: TAG,
    operationId: "replaceDescriptor",
    summary: "Replace a descriptor",
    params: descriptorId,
    body: DESCRIPTOR_BODY,
    response: { 201: { type: "object", description: "The descriptor's @id", required: ["@id"], properties: { "@id": { type: "string" } } } },
  }),
  delete: platformOperation({
    tag: TAG,
    operationId: "deleteDescriptor",
    summary: "Delete a descriptor",
    params: descriptorId,
    response: { 204: { description: "Deleted", type: "null" } },
  }),
} satisfies Record<string, FastifySchema>;

export const STATS_ROUTE_SCHEMA = platformOperation({
  tag: TAG,
  operationId: "getRegistryStats",
  summary: "The org's tenant id and what its sandbox holds",
  description: "aepp's getTenantId reads tenantId here.",
  response: {
    200: {
      type: "object",
      description: "The tenant id, counts by kind, recent resources and which schemas use each class",
      required: ["imsOrg", "tenantId", "counts"],
      properties: {
        imsOrg: { type: "string" },
        tenantId: { type: "string", examples: ["test"] },
        counts: { type: "object", additionalProperties: { type: "integer" } },
        recentlyCreatedResources: { type: "array" },
        recentlyUpdatedResources: { type: "array" },
        classUsage: { type: "object" },
      },
    },
  },
});

/** POST /rpc/import, as AEP documents it. */
const IMPORT_OPERATION = {
  tag: TAG,
  summary: "Creates an export payload's resources in this sandbox, under this org's tenant",
  description: "A resource the sandbox already has (same $id) is kept as it is; ids that are not this service's form get new ones, and the payload's references follow.",
  body: {
    type: "array",
    description: "what GET /rpc/export answered",
    items: { type: "object", additionalProperties: true },
    examples: [
      [
        {
          $id: "https://ns.adobe.com/<XDM_TENANTID_PLACEHOLDER>/datatypes/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
          "meta:altId": "_<XDM_TENANTID_PLACEHOLDER>.datatypes.0a1b2c3d4e5f60718293a4b5c6d7e8f9",
          "meta:resourceType": "datatypes",
          version: "1.0",
          title: "Loyalty (imported)",
          type: "object",
          properties: { tier: { type: "string" }, points: { type: "integer" } },
        },
      ],
    ],
  },
  response: { 201: { type: "array", description: "The imported (or already present) resources, in the payload's order", items: XDM_RESOURCE } },
};

/** `/rpc`: export and import of tenant resources, and a sample document of a schema. */
export const RPC_ROUTE_SCHEMAS = {
  export: platformOperation({
    tag: TAG,
    operationId: "exportXdmResource",
    summary: "A resource and every tenant resource it is built on, ready to import elsewhere",
    description: "Dependencies first; the org's tenant id is replaced by <XDM_TENANTID_PLACEHOLDER> everywhere, sandbox-specific members are left out.",
    params: idParams("schema, class, field group or data type"),
    response: { 200: { type: "array", description: "The export payload", items: XDM_RESOURCE } },
  }),
  import: platformOperation({ ...IMPORT_OPERATION, operationId: "importXdmResources" }),
  /** aepp's importResource posts the payload to /rpc/export/ */
  importAtExportPath: platformOperation({
    ...IMPORT_OPERATION,
    operationId: "importXdmResourcesAtExportPath",
    summary: "The same as POST /rpc/import, at the path aepp's importResource posts to",
  }),
  sampleData: platformOperation({
    tag: TAG,
    operationId: "getSchemaSampleData",
    summary: "One document that fits the schema's resolved fields",
    description: "Every value meets its field's constraints (pattern, enum, lengths, bounds, format), so ingestion takes it; a field no such value is found for is left out.",
    params: idParams("schema"),
    response: { 200: { type: "object", description: "A sample row: every field with a value that passes its rules", additionalProperties: true } },
  }),
} satisfies Record<string, FastifySchema>;
