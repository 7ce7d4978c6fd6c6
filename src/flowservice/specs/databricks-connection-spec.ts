/**
 * The Azure Databricks connection spec (docs/api/flowservice.md#the-databricks-connection-spec).
 * AEP does not publish its name, authSpec or exploreSpec: this one is ours, written from the
 * documented fields — domain, clusterId, accessToken, database, optional catalog — as a JSON
 * schema, plus (beyond AEP) a service principal's OAuth client id and secret instead of the token,
 * and a SQL warehouse (warehouseId) instead of the cluster: exactly one of the two.
 */
import { ACCESS_TOKEN_AUTH, DATABRICKS_SPEC_ID, OAUTH_M2M_AUTH, SOURCES_PROVIDER_ID, SPEC_VERSION } from "./ids.js";
import { objectSchema, PERMISSIONS } from "./json-schema.js";

const string = (description: string, extra: Record<string, unknown> = {}) => ({ type: "string", description, ...extra });

/** What every way of signing in names: the workspace and its compute (before the credentials)… */
const WORKSPACE_PARAMS = {
  domain: string("The URL of your Databricks workspace, e.g. https://adb-1234567890123456.7.azuredatabricks.net.", { format: "uri" }),
  clusterId: string("The ID of an existing all-purpose (interactive) cluster. It must be running when you create the connection, explore or preview. Give either clusterId or warehouseId."),
  warehouseId: string(
    "Beyond AEP: the ID of a SQL warehouse to read through instead of a cluster (Statement Execution API; no landing zone needed). A stopped warehouse is started and waited for. Give either clusterId or warehouseId.",
  ),
};
/** exactly one compute: the cluster or the warehouse */
const ONE_COMPUTE = { oneOf: [{ required: ["clusterId"] }, { required: ["warehouseId"] }] };
/** …and the tables' place and the options (after them). */
const PLACE_PARAMS = {
  database: string("The database (schema) whose Delta tables the connection reads."),
  catalog: string("The Unity Catalog catalog of the database. No value is needed for the default catalog."),
  pushSasToCluster: {
    type: "boolean",
    default: false,
    description:
      "Beyond AEP: the service puts the staging SAS into this cluster's Spark config when the account is created or this is turned on, and each new SAS after the landing zone's credentials are refreshed. A running cluster restarts to take it, and a run on it at that moment fails and is retried; a cluster that already holds the SAS is left alone.",
  },
};

export const DATABRICKS_AUTH_PARAMS = {
  ...objectSchema(
    "Defines the auth params required to connect to an Azure Databricks workspace through an all-purpose cluster or a SQL warehouse.",
    {
      ...WORKSPACE_PARAMS,
      accessToken: string("A Databricks personal access token. It is stored encrypted and never returned.", { format: "password" }),
      ...PLACE_PARAMS,
    },
    ["domain", "accessToken", "database"],
  ),
  ...ONE_COMPUTE,
};

/** Beyond AEP: a service principal signs in with OAuth machine-to-machine instead of a personal token. */
export const DATABRICKS_OAUTH_PARAMS = {
  ...objectSchema(
    "Defines the auth params required to connect to an Azure Databricks workspace as a service principal (OAuth machine-to-machine).",
    {
      ...WORKSPACE_PARAMS,
      clientId: string("The service principal's client ID (its application ID)."),
      clientSecret: string("An OAuth secret of the service principal. It is stored encrypted and never returned.", { format: "password" }),
      ...PLACE_PARAMS,
    },
    ["domain", "clientId", "clientSecret", "database"],
  ),
  ...ONE_COMPUTE,
};

export const DATABRICKS_SECRET_PARAMS = ["accessToken", "clientSecret"] as const;

export const databricksConnectionSpec = {
  id: DATABRICKS_SPEC_ID,
  name: "databricks",
  providerId: SOURCES_PROVIDER_ID,
  version: SPEC_VERSION,
  type: "Database",
  authSpec: [
    { name: ACCESS_TOKEN_AUTH, type: "AccessTokenAuthentication", spec: DATABRICKS_AUTH_PARAMS },
    { name: OAUTH_M2M_AUTH, type: "OAuth2ClientCredential", spec: DATABRICKS_OAUTH_PARAMS },
  ],
  sourceSpec: {
    name: "Databricks",
    type: "Database",
    spec: objectSchema(
      "Defines the params required when this connection is used as a source in a flow.",
      {
        tableName: { type: "string", description: "The table, as `database.table` or `catalog.database.table` (backticks quote a name)." },
        columns: {
          type: "array",
          description: "The columns to read; all columns when absent.",
          items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" }, xdm: { type: "object" } }, required: ["name"] },
        },
        cdcEnabled: { type: "boolean", default: false, description: "Read the table's change data feed (needs delta.enableChangeDataFeed = true)." },
        primaryKey: {
          type: "array",
          items: { type: "string" },
          description: "The columns that identify a row; a change-data-capture flow needs them (or a mapped primary identity). A single column name is also taken, stored as a list of one.",
        },
      },
      ["tableName"],
    ),
    attributes: { uiAttributes: { isSource: true, isPreview: false, category: { key: "database" }, icon: { key: "databricks" } } },
  },
  exploreSpec: {
    name: "Tabular",
    type: "Tabular",
    requestSpec: { $schema: "http://json-schema.org/draft-07/schema#", type: "object" },
    responseSpec: {
      root: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "array",
        items: {
          type: "object",
          properties: {
            type: { type: "string", enum: ["table"] },
            name: { type: "string" },
            path: { type: "string" },
            canPreview: { type: "boolean" },
            canFetchSchema: { type: "boolean" },
          },
        },
      },
      table: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { format: { type: "string" }, schema: { type: "object" }, data: { type: "array" } },
      },
    },
  },
  attributes: {
    category: "Database",
    connectorName: "Azure Databricks",
    isSource: true,
    isPreview: false,
    cdcSupported: true,
    filterAtSource: { enabled: false },
    uiAttributes: {
      apiFeatures: { explorePaginationSupported: false },
      documentationLink: "https://experienceleague.adobe.com/docs/experience-platform/sources/connectors/databases/databricks.html",
    },
  },
  permissionsInfo: PERMISSIONS,
};
