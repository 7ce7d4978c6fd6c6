import type { Snapshot } from "./types.js";
import { CONSTRAINT_PREFIX, tableConstraints } from "./check-constraints.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { assertCompatibleWinners, MAX_COMMIT_ATTEMPTS } from "./conflicts.js";
import { checkpointIfDue } from "./checkpoint-writer.js";
import { DeltaErrorCode, DeltaErrors } from "./errors.js";
import { checkWritable } from "./protocol-support.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { deriveProtocol, protocolsEqual } from "./table-features.js";

export type ConstraintChange = { add: { name: string; expr: string } } | { drop: string; ifExists: boolean };

/**
 * ALTER TABLE … ADD CONSTRAINT name CHECK (expr) and DROP CONSTRAINT [IF EXISTS] name: the `delta.constraints.<name>` property (the name
 * in lower case, as Delta keeps it) added or removed in an ADD CONSTRAINT or DROP CONSTRAINT commit, the protocol upgraded for the
 * first constraint. A new constraint must hold for every row the version holds: `verify` checks them on the version the commit
 * follows, again after a lost race. Null when DROP … IF EXISTS finds nothing to drop.
 */
export async function changeConstraint(root: string, change: ConstraintChange, verify?: (snapshot: Snapshot) => Promise<void>): Promise<number | null> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    const snapshot = await loadSnapshot(root);
    checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
    const existing = tableConstraints(snapshot.metadata.configuration);
    const configuration = { ...snapshot.metadata.configuration };
    let parameters: Record<string, string>;
    if ("add" in change) {
      const name = change.add.name.toLowerCase();
      if (existing[name] !== undefined) {
        throw DeltaErrors.rule(DeltaErrorCode.ConstraintAlreadyExists, `Constraint '${name}' already exists. Please delete the old constraint first.\nOld constraint:\n${existing[name]}`);
      }
      await verify?.(snapshot);
      configuration[CONSTRAINT_PREFIX + name] = change.add.expr;
      parameters = { name, expr: change.add.expr };
    } else {
      const name = change.drop.toLowerCase();
      if (existing[name] === undefined) {
        if (change.ifExists) return null;
        throw DeltaErrors.rule(DeltaErrorCode.ConstraintDoesNotExist, `Cannot drop nonexistent constraint ${name} from the table at ${root}. To avoid throwing an error, provide the parameter IF EXISTS.`);
      }
      delete configuration[CONSTRAINT_PREFIX + name];
      parameters = { name, expr: existing[name] };
    }
    const { protocol } = deriveProtocol(configuration, snapshot.schema, snapshot.protocol);
    const version = snapshot.version + 1;
    const commitInfo = buildCommitInfo({
      operation: "add" in change ? "ADD CONSTRAINT" : "DROP CONSTRAINT",
      operationParameters: parameters,
      readVersion: snapshot.version,
      isBlindAppend: true,
      base: snapshot,
    });
    const metadata = { ...snapshot.metadata, configuration };
    const actions = [{ commitInfo }, { metaData: metadata }, ...(protocolsEqual(protocol, snapshot.protocol) ? [] : [{ protocol }])];
    if (await tryPublishCommit(root, version, serializeActions(actions))) {
      await checkpointIfDue(root, version, configuration);
      return version;
    }
    assertCompatibleWinners(root, snapshot, await loadSnapshot(root));
  }
  throw DeltaErrors.concurrentModification(root, `gave up changing the table's constraints after ${MAX_COMMIT_ATTEMPTS} lost commit races`);
}
