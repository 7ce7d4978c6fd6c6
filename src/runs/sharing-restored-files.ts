/**
 * restored-rows.ts for a Delta Sharing source, whose server gives no commit history: a window's late
 * rows are read from the files the pinned version has and the last ingested one has not
 * (sharing-read.ts). A file keeps its id across requests (PROTOCOL.md), and Delta writes every new
 * file under a new name, so such a file whose id the table had already before, at or below the last
 * ingested version, was brought back (by RESTORE TABLE … TO VERSION AS OF an earlier version): its
 * rows may be in the dataset already, and the window fails as on a cluster, with the same code and
 * resync. The ids come from one query of the data change files of versions 0 to the pinned one, made
 * only when some such file may hold late rows; when the server's log no longer reaches version 0,
 * from the earliest version it still answers, whose files stand for everything before it. The
 * process keeps what it was answered (sharing-table-history.ts), so a later run asks only for the
 * versions since, and for the files of the versions that changed no data (OPTIMIZE), which the
 * query leaves out.
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import { type ChangeFile, type DeltaSharingClient, type SharedFile, SharingApiError, type SharedTableName } from "../delta-sharing/index.js";
import { type Restore, restoredMessage, ROWS_RESTORED_CODE } from "./restored-rows.js";
import type { RunInputs } from "./run-inputs.js";

/** What the restore check needs of a file's add or remove: which file, which version, which. */
export type FileEvent = Pick<ChangeFile, "id" | "kind" | "version">;

/**
 * The restores that brought back files of `lateFiles` (the pinned version's files that the version
 * `since` has not): each such file whose id a data change of a version up to `since` names, by the
 * version after `since` that added it again. `history` is the data change files of versions 0 to
 * the pinned one.
 */
export function restoresOfFiles(history: readonly FileEvent[], lateFiles: readonly SharedFile[], since: number): Restore[] {
  const late = new Set(lateFiles.map((f) => f.id));
  const hadBefore = new Set<string>();
  // each late file's last add after `since`
  const readded = new Map<string, number>();
  for (const f of history) {
    if (!late.has(f.id)) continue;
    if (f.version <= since) hadBefore.add(f.id);
    else if (f.kind === "add") readded.set(f.id, Math.max(readded.get(f.id) ?? f.version, f.version));
  }
  const versions = new Set([...readded].filter(([id]) => hadBefore.has(id)).map(([, version]) => version));
  return [...versions].sort((a, b) => a - b).map((version) => ({ version, restored: undefined }));
}

/** Fails the run, not retried, when a restore brought back files of the window's late rows (`afterWholeTable`: a run reading the rows since a whole-table read). */
export function refuseRestoredFiles(inputs: RunInputs, history: readonly FileEvent[], lateFiles: readonly SharedFile[], since: number, afterWholeTable = false): void {
  const restores = restoresOfFiles(history, lateFiles, since);
  if (restores.length > 0) throw new RunFailure(ROWS_RESTORED_CODE, restoredMessage(inputs, restores, since, afterWholeTable), false);
}

/** A server's refusal of a version range (its log cleaned up below it, or no such query served), which asking again would not change. */
const refusedRange = (error: unknown): error is SharingApiError => error instanceof SharingApiError && !error.isAuthentication && error.status >= 400 && error.status < 500;

/** What the server answers, or its refusal of the versions asked for; any other failure is thrown. */
export async function answerOf<T>(request: Promise<T>): Promise<{ value: T } | { refused: SharingApiError }> {
  try {
    return { value: await request };
  } catch (error) {
    if (refusedRange(error)) return { refused: error };
    throw error;
  }
}

/**
 * The data change files of the table's versions up to `pinned`, as far back as its log goes: from
 * version 0, else (Delta's log retention cleaned the first versions up) from the earliest version
 * the server answers, found by halving the versions up to `since` (one version's data changes asked
 * each time), that version's files standing as its adds for every file the table had before. A
 * restore can only go back to a version its log still holds, so that version, or an earlier one,
 * had every file it could bring back, unless the log was cleaned past the file's removal between
 * the restore and this run. A server that answers not even version `since`: its refusal. `from` is
 * the earliest version the files account for.
 */
export async function dataChangesSince0(
  client: DeltaSharingClient,
  table: SharedTableName,
  since: number,
  pinned: number,
): Promise<{ files: ChangeFile[]; from: number } | SharingApiError> {
  const whole = await answerOf(client.dataChanges(table, 0, pinned));
  if ("value" in whole) return { files: whole.value, from: 0 };
  const answers = async (version: number) => "value" in (await answerOf(client.dataChanges(table, version, version)));
  if (since === 0 || !(await answers(since))) return whole.refused;
  // version low - 1 is refused, version high answered
  let [low, high] = [1, since];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await answers(middle)) high = middle;
    else low = middle + 1;
  }
  const earliest = await answerOf(client.query(table, { version: high }));
  if ("refused" in earliest) return earliest.refused;
  const later = await answerOf(client.dataChanges(table, high, pinned));
  if ("refused" in later) return later.refused;
  return { files: [...earliest.value.files.map((f) => ({ ...f, kind: "add" as const, version: high, timestamp: 0 })), ...later.value], from: high };
}

/** The run's warning when the server answers no data change files down to the last ingested version (its log cleaned up, or no such query served). */
export function restoresNotChecked(since: number, reason: string): string {
  return (
    `the late rows since version ${since} were not checked for files a RESTORE brought back: the sharing server did not answer the table's data changes down to that version (${reason}); ` +
    "a restore of the table to a version before the last one the flow ingested would have its rows ingested again"
  );
}
