/**
 * Beyond AEP's Databricks source: a Delta Sharing connection (docs/api/flowservice.md#delta-sharing).
 * Its auth params are a recipient's profile file, field by field (endpoint, bearerToken, optional
 * expirationTime); its tables are named `share.schema.table`. Reading needs no Databricks compute.
 */
import { DELTA_SHARING_SPEC_ID, SHARING_PROFILE_AUTH, SOURCES_PROVIDER_ID, SPEC_VERSION } from "./ids.js";
import { objectSchema, PERMISSIONS } from "./json-schema.js";
import { databricksConnectionSpec } from "./databricks-connection-spec.js";

const string = (description: string, extra: Record<string, unknown> = {}) => ({ type: "string", description, ...extra });

export const SHARING_PROFILE_PARAMS = objectSchema(
  "A Delta Sharing recipient's profile: the fields of the profile file (config.share) the data provider gave.",
  {
    shareCredentialsVersion: { type: "integer", enum: [1], default: 1, description: "The profile file format version; only 1 exists." },
    endpoint: string("The sharing server's URL, as in the profile file (e.g. https://<region>.azuredatabricks.net/api/2.0/delta-sharing/metastores/<id>).", { format: "uri" }),
    bearerToken: string("The recipient's bearer token. It is stored encrypted and never returned.", { format: "password" }),
    expirationTime: string("When the bearer token expires (ISO 8601), as in the profile file. An expired profile is refused before anything is sent.", { format: "date-time" }),
  },
  ["endpoint", "bearerToken"],
);

const { sourceSpec, exploreSpec } = databricksConnectionSpec;

export const deltaSharingConnectionSpec = {
  id: DELTA_SHARING_SPEC_ID,
  name: "delta-sharing",
  providerId: SOURCES_PROVIDER_ID,
  version: SPEC_VERSION,
  type: "Database",
  authSpec: [{ name: SHARING_PROFILE_AUTH, type: "BearerTokenAuthentication", spec: SHARING_PROFILE_PARAMS }],
  sourceSpec: {
    ...sourceSpec,
    name: "Delta Sharing",
    spec: {
      ...sourceSpec.spec,
      properties: {
        ...sourceSpec.spec.properties,
        tableName: { type: "string", description: "The shared table, as `share.schema.table` (backticks quote a name)." },
        cdcEnabled: { type: "boolean", default: false, description: "Read the table's change data feed (the provider must share it with history and delta.enableChangeDataFeed = true)." },
      },
    },
    attributes: { uiAttributes: { isSource: true, isPreview: false, category: { key: "database" }, icon: { key: "delta-sharing" } } },
  },
  exploreSpec,
  attributes: {
    category: "Database",
    connectorName: "Delta Sharing",
    isSource: true,
    isPreview: false,
    cdcSupported: true,
    filterAtSource: { enabled: false },
    uiAttributes: { apiFeatures: { explorePaginationSupported: false }, documentationLink: "https://github.com/delta-io/delta-sharing/blob/main/PROTOCOL.md" },
  },
  permissionsInfo: PERMISSIONS,
};
