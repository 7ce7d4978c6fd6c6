import type { Metadata, Snapshot } from "./types.js";
import { readLogText, type LogListing } from "./log-listing.js";

/**
 * Commit timestamps as Spark computes them: the commit file's modification time, made strictly
 * increasing (a commit not later than its predecessor gets predecessor + 1 ms); with in-commit
 * timestamps enabled, `commitInfo.inCommitTimestamp` from the enablement version on.
 */
const cache = new WeakMap<LogListing, Promise<Map<number, number>>>();

export function fileTimestamps(listing: LogListing): Promise<Map<number, number>> {
  let pending = cache.get(listing);
  if (!pending) {
    pending = (async () => {
      const versions = [...listing.commits.keys()].sort((a, b) => a - b);
      const mtimes = versions.map((v) => listing.commits.get(v)!.modifiedAt);
      const out = new Map<number, number>();
      let previous = -Infinity;
      versions.forEach((v, i) => {
        const ts = Math.max(Math.floor(mtimes[i]), previous + 1);
        out.set(v, ts);
        previous = ts;
      });
      return out;
    })();
    cache.set(listing, pending);
  }
  return pending;
}

export interface IctEnablement {
  version: number;
  timestamp: number;
}

export function inCommitTimestampEnablement(metadata: Metadata): IctEnablement | null {
  const c = metadata.configuration;
  if (c["delta.enableInCommitTimestamps"] !== "true") return null;
  const version = Number(c["delta.inCommitTimestampEnablementVersion"] ?? 0);
  const timestamp = Number(c["delta.inCommitTimestampEnablementTimestamp"] ?? -Infinity);
  return { version, timestamp };
}

export async function readCommitInfo(listing: LogListing, file: string): Promise<Record<string, unknown> | null> {
  const text = await readLogText(listing, file);
  for (const line of text.split("\n")) {
    if (!line.includes('"commitInfo"')) continue;
    try {
      const parsed = JSON.parse(line) as { commitInfo?: Record<string, unknown> };
      if (parsed.commitInfo) return parsed.commitInfo;
    } catch {
      // a damaged commitInfo line does not make the commit unreadable for history purposes
    }
  }
  return null;
}

/** Timestamps of every listed commit, ascending by version. */
export async function commitTimestamps(listing: LogListing, metadata: Metadata): Promise<Map<number, number>> {
  const byFile = await fileTimestamps(listing);
  const ict = inCommitTimestampEnablement(metadata);
  if (!ict) return byFile;
  const out = new Map(byFile);
  await Promise.all(
    [...listing.commits.values()]
      .filter((c) => c.version >= ict.version)
      .map(async (c) => {
        const info = await readCommitInfo(listing, c.path);
        if (typeof info?.inCommitTimestamp === "number") out.set(c.version, info.inCommitTimestamp);
      }),
  );
  return out;
}

/**
 * A commit that turns in-commit timestamps on for an existing table (its new `configuration` has them, `before` had not): the
 * configuration records the version and timestamp they start from, and the commit's commitInfo gets its in-commit timestamp
 */
export function enableInCommitTimestamps(configuration: Record<string, string>, before: Snapshot, version: number, commitInfo: Record<string, unknown>): void {
  if (configuration["delta.enableInCommitTimestamps"] !== "true" || before.properties["delta.enableInCommitTimestamps"] === "true") return;
  configuration["delta.inCommitTimestampEnablementVersion"] = String(version);
  const ict = Math.max(Number(commitInfo.timestamp), before.timestamp + 1);
  commitInfo.inCommitTimestamp = ict;
  configuration["delta.inCommitTimestampEnablementTimestamp"] = String(ict);
}
