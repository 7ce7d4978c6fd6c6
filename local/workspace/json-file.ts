/** Small JSON state files: read if present, written atomically (temp file + rename) with a given mode. */
import { existsSync, readFileSync, renameSync, writeFileSync, chmodSync } from "node:fs";

export function readJsonFile<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function writeJsonFile(path: string, value: unknown, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n", { mode });
  chmodSync(tmp, mode); // the umask may have narrowed or (for an existing file) ignored the mode
  renameSync(tmp, path);
}
