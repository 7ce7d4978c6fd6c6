/**
 * The Parquet files a cluster staged under adobe-managed-staging/<flowId>/<runId>/, read back with
 * the service's own account credentials (never the SAS handed to the cluster). Files are streamed
 * to a local folder for DuckDB, so memory stays bounded whatever their size.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { mapBounded } from "../util/map-bounded.js";

export const STAGING_FOLDER = "adobe-managed-staging";

export function stagingPrefix(flowId: string, runId: string): string {
  return `${STAGING_FOLDER}/${flowId}/${runId}/`;
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

const DOWNLOADS_AT_ONCE = 4;

export async function downloadStagedFiles(
  container: ContainerClient,
  files: readonly StagedFile[],
  targetDir: string,
): Promise<string[]> {
  await mkdir(targetDir, { recursive: true });
  // a few at once: one download at a time leaves the network idle between files; each streams to disk
  return mapBounded(files, DOWNLOADS_AT_ONCE, async (file, index) => {
    const local = path.join(targetDir, `${String(index).padStart(5, "0")}.parquet`);
    await container.getBlobClient(file.name).downloadToFile(local);
    return local;
  });
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
