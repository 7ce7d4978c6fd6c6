/**
 * CREATE TABLE … [SHALLOW | DEEP] CLONE: a new table whose version 0 holds a source version's definition (schema, partitioning,
 * properties, protocol, clustering) and its files, as Delta clones. A deep clone copies every data and deletion vector file into the
 * new table under the same relative path, on the local disk or in Blob Storage either side; a shallow one names the source's files by
 * their absolute URI (deletion vectors too), so the clone reads them where they are and never deletes them: both its tables are on the
 * local disk. CREATE OR REPLACE … CLONE over an existing
 * table commits the clone as that table's next version instead: the files it already holds as the clone would are kept, the others
 * removed, only the missing ones copied, so cloning the same source again copies what changed since (Delta's incremental clone).
 */
import { randomUUID } from "node:crypto";
import { copyFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AddFile, DeletionVectorDescriptor, Snapshot } from "./types.js";
import type { CloneOptions, CloneResult } from "./api.js";
import { assertNoTable } from "./create.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { dvFilePath } from "./deletion-vectors.js";
import { uuidToZ85 } from "./z85.js";
import { DeltaErrors } from "./errors.js";
import { encodeLogPath, readableFile, resolveTablePath, tableRelativePath } from "./paths.js";
import { checkReadable, checkWritable } from "./protocol-support.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { removeOf } from "./dml-files.js";
import { checkpointIfDue } from "./checkpoint-writer.js";
import { enableInCommitTimestamps } from "./commit-timestamps.js";
import { storageOf } from "./storage/registry.js";
import { deriveProtocol, supportedFeatures } from "./table-features.js";
import { validateProperties } from "./table-metadata.js";

export async function cloneTable(source: Snapshot, root: string, opts: CloneOptions): Promise<CloneResult> {
  if (opts.shallow && (!storageOf(source.root).isLocal || !storageOf(root).isLocal)) {
    throw DeltaErrors.invalidArgument("A SHALLOW CLONE names its source's files where they are, so both tables must be on the local disk; a DEEP CLONE copies to or from Blob Storage");
  }
  checkReadable(source.root, source.protocol);
  const target = opts.replace ? await loadSnapshot(root) : undefined;
  if (target) checkWritable(root, target.protocol, target.metadata, target.schema, "no new values");
  else await assertNoTable(root);
  validateProperties(opts.properties ?? {});
  // the source's in-commit timestamp enablement is its history's: a clone has them (when on) from its version 0
  const inherited = Object.entries(source.metadata.configuration).filter(([key]) => !key.startsWith("delta.inCommitTimestampEnablement"));
  // a replaced table keeps every feature it had: Delta never takes one back
  const kept = target ? Object.fromEntries([...supportedFeatures(target.protocol)].map((f) => [`delta.feature.${f}`, "supported"])) : {};
  const { protocol, configuration } = deriveProtocol({ ...Object.fromEntries(inherited), ...kept, ...opts.properties }, source.schema, source.protocol);
  // each source file with the add action the clone names it by, and whether the table already holds that file
  const held = new Map((target?.files ?? []).map((add) => [add.path, add]));
  const planned = source.files.map((add) => {
    const { named, copies } = opts.shallow ? { named: shallowAdd(source.root, add), copies: [] } : deepAdd(source.root, add);
    return { add, named, copies, held: sameFile(held.get(named.path), named) };
  });
  const missing = planned.filter((p) => !p.held);
  const adds = missing.map((p) => p.named);
  const copied: string[] = [];
  const discard = () => Promise.all(copied.map((relative) => storageOf(root).delete(relative)));
  try {
    await copyFiles(source.root, root, missing.flatMap((p) => p.copies), copied);
  } catch (e) {
    await discard();
    throw e;
  }
  const keptPaths = new Set(planned.filter((p) => p.held).map((p) => p.named.path));
  const removed = (target?.files ?? []).filter((add) => !keptPaths.has(add.path));
  const now = Date.now();
  const sourceTableSize = source.files.reduce((n, f) => n + f.size, 0);
  const copiedFilesSize = opts.shallow ? 0 : missing.reduce((n, p) => n + p.add.size, 0);
  const commitInfo = buildCommitInfo({
    operation: "CLONE",
    operationParameters: { source: opts.sourceName, sourceVersion: source.version, isShallow: opts.shallow },
    operationMetrics: {
      sourceTableSize,
      sourceNumOfFiles: source.files.length,
      numRemovedFiles: removed.length,
      removedFilesSize: removed.reduce((n, f) => n + f.size, 0),
      numCopiedFiles: opts.shallow ? 0 : missing.length,
      copiedFilesSize,
    },
    ...(target ? { readVersion: target.version, base: target } : {}),
    isBlindAppend: false,
    created: configuration,
  });
  const version = target ? target.version + 1 : 0;
  if (target) enableInCommitTimestamps(configuration, target, version, commitInfo);
  const metadata = { ...source.metadata, id: target?.metadata.id ?? randomUUID(), configuration, createdTime: target?.metadata.createdTime ?? Date.now() };
  const sourceDomains = new Set(source.domainMetadata.map((d) => d.domain));
  const actions = [
    { commitInfo },
    { metaData: metadata },
    { protocol },
    ...source.domainMetadata.map((domainMetadata) => ({ domainMetadata })),
    ...(target?.domainMetadata ?? []).filter((d) => !sourceDomains.has(d.domain)).map((d) => ({ domainMetadata: { ...d, removed: true } })),
    ...removed.map((add) => ({ remove: removeOf(add, now) })),
    ...adds.map((add) => ({ add: { ...add, dataChange: true } })),
  ];
  if (!(await tryPublishCommit(root, version, serializeActions(actions)))) {
    await discard();
    throw target ? DeltaErrors.concurrentModification(root, `version ${version} was committed by another writer while the clone was made; run it again`) : DeltaErrors.tableAlreadyExists(root);
  }
  if (target) await checkpointIfDue(root, version, target.properties);
  return { version, sourceNumOfFiles: source.files.length, sourceTableSize, numCopiedFiles: opts.shallow ? 0 : missing.length, copiedFilesSize };
}

