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
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({
      operation: "SET TBLPROPERTIES",
      operationParameters: { properties: JSON.stringify(props) },
      readVersion: snapshot.version,
      isBlindAppend: true,
      base: snapshot,
    });
    const { metadata, protocol } = nextMetadata(snapshot, props, version, commitInfo);
    const actions: Record<string, unknown>[] = [{ commitInfo }, { metaData: metadata }];
    if (!protocolsEqual(protocol, snapshot.protocol)) actions.push({ protocol });
    if (await tryPublishCommit(root, version, serializeActions(actions))) {
      await checkpointIfDue(root, version, metadata.configuration);
      return version;
    }
    assertCompatibleWinners(root, snapshot, await loadSnapshot(root));
  }
  throw DeltaErrors.concurrentModification(root, `gave up setting properties after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}

function nextMetadata(snapshot: Snapshot, props: Record<string, string>, version: number, commitInfo: Record<string, unknown>) {
  const { protocol, configuration } = deriveProtocol({ ...snapshot.metadata.configuration, ...props }, snapshot.schema, snapshot.protocol);
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
