import { DeltaErrors } from "./errors.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable } from "./protocol-support.js";
import { buildCommitInfo } from "./commit-info.js";
import { MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { publishRewrite, removeOf } from "./dml-files.js";

/**
 * TRUNCATE TABLE: one commit removing every data file, as Delta's Truncate operation (no parameters);
 * with change data feed on, readers see the removed files' rows as deletes. A lost commit race
 * re-plans on the newer table, so rows the winner added are removed too, as a truncate after it would.
 * Returns the version committed.
 */
export async function truncateRows(root: string): Promise<number> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    if (snapshot.properties["delta.appendOnly"] === "true") throw DeltaErrors.appendOnly(root, "TRUNCATE");
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({
      operation: "TRUNCATE",
      operationParameters: {},
      operationMetrics: { numRemovedFiles: snapshot.files.length },
      readVersion: snapshot.version,
      isBlindAppend: false,
      isolationLevel: "WriteSerializable",
      base: snapshot,
    });
    const now = commitInfo.timestamp as number;
    const actions = snapshot.files.map((add) => ({ remove: removeOf(add, now) }));
    if (await publishRewrite(root, snapshot, version, commitInfo, { actions, written: [] })) {
      return version;
    }
  }
  throw DeltaErrors.concurrentModification(root, `gave up truncating after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}
