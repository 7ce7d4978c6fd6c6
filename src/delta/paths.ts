import path from "node:path";
import { fileURLToPath } from "node:url";
import { DeltaErrors } from "./errors.js";
import { storageOf } from "./storage/registry.js";

/**
 * Log paths are URIs (RFC 2396): relative ones resolve against the table root after percent-decoding;
 * absolute ones must be file: URIs or plain absolute paths, since this library reads the local filesystem.
 */
export function resolveTablePath(root: string, logPath: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logPath)) {
    if (!logPath.toLowerCase().startsWith("file:")) throw DeltaErrors.unsupportedPath(logPath);
    try {
      return fileURLToPath(new URL(logPath.replace(/^file:\/*/i, "file:///")));
    } catch {
      throw DeltaErrors.unsupportedPath(logPath);
    }
  }
  const decoded = safeDecode(logPath);
  return path.isAbsolute(decoded) ? decoded : path.join(root, decoded);
}

/**
 * A local file DuckDB can read for a path in the log: the file itself on a local table, a local copy of
 * a remote table's file (only paths inside the table: a remote table's log names nothing elsewhere).
 */
export async function readableFile(root: string, logPath: string): Promise<string> {
  const storage = storageOf(root);
  if (storage.isLocal) return resolveTablePath(root, logPath);
  return storage.localFile(tableRelativePath(root, logPath));
}

/** A log path as a path relative to the table root; absolute ones must point inside it. */
export function tableRelativePath(root: string, logPath: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logPath) || logPath.startsWith("/")) {
    const inside = logPath.startsWith(`${root}/`) ? logPath.slice(root.length + 1) : undefined;
    if (inside === undefined) throw DeltaErrors.unsupportedPath(logPath);
    return safeDecode(inside);
  }
  return safeDecode(logPath);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Percent-encodes each segment of a relative path for the log, keeping "/" separators and "=" (as Spark's paths do). */
export function encodeLogPath(relative: string): string {
  return relative
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/%3D/g, "="))
    .join("/");
}

/**
 * Spark's escaping of partition directory names (ExternalCatalogUtils.escapePathName): these characters
 * become %XX on disk, so a value can never introduce a separator or a glob.
 */
const ESCAPED = new Set(['"', "#", "%", "'", "*", "/", ":", "=", "?", "\\", "\x7f", "{", "[", "]", "^"]);

export function escapePartitionSegment(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || ESCAPED.has(ch) ? `%${code.toString(16).toUpperCase().padStart(2, "0")}` : ch;
  }
  return out;
}
