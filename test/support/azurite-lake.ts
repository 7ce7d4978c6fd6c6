/** An in-process Azurite with one container, for tests of tables kept in Azure Blob Storage. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { ContainerClient } from "@azure/storage-blob";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { type EmbeddedBlobService, type StorageAccount, startEmbeddedBlobService } from "../../local/azurite.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";

export interface AzuriteContainer {
  container: ContainerClient;
  /** the account's name and key */
  account: StorageAccount;
  /** a folder name nobody else in the container uses */
  freshFolder(): string;
}

/** Starts Azurite in beforeAll (one container), stops it in afterAll. */
export function useAzuriteContainer(): AzuriteContainer {
  let service: EmbeddedBlobService | undefined;
  let container: ContainerClient | undefined;
  const account = newEmbeddedAccount();
  beforeAll(async () => {
    service = await startEmbeddedBlobService({ port: 0, accounts: [account] });
    container = embeddedBlobAccount(account.name, account.key, service.url).service.getContainerClient("lake");
    await container.create();
  });
  afterAll(async () => service?.close());
  return {
    get container() {
      if (!container) throw new Error("Azurite starts in beforeAll");
      return container;
    },
    account,
    freshFolder: () => `tables/${randomUUID()}`,
  };
}
