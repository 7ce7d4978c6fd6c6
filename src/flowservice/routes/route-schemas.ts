/** The OpenAPI schemas of Flow Service's routes: specs, connections (test, explore), source and target connections. */
import type { FastifySchema } from "fastify";
import {
  EXAMPLE_IDS,
  FLOW_SERVICE_LIST_QUERY,
  flowServiceItem,
  flowServiceList,
  idParams,
  type JsonSchema,
  platformOperation,
  ref,
  SPEC_REF,
} from "../../aep-conventions/openapi-schemas.js";
import { type ResourceRouteSchemas, resourceRouteSchemas } from "../../aep-conventions/resource-route-schemas.js";
import { DATABRICKS_SPEC_ID, DATALAKE_SPEC_ID, DELTA_SHARING_SPEC_ID } from "../specs/ids.js";
import { CLUSTER_UPDATES } from "../../landing-zone/route-schemas.js";
import { CONNECTION_CHECKS } from "../connection-checks.js";

const TAG = "Flow Service";


const WORKSPACE_PARAMS = {
  domain: { type: "string", description: "the workspace URL", examples: ["https://adb-1234567890123456.7.azuredatabricks.net"] },
  clusterId: { type: "string", description: "an all-purpose cluster of the workspace (give clusterId or warehouseId)", examples: ["0123-456789-abcd1234"] },
  warehouseId: { type: "string", description: "beyond AEP: a SQL warehouse to read through instead of a cluster; no landing zone is needed", examples: ["1234567890abcdef"] },
  database: { type: "string", description: "the database (schema) whose tables the connection reads", examples: ["demo"] },
  catalog: { type: "string", description: "the Unity Catalog catalog, when there is one", examples: ["hive_metastore"] },
};

const CONNECTION_BODY: JsonSchema = {
  type: "object",
  required: ["name", "auth", "connectionSpec"],
  properties: {
    name: { type: "string" },
    description: { type: "string" },
    auth: {
      type: "object",
      required: ["specName", "params"],
      properties: {
        specName: { type: "string", enum: ["Access Token Authentication", "OAuth Service Principal Authentication", "Delta Sharing Profile Authentication"] },
        params: {
          anyOf: [
            {
              type: "object",
              description:
                "accessToken with Access Token Authentication; clientId and clientSecret with OAuth Service Principal Authentication; exactly one of clusterId and warehouseId",
              required: ["domain", "database"],
              properties: {
                ...WORKSPACE_PARAMS,
                accessToken: { type: "string", writeOnly: true, description: "a personal access token; sealed at rest, never shown again" },
                clientId: { type: "string", description: "a service principal's OAuth client id (beyond AEP)", examples: ["6f1b2c3d-0000-4000-8000-00000000abcd"] },
                clientSecret: { type: "string", writeOnly: true, description: "the service principal's OAuth secret; sealed at rest, never shown again" },
              },
              additionalProperties: false,
            },
            {
              type: "object",
              description: "beyond AEP, with Delta Sharing Profile Authentication: the fields of a Delta Sharing recipient's profile file",
              required: ["endpoint", "bearerToken"],
              properties: {
                shareCredentialsVersion: { type: "integer", enum: [1] },
                endpoint: { type: "string", description: "the sharing server's URL", examples: ["https://westeurope.azuredatabricks.net/api/2.0/delta-sharing/metastores/11111111-2222-3333-4444-555555555555"] },
                bearerToken: { type: "string", writeOnly: true, description: "the recipient's bearer token; sealed at rest, never shown again" },
                expirationTime: { type: "string", format: "date-time", description: "when the bearer token expires; an expired profile is refused naming it" },
              },
              additionalProperties: false,
            },
          ],
        },
      },
    },
    connectionSpec: { ...ref(SPEC_REF), description: `the Azure Databricks spec, ${DATABRICKS_SPEC_ID}, or (beyond AEP) the Delta Sharing spec, ${DELTA_SHARING_SPEC_ID}` },
  },
  examples: [
    {
      name: "Databricks connection to Experience Platform",
      description: "A Databricks base connection to Experience Platform",
      auth: {
        specName: "Access Token Authentication",
        params: {
          domain: "https://adb-1234567890123456.7.azuredatabricks.net",
          clusterId: "0123-456789-abcd1234",
          accessToken: "dapi0123456789abcdef0123456789abcdef",
          database: "demo",
        },
      },
      connectionSpec: { id: DATABRICKS_SPEC_ID, version: "1.0" },
    },
    {
      name: "Partner data over Delta Sharing",
      auth: {
        specName: "Delta Sharing Profile Authentication",
        params: {
          endpoint: "https://westeurope.azuredatabricks.net/api/2.0/delta-sharing/metastores/11111111-2222-3333-4444-555555555555",
          bearerToken: "dapi-recipient-token",
          expirationTime: "2027-01-31T00:00:00.0Z",
        },
      },
      connectionSpec: { id: DELTA_SHARING_SPEC_ID, version: "1.0" },
    },
  ],
};

