import { readFile } from "node:fs/promises";
import path from "node:path";

export interface LastCheckpointHint {
  version: number;
  parts?: number;
}

/**
 * `_last_checkpoint` is only a hint: a missing, empty or corrupt file (writers overwrite it non-atomically
 * on some stores) means "no hint", never an error.
 */
export async function readLastCheckpointHint(logDir: string): Promise<LastCheckpointHint | null> {
  let text: string;
  try {
    text = await readFile(path.join(logDir, "_last_checkpoint"), "utf8");
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (typeof raw.version !== "number" || !Number.isInteger(raw.version) || raw.version < 0) return null;
    const parts = typeof raw.parts === "number" ? raw.parts : undefined;
    return { version: raw.version, ...(parts === undefined ? {} : { parts }) };
  } catch {
    return null;
  }
}
