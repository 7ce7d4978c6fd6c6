export type { TableStorage, StoredFile } from "./table-storage.js";
export { LocalTableStorage } from "./local-storage.js";
export { AzureBlobTableStorage, type AzureBlobStorageOptions } from "./azure-blob-storage.js";
