/** Loads what a run needs from the store: its flow, the flow's references, the change-feed position. */
import { Errors, RunErrors } from "../aep-conventions/errors/catalogue.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { parseDetails, runSandbox } from "./run-details.js";
import type { RunInputs } from "./run-inputs.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { findFlow } from "../store/flows.repository.js";
import { latestSuccessfulWindow } from "../store/runs.repository.js";
import { mappingRules, resolveReferences } from "../dataflows/flow-references.js";
import { changeKeyOf } from "../dataflows/change-key.js";
import { missingDestinations } from "../dataprep/mappings.js";

export function runInputsLoader(store: Store, connections: ConnectionService) {
  return async (run: RunTable): Promise<RunInputs> => {
    const scope = runSandbox(run);
    const flow = await findFlow(store.db, scope, run.flow_id);
    if (!flow) throw Errors.resourceNotFound("flows", run.flow_id);
    const document = JSON.parse(flow.body) as Json;
    const transformations = Array.isArray(document.transformations) ? document.transformations.filter(isObject) : [];
    const named = (name: string) => transformations.find((t) => String(t.name).toLowerCase() === name);
    const copy = named("copy");
    const mapping = named("mapping");
    const deltaParam = isObject(copy?.params) && isObject(copy.params.deltaColumn) ? copy.params.deltaColumn : undefined;
    const mappingId = isObject(mapping?.params) ? String(mapping.params.mappingId) : undefined;
    const mappingVersion = isObject(mapping?.params) ? Number(mapping.params.mappingVersion ?? 0) : 0;
    const references = await resolveReferences(store, connections, scope, {
      sourceConnectionId: (document.sourceConnectionIds as string[])[0],
      targetConnectionId: (document.targetConnectionIds as string[])[0],
      mappingId,
    });
    try {
      connections.databricks.requireAllowedHost(references.auth.domain);
    } catch (error) {
      throw RunErrors.workspaceNotAllowed((error as Error).message);
    }
    const rules = mappingRules(references.mappingSet, mappingVersion);
    const missing = missingDestinations(rules, references.datasetSchema);
    if (missing.length > 0) throw RunErrors.mappingFailed(schemaChangedMessage(flow.id, mappingId ?? "", mappingVersion, references.dataSetId, missing));
    const options = isObject(document.options) ? document.options : {};
    return {
      flow: {
        id: flow.id,
        imsOrgId: flow.ims_org_id,
        sandboxName: flow.sandbox_name,
        frequency: flow.frequency,
        deltaColumn: typeof deltaParam?.name === "string" ? deltaParam.name : undefined,
        partialIngestionPercent: Number(options.partialIngestionPercent ?? 0) || 0,
        lateRows: options.lateArrivingRows === "skip" ? "skip" : "ingest",
      },
      connection: { ...references.auth, id: references.base.id },
      source: {
        id: references.source.id,
        tableName: references.tableName,
        columns: references.columns,
        cdcEnabled: references.cdcEnabled,
        changeKey: references.cdcEnabled ? changeKeyOf(references, rules) : undefined,
      },
      target: { id: references.target.id, datasetId: references.dataSetId },
      mapping: rules,
      ...(mappingId === undefined ? {} : { mappingSet: { id: mappingId, version: mappingVersion } }),
      schema: references.datasetSchema,
      ...(await lastIngested(store, run, Number(document.resyncFromSequence ?? 0))),
    };
  };
}

/** What to do when the dataset's schema lost fields the flow's mapping set writes: a new mapping set version, or the fields back. */
function schemaChangedMessage(flowId: string, mappingId: string, version: number, dataSetId: string, missing: readonly string[]): string {
  return (
    `The schema of dataset ${dataSetId} no longer has the fields mapping set ${mappingId} (version ${version}) writes: ${missing.join("; ")}. ` +
    `Its schema changed after the mapping set was made, and no row was read. Give the mapping set a version without these mappings ` +
    `(PUT /data/foundation/conversion/mappingSets/${mappingId}) and point the flow at it (PATCH /data/foundation/flowservice/flows/${flowId}, ` +
    `the mapping transformation's mappingVersion), or add the fields back to the schema; then re-trigger this run.`
  );
}

/**
 * The pinned version of the flow's latest successful earlier window, and the Delta table id it
 * belongs to: where the change feed resumes. Windows before a resync
 * (POST /flows/{id}/action?op=resync) do not count, so the first window after it reads a full
 * snapshot again.
 */
async function lastIngested(store: Store, run: RunTable, resyncFromSequence: number): Promise<Pick<RunInputs, "lastIngestedVersion" | "lastIngestedTableId">> {
  const previous = await latestSuccessfulWindow(store.db, run.flow_id, resyncFromSequence, run.window_seq);
  if (!previous) return {};
  const details = parseDetails(previous);
  return { lastIngestedVersion: details.pinnedVersion, lastIngestedTableId: details.sourceTableId };
}
