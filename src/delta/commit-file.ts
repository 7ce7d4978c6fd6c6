import { link, mkdir, open, rm, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { LOG_DIR, commitFileName } from "./log-listing.js";

/** Serialises actions one per line, each a single-key object as the protocol shows them. */
export function serializeActions(actions: Record<string, unknown>[]): string {
  return actions.map((a) => JSON.stringify(a)).join("\n") + "\n";
}

/**
 * Publishes commit `version` if nobody has: the log's mutual exclusion. The content goes to a temp file
 * first and is hard-linked into place, which fails with EEXIST exactly like an exclusive create ('wx')
 * but never lets a reader see a half-written commit. Filesystems without hard links fall back to 'wx'.
 * Returns false when another writer already owns the version.
 */
export async function tryPublishCommit(root: string, version: number, content: string): Promise<boolean> {
  const logDir = path.join(root, LOG_DIR);
  await mkdir(logDir, { recursive: true });
  const target = path.join(logDir, commitFileName(version));
  const temp = path.join(logDir, `.${commitFileName(version)}.${randomUUID()}.tmp`);
  await writeFile(temp, content, { flag: "wx" });
  try {
    await link(temp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw e;
    return writeExclusive(target, content);
  } finally {
    await rm(temp, { force: true });
  }
}

async function writeExclusive(target: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(target, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
    return true;
  } finally {
    await handle.close();
  }
}
