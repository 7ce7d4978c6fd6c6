import { LocalTableStorage } from "./local-storage.js";
import type { TableStorage } from "./table-storage.js";

/**
 * The library names a table by its root (a local path or a URL). Remote tables are opened with their
 * storage, which is remembered here by root so every step of an operation reaches the same store.
 */
const remote = new Map<string, TableStorage>();

export function rememberStorage(storage: TableStorage): string {
  if (!storage.isLocal) remote.set(storage.root, storage);
  return storage.root;
}

export function storageOf(root: string): TableStorage {
  return remote.get(root) ?? new LocalTableStorage(root);
}
