/**
 * Data files a dataset's Delta table holds but never committed: a worker that died between
 * writing a batch's files and publishing its commit leaves them. They are invisible to readers
 * and only take space; these functions find and remove them.
 */
import { openDeltaTable } from "../delta/index.js";
import { datasetTableRoot, lakeFolder } from "./lake-paths.js";

/** The table folder of every dataset in the lake. */
export async function datasetTableRoots(lakeRoot: string): Promise<string[]> {
  const ids = await lakeFolder(lakeRoot).childFolders("datasets");
  return ids.flatMap((id) => {
    try {
      return [datasetTableRoot(lakeRoot, id)];
    } catch {
      return []; // not a folder the lake made
    }
  });
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
