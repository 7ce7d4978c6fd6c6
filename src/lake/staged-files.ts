/**
 * The Parquet files a cluster staged under adobe-managed-staging/<flowId>/<runId>/<attempt folder>/, read back with
 * the service's own account credentials (never the SAS handed to the cluster). Files are streamed
 * to a local folder for DuckDB a group at a time, so neither memory nor disk has to hold a window.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { BlobSASPermissions, type ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { type ParquetFooter, readFooterOf, type RemoteParquet } from "../delta/index.js";
import { mapBounded } from "../util/map-bounded.js";

export const STAGING_FOLDER = "adobe-managed-staging";

/** Where a flow's runs stage their windows: a folder per run under it. */
export function flowStagingPrefix(flowId: string): string {
  return `${STAGING_FOLDER}/${flowId}/`;
}

export function stagingPrefix(flowId: string, runId: string): string {
  return `${flowStagingPrefix(flowId)}${runId}/`;
}

/**
 * One attempt's own folder in its run's: killing a worker does not stop its export on the cluster,
 * so an earlier attempt's export may still be writing into its folder while a later attempt reads
 * its own; `key` is the attempt's own (its number is reused after an interrupted attempt).
 */
export function attemptStagingPrefix(flowId: string, runId: string, key: string): string {
  return `${stagingPrefix(flowId, runId)}${key}/`;
}

/** A staging folder's blobs (its own, not those of folders in it), and when the newest of them was last written (epoch ms). */
export interface StagingFolder {
  prefix: string;
  runId: string;
  blobs: string[];
  lastWrittenAt: number;
}

/**
 * The folders under a flow's staging prefix, one per attempt (`<runId>/<key>/`), or per run for
 * blobs directly in a run's folder (staged before attempts had folders of their own).
 */
export async function stagingFoldersOf(container: ContainerClient, flowId: string): Promise<StagingFolder[]> {
  const base = flowStagingPrefix(flowId);
  const folders = new Map<string, StagingFolder>();
  for await (const blob of container.listBlobsFlat({ prefix: base })) {
    const parts = blob.name.slice(base.length).split("/");
    if (parts[0] === "") continue;
    const prefix = parts.length >= 3 ? `${base}${parts[0]}/${parts[1]}/` : `${base}${parts[0]}/`;
    const folder = folders.get(prefix) ?? { prefix, runId: parts[0], blobs: [], lastWrittenAt: 0 };
    folder.blobs.push(blob.name);
    folder.lastWrittenAt = Math.max(folder.lastWrittenAt, blob.properties.lastModified?.getTime() ?? 0);
    folders.set(prefix, folder);
  }
  return [...folders.values()];
}

export interface StagedFile {
  name: string;
  size: number;
}

/** Data files under the prefix: Spark's part files, not markers (_SUCCESS, _committed_…, folders). */
export async function listStagedFiles(container: ContainerClient, prefix: string): Promise<StagedFile[]> {
  const files: StagedFile[] = [];
  for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
    const base = blob.name.slice(blob.name.lastIndexOf("/") + 1);
    if (base.startsWith("_") || base.startsWith(".") || blob.metadata?.hdi_isfolder === "true") continue;
    if (!base.endsWith(".parquet")) continue;
    files.push({ name: blob.name, size: blob.properties.contentLength ?? 0 });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The staged Parquet files of a window as ingestion reads them: a bounded number at a time, each
 * made a local file only while its group is read (ingest.ts), so a batch never has to fit on disk.
 */
export const DOWNLOADS_AT_ONCE = 4;

export interface StagedInput {
  /** each file's size in bytes, in the files' order */
  sizes: readonly number[];
  /** file `index` as a local Parquet file (a copy in `dir`, or the file itself) */
  fetch(index: number, dir: string): Promise<string>;
  /** true when fetch makes copies, which the reader deletes once read */
  copies: boolean;
  /** file `index` where it is, for a lake that copies it without a download (rename-fast-path.ts) */
  remote?: (index: number) => RemoteParquet;
}

/** Staged files already on this host's disk (read in place, never deleted). */
export async function localStagedInput(files: readonly string[]): Promise<StagedInput> {
  return {
    sizes: await Promise.all(files.map(async (file) => (await stat(file)).size)),
    fetch: async (index) => files[index],
    copies: false,
  };
}

/** Staged files in the staging container, each streamed to `dir` when its group is read. */
export function blobStagedInput(container: ContainerClient, files: readonly StagedFile[]): StagedInput {
  return {
    sizes: files.map((f) => f.size),
    async fetch(index, dir) {
      await mkdir(dir, { recursive: true });
      const local = path.join(dir, `${String(index).padStart(5, "0")}.parquet`);
      await container.getBlobClient(files[index].name).downloadToFile(local);
      return local;
    },
    copies: true,
    // a read credential for one blob can be made only with the account's key
    remote: !(container.credential instanceof StorageSharedKeyCredential) ? undefined : (index) => {
      const blob = container.getBlobClient(files[index].name);
      let footer: Promise<ParquetFooter> | undefined;
      return {
        url: blob.url,
        footer: () => (footer ??= readFooterOf(blob.url, files[index].size, (offset, length) => blob.downloadToBuffer(offset, length))),
        copySource: async () => ({
          // read-only, for this blob, for the copy's minutes: Put Block From URL reads it with this
          url: await blob.generateSasUrl({ permissions: BlobSASPermissions.parse("r"), expiresOn: new Date(Date.now() + COPY_SOURCE_MINUTES * 60_000) }),
          // a blob of one Put Blob has none; one not a block blob cannot say (the copy then goes in pieces of its own)
          blockSizes: await blob.getBlockBlobClient().getBlockList("committed").then((list) => list.committedBlocks?.map((b) => b.size) ?? [], () => []),
        }),
      };
    },
  };
}

const COPY_SOURCE_MINUTES = 60;

/** Every staged file streamed to `dir` (a few at once), as local paths in the files' order. */
export async function downloadStagedFiles(container: ContainerClient, files: readonly StagedFile[], dir: string): Promise<string[]> {
  const input = blobStagedInput(container, files);
  return mapBounded(files, DOWNLOADS_AT_ONCE, (_, index) => input.fetch(index, dir));
}

/** Deletes these blobs; one already gone is no error. */
export async function deleteBlobs(container: ContainerClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await container.deleteBlob(name, { deleteSnapshots: "include" }).catch((error) => {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    });
  }
}

/** Deletes everything under the prefix (files, markers, the folder blob itself). */
export async function deleteStaged(container: ContainerClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const blob of container.listBlobsFlat({ prefix })) {
    await container.deleteBlob(blob.name, { deleteSnapshots: "include" }).catch((error) => {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    });
    deleted++;
  }
  await container.deleteBlob(prefix.replace(/\/$/, "")).catch(() => undefined);
  return deleted;
}
