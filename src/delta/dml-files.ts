import { randomUUID } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AddFile, DeletionVectorDescriptor, RemoveFile } from "./types.js";
import { dvStoredInFile, encodeDvFile, readDeletionVector } from "./deletion-vectors.js";
import { withWideBounds } from "./stats.js";
import { quoteLiteral } from "./sql.js";
import { checkpointIfDue } from "./checkpoint-writer.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { assertCompatibleWinners } from "./conflicts.js";
import { loadSnapshot } from "./snapshot-loader.js";
import type { Snapshot } from "./types.js";
import { discardWritten } from "./data-files.js";
import { storageOf } from "./storage/registry.js";
import { readableFile } from "./paths.js";
import { mapBounded } from "../util/map-bounded.js";

/** Row-level operations (DELETE, UPDATE, MERGE) share these: removing a touched file, and re-adding it with a DV. */

/** The remove action of a live file, carrying what the add had (extendedFileMetadata, as Spark writes it). */
export function removeOf(add: AddFile, now: number): RemoveFile {
  return {
    path: add.path,
    deletionTimestamp: now,
    dataChange: true,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    ...(add.stats !== undefined ? { stats: add.stats } : {}),
    ...(add.tags ? { tags: add.tags } : {}),
    ...(add.deletionVector ? { deletionVector: add.deletionVector } : {}),
    ...(add.baseRowId !== undefined ? { baseRowId: add.baseRowId } : {}),
    ...(add.defaultRowCommitVersion !== undefined ? { defaultRowCommitVersion: add.defaultRowCommitVersion } : {}),
  };
}

/** The same data file with its new DV. numRecords must be exact for DV files, so it is counted when missing. */
async function addWithDv(conn: DuckDBConnection, add: AddFile, absolutePath: string, dv: DeletionVectorDescriptor): Promise<AddFile> {
  let stats = withWideBounds(add.stats);
  if (!stats || !/"numRecords"/.test(stats)) {
    const n = (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${quoteLiteral(absolutePath)})`)).getRowsJson()[0][0];
    stats = `{"numRecords":${n},"tightBounds":false}`;
  }
  return { ...add, dataChange: true, stats, deletionVector: dv };
}

/** A data file some of whose rows a statement takes out (DELETE, UPDATE, MERGE). */
export interface TouchedFile {
  add: AddFile;
  absolutePath: string;
  /** rows of the file the snapshot still has */
  live: number;
  /** indexes (in the parquet file) of the rows taken out, ascending */
  rows: number[];
}

/** The commit a row-level operation is building: its actions, the files it wrote (removed if it fails), its deletion vector counts. */
export interface CommitInProgress {
  actions: Record<string, unknown>[];
  written: string[];
  metrics: { numDeletionVectorsAdded: number; numDeletionVectorsUpdated: number };
}

/**
 * Files that keep some of their rows, each re-added to the commit with a new deletion vector (its old one merged
 * with the rows taken out), the vectors in one new DV file; counts how many vectors are new and how many replace
 * one. Nothing for no files.
 */
export async function readdWithDvs(conn: DuckDBConnection, root: string, files: readonly TouchedFile[], commit: CommitInProgress): Promise<void> {
  if (files.length === 0) return;
  const dvs = await Promise.all(files.map(async (f) => mergeSorted(f.add.deletionVector ? await readDeletionVector(root, f.add.deletionVector) : [], f.rows)));
  const dvFile = await writeDvFile(root, dvs);
  commit.written.push(dvFile.relative);
  for (const [i, file] of files.entries()) commit.actions.push({ add: await addWithDv(conn, file.add, file.absolutePath, dvFile.descriptors[i]) });
  const updated = files.filter((f) => f.add.deletionVector).length;
  commit.metrics.numDeletionVectorsAdded += files.length - updated;
  commit.metrics.numDeletionVectorsUpdated += updated;
}

/** Writes the DVs of one commit into one new `deletion_vector_<uuid>.bin`; returns its path (relative to the root) and a descriptor per DV. */
async function writeDvFile(root: string, dvs: readonly (readonly number[])[]): Promise<{ relative: string; descriptors: DeletionVectorDescriptor[] }> {
  const uuid = randomUUID();
  const file = encodeDvFile(dvs);
  const relative = `deletion_vector_${uuid}.bin`;
  if (!(await storageOf(root).writeIfAbsent(relative, file.bytes))) throw new Error(`internal: ${relative} already exists`);
  return { relative, descriptors: file.entries.map((entry) => dvStoredInFile(uuid, entry)) };
}

/** The snapshot's files by the local path a scan of it names them with (its `__delta_file`). */
export async function filesByScanPath(snapshot: Snapshot): Promise<Map<string, AddFile>> {
  const paths = await mapBounded(snapshot.files, 16, (f) => readableFile(snapshot.root, f.path));
  return new Map(snapshot.files.map((f, i) => [paths[i], f]));
}

/** Union of two ascending row lists (a DV and newly deleted rows are both sorted). */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** Directories of a relative log path, so rewritten and change files sit next to the original. */
export function directoryOf(logPath: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logPath) || logPath.startsWith("/")) return [];
  const parts = logPath.split("/").map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return parts.slice(0, -1);
}

/**
 * Publishes a DELETE or UPDATE commit at `version`. True when it won; otherwise its files are
 * removed and the winners are checked (a metadata or protocol change ends the operation), so the
 * caller re-plans on the newer table.
 */
export async function publishRewrite(
  root: string,
  snapshot: Snapshot,
  version: number,
  commitInfo: Record<string, unknown>,
  prepared: { actions: Record<string, unknown>[]; written: string[] },
): Promise<boolean> {
  if (await tryPublishCommit(root, version, serializeActions([{ commitInfo }, ...prepared.actions]))) {
    await checkpointIfDue(root, version, snapshot.properties);
    return true;
  }
  await discardWritten(root, prepared.written);
  assertCompatibleWinners(root, snapshot, await loadSnapshot(root));
  return false;
}