const CONNECTION_ITEM = flowServiceItem(
  {
    name: { type: "string" },
    description: { type: "string" },
    connectionSpec: ref(SPEC_REF),
    state: { type: "string", examples: ["enabled"] },
    auth: {
      type: "object",
      description: "the auth params without the access token, client secret or bearer token",
      properties: {
        specName: { type: "string" },
        params: { type: "object", properties: { ...WORKSPACE_PARAMS, clientId: { type: "string" }, endpoint: { type: "string" }, expirationTime: { type: "string" }, shareCredentialsVersion: { type: "integer" } } },
      },
    },
  },
  ["name", "connectionSpec", "auth"],
);

const CONNECTION_RESOURCE_SCHEMAS: ResourceRouteSchemas = resourceRouteSchemas({
  tag: TAG,
  resource: "connections",
  label: "base connection",
  name: "Connection",
  item: CONNECTION_ITEM,
  createBody: CONNECTION_BODY,
  patchExamples: [
    [
      { op: "replace", path: "/name", value: "Databricks production workspace" },
      { op: "replace", path: "/auth/params/accessToken", value: "dapi00112233445566778899aabbccddeeff" },
    ],
  ],
});

/**
 * A connection's create and PATCH answer {id, etag} and, beyond AEP, when the connection opted in to
 * receive the staging SAS (auth.params.pushSasToCluster), what became of the current SAS on its cluster.
 */
export const CONNECTION_ROUTE_SCHEMAS: ResourceRouteSchemas = {
  ...CONNECTION_RESOURCE_SCHEMAS,
  create: withClusterUpdates(CONNECTION_RESOURCE_SCHEMAS.create, 201),
  patch: withClusterUpdates(CONNECTION_RESOURCE_SCHEMAS.patch, 200),
};

function withClusterUpdates(schema: FastifySchema, status: number): FastifySchema {
  const responses = schema.response as Record<number, JsonSchema>;
  const { $ref: _idEtag, ...answer } = responses[status];
  return {
    ...schema,
    response: {
      ...responses,
      [status]: {
        ...answer,
        type: "object",
        required: ["id", "etag"],
        properties: {
          id: { type: "string" },
          etag: { type: "string", description: "a quoted version tag; send it back in If-Match to PATCH" },
          clusterUpdates: {
            ...CLUSTER_UPDATES,
            description:
              "Beyond AEP, when the connection was created with auth.params.pushSasToCluster, or a PATCH turned it on or moved the connection to another cluster: " +
              "what became of the sandbox's current staging SAS on its cluster (not rotated: other clusters keep theirs)",
          },
        },
      },
    },
  };
}

const COLUMN = {
  type: "object",
  required: ["name"],
  properties: { name: { type: "string" }, type: { type: "string" } },
  additionalProperties: true,
};

const SOURCE_PARAMS = {
  type: "object",
  required: ["tableName"],
  properties: {
    tableName: { type: "string", description: "table, database.table or catalog.database.table", examples: ["demo.customers"] },
    columns: { type: "array", items: COLUMN, description: "the columns to read (all when absent)" },
    cdcEnabled: { type: ["boolean", "string"], description: "read the table's change data feed (delta.enableChangeDataFeed must be true)" },
    primaryKey: {
      type: ["array", "string"],
      items: { type: "string" },
      description: "the columns that identify a row: the key of a change-data-capture flow (beyond AEP); a single name is stored as a list of one",
      examples: [["id"]],
    },
  },
};

