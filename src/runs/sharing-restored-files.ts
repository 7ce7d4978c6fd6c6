/**
 * restored-rows.ts for a Delta Sharing source, whose server gives no commit history: a window's late
 * rows are read from the files the pinned version has and the last ingested one has not
 * (sharing-read.ts). A file keeps its id across requests (PROTOCOL.md), and Delta writes every new
 * file under a new name, so such a file whose id the table had already before, at or below the last
 * ingested version, was brought back (by RESTORE TABLE … TO VERSION AS OF an earlier version): its
 * rows may be in the dataset already, and the window fails as on a cluster, with the same code and
 * resync. The ids come from one query of the data change files of versions 0 to the pinned one, made
 * only when some such file may hold late rows.
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { ChangeFile, SharedFile } from "../delta-sharing/index.js";
import { type Restore, restoredMessage, ROWS_RESTORED_CODE } from "./restored-rows.js";
import type { RunInputs } from "./run-inputs.js";

/**
 * The restores that brought back files of `lateFiles` (the pinned version's files that the version
 * `since` has not): each such file whose id a data change of a version up to `since` names, by the
 * version after `since` that added it again. `history` is the data change files of versions 0 to
 * the pinned one.
 */
export function restoresOfFiles(history: readonly ChangeFile[], lateFiles: readonly SharedFile[], since: number): Restore[] {
  const late = new Set(lateFiles.map((f) => f.id));
  const hadBefore = new Set(history.filter((f) => f.version <= since && late.has(f.id)).map((f) => f.id));
  const readdedAt = new Set<number>();
  for (const id of hadBefore) {
    const added = history.filter((f) => f.id === id && f.kind === "add" && f.version > since).map((f) => f.version);
    if (added.length > 0) readdedAt.add(Math.max(...added));
  }
  return [...readdedAt].sort((a, b) => a - b).map((version) => ({ version, restored: undefined }));
}

/** Fails the run, not retried, when a restore brought back files of the window's late rows. */
export function refuseRestoredFiles(inputs: RunInputs, history: readonly ChangeFile[], lateFiles: readonly SharedFile[], since: number): void {
  const restores = restoresOfFiles(history, lateFiles, since);
  if (restores.length > 0) throw new RunFailure(ROWS_RESTORED_CODE, restoredMessage(inputs, restores, since), false);
}

/** The run's warning when the server answers no data change files from version 0 (its log cleaned up, or no such query served). */
export function restoresNotChecked(since: number, reason: string): string {
  return (
    `the late rows since version ${since} were not checked for files a RESTORE brought back: the sharing server did not answer the table's data changes from version 0 (${reason}); ` +
    "a restore of the table to a version before the last one the flow ingested would have its rows ingested again"
  );
}
