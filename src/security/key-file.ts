/**
 * Secret keys kept as files under DATA_DIR/keys, generated on first start (mode 0600) so the
 * embedded default needs no set-up and a restart keeps tokens and encrypted secrets valid.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The key file's path under DATA_DIR. */
export function keyFile(dataDir: string, name: string): string {
  return path.join(dataDir, "keys", `${name}.key`);
}

/** The key kept under DATA_DIR, or undefined when there is none (nothing is written). */
export function loadKey(dataDir: string, name: string): Buffer | undefined {
  try {
    return Buffer.from(readFileSync(keyFile(dataDir, name), "utf8").trim(), "base64");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return undefined;
  }
}

export function loadOrCreateKey(dataDir: string, name: string, bytes = 32): Buffer {
  const file = keyFile(dataDir, name);
  const dir = path.dirname(file);
  const existing = loadKey(dataDir, name);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(bytes);
  try {
    // 'wx': when two processes start together, the first writer wins and the other reads its key.
    writeFileSync(file, key.toString("base64"), { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  }
}
