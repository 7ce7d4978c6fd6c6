/**
 * Downloads of one answer's files that survive a stale pre-signed URL: a file (or its deletion
 * vector's file) whose URL is refused (403: expired, or S3 refusing an object it may not say is
 * missing) is tried once more through the fresh URL the sharing server gives when the answer's
 * files are asked for again. The files are asked for at most once per read, however many of them
 * were refused; a refusal of the fresh URL is the download's failure (errors.ts tells a missing
 * file from one that may pass on a retry).
 */
import type { DeltaSharingClient, SharedFile } from "./client.js";
import { FileDownloadError } from "./errors.js";

/** The same answer's files asked for again: the same ids, with fresh URLs. */
export type FreshFiles = () => Promise<readonly SharedFile[]>;

/** Which of a file's URLs a download fetches, and the name its failure gives it; undefined when the file has no such URL. */
export type FilePart = (file: SharedFile) => { url: string; id: string } | undefined;

export const dataFile: FilePart = (file) => file;
export const deletionVectorFile: FilePart = (file) =>
  file.deletionVector?.storageType === "p" ? { url: file.deletionVector.pathOrInlineDv, id: `the deletion vector of ${file.id}` } : undefined;

export type SharedDownload = (file: SharedFile, part?: FilePart) => Promise<ReadableStream<Uint8Array>>;

export function downloadWithFreshUrls(client: DeltaSharingClient, fresh?: FreshFiles): SharedDownload {
  let askedAgain: Promise<ReadonlyMap<string, SharedFile>> | undefined;
  return async (file, part = dataFile) => {
    try {
      return await client.download(part(file)!);
    } catch (error) {
      if (!fresh || !(error instanceof FileDownloadError) || !error.mayPassWithFreshUrl) throw error;
      askedAgain ??= fresh().then((files) => new Map(files.map((f) => [f.id, f])));
      const renewed = (await askedAgain).get(file.id);
      const url = renewed && part(renewed);
      // an answer that no longer names the file (or its vector) says nothing about it: the first refusal stands
      if (!url) throw error;
      return client.download(url, { freshUrl: true });
    }
  };
}
