/**
 * Files under a table's root that no version of its log references: what a writer left when it
 * wrote data files and never published their commit (a crash, a lost conflict). A file is
 * referenced when any commit still in the log, or any checkpoint, names it in an add, a remove
 * (time travel to an older version still reads a removed file), a cdc action or a deletion vector.
 * Candidates are data files only (`*.parquet`, `deletion_vector_*.bin`) outside `_delta_log` and
 * the hidden folders writers keep for themselves (`_…`, `.…`; `_change_data` and partition
 * folders are the table's).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseActionLines } from "./actions.js";
import { readCheckpoint } from "./checkpoint-reader.js";
import { dvFilePath } from "./deletion-vectors.js";
import { withConnection } from "./duck.js";
import { listLog, LOG_DIR } from "./log-listing.js";
import { resolveTablePath } from "./paths.js";
import type { Action } from "./types.js";

export interface UnreferencedFile {
  /** absolute */
  path: string;
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
  return candidates.filter((file) => !referenced.has(file.path)).sort((a, b) => a.path.localeCompare(b.path));
}

async function referencedPaths(root: string): Promise<Set<string>> {
  const listing = await listLog(root);
  const referenced = new Set<string>();
  const note = (action: Action) => {
    const file = action.kind === "add" ? action.add : action.kind === "remove" ? action.remove : action.kind === "cdc" ? action.cdc : undefined;
    if (!file) return;
    referenced.add(path.resolve(resolveTablePath(root, file.path)));
    const dv = "deletionVector" in file ? file.deletionVector : undefined;
    if (dv && dv.storageType !== "i") referenced.add(path.resolve(dvFilePath(root, dv)));
  };
  for (const commit of listing.commits.values()) {
    parseActionLines(await readFile(commit.path, "utf8"), commit.path).forEach(note);
  }
  if (listing.checkpoints.length > 0) {
    await withConnection(async (conn) => {
      for (const checkpoint of listing.checkpoints) (await readCheckpoint(conn, listing.logDir, checkpoint)).forEach(note);
    });
  }
  return referenced;
}

const isDataFile = (name: string) => name.endsWith(".parquet") || /^deletion_vector_.+\.bin$/.test(name);
const isTablesFolder = (name: string) => name === "_change_data" || (name.includes("=") && !name.startsWith("."));
const isHidden = (name: string) => name.startsWith("_") || name.startsWith(".");

async function dataFilesUnder(root: string): Promise<UnreferencedFile[]> {
  const found: UnreferencedFile[] = [];
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === LOG_DIR || (isHidden(entry.name) && !isTablesFolder(entry.name))) continue;
        await walk(full);
      } else if (entry.isFile() && !isHidden(entry.name) && isDataFile(entry.name)) {
        const info = await stat(full).catch(() => undefined); // gone meanwhile: nothing to report
        if (info) found.push({ path: path.resolve(full), size: info.size, modifiedAt: info.mtimeMs });
      }
    }
  };
  await walk(root);
  return found;
}
