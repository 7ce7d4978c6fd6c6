/**
 * Files under a table's root that no version of its log references: what a writer left when it
 * wrote data files and never published their commit (a crash, a lost conflict). A file is
 * referenced when any commit still in the log, or any checkpoint, names it in an add, a remove
 * (time travel to an older version still reads a removed file), a cdc action or a deletion vector.
 * Candidates are data files only (`*.parquet`, `deletion_vector_*.bin`) outside `_delta_log` and
 * the hidden folders writers keep for themselves (`_…`, `.…`; `_change_data` and partition
 * folders are the table's).
 */
import path from "node:path";
import { parseActionLines } from "./actions.js";
import { readCheckpoint } from "./checkpoint-reader.js";
import { dvFilePath } from "./deletion-vectors.js";
import { withConnection } from "./duck.js";
import { listLog, LOG_DIR, readLogText } from "./log-listing.js";
import { resolveTablePath, tableRelativePath } from "./paths.js";
import { storageOf } from "./storage/registry.js";
import type { Action } from "./types.js";

export interface UnreferencedFile {
  /** absolute: a local path, or the URL of a remote table's file */
  path: string;
  /** relative to the table root */
  relative: string;
  size: number;
  /** mtime, epoch milliseconds */
  modifiedAt: number;
}

export async function unreferencedFiles(root: string, options: { modifiedBefore?: number } = {}): Promise<UnreferencedFile[]> {
  // Candidates are listed before the log is read: a file committed meanwhile is then seen as referenced.
  // A file written after the listing is no candidate; one written before and committed after the
  // log is read looks unreferenced, which is why callers pass a modifiedBefore well behind now.
  await listLog(root); // no log, no answer: nothing would say which files are the table's
  const candidates = (await dataFilesUnder(root)).filter((file) => options.modifiedBefore === undefined || file.modifiedAt < options.modifiedBefore);
  if (candidates.length === 0) return []; // the log need not be read
  const referenced = await referencedPaths(root);
  return candidates.filter((file) => !referenced.has(file.relative)).sort((a, b) => a.path.localeCompare(b.path));
}

/** Deletes what unreferencedFiles finds; returns what it deleted. */
export async function removeUnreferencedFiles(root: string, options: { modifiedBefore?: number } = {}): Promise<UnreferencedFile[]> {
  const orphans = await unreferencedFiles(root, options);
  const storage = storageOf(root);
  for (const orphan of orphans) await storage.delete(orphan.relative);
  return orphans;
}

async function referencedPaths(root: string): Promise<Set<string>> {
  const listing = await listLog(root);
  const local = listing.storage.isLocal;
  // Local tables compare resolved paths (a log may name a file absolutely); remote ones relative paths.
  const key = (logPath: string) => (local ? path.relative(listing.storage.root, path.resolve(resolveTablePath(root, logPath))).split(path.sep).join("/") : tableRelativePath(root, logPath));
  const referenced = new Set<string>();
  const note = (action: Action) => {
    const file = action.kind === "add" ? action.add : action.kind === "remove" ? action.remove : action.kind === "cdc" ? action.cdc : undefined;
    if (!file) return;
    referenced.add(key(file.path));
    const dv = "deletionVector" in file ? file.deletionVector : undefined;
    if (dv && dv.storageType !== "i") referenced.add(local ? path.relative(listing.storage.root, path.resolve(dvFilePath(root, dv))).split(path.sep).join("/") : dvFilePath("", dv));
  };
  for (const commit of listing.commits.values()) {
    parseActionLines(await readLogText(listing, commit.path), commit.path).forEach(note);
  }
  if (listing.checkpoints.length > 0) {
    await withConnection(async (conn) => {
      for (const checkpoint of listing.checkpoints) (await readCheckpoint(conn, listing, checkpoint)).forEach(note);
    });
  }
  return referenced;
}

const isDataFile = (name: string) => name.endsWith(".parquet") || /^deletion_vector_.+\.bin$/.test(name);
const isTablesFolder = (name: string) => name === "_change_data" || (name.includes("=") && !name.startsWith("."));
const isHidden = (name: string) => name.startsWith("_") || name.startsWith(".");

async function dataFilesUnder(root: string): Promise<UnreferencedFile[]> {
  const storage = storageOf(root);
  const files = await storage.list("");
  return files
    .filter((file) => {
      const parts = file.path.split("/");
      const name = parts.pop()!;
      if (parts[0] === LOG_DIR || parts.some((dir) => isHidden(dir) && !isTablesFolder(dir))) return false;
      return !isHidden(name) && isDataFile(name);
    })
    .map((file) => ({
      path: storage.isLocal ? path.join(storage.root, ...file.path.split("/")) : `${storage.root}/${file.path}`,
      relative: file.path,
      size: file.size,
      modifiedAt: file.modifiedAt,
    }));
}
