/**
 * The CRMToAEP flow spec (docs/api/flowservice.md#the-crmtoaep-flow-spec), which carries every
 * table source's dataflows, Databricks included. Its source list here holds only the specs this
 * service implements. The schedule's minimum interval is 1 for every frequency: this service
 * schedules down to one minute (AEP's floor for `minute` is 15).
 */
import { CRM_TO_AEP_FLOW_SPEC_ID, DATABRICKS_SPEC_ID, DATALAKE_SPEC_ID, DELTA_SHARING_SPEC_ID, SOURCES_PROVIDER_ID, SPEC_VERSION } from "./ids.js";
import { objectSchema, PERMISSIONS } from "./json-schema.js";

const deltaColumn = {
  type: "object",
  properties: { name: { type: "string" }, dateFormat: { type: "string" }, timezone: { type: "string" } },
  required: ["name"],
};

export const crmToAepFlowSpec = {
  id: CRM_TO_AEP_FLOW_SPEC_ID,
  name: "CRMToAEP",
  providerId: SOURCES_PROVIDER_ID,
  version: SPEC_VERSION,
  attributes: {
    recordTypeEnabled: true,
    defaultRecordType: "profile",
    isSourceFlow: true,
    flacValidationSupported: true,
    isDraftModeSupported: true,
    frequency: "batch",
    notification: { category: "sources", flowRun: { enabled: true } },
  },
  sourceConnectionSpecIds: [DATABRICKS_SPEC_ID, DELTA_SHARING_SPEC_ID],
  targetConnectionSpecIds: [DATALAKE_SPEC_ID],
  permissionsInfo: PERMISSIONS,
  optionSpec: {
    name: "OptionSpec",
    spec: objectSchema("Options of a flow.", {
      errorDiagnosticsEnabled: { title: "Error diagnostics.", type: "boolean", default: false },
      partialIngestionPercent: { title: "Partial ingestion threshold.", type: "number", exclusiveMinimum: 0 },
    }),
  },
  transformationSpecs: [
    { name: "Copy", spec: objectSchema("The incremental column of the source table.", { deltaColumn }, ["deltaColumn"]) },
    {
      name: "Mapping",
      spec: objectSchema("The mapping set from source columns to the target schema.", {
        mappingId: { type: "string" },
        mappingVersion: { type: "string" },
      }),
    },
  ],
  scheduleSpec: {
    name: "PeriodicSchedule",
    type: "Periodic",
    spec: {
      ...objectSchema(
        "When the flow runs.",
        {
          startTime: { description: "epoch time (seconds)", type: "integer" },
          frequency: { type: "string", enum: ["once", "minute", "hour", "day", "week"] },
          interval: { type: "integer", minimum: 1 },
          backfill: { type: "boolean", default: true },
        },
        ["startTime", "frequency"],
      ),
      if: { properties: { frequency: { const: "once" } } },
      then: { allOf: [{ not: { required: ["interval"] } }, { not: { required: ["backfill"] } }] },
      else: { required: ["interval"] },
    },
  },
  runSpec: {
    name: "ProviderParams",
    spec: objectSchema(
      "The params of an on-demand flow run (epoch seconds).",
      { startTime: { type: "integer" }, windowStartTime: { type: "integer" }, windowEndTime: { type: "integer" }, deltaColumn },
      ["startTime", "windowStartTime", "windowEndTime", "deltaColumn"],
    ),
  },
};
