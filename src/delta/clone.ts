/**
 * CREATE TABLE … [SHALLOW | DEEP] CLONE: a new table whose version 0 holds a source version's definition (schema, partitioning,
 * properties, protocol, clustering) and its files, as Delta clones. A deep clone copies every data and deletion vector file into the
 * new table under the same relative path; a shallow one names the source's files by their absolute URI (deletion vectors too), so the
 * clone reads them where they are and never deletes them. Both tables on the local disk.
 */
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AddFile, DeletionVectorDescriptor, Snapshot } from "./types.js";
import type { CloneOptions, CloneResult } from "./api.js";
import { assertNoTable } from "./create.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { dvFilePath } from "./deletion-vectors.js";
import { DeltaErrors } from "./errors.js";
import { resolveTablePath } from "./paths.js";
import { checkReadable } from "./protocol-support.js";
import { storageOf } from "./storage/registry.js";
import { deriveProtocol } from "./table-features.js";
import { validateProperties } from "./table-metadata.js";

export async function cloneTable(source: Snapshot, root: string, opts: CloneOptions): Promise<CloneResult> {
  if (!storageOf(source.root).isLocal || !storageOf(root).isLocal) throw DeltaErrors.invalidArgument("CLONE copies a table on the local disk to another one there");
  checkReadable(source.root, source.protocol);
  await assertNoTable(root);
  validateProperties(opts.properties ?? {});
  // the source's in-commit timestamp enablement is its history's: a clone has them (when on) from its version 0
  const inherited = Object.entries(source.metadata.configuration).filter(([key]) => !key.startsWith("delta.inCommitTimestampEnablement"));
  const { protocol, configuration } = deriveProtocol({ ...Object.fromEntries(inherited), ...opts.properties }, source.schema, source.protocol);
  const metadata = { ...source.metadata, id: randomUUID(), configuration, createdTime: Date.now() };
  const copied: string[] = [];
  const discard = () => Promise.all(copied.map((relative) => rm(path.join(root, relative), { force: true })));
  let adds: AddFile[];
  try {
    adds = opts.shallow ? source.files.map((add) => shallowAdd(source.root, add)) : await copiedFiles(source.root, root, source.files, copied);
  } catch (e) {
    await discard();
    throw e;
  }
  const sourceTableSize = source.files.reduce((n, f) => n + f.size, 0);
  const copies = { numCopiedFiles: opts.shallow ? 0 : source.files.length, copiedFilesSize: opts.shallow ? 0 : sourceTableSize };
  const commitInfo = buildCommitInfo({
    operation: "CLONE",
    operationParameters: { source: opts.sourceName, sourceVersion: source.version, isShallow: opts.shallow },
    operationMetrics: { sourceTableSize, sourceNumOfFiles: source.files.length, numRemovedFiles: 0, removedFilesSize: 0, ...copies },
    isBlindAppend: false,
    created: configuration,
  });
  const actions = [
    { commitInfo },
    { metaData: metadata },
    { protocol },
    ...source.domainMetadata.map((domainMetadata) => ({ domainMetadata })),
    ...adds.map((add) => ({ add: { ...add, dataChange: true } })),
  ];
  if (!(await tryPublishCommit(root, 0, serializeActions(actions)))) {
    await discard();
    throw DeltaErrors.tableAlreadyExists(root);
  }
  return { version: 0, sourceNumOfFiles: source.files.length, sourceTableSize, ...copies };
}

/** the source's file named where it is, by its absolute file URI, and its deletion vector likewise */
function shallowAdd(sourceRoot: string, add: AddFile): AddFile {
  const at = (file: string) => pathToFileURL(file).href;
  const deletionVector: DeletionVectorDescriptor | undefined =
    add.deletionVector && add.deletionVector.storageType !== "i" ? { ...add.deletionVector, storageType: "p", pathOrInlineDv: at(dvFilePath(sourceRoot, add.deletionVector)) } : add.deletionVector;
  return { ...add, path: at(resolveTablePath(sourceRoot, add.path)), ...(deletionVector ? { deletionVector } : {}) };
}

/**
 * each file (and its deletion vector) copied to the same path under the clone's root, a file the source names absolutely to the root;
 * `copied` collects what was written, for a failure to take back
 */
async function copiedFiles(sourceRoot: string, root: string, files: AddFile[], copied: string[]): Promise<AddFile[]> {
  const copy = async (from: string, relative: string) => {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await copyFile(from, path.join(root, relative));
    copied.push(relative);
  };
  const out: AddFile[] = [];
  for (const add of files) {
    const from = resolveTablePath(sourceRoot, add.path);
    const inside = !path.relative(sourceRoot, from).startsWith("..");
    const relative = inside ? path.relative(sourceRoot, from) : path.basename(from);
    await copy(from, relative);
    if (add.deletionVector?.storageType === "u") {
      const dv = dvFilePath(sourceRoot, add.deletionVector);
      await copy(dv, path.relative(sourceRoot, dv));
    }
    out.push(inside ? add : { ...add, path: encodeURIComponent(relative) });
  }
  return out;
}
