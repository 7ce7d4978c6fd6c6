/**
 * What an object store's 403 for a pre-signed file URL says, when it is S3's error XML: S3 answers
 * AccessDenied both for a URL past its expiry ("Request has expired") and — when the URL's signer may
 * not list the bucket, as a sharing server's usually may not — for an object it does not have, where
 * Azure and GCS answer 404. Anything else (another store's 403, a proxy's page) is neither.
 */
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { readAtMost } from "../util/read-at-most.js";

/** "missing-or-denied": S3's AccessDenied not about expiry; "expired": S3's expired URL. */
export type StorageRefusal = "missing-or-denied" | "expired";

/** S3's error bodies are a few hundred bytes: this much is read of a 403, the rest not. */
export const REFUSAL_BODY_BYTES = 8192;

export function storageRefusalOf(body: string): StorageRefusal | undefined {
  const error = /<Error>([\s\S]*)<\/Error>/.exec(body)?.[1];
  if (error === undefined || elementOf(error, "Code") !== "AccessDenied") return undefined;
  return /^Request has expired\b/i.test(elementOf(error, "Message") ?? "") ? "expired" : "missing-or-denied";
}

function elementOf(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1].trim();
}

/** The first `limit` bytes of `body` as text; the rest is not read. */
export async function headOf(body: WebReadableStream<Uint8Array>, limit = REFUSAL_BODY_BYTES): Promise<string> {
  return Buffer.from((await readAtMost(body, limit)).bytes).toString("utf8");
}

/** What a refused download's message says after its status: never the store's words, only what they were taken for. */
export function refusalText(status: number, refusal: StorageRefusal | undefined, freshUrl: boolean): string {
  const fresh = freshUrl ? ", to the fresh URL the sharing server gave when its files were asked for again" : "";
  if (refusal === "missing-or-denied" && freshUrl) {
    return `, S3's AccessDenied${fresh}: S3 answers so for a file it does not have when the URL's signer may not list the bucket, so the file is taken as gone (the answer is not quoted otherwise)`;
  }
  const said = refusal === "expired" ? ", S3's \"Request has expired\"" : refusal === "missing-or-denied" ? ", S3's AccessDenied" : "";
  const redirect = status >= 300 && status < 400 ? "; its redirect is not followed" : "";
  const advice = freshUrl ? "a retry asks the sharing server for the files once more" : "a pre-signed URL works for a limited time, and asking for the table's files again gives fresh ones";
  return `${said}${fresh}${redirect} (the answer is not quoted; ${advice})`;
}