export const SOURCE_CONNECTION_ROUTE_SCHEMAS: ResourceRouteSchemas = resourceRouteSchemas({
  tag: TAG,
  resource: "sourceConnections",
  label: "source connection",
  name: "SourceConnection",
  item: flowServiceItem(
    {
      name: { type: "string" },
      description: { type: "string" },
      baseConnectionId: { type: "string" },
      state: { type: "string" },
      data: { type: "object", properties: { format: { type: "string" } } },
      params: SOURCE_PARAMS,
      connectionSpec: ref(SPEC_REF),
      inheritedAttributes: { type: "object" },
    },
    ["name", "baseConnectionId", "params", "connectionSpec"],
  ),
  createBody: {
    type: "object",
    required: ["name", "baseConnectionId", "params", "connectionSpec"],
    properties: {
      name: { type: "string" },
      description: { type: "string" },
      baseConnectionId: { type: "string", description: "the base connection whose workspace holds the table" },
      data: { type: "object", properties: { format: { type: "string", examples: ["tabular"] } } },
      params: SOURCE_PARAMS,
      connectionSpec: ref(SPEC_REF),
    },
    examples: [
      {
        name: "customers source",
        baseConnectionId: EXAMPLE_IDS.connection,
        data: { format: "tabular" },
        params: {
          tableName: "demo.customers",
          columns: ["id", "name", "email", "country", "balance", "updated_at"].map((name) => ({ name })),
          cdcEnabled: false,
        },
        connectionSpec: { id: DATABRICKS_SPEC_ID, version: "1.0" },
      },
    ],
  },
  patchExamples: [[{ op: "replace", path: "/name", value: "customers (all columns)" }]],
});

const TARGET_DATA = {
  type: "object",
  properties: {
    format: { type: "string" },
    schema: { type: "object", required: ["id"], properties: { id: { type: "string" }, version: { type: "string" } } },
  },
};

export const TARGET_CONNECTION_ROUTE_SCHEMAS: ResourceRouteSchemas = resourceRouteSchemas({
  tag: TAG,
  resource: "targetConnections",
  label: "target connection",
  name: "TargetConnection",
  item: flowServiceItem(
    {
      name: { type: "string" },
      description: { type: "string" },
      state: { type: "string" },
      data: TARGET_DATA,
      params: { type: "object", properties: { dataSetId: { type: "string" } } },
      connectionSpec: ref(SPEC_REF),
    },
    ["name", "params", "connectionSpec"],
  ),
  createBody: {
    type: "object",
    required: ["name", "params", "connectionSpec"],
    properties: {
      name: { type: "string" },
      description: { type: "string" },
      data: { ...TARGET_DATA, description: "the dataset's schema, when named, must be the dataset's own" },
      params: { type: "object", required: ["dataSetId"], properties: { dataSetId: { type: "string", description: "a Catalog dataset of the sandbox" } } },
      connectionSpec: { ...ref(SPEC_REF), description: `the data lake spec, ${DATALAKE_SPEC_ID}` },
    },
    examples: [
      {
        name: "lake target",
        data: { schema: { id: EXAMPLE_IDS.schema, version: "application/vnd.adobe.xed-full+json;version=1" } },
        params: { dataSetId: EXAMPLE_IDS.dataSet },
        connectionSpec: { id: DATALAKE_SPEC_ID, version: "1.0" },
      },
    ],
  },
  patchExamples: [[{ op: "replace", path: "/description", value: "customers into the lake" }]],
});

const SPEC = {
  type: "object",
  required: ["id", "name"],
  properties: {
    id: { type: "string", format: "uuid" },
    name: { type: "string" },
    providerId: { type: "string" },
    version: { type: "string" },
    attributes: { type: "object" },
  },
  additionalProperties: true,
};

