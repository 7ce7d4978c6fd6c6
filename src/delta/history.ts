import type { CommitInfo } from "./types.js";
import type { LogListing } from "./log-listing.js";
import { commitTimestamps, readCommitInfo } from "./commit-timestamps.js";
import { snapshotAt } from "./snapshot-loader.js";
import { mapBounded } from "../util/map-bounded.js";

/** DESCRIBE HISTORY: commitInfo of each commit still in the log, newest first. */
export async function readHistory(listing: LogListing, limit?: number): Promise<CommitInfo[]> {
  const latest = await snapshotAt(listing, listing.latestVersion);
  const timestamps = await commitTimestamps(listing, latest.metadata);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a);
  const wanted = limit === undefined ? versions : versions.slice(0, Math.max(0, limit));
  return mapBounded(wanted, 16, async (version) => {
    const info = (await readCommitInfo(listing, listing.commits.get(version)!.path)) ?? {};
    return { ...info, version, timestamp: timestamps.get(version) ?? Number(info.timestamp ?? 0) } as CommitInfo;
  });
}
