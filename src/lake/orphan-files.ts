/**
 * Data files a dataset's Delta table holds but never committed: a worker that died between
 * writing a batch's files and publishing its commit leaves them. They are invisible to readers
 * and only take disk; these functions find and remove them.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { openDeltaTable } from "../delta/index.js";

/** The table folder of every dataset in the lake. */
export async function datasetTableRoots(lakeRoot: string): Promise<string[]> {
  const folder = path.join(lakeRoot, "datasets");
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(folder, e.name));
}

/**
 * Removes the table's data files that no version of its log references and that were last
 * written before `modifiedBefore` (epoch ms); returns their paths. A folder without a Delta log
 * is left alone: without a log nothing says which files are the table's.
 */
export async function removeUncommittedDataFiles(tableRoot: string, modifiedBefore: number): Promise<string[]> {
  const table = openDeltaTable(tableRoot);
  if (!(await table.exists())) return [];
  return (await table.removeUnreferencedFiles({ modifiedBefore })).map((orphan) => orphan.path);
}
