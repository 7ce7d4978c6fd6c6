/**
 * The landing zone's own client of the storage account. A request waits on its calls, so one that
 * cannot reach storage must fail within seconds, not after the SDK's default retries (4 tries, the
 * waits growing from 4 s: ~16 s for a refused connection). A transient failure is still retried: at
 * once, then after a quarter second. A call that gets no answer is abandoned at its deadline.
 */
import { BlobServiceClient } from "@azure/storage-blob";
import type { BlobAccount } from "./blob-account.js";

/** How long one call to storage (its retries included) may wait for an answer. */
export const STORAGE_CALL_TIMEOUT_MS = 5_000;
const QUICK_RETRIES = { maxTries: 3, retryDelayInMs: 250, maxRetryDelayInMs: 1_000 };

export function promptStorageClient(account: BlobAccount): BlobServiceClient {
  return new BlobServiceClient(account.service.url, account.credential, { retryOptions: QUICK_RETRIES });
}

/** A call to storage got no answer before its deadline. */
export class StorageTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** Runs one call to storage (given the abortSignal to pass it) with a deadline; past it, a StorageTimeoutError. */
export async function withDeadline<T>(call: (options: { abortSignal: AbortSignal }) => Promise<T>, timeoutMs = STORAGE_CALL_TIMEOUT_MS): Promise<T> {
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    return await call({ abortSignal });
  } catch (error) {
    if (abortSignal.aborted) throw new StorageTimeoutError(timeoutMs);
    throw error;
  }
}
