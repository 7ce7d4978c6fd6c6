/** A lake in a folder of an Azure Blob container, reached with the account's key or a SAS. */
import { AnonymousCredential, ContainerClient, RestError, type StoragePipelineOptions, StorageSharedKeyCredential } from "@azure/storage-blob";
import { AzureBlobTableStorage } from "../delta/index.js";
import { registerLake } from "./lake-paths.js";

export interface AzureLakeSettings {
  /** https://<account>.blob.core.windows.net, or an emulator's http://host:port/<account> */
  blobEndpoint: string;
  account: string;
  container: string;
  folder: string;
  accountKey?: string;
  sas?: string;
}

/** The lake cannot be used as configured; the message says what to fix and never holds a credential. */
export class LakeUnusableError extends Error {}

function containerOf(settings: AzureLakeSettings, pipeline?: StoragePipelineOptions): ContainerClient {
  const containerUrl = `${settings.blobEndpoint.replace(/\/+$/, "")}/${encodeURIComponent(settings.container)}`;
  return settings.accountKey !== undefined
    ? new ContainerClient(containerUrl, new StorageSharedKeyCredential(settings.account, settings.accountKey), pipeline)
    : new ContainerClient(`${containerUrl}?${settings.sas ?? ""}`, new AnonymousCredential(), pipeline);
}

/** the start-up probe gives up in seconds, not after the SDK's minutes of retries */
const PROBE: StoragePipelineOptions = { retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 10_000 } };

/** Registers the lake and returns its root, which names it from then on (no credentials in it). */
export function useAzureLake(settings: AzureLakeSettings, options: { cacheFolder?: string } = {}): string {
  return registerLake(new AzureBlobTableStorage(containerOf(settings), settings.folder, options));
}

/**
 * useAzureLake after proving the container answers with these credentials, as a process starts:
 * a missing container is created when the account key allows it (a SAS names a container that
 * must exist), and anything else the store refuses stops the start with what to fix.
 */
export async function openAzureLake(settings: AzureLakeSettings, options: { cacheFolder?: string } = {}): Promise<string> {
  const container = containerOf(settings, PROBE);
  const where = `container "${settings.container}" of account ${settings.account} at ${settings.blobEndpoint}`;
  const credential = settings.accountKey !== undefined ? "LAKE_ACCOUNT_KEY" : "LAKE_SAS";
  try {
    // listing is what the lake needs anyway (a SAS without "l" cannot find a table's log)
    await container.listBlobsFlat({ prefix: settings.folder ? `${settings.folder}/` : undefined }).byPage({ maxPageSize: 1 }).next();
  } catch (error) {
    const status = error instanceof RestError ? error.statusCode : undefined;
    const code = error instanceof RestError ? error.code : undefined;
    if (status === 404 && settings.accountKey !== undefined) {
      await container.createIfNotExists().catch((e: unknown) => {
        throw new LakeUnusableError(`LAKE_URL: could not create the ${where}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      });
    } else if (status === 404) {
      throw new LakeUnusableError(`LAKE_URL: there is no ${where}; create it, or give LAKE_ACCOUNT_KEY so the service creates it`);
    } else if (status === 403 || status === 401) {
      throw new LakeUnusableError(`LAKE_URL: the ${where} refused ${credential} (${code ?? status}); it must allow read, add, create, write, delete and list`);
    } else if (status === undefined) {
      throw new LakeUnusableError(`LAKE_URL: cannot reach the ${where}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    } else {
      throw new LakeUnusableError(`LAKE_URL: the ${where} answered ${status} ${code ?? ""}`.trimEnd());
    }
  }
  return registerLake(new AzureBlobTableStorage(containerOf(settings), settings.folder, options));
}
