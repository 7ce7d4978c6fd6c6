/**
 * The storage account the landing zones live in: a real Azure account in production, the
 * embedded Azurite otherwise. Both are reached through @azure/storage-blob with the account key;
 * they differ only in URLs (Azurite is path-style: http://127.0.0.1:PORT/{account}/{container}).
 */
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";

export interface BlobAccount {
  accountName: string;
  credential: StorageSharedKeyCredential;
  service: BlobServiceClient;
  /** the container URL handed to users inside SASUri */
  containerUrl(containerName: string): string;
}

export function azureBlobAccount(account: string, key: string, endpoint?: string): BlobAccount {
  const base = (endpoint ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, "");
  return makeAccount(account, key, base);
}

export function embeddedBlobAccount(account: string, key: string, serviceUrl: string): BlobAccount {
  return makeAccount(account, key, `${serviceUrl.replace(/\/+$/, "")}/${account}`);
}

function makeAccount(accountName: string, key: string, base: string): BlobAccount {
  const credential = new StorageSharedKeyCredential(accountName, key);
  return {
    accountName,
    credential,
    service: new BlobServiceClient(base, credential),
    containerUrl: (containerName) => `${base}/${containerName}`,
  };
}
