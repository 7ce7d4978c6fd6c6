/** Storage-side helpers for tests: act as a SAS holder would (Spark's WASB driver, a user's script). */
import { ContainerClient, RestError } from "@azure/storage-blob";

export function containerWithSas(sasUri: string): ContainerClient {
  return new ContainerClient(sasUri);
}

/** The HTTP status a storage call ends with: 2xx on success, the RestError's status otherwise. */
export async function storageStatus(call: () => Promise<unknown>): Promise<number> {
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof RestError && error.statusCode) return error.statusCode;
    throw error;
  }
}

/** A cheap call that needs the SAS to be valid: list one page of the container. */
export function listOnce(container: ContainerClient): Promise<unknown> {
  return container.listBlobsFlat().byPage({ maxPageSize: 1 }).next();
}

/** Polls until `check` returns true or the deadline passes (no fixed sleeps in tests). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
