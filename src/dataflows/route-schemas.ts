/** The OpenAPI schemas of the dataflow routes: the five resource operations on /flows and POST /flows/{id}/action. */
import type { FastifySchema } from "fastify";
import { EXAMPLE_IDS, flowServiceItem, ID_ETAG, idParams, type JsonSchema, platformOperation, ref, SPEC_REF } from "../aep-conventions/openapi-schemas.js";
import { type ResourceRouteSchemas, resourceRouteSchemas } from "../aep-conventions/resource-route-schemas.js";
import { CRM_TO_AEP_FLOW_SPEC_ID } from "../flowservice/specs/ids.js";

const TAG = "Dataflows";

const INTEGER_TEXT = { type: ["integer", "string"], description: "a number, also as its text (AEP's own examples send \"15\")" };
const BOOLEAN_TEXT = { type: ["boolean", "string"], description: "true or false, also as text" };

const SCHEDULE = {
  type: "object",
  required: ["startTime", "frequency"],
  properties: {
    startTime: { ...INTEGER_TEXT, description: "epoch seconds of the first window's start; not in the past" },
    frequency: { type: "string", enum: ["once", "minute", "hour", "day", "week"] },
    interval: { ...INTEGER_TEXT, description: "windows of `interval` units (not with once)" },
    backfill: { ...BOOLEAN_TEXT, description: "also ingest the rows before startTime (default true; not with once)" },
  },
};

const TRANSFORMATIONS = {
  type: "array",
  description: "Copy names the incremental column (deltaColumn, needed unless once or change data feed); Mapping names the mapping set",
  items: {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", examples: ["Copy", "Mapping"] }, params: { type: "object" } },
  },
};

const NOTIFICATIONS = {
  type: "object",
  description: "webhooks called when a run succeeds, fails or is late (beyond AEP)",
  properties: {
    webhooks: {
      type: "array",
      items: {
        type: "object",
        required: ["url"],
        properties: {
          url: { type: "string", format: "uri" },
          secret: { type: "string", writeOnly: true, description: "signs each call; sealed at rest, never shown" },
          events: { type: "array", items: { type: "string", enum: ["sources_flow_run_success", "sources_flow_run_failure", "sources_flow_run_delayed"] } },
        },
      },
    },
    delayedRunThresholdMinutes: INTEGER_TEXT,
  },
};

const OPTIONS = {
  type: "object",
  properties: { partialIngestionPercent: { type: ["number", "string"], description: "the share of failed rows a run tolerates, in (0, 100]" } },
};

const FLOW_BODY: JsonSchema = {
  type: "object",
  required: ["name", "flowSpec", "sourceConnectionIds", "targetConnectionIds", "scheduleParams"],
  properties: {
    name: { type: "string" },
    description: { type: "string" },
    flowSpec: { ...ref(SPEC_REF), description: `the CRMToAEP flow spec, ${CRM_TO_AEP_FLOW_SPEC_ID}` },
    sourceConnectionIds: { type: "array", minItems: 1, maxItems: 1, items: { type: "string" } },
    targetConnectionIds: { type: "array", minItems: 1, maxItems: 1, items: { type: "string" } },
    transformations: TRANSFORMATIONS,
    scheduleParams: SCHEDULE,
    options: OPTIONS,
    labels: { type: "array", items: { type: "string", minLength: 1 }, examples: [["core/C12"]] },
    notifications: NOTIFICATIONS,
  },
  examples: [
    {
      name: "Databricks customers every 15 minutes",
      flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: "1.0" },
      sourceConnectionIds: [EXAMPLE_IDS.sourceConnection],
      targetConnectionIds: [EXAMPLE_IDS.targetConnection],
      transformations: [
        { name: "Copy", params: { deltaColumn: { name: "updated_at", dateFormat: "YYYY-MM-DD", timezone: "UTC" } } },
        { name: "Mapping", params: { mappingId: EXAMPLE_IDS.mappingSet, mappingVersion: 0 } },
      ],
      scheduleParams: { startTime: "1767225600", frequency: "minute", interval: "15", backfill: "true" },
    },
  ],
};

const OPERATION = {
  type: "object",
  properties: {
    operation: { type: "string", examples: ["create", "update", "enable", "disable", "resync"] },
    started: { type: "integer" },
    updated: { type: "integer" },
    status: { type: "object" },
  },
};

const FLOW_ITEM = flowServiceItem(
  {
    name: { type: "string" },
    description: { type: "string" },
    state: { type: "string", enum: ["enabled", "disabled"] },
    flowSpec: ref(SPEC_REF),
    sourceConnectionIds: { type: "array", items: { type: "string" } },
    targetConnectionIds: { type: "array", items: { type: "string" } },
    inheritedAttributes: { type: "object" },
    transformations: TRANSFORMATIONS,
    scheduleParams: SCHEDULE,
    options: OPTIONS,
    labels: { type: "array", items: { type: "string", minLength: 1 }, examples: [["core/C12"]] },
    notifications: NOTIFICATIONS,
    runs: { type: "string", description: "the flow's runs, as a /runs query", examples: [`/runs?property=flowId==${EXAMPLE_IDS.flow}`] },
    lastOperation: OPERATION,
    lastRunDetails: {
      type: "object",
      properties: {
        id: { type: "string" },
        state: { type: "string" },
        startedAtUTC: { type: ["integer", "null"] },
        completedAtUTC: { type: ["integer", "null"] },
      },
    },
  },
  ["name", "state", "flowSpec", "sourceConnectionIds", "targetConnectionIds", "scheduleParams"],
);

export const FLOW_ROUTE_SCHEMAS: ResourceRouteSchemas = resourceRouteSchemas({
  tag: TAG,
  resource: "flows",
  label: "dataflow",
  name: "Flow",
  item: FLOW_ITEM,
  createBody: FLOW_BODY,
  patchExamples: [
    [
      { op: "replace", path: "/name", value: "Databricks customers every 30 minutes" },
      { op: "replace", path: "/scheduleParams/interval", value: "30" },
    ],
  ],
});

export const FLOW_ACTION_SCHEMA: FastifySchema = platformOperation({
  tag: TAG,
  operationId: "actOnFlow",
  summary: "Enable, disable or resync a dataflow",
  description:
    "op=enable or op=disable switch the schedule on or off; op=resync (beyond AEP) makes the next window of a change-data-capture flow read a full snapshot; it is refused (FLOW-1420-409) for a once flow whose runs read the rows that appeared since a whole-table read, which it would leave nothing to compare with.",
  params: idParams("the dataflow's id"),
  querystring: { type: "object", required: ["op"], properties: { op: { type: "string", enum: ["enable", "disable", "resync"] } } },
  response: { 200: ref(ID_ETAG, "Done: the dataflow's new etag") },
});
