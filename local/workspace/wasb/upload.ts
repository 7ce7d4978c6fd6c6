/**
 * Puts a folder of Parquet files at a WASB location, as Spark's overwrite does: existing blobs
 * under the prefix are deleted first, part files are uploaded, `_SUCCESS` is written last. The only
 * credential is the SAS; any storage refusal becomes an error result with the HTTP status and the
 * storage error code (and never the signature).
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ContainerClient, RestError } from "@azure/storage-blob";
import { SqlError, sqlErrors } from "../errors.js";
import type { WasbLocation } from "./location.js";

export interface UploadResult {
  files: string[];
  bytes: number;
}

const UPLOAD_CONCURRENCY = 4;
const BLOCK_SIZE = 8 * 1024 * 1024;

export async function uploadFolder(
  folder: string,
  /** names to give the files, in the order of `sources` */
  names: Map<string, string>,
  loc: WasbLocation,
  containerUrl: string,
  sas: string,
  signal: AbortSignal,
): Promise<UploadResult> {
  const container = new ContainerClient(`${containerUrl}?${sas}`);
  const prefix = loc.path === "" ? "" : `${loc.path}/`;
  try {
    // overwrite: the directory is replaced as a whole
    for await (const blob of container.listBlobsFlat({ prefix, abortSignal: signal })) {
      await container.deleteBlob(blob.name, { abortSignal: signal });
    }
    const sources = [...names.keys()];
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < sources.length) {
        const source = sources[next++];
        const file = path.join(folder, source);
        bytes += (await stat(file)).size;
        await container.getBlockBlobClient(prefix + names.get(source)).uploadFile(file, {
          blockSize: BLOCK_SIZE,
          concurrency: 2,
          abortSignal: signal,
          blobHTTPHeaders: { blobContentType: "application/octet-stream" },
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, sources.length) }, worker));
    await container.getBlockBlobClient(`${prefix}_SUCCESS`).upload("", 0, { abortSignal: signal });
    return { files: sources.map((s) => prefix + names.get(s)), bytes };
  } catch (e) {
    throw storageError(e, signal);
  }
}

export async function listParquet(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((f) => f.endsWith(".parquet")).sort(naturalOrder);
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function storageError(e: unknown, signal: AbortSignal): SqlError {
  if (signal.aborted) return sqlErrors.cancelled();
  if (e instanceof SqlError) return e;
  if (e instanceof RestError) {
    const detail = redactSas((e.message || "").split("\n")[0] || "The storage service refused the request");
    return sqlErrors.storage(e.statusCode, e.code, detail);
  }
  return sqlErrors.storage(undefined, undefined, redactSas((e as Error)?.message ?? String(e)));
}

/** removes SAS signatures from text that may echo a URL */
export function redactSas(text: string): string {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, "$1REDACTED");
}
