/**
 * What a flow must satisfy beyond its own body (docs/api/dataflows.md): the connections it names
 * are of the right specs, its mapping set fits its dataset and source, its delta column exists,
 * and a PATCH of a started flow leaves its start, frequency and backfill alone.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { PatchOp } from "../aep-conventions/json-patch.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { sourceColumnPaths } from "../dataprep/mappings.js";
import { propertyAt, unstorableReason } from "../schemaregistry/xdm-fields.js";
import { DATABRICKS_SPEC_ID, DATALAKE_SPEC_ID } from "../flowservice/specs/ids.js";
import type { FlowDefinition } from "./flow-request.js";
import { type FlowReferences, mappingRules } from "./flow-references.js";

/** Top-level fields a PATCH may change: name, description, schedule, transformations, labels, options, notifications. */
const EDITABLE = ["name", "description", "scheduleParams", "transformations", "labels", "options", "notifications"];

export function checkConnectionSpecs(references: FlowReferences): void {
  const sourceSpec = references.source.document.connectionSpec;
  if (isObject(sourceSpec) && sourceSpec.id !== DATABRICKS_SPEC_ID) {
    throw Errors.paramValueInvalid(references.source.id, "sourceConnectionIds", "the source connection is not a Databricks connection");
  }
  const targetSpec = references.target.document.connectionSpec;
  if (isObject(targetSpec) && targetSpec.id !== DATALAKE_SPEC_ID) throw Errors.targetSpecInvalid(references.target.id);
}

export function checkMapping(definition: FlowDefinition, references: FlowReferences): void {
  if (!references.mappingSet) throw Errors.mappingTransformationMissing();
  const mappingVersion = Number(references.mappingSet.document.version ?? 0);
  if (definition.mappingVersion !== undefined && definition.mappingVersion !== mappingVersion) {
    throw Errors.mappingVersionInvalid(String(definition.mappingVersion));
  }
  const mappingSchema = String(references.mappingSet.document.xdmSchema ?? "");
  if (mappingSchema !== references.schemaId) throw Errors.mappingSchemaMismatch(mappingSchema, references.schemaId);
  checkMappedFields(references);
  // a mapping set names no source of its own (AEP's body has none): check it against this flow's
  const sourceParams = isObject(references.source.document.params) ? references.source.document.params : {};
  if (!Array.isArray(sourceParams.columns) || sourceParams.columns.length === 0) return;
  const paths = sourceColumnPaths(sourceParams.columns.filter(isObject).map((c) => ({ name: String(c.name), xdm: c.xdm })));
  for (const rule of mappingRules(references.mappingSet)) {
    if (!paths.has(rule.sourceAttribute)) {
      throw Errors.paramValueInvalid(rule.sourceAttribute, "transformations[Mapping]", "the mapping set reads an attribute that is not a column of the source connection");
    }
  }
}

/**
 * The mapping set against the dataset's resolved schema: every destination is a field a dataset
 * can store, and every field each row must hold (required by the schema, of every ExperienceEvent,
 * the primary identity of a Profile-enabled dataset) is mapped, itself or an object holding it.
 */
function checkMappedFields(references: FlowReferences): void {
  const destinations = mappingRules(references.mappingSet).map((rule) => rule.destinationXdmPath);
  for (const destination of destinations) {
    const property = propertyAt(references.datasetSchema, destination);
    const reason = property && unstorableReason(property);
    if (reason) throw Errors.mappingDestinationNotStorable(destination, reason);
  }
  const reached = (path: string) => destinations.some((d) => d === path || path.startsWith(`${d}.`));
  const missingByReason = new Map<string, string[]>();
  for (const field of references.datasetSchema.requiredFields ?? []) {
    if (!reached(field.path)) missingByReason.set(field.reason, [...(missingByReason.get(field.reason) ?? []), field.path]);
  }
  for (const [reason, paths] of missingByReason) throw Errors.mappingRequiredFieldsMissing(paths, reason);
}

export function checkDeltaColumn(definition: FlowDefinition, references: FlowReferences): void {
  if (definition.schedule.frequency !== "once" && !references.cdcEnabled && !definition.deltaColumn) throw Errors.deltaColumnRequired();
  if (definition.deltaColumn && references.columns.length > 0 && !references.columns.includes(definition.deltaColumn)) {
    throw Errors.paramValueInvalid(definition.deltaColumn, "transformations[Copy].params.deltaColumn.name", "it is not a column of the source connection");
  }
}

/**
 * A delta column the source connection cannot vouch for (it lists no columns) is looked up in the
 * table itself; Spark resolves column names without regard to case, and so does this check.
 */
export function checkDeltaColumnInTable(deltaColumn: string, tableColumns: readonly string[], tablePath: string): void {
  if (!tableColumns.some((column) => column.toLowerCase() === deltaColumn.toLowerCase())) {
    throw Errors.paramValueInvalid(deltaColumn, "transformations[Copy].params.deltaColumn.name", `it is not a column of table ${tablePath}`);
  }
}

/** Whether the delta column can only be checked against the table: it is set and the source connection lists no columns. */
export function deltaColumnNeedsTable(definition: FlowDefinition, references: FlowReferences): definition is FlowDefinition & { deltaColumn: string } {
  return definition.deltaColumn !== undefined && references.columns.length === 0;
}

export function checkEditablePaths(ops: readonly PatchOp[]): void {
  for (const op of ops) {
    if (!op.path[0] || !EDITABLE.includes(op.path[0])) throw Errors.patchPathInvalid(op.pointer || "/");
  }
}

/** Once a flow has started, its start time and backfill stay, and it cannot become a one-time flow. */
export function checkScheduleChange(before: Json, after: Json, started: boolean): void {
  if (!started) return;
  const was = before.scheduleParams as Json;
  const now = isObject(after.scheduleParams) ? after.scheduleParams : {};
  if (String(now.startTime) !== String(was.startTime)) throw Errors.startTimePassedNoUpdate();
  if (String(now.frequency).toLowerCase() === "once" && String(was.frequency).toLowerCase() !== "once") throw Errors.frequencyToOnceAfterStart();
  if (String(now.backfill ?? true) !== String(was.backfill ?? true)) throw Errors.backfillAfterStart();
}
