import { LOG_DIR, commitFileName } from "./log-listing.js";
import { storageOf } from "./storage/registry.js";

/** Serialises actions one per line, each a single-key object as the protocol shows them. */
export function serializeActions(actions: Record<string, unknown>[]): string {
  return actions.map((a) => JSON.stringify(a)).join("\n") + "\n";
}

/**
 * Publishes commit `version` if nobody has: the log's mutual exclusion, the store's create-if-absent
 * (an exclusive hard link on local disk, `If-None-Match: *` on Azure). Returns false when another
 * writer already owns the version; its entry is never overwritten.
 */
export function tryPublishCommit(root: string, version: number, content: string): Promise<boolean> {
  return storageOf(root).writeIfAbsent(`${LOG_DIR}/${commitFileName(version)}`, content);
}
