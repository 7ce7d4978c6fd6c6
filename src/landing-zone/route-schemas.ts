/** The OpenAPI schemas of the landing zone routes: a sandbox's staging container and its SAS credentials. */
import type { FastifySchema } from "fastify";
import { type JsonSchema, platformOperation } from "../aep-conventions/openapi-schemas.js";
import { LANDING_ZONE_KINDS } from "./types.js";

const TAG = "Landing zone";

const TYPE = {
  type: "string",
  enum: Object.keys(LANDING_ZONE_KINDS),
  description: "which landing zone: dlz_databricks_source is the staging container Databricks clusters write to",
};

/** What became of a SAS on the clusters of connections that opted in (auth.params.pushSasToCluster). */
export const CLUSTER_UPDATES: JsonSchema = {
  type: "array",
  items: {
    type: "object",
    required: ["connectionId", "clusterId", "status", "message"],
    properties: {
      connectionId: { type: "string" },
      clusterId: { type: "string" },
      status: {
        type: "string",
        enum: ["updated", "unchanged", "failed"],
        description: "updated: the SAS is in the cluster's Spark config (a running cluster restarts); unchanged: it already was (no restart); failed: it is not (message says why)",
      },
      message: { type: "string" },
    },
  },
};

const CREDENTIALS: JsonSchema = {
  type: "object",
  required: ["containerName", "SASToken", "storageAccountName", "SASUri", "expiryDate"],
  properties: {
    containerName: { type: "string", examples: ["dlz-databricks-container"] },
    SASToken: { type: "string", description: "a container SAS bound to a stored access policy: sv=…&si=dlz-…&sr=c&sp=racwdlm&sig=…" },
    storageAccountName: { type: "string" },
    SASUri: { type: "string", format: "uri" },
    expiryDate: { type: "string", format: "date" },
    expiryTime: { type: "string", format: "date-time" },
    sparkConfLine: {
      type: "string",
      description: "Beyond AEP, with sparkConf=true: the line for the cluster's Spark config, `fs.azure.sas.<containerName>.<storageAccountName>.blob.core.windows.net <SASToken>`",
    },
    refreshGraceSeconds: {
      type: "integer",
      description: "Beyond AEP, with sparkConf=true: how many seconds the previous SAS keeps working after a refresh (DLZ_REFRESH_GRACE_SECONDS); 0: a refresh revokes it at once",
    },
    clusterUpdates: {
      ...CLUSTER_UPDATES,
      description:
        "Beyond AEP, when a new SAS was issued and connections opted in with auth.params.pushSasToCluster: what became of it on each of their clusters",
    },
  },
};

const SPARK_CONF = {
  type: "string",
  enum: ["true", "false"],
  description: "Beyond AEP: true adds sparkConfLine, the exact line for the cluster's Spark config, and refreshGraceSeconds",
};

export const LANDING_ZONE_ROUTE_SCHEMAS = {
  container: platformOperation({
    tag: TAG,
    operationId: "getLandingZone",
    summary: "Read the landing zone container",
    querystring: { type: "object", required: ["type"], properties: { type: TYPE } },
    response: {
      200: {
        description: "The sandbox's container of that type (created on first use)",
        type: "object",
        required: ["containerName", "containerTTL"],
        properties: { containerName: { type: "string" }, containerTTL: { type: "string", description: "days" } },
      },
    },
  }),
  credentials: platformOperation({
    tag: TAG,
    operationId: "getLandingZoneCredentials",
    summary: "Read the landing zone credentials",
    description:
      "The current SAS, or a new one when it has expired. With action=refresh, a new SAS; the previous one is revoked (at once, or after the configured grace window).",
    querystring: { type: "object", required: ["type"], properties: { type: TYPE, action: { type: "string", enum: ["refresh"] }, sparkConf: SPARK_CONF } },
    response: { 200: { ...CREDENTIALS, description: "The container's SAS credentials" } },
  }),
  refresh: platformOperation({
    tag: TAG,
    operationId: "refreshLandingZoneCredentials",
    summary: "Refresh the landing zone credentials",
    description: "A new SAS; the previous one is revoked (at once, or after the configured grace window).",
    querystring: { type: "object", required: ["type", "action"], properties: { type: TYPE, action: { type: "string", enum: ["refresh"] }, sparkConf: SPARK_CONF } },
    response: { 200: { ...CREDENTIALS, description: "The new SAS credentials" } },
  }),
} satisfies Record<string, FastifySchema>;
