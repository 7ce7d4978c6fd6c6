/**
 * RESTORE TABLE … TO VERSION AS OF n, VACUUM … [RETAIN n HOURS] and OPTIMIZE, as Delta does them: a restore
 * is one commit (operation RESTORE) that removes the files the latest version has and the restored
 * one has not, and adds back, as data changes, the files the restored version has and the latest has
 * not; a vacuum deletes the table's files (data, deletion vector and `_change_data` files) the latest
 * version does not read and that are older than the retention (DEVIATIONS.md: by their modification
 * time, not their tombstones').
 */
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { buildCommitInfo } from "../../../src/delta/commit-info.js";
import { serializeActions, tryPublishCommit } from "../../../src/delta/commit-file.js";
import { dvFilePath, dvUniqueId } from "../../../src/delta/deletion-vectors.js";
import { resolveTablePath } from "../../../src/delta/paths.js";
import type { AddFile, Snapshot } from "../../../src/delta/types.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { resolveTable } from "./resolve.js";
import { engineFailure } from "./dml.js";

const DEFAULT_RETAIN_HOURS = 168;
const fileKey = (f: Pick<AddFile, "path" | "deletionVector">) => `${f.path}#${dvUniqueId(f.deletionVector)}`;
const totalSize = (files: AddFile[]) => files.reduce((sum, f) => sum + f.size, 0);

export async function restore(ctx: StatementContext, name: Name, version: number): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  const latest = await table.snapshot({});
  const target = await table.snapshot({ version });
  const latestKeys = new Set(latest.files.map(fileKey));
  const targetKeys = new Set(target.files.map(fileKey));
  const restored = target.files.filter((f) => !latestKeys.has(fileKey(f)));
  const removed = latest.files.filter((f) => !targetKeys.has(fileKey(f)));
  const now = ctx.parts.now();
  const metrics = {
    tableSizeAfterRestore: totalSize(target.files),
    numOfFilesAfterRestore: target.files.length,
    numRemovedFiles: removed.length,
    numRestoredFiles: restored.length,
    removedFilesSize: totalSize(removed),
    restoredFilesSize: totalSize(restored),
  };
  const commitInfo = buildCommitInfo({
    operation: "RESTORE",
    operationParameters: { version: String(version), timestamp: null },
    operationMetrics: metrics,
    readVersion: latest.version,
    isBlindAppend: false,
    base: latest,
    now,
  });
  const actions: Record<string, unknown>[] = [{ commitInfo }];
  if (JSON.stringify(target.metadata) !== JSON.stringify(latest.metadata)) actions.push({ metaData: target.metadata });
  for (const f of removed) {
    actions.push({ remove: { path: f.path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true, partitionValues: f.partitionValues, size: f.size, ...(f.deletionVector ? { deletionVector: f.deletionVector } : {}) } });
  }
  for (const f of restored) actions.push({ add: { ...f, modificationTime: now, dataChange: true } });
  if (!(await tryPublishCommit(table.root, latest.version + 1, serializeActions(actions)))) {
    throw sqlErrors.engine(`[DELTA_CONCURRENT_WRITE] another commit was made to the table while it was restored to version ${version}; run RESTORE again`);
  }
  return tableResult(
    ["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"].map((n) => ({ name: n, type: "long" })),
    [Object.values(metrics)],
  );
}

export async function vacuum(ctx: StatementContext, name: Name, retainHours = DEFAULT_RETAIN_HOURS, dryRun = false): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  if (!path.isAbsolute(table.root)) throw sqlErrors.unsupported("VACUUM of a table outside the local disk");
  const latest = await table.snapshot({});
  const kept = keptFiles(table.root, latest);
  const cutoff = ctx.parts.now() - retainHours * 3_600_000;
  const doomed: string[] = [];
  for (const file of await filesUnder(table.root, "")) {
    if (!kept.has(file) && (await stat(path.join(table.root, file))).mtimeMs < cutoff) doomed.push(path.join(table.root, file));
  }
  // DRY RUN: the files VACUUM would delete (Delta shows at most 1,000 of them), none deleted
  if (dryRun) return tableResult([{ name: "path", type: "string" }], doomed.slice(0, DRY_RUN_SHOWN).map((file) => [`file:${file}`]));
  for (const file of doomed) await rm(file, { force: true });
  return tableResult([{ name: "path", type: "string" }], [[`file:${table.root}`]]);
}

/** the most files VACUUM … DRY RUN lists, as Delta's */
const DRY_RUN_SHOWN = 1000;

/**
 * OPTIMIZE t [ZORDER BY (cols)]: each partition's files compacted into one (sorted by the columns: Databricks interleaves them on a
 * Z-order curve), changing no data, in one OPTIMIZE commit (src/delta/optimize.ts); answers the table's path and the main metrics
 */
/** OPTIMIZE [ZORDER BY], and REORG TABLE … APPLY (PURGE) (`purge`), which answers as OPTIMIZE does */
export async function optimize(ctx: StatementContext, name: Name, zOrderBy: string[], purge?: "purge"): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  let result;
  try {
    result = purge ? await table.purge(ctx.conn) : await table.optimize(ctx.conn, zOrderBy);
  } catch (e) {
    throw engineFailure(e) ?? e;
  }
  const metrics = { numFilesAdded: result.numFilesAdded, numFilesRemoved: result.numFilesRemoved, partitionsOptimized: result.partitionsOptimized, zOrderBy };
  return tableResult(
    [
      { name: "path", type: "string" },
      { name: "metrics", type: "struct<numFilesAdded:bigint,numFilesRemoved:bigint,partitionsOptimized:bigint,zOrderBy:array<string>>" },
    ],
    [[path.isAbsolute(table.root) ? `file:${table.root}` : table.root, metrics]],
  );
}

/** The files the latest version reads, relative to the root: its data files and their deletion vectors (a shallow clone's are outside it). */
function keptFiles(root: string, latest: Snapshot): Set<string> {
  const kept = new Set<string>();
  for (const f of latest.files) {
    kept.add(path.relative(root, resolveTablePath(root, f.path)));
    if (f.deletionVector && f.deletionVector.storageType !== "i") kept.add(path.relative(root, dvFilePath(root, f.deletionVector)));
  }
  return kept;
}

/** The table's files, outside the log and the hidden folders writers keep (`_change_data` and partition folders are the table's). */
async function filesUnder(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? path.join(relative, entry.name) : entry.name;
    if (entry.isDirectory()) {
      const tables = entry.name === "_change_data" || (entry.name.includes("=") && !entry.name.startsWith("."));
      if (tables || !/^[_.]/.test(entry.name)) files.push(...(await filesUnder(root, child)));
    } else if (!/^[_.]/.test(entry.name)) {
      files.push(child);
    }
  }
  return files;
}
