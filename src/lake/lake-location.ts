/** A lake in a folder of an Azure Blob container, reached with the account's key or a SAS. */
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
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

/** Registers the lake and returns its root, which names it from then on (no credentials in it). */
export function useAzureLake(settings: AzureLakeSettings, options: { cacheFolder?: string } = {}): string {
  const containerUrl = `${settings.blobEndpoint.replace(/\/+$/, "")}/${encodeURIComponent(settings.container)}`;
  const container = settings.accountKey !== undefined
    ? new ContainerClient(containerUrl, new StorageSharedKeyCredential(settings.account, settings.accountKey))
    : new ContainerClient(`${containerUrl}?${settings.sas ?? ""}`);
  return registerLake(new AzureBlobTableStorage(container, settings.folder, options));
}
