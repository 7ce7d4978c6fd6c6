import { enableInCommitTimestamps } from "./commit-timestamps.js";
import type { Metadata, Snapshot } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable, columnMappingMode } from "./protocol-support.js";
import { deriveProtocol, protocolsEqual } from "./table-features.js";
import { validateProperties } from "./table-metadata.js";
import { assignColumnMapping, MAX_COLUMN_ID_KEY } from "./column-mapping.js";
import { serializeSchema } from "./schema.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { assertCompatibleWinners, MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { checkpointIfDue } from "./checkpoint-writer.js";

/**
 * ALTER TABLE SET TBLPROPERTIES: a new metaData action, plus a protocol upgrade when a property turns on
 * a feature (deletion vectors, change data feed, column mapping, ...), as Spark does automatically.
 */
export async function setTableProperties(root: string, props: Record<string, string>): Promise<number> {
  validateProperties(props);
  return commitProperties(root, "SET TBLPROPERTIES", { properties: JSON.stringify(props) }, (configuration) => ({ ...configuration, ...props }));
}

/**
 * ALTER TABLE UNSET TBLPROPERTIES [IF EXISTS]: the keys leave the table's configuration in a new metaData action; a key the table
 * does not have fails (UNSET_NONEXISTENT_PROPERTIES) unless `ifExists`. The features they turned on stay in the protocol, as in Delta.
 */
export async function unsetTableProperties(root: string, keys: readonly string[], ifExists: boolean): Promise<number> {
  return commitProperties(root, "UNSET TBLPROPERTIES", { properties: JSON.stringify(keys), ifExists }, (configuration) => {
    const missing = keys.filter((key) => !(key in configuration));
    if (missing.length && !ifExists) throw DeltaErrors.unsetNonexistentProperties(root, missing);
    return Object.fromEntries(Object.entries(configuration).filter(([key]) => !keys.includes(key)));
  });
}

/** a property change committed: `change` gives the table's new configuration from its current one (read again after a lost race) */
async function commitProperties(
  root: string,
  operation: string,
  operationParameters: Record<string, unknown>,
  change: (configuration: Record<string, string>) => Record<string, string>,
): Promise<number> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({ operation, operationParameters, readVersion: snapshot.version, isBlindAppend: true, base: snapshot });
    const { metadata, protocol } = nextMetadata(snapshot, change(snapshot.metadata.configuration), version, commitInfo);
    const actions: Record<string, unknown>[] = [{ commitInfo }, { metaData: metadata }];
    if (!protocolsEqual(protocol, snapshot.protocol)) actions.push({ protocol });
    if (await tryPublishCommit(root, version, serializeActions(actions))) {
      await checkpointIfDue(root, version, metadata.configuration);
      return version;
    }
    assertCompatibleWinners(root, snapshot, await loadSnapshot(root));
  }
  throw DeltaErrors.concurrentModification(root, `gave up changing properties after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

function nextMetadata(snapshot: Snapshot, wanted: Record<string, string>, version: number, commitInfo: Record<string, unknown>) {
  const { protocol, configuration } = deriveProtocol(wanted, snapshot.schema, snapshot.protocol);
  let schemaString = snapshot.metadata.schemaString;
  const before = columnMappingMode(snapshot.protocol, snapshot.metadata);
  const after = (configuration["delta.columnMapping.mode"] ?? "none").toLowerCase();
  if (before !== after) {
    if (before !== "none") throw DeltaErrors.invalidArgument(`cannot change delta.columnMapping.mode from ${before} to ${after}`);
    if (after === "id") throw DeltaErrors.invalidArgument("column mapping can be enabled on an existing table only in name mode");
    // Existing files use the current names, so they become the physical names.
    const mapped = assignColumnMapping(snapshot.schema, 0, true);
    schemaString = serializeSchema(mapped.schema);
    configuration[MAX_COLUMN_ID_KEY] = String(mapped.maxColumnId);
  }
  enableInCommitTimestamps(configuration, snapshot, version, commitInfo);
  const metadata: Metadata = { ...snapshot.metadata, schemaString, configuration };
  return { metadata, protocol };
}
