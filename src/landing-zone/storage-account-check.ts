/**
 * Whether the service can use its own storage account (AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY,
 * AZURE_BLOB_ENDPOINT): checked once at start, and used to tell a request that storage refused
 * the service's credentials or could not be reached, which no request can cure.
 */
import { randomBytes } from "node:crypto";
import { AnonymousCredential, BlobServiceClient, ContainerClient, RestError } from "@azure/storage-blob";
import type { BlobAccount } from "./blob-account.js";
import { policySasToken } from "./policy-sas.js";
import { StorageTimeoutError, withDeadline } from "./prompt-storage.js";

const FIX_KEY = "set AZURE_STORAGE_KEY to a key of this account (AZURE_STORAGE_ACCOUNT names the account, AZURE_BLOB_ENDPOINT its Blob endpoint when not Azure's)";
const FIX_ENDPOINT = "check AZURE_BLOB_ENDPOINT (or, without it, AZURE_STORAGE_ACCOUNT, whose name makes the endpoint)";

/** How long the start waits for the account to answer. */
export const STORAGE_CHECK_TIMEOUT_MS = 5_000;

/**
 * What is wrong with the service's storage account, as the error of a call to it shows, naming the
 * settings an operator must fix; undefined when the error is about something else (a missing
 * container, a conflict), which the caller handles.
 */
export function storageAccountProblem(error: unknown, account: BlobAccount): string | undefined {
  const where = `the storage account ${account.accountName} at ${account.service.url}`;
  if (error instanceof RestError && (error.statusCode === 401 || error.statusCode === 403)) {
    return `${where} refused the service's credentials (HTTP ${error.statusCode}${error.code ? ` ${error.code}` : ""}): ${FIX_KEY}`;
  }
  const unreachable = error instanceof StorageTimeoutError ? error.message : unreachableReason(error);
  if (unreachable) return `${where} cannot be reached (${unreachable}): ${FIX_ENDPOINT}`;
  return undefined;
}

/**
 * The cheapest call that needs the account key: one page of one container, tried once (the SDK's
 * retries of a refused port would take ~16 s); then, on an endpoint other than Azure's, whether it
 * takes the landing zone's SAS. Resolves with the problem, or undefined when the account answers.
 */
export async function checkStorageAccount(account: BlobAccount, timeoutMs = STORAGE_CHECK_TIMEOUT_MS): Promise<string | undefined> {
  const once = new BlobServiceClient(account.service.url, account.credential, { retryOptions: { maxTries: 1 } });
  try {
    await withDeadline((options) => once.listContainers(options).byPage({ maxPageSize: 1 }).next(), timeoutMs);
    return isAzureEndpoint(account) ? undefined : await policySasProblem(account, once, timeoutMs);
  } catch (error) {
    const problem = storageAccountProblem(error, account);
    if (problem) return problem;
    if (error instanceof RestError) {
      return `the storage account ${account.accountName} at ${account.service.url} answered HTTP ${error.statusCode ?? "?"}${error.code ? ` ${error.code}` : ""} to a listing of its containers: ${FIX_ENDPOINT}`;
    }
    throw error;
  }
}

/** Azure's own endpoint of the account; any other (AZURE_BLOB_ENDPOINT) may be an emulator. */
function isAzureEndpoint(account: BlobAccount): boolean {
  return account.service.url.replace(/\/+$/, "") === `https://${account.accountName}.blob.core.windows.net`;
}

/**
 * Whether the storage takes the landing zone's SAS, which names a stored access policy holding only
 * the expiry: Azurite answers it HTTP 500 (it reads the permissions from the policy only, never from
 * the token), so a cluster could never write to a
 * landing zone while every other check passed. Tried on a scratch container, removed after. Only a
 * 5xx counts: Azure may refuse (403) a SAS naming a policy set less than 30 seconds before.
 */
async function policySasProblem(account: BlobAccount, service: BlobServiceClient, timeoutMs: number): Promise<string | undefined> {
  const containerName = `ds-sas-check-${randomBytes(6).toString("hex")}`;
  const container = service.getContainerClient(containerName);
  await withDeadline((options) => container.create(options), timeoutMs);
  try {
    const policy = { id: "check", accessPolicy: { expiresOn: new Date(Date.now() + 600_000) } as never };
    await withDeadline((options) => container.setAccessPolicy(undefined, [policy], options), timeoutMs);
    const sas = policySasToken(containerName, policy.id, account.credential);
    const withSas = new ContainerClient(`${account.containerUrl(containerName)}?${sas}`, new AnonymousCredential(), { retryOptions: { maxTries: 1 } });
    await withDeadline((options) => withSas.listBlobsFlat(options).byPage({ maxPageSize: 1 }).next(), timeoutMs);
    return undefined;
  } catch (error) {
    if (!(error instanceof RestError) || (error.statusCode ?? 0) < 500) return undefined;
    return (
      `the storage account ${account.accountName} at ${account.service.url} answered HTTP ${error.statusCode} to a SAS naming a stored access policy, the layout of ` +
      "the landing zone's SAS tokens, as Azurite does when the policy holds the expiry and the token the permissions: no cluster could use them. Set AZURE_BLOB_ENDPOINT to an Azure Storage endpoint, " +
      "or unset AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY and AZURE_BLOB_ENDPOINT for the embedded blob service, which takes them"
    );
  } finally {
    await container.deleteIfExists().catch(() => undefined);
  }
}

function unreachableReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof RestError && error.statusCode === undefined && typeof code === "string") return code;
  return undefined;
}
