import type { TableStorage } from "./storage/table-storage.js";

export interface LastCheckpointHint {
  version: number;
  parts?: number;
  /** file name of the v2 checkpoint the writer produced, when it says */
  v2Path?: string;
}

/**
 * `_last_checkpoint` is only a hint: a missing, empty or corrupt file (writers overwrite it non-atomically
 * on some stores) means "no hint", never an error.
 */
export async function readLastCheckpointHint(storage: TableStorage, logDir: string): Promise<LastCheckpointHint | null> {
  let text: string;
  try {
    const bytes = await storage.read(`${logDir}/_last_checkpoint`);
    if (!bytes) return null;
    text = bytes.toString("utf8");
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (typeof raw.version !== "number" || !Number.isInteger(raw.version) || raw.version < 0) return null;
    const hint: LastCheckpointHint = { version: raw.version };
    if (typeof raw.parts === "number") hint.parts = raw.parts;
    const v2 = raw.v2Checkpoint as { path?: unknown } | undefined;
    if (v2 && typeof v2.path === "string") hint.v2Path = v2.path;
    return hint;
  } catch {
    return null;
  }
}