/** whether the table's file is the one the clone would add: same path, size and deletion vector */
function sameFile(held: AddFile | undefined, wanted: AddFile): boolean {
  return held !== undefined && held.size === wanted.size && JSON.stringify(held.deletionVector ?? null) === JSON.stringify(wanted.deletionVector ?? null);
}

/** the source's file named where it is, by its absolute file URI, and its deletion vector likewise */
function shallowAdd(sourceRoot: string, add: AddFile): AddFile {
  const at = (file: string) => pathToFileURL(file).href;
  const deletionVector: DeletionVectorDescriptor | undefined =
    add.deletionVector && add.deletionVector.storageType !== "i" ? { ...add.deletionVector, storageType: "p", pathOrInlineDv: at(dvFilePath(sourceRoot, add.deletionVector)) } : add.deletionVector;
  return { ...add, path: at(resolveTablePath(sourceRoot, add.path)), ...(deletionVector ? { deletionVector } : {}) };
}

/** a file copied from the source into the clone: its path as the source's log names it (readableFile reads it by that), and its path under the clone's root */
interface FileCopy {
  logPath: string;
  relative: string;
}

const DV_FILE_NAME = /^deletion_vector_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.bin$/;

/**
 * How a deep clone names a source file, and the copies that takes. A file under the source's root keeps its relative path; one the
 * source names by absolute URI (a shallow clone's) goes to the root under its base name. A deletion vector in a file follows its data
 * file into the clone, one named absolutely becoming the table's own again (by the UUID its name has, else a new one), so the deep
 * clone never reads the source.
 */
function deepAdd(sourceRoot: string, add: AddFile): { named: AddFile; copies: FileCopy[] } {
  // a remote table's log names only files inside it; a local shallow clone's may name them anywhere on the disk
  const from = storageOf(sourceRoot).isLocal ? resolveTablePath(sourceRoot, add.path) : undefined;
  const inside = from === undefined ? tableRelativePath(sourceRoot, add.path) : insideRoot(sourceRoot, from);
  const relative = inside ?? path.basename(from!);
  const copies = [{ logPath: add.path, relative }];
  const named = inside !== undefined ? { ...add } : { ...add, path: encodeLogPath(relative) };
  const dv = add.deletionVector;
  if (dv?.storageType === "u") {
    const dvRelative = dvFilePath("", dv).split(path.sep).join("/");
    copies.push({ logPath: dvRelative, relative: dvRelative });
  } else if (dv?.storageType === "p") {
    const uuid = DV_FILE_NAME.exec(path.basename(dvFilePath(sourceRoot, dv)))?.[1] ?? randomUUID();
    copies.push({ logPath: dv.pathOrInlineDv, relative: `deletion_vector_${uuid}.bin` });
    named.deletionVector = { ...dv, storageType: "u", pathOrInlineDv: uuidToZ85(uuid) };
  }
  return { named, copies };
}

/** the file's path under the root ("/"-separated), undefined for a file outside it */
function insideRoot(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join("/");
}

/**
 * Each file copied into the clone, on the local disk or in Blob Storage either side: read as the source's readers read it, staged in
 * the clone's scratch folder and put in place. One the clone already has (a re-clone's file whose deletion vector changed: data and
 * deletion vector files are never rewritten) is left as it is. `copied` collects what was written, for a failure to take back.
 */
async function copyFiles(sourceRoot: string, root: string, copies: FileCopy[], copied: string[]): Promise<void> {
  const target = storageOf(root);
  const scratch = await target.scratchFolder();
  try {
    for (const { logPath, relative } of copies) {
      const from = await readableFile(sourceRoot, logPath);
      if ((await target.stat(relative))?.size === (await stat(from)).size) continue;
      const staged = path.join(scratch, randomUUID());
      await copyFile(from, staged);
      await target.putFile(relative, staged);
      copied.push(relative);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