function specSchemas(label: string, name: string): { list: FastifySchema; get: FastifySchema } {
  return {
    list: platformOperation({
      tag: TAG,
      operationId: `list${name}s`,
      summary: `List ${label}s`,
      description: `The same in every sandbox; filters like every Flow Service list (property=name==…).`,
      querystring: FLOW_SERVICE_LIST_QUERY,
      response: { 200: flowServiceList(SPEC) },
    }),
    get: platformOperation({
      tag: TAG,
      operationId: `get${name}`,
      summary: `Read a ${label}`,
      params: idParams(`the ${label}'s id`),
      response: {
        200: { description: `The ${label}`, type: "object", required: ["items"], properties: { items: { type: "array", items: SPEC } } },
      },
    }),
  };
}

export const SPEC_ROUTE_SCHEMAS = {
  connectionSpecs: specSchemas("connection spec", "ConnectionSpec"),
  flowSpecs: specSchemas("flow spec", "FlowSpec"),
};

export const CONNECTION_TEST_SCHEMA: FastifySchema = platformOperation({
  tag: TAG,
  operationId: "testConnection",
  summary: "Test a base connection",
  description:
    "Asks the workspace for the connection's cluster: whether the workspace answers, the token is accepted, the cluster exists and runs (as creating a connection or a flow requires), and its Spark config holds a usable SAS for the staging container. Never starts the cluster.",
  params: idParams("the base connection's id"),
  response: {
    200: {
      description: "The result and each check",
      type: "object",
      required: ["result", "checks"],
      properties: {
        result: { type: "boolean" },
        checks: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "passed", "message"],
            properties: { name: { type: "string", enum: [...CONNECTION_CHECKS] }, passed: { type: "boolean" }, message: { type: "string" } },
          },
        },
        clusterId: { type: "string" },
        clusterState: { type: ["string", "null"], examples: ["RUNNING"] },
        warehouseId: { type: "string", description: "a SQL warehouse's connection: its id, instead of clusterId" },
        warehouseState: { type: ["string", "null"], description: "and its state after the test (the test starts a stopped warehouse)", examples: ["RUNNING"] },
      },
    },
  },
});

const EXPLORED_TABLE = {
  type: "object",
  required: ["type", "name", "path"],
  properties: {
    type: { type: "string", enum: ["table", "folder"] },
    name: { type: "string" },
    path: { type: "string", examples: ["demo.customers"] },
    canPreview: { type: "boolean" },
    canFetchSchema: { type: "boolean" },
  },
};

const TABLE_DETAILS = {
  type: "object",
  required: ["format", "schema"],
  properties: {
    format: { type: "string", examples: ["flat"] },
    schema: {
      type: "object",
      properties: {
        columns: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "type"],
            properties: { name: { type: "string" }, type: { type: "string", description: "the Spark type" }, "meta:xdmType": { type: "string" }, xdm: { type: "object" } },
          },
        },
      },
    },
    data: { type: "array", items: { type: "object" }, description: "up to 100 rows, with preview=true" },
  },
};

export const CONNECTION_EXPLORE_SCHEMA: FastifySchema = platformOperation({
  tag: TAG,
  operationId: "exploreConnection",
  summary: "Explore a base connection's tables",
  description:
    "objectType=root lists the database's tables; objectType=table&object=<table> gives its columns with their XDM types, and with preview=true up to 100 rows. The cluster must be running unless autoStart=true. Beyond AEP, objectType=folder browses Unity Catalog without the cluster: the catalogs, object=<catalog> its schemas, object=<catalog.schema> its tables.",
  params: idParams("the base connection's id"),
  querystring: {
    type: "object",
    required: ["objectType"],
    properties: {
      objectType: { type: "string", enum: ["root", "table", "folder"] },
      object: { type: "string", description: "the table, with objectType=table; a catalog or catalog.schema with objectType=folder", examples: ["demo.customers"] },
      preview: { type: "boolean", description: "also answer up to 100 rows" },
      autoStart: { type: "boolean", description: "start a terminated cluster and wait for it (beyond AEP)" },
    },
  },
  response: {
    200: { description: "The tables (root), the catalogs, schemas or tables (folder), or a table's columns and rows", anyOf: [{ type: "array", items: EXPLORED_TABLE }, TABLE_DETAILS] },
  },
});
