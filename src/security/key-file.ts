/**
 * Secret keys kept as files under DATA_DIR/keys, generated on first start (mode 0600) so the
 * embedded default needs no set-up and a restart keeps tokens and encrypted secrets valid.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function loadOrCreateKey(dataDir: string, name: string, bytes = 32): Buffer {
  const dir = path.join(dataDir, "keys");
  const file = path.join(dir, `${name}.key`);
  try {
    return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
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
