import { CLUSTERING_FEATURES, clusteringColumns, clusteringDomain } from "./clustering.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { assertCompatibleWinners, MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { checkpointIfDue } from "./checkpoint-writer.js";
import { DeltaErrorCode, DeltaErrors } from "./errors.js";
import { checkWritable, columnMappingMode } from "./protocol-support.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { deriveProtocol, protocolsEqual } from "./table-features.js";

/**
 * ALTER TABLE … CLUSTER BY (cols) | NONE: the `delta.clustering` domain names the new columns (none: the table is no longer clustered,
 * its feature kept) in a commit of its own, the protocol upgraded when the table was not clustered before. Files already written stay
 * as they are: OPTIMIZE clusters the ones not yet clustered. A partitioned table is never clustered.
 */
export async function clusterTable(root: string, columns: string[][]): Promise<number> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    if (snapshot.partitionColumns.length > 0) {
      throw DeltaErrors.rule(DeltaErrorCode.ClusterByOnPartitionedTable, "ALTER TABLE CLUSTER BY cannot be applied to a partitioned table.");
    }
    const mode = columnMappingMode(snapshot.protocol, snapshot.metadata);
    const domain = clusteringDomain(columns, snapshot.schema, mode, snapshot.properties);
    const { protocol } = deriveProtocol(CLUSTERING_FEATURES, snapshot.schema, snapshot.protocol);
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({
      operation: "CLUSTER BY",
      operationParameters: {
        oldClusteringColumns: (clusteringColumns(snapshot) ?? []).join(","),
        newClusteringColumns: columns.map((path) => path.join(".")).join(","),
      },
      readVersion: snapshot.version,
      isBlindAppend: true,
      base: snapshot,
    });
    const actions = [{ commitInfo }, ...(protocolsEqual(protocol, snapshot.protocol) ? [] : [{ protocol }]), { domainMetadata: domain }];
    if (await tryPublishCommit(root, version, serializeActions(actions))) {
      await checkpointIfDue(root, version, snapshot.metadata.configuration);
      return version;
    }
    assertCompatibleWinners(root, snapshot, await loadSnapshot(root));
  }
  throw DeltaErrors.concurrentModification(root, `gave up changing the clustering columns after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}
