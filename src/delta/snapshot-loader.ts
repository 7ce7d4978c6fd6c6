import type { Action, Metadata, Snapshot } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { listLog, readLogText, type CheckpointCandidate, type LogListing } from "./log-listing.js";
import { readLastCheckpointHint } from "./last-checkpoint.js";
import { parseActionLines } from "./actions.js";
import { readCheckpoint } from "./checkpoint-reader.js";
import { replay } from "./log-replay.js";
import { checkReadable, columnMappingMode } from "./protocol-support.js";
import { parseSchemaString } from "./schema.js";
import { commitTimestamps, fileTimestamps, inCommitTimestampEnablement } from "./commit-timestamps.js";
import { withConnection } from "./duck.js";

export interface SnapshotTarget {
  version?: number;
  timestamp?: Date;
}

export async function loadSnapshot(root: string, at: SnapshotTarget = {}): Promise<Snapshot> {
  const listing = await listLog(root);
  if (at.version !== undefined && at.timestamp !== undefined) {
    throw DeltaErrors.invalidArgument("time travel takes a version or a timestamp, not both");
  }
  if (at.timestamp !== undefined) {
    const latest = await snapshotAt(listing, listing.latestVersion);
    return snapshotAt(listing, await versionAtTimestamp(listing, latest.metadata, at.timestamp));
  }
  if (at.version !== undefined) {
    if (!Number.isInteger(at.version) || at.version < 0) throw DeltaErrors.invalidArgument(`invalid table version ${at.version}`);
    if (at.version > listing.latestVersion) {
      throw DeltaErrors.versionNotFound(root, at.version, `the latest version is ${listing.latestVersion}`);
    }
    return snapshotAt(listing, at.version);
  }
  return snapshotAt(listing, listing.latestVersion);
}

/** The oldest version whose state can be rebuilt: the oldest checkpoint, or 0 while commit 0 exists. */
export function earliestReadableVersion(listing: LogListing): number {
  if (listing.commits.has(0)) return 0;
  const oldest = listing.checkpoints.reduce((min, c) => Math.min(min, c.version), Infinity);
  return Number.isFinite(oldest) ? oldest : listing.latestVersion;
}

/**
 * The newest complete checkpoint at or before `target`. The local listing is cheap and authoritative, so
 * `_last_checkpoint` cannot hide a newer checkpoint; it only says which of several checkpoints written
 * for one version (classic, multi-part, v2) its writer produced, and that one is preferred.
 */
async function chooseCheckpoint(listing: LogListing, target: number): Promise<CheckpointCandidate | undefined> {
  const usable = listing.checkpoints.filter((c) => c.version <= target);
  if (usable.length === 0) return undefined;
  const newest = usable.filter((c) => c.version === usable[0].version);
  const hint = await readLastCheckpointHint(listing.storage, listing.logDir);
  if (newest.length === 1 || !hint || hint.version !== newest[0].version) return newest[0];
  const hinted = newest.find((c) =>
    hint.v2Path ? c.kind === "v2" && c.files[0].slice(c.files[0].lastIndexOf("/") + 1) === hint.v2Path : hint.parts ? c.kind === "multipart" && c.files.length === hint.parts : c.kind === "classic",
  );
  return hinted ?? newest[0];
}

export async function snapshotAt(listing: LogListing, target: number): Promise<Snapshot> {
  const { root } = listing;
  const checkpoint = await chooseCheckpoint(listing, target);
  const first = checkpoint ? checkpoint.version + 1 : 0;
  if (!checkpoint && !listing.commits.has(0)) {
    throw DeltaErrors.versionNotFound(root, target, `there is no checkpoint at or before it and commit 0 is missing (earliest readable version is ${earliestReadableVersion(listing)})`);
  }
  for (let v = first; v <= target; v++) {
    if (!listing.commits.has(v)) throw DeltaErrors.versionsNotContiguous(root, v, first, target);
  }
  const commits: Action[][] = await Promise.all(
    range(first, target).map(async (v) => {
      const file = listing.commits.get(v)!.path;
      return parseActionLines(await readLogText(listing, file), file);
    }),
  );
  const checkpointActions = checkpoint ? await withConnection((conn) => readCheckpoint(conn, listing, checkpoint)) : [];
  const state = replay([...commits].reverse(), checkpointActions);
  if (!state.protocol) throw DeltaErrors.missingProtocol(root, target);
  checkReadable(root, state.protocol);
  if (!state.metadata) throw DeltaErrors.missingMetadata(root, target);
  if (!state.metadata.schemaString) throw DeltaErrors.invalidSchema(`metaData of Delta table at ${root} has no schemaString`);
  const schema = parseSchemaString(state.metadata.schemaString);
  const targetCommit = commits[commits.length - 1];
  const timestamp = await versionTimestamp(listing, state.metadata, target, targetCommit, checkpoint);
  return {
    version: target,
    timestamp,
    protocol: state.protocol,
    metadata: state.metadata,
    schema,
    partitionColumns: state.metadata.partitionColumns,
    properties: state.metadata.configuration,
    files: state.files,
    root,
    columnMappingMode: columnMappingMode(state.protocol, state.metadata),
    transactions: state.transactions,
    tombstones: state.tombstones,
    domainMetadata: state.domainMetadata,
  };
}

async function versionTimestamp(
  listing: LogListing,
  metadata: Metadata,
  version: number,
  commit: Action[] | undefined,
  checkpoint: CheckpointCandidate | undefined,
): Promise<number> {
  const ict = inCommitTimestampEnablement(metadata);
  if (ict && version >= ict.version && commit) {
    const info = commit.find((a) => a.kind === "commitInfo");
    if (info?.kind === "commitInfo" && typeof info.commitInfo.inCommitTimestamp === "number") return info.commitInfo.inCommitTimestamp;
  }
  const byFile = await fileTimestamps(listing);
  const ts = byFile.get(version);
  if (ts !== undefined) return ts;
  return checkpoint ? Math.floor(checkpoint.modifiedAt) : 0;
}

/** Spark's TIMESTAMP AS OF: the newest version committed at or before `at`; outside the log's range is an error. */
export async function versionAtTimestamp(listing: LogListing, latestMetadata: Metadata, at: Date): Promise<number> {
  const wanted = at.getTime();
  if (Number.isNaN(wanted)) throw DeltaErrors.invalidArgument("invalid time travel timestamp");
  const timestamps = await commitTimestamps(listing, latestMetadata);
  const earliest = earliestReadableVersion(listing);
  let entries = [...timestamps].filter(([v]) => v >= earliest).sort((a, b) => a[0] - b[0]);
  const ict = inCommitTimestampEnablement(latestMetadata);
  if (ict && ict.version > 0) {
    entries = wanted >= ict.timestamp ? entries.filter(([v]) => v >= ict.version) : entries.filter(([v]) => v < ict.version);
  }
  if (entries.length === 0) throw DeltaErrors.timestampOutOfRange(listing.root, at, "the log has no commit files to date it against");
  const [firstVersion, firstTs] = entries[0];
  const [lastVersion, lastTs] = entries[entries.length - 1];
  if (wanted < firstTs) {
    throw DeltaErrors.timestampOutOfRange(listing.root, at, `it is before the earliest available version ${firstVersion} (${new Date(firstTs).toISOString()})`);
  }
  if (wanted > lastTs) {
    throw DeltaErrors.timestampOutOfRange(listing.root, at, `it is after the latest version ${lastVersion} (${new Date(lastTs).toISOString()})`);
  }
  let found = firstVersion;
  for (const [v, ts] of entries) if (ts <= wanted) found = v;
  return found;
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
