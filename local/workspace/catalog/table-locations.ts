/**
 * Where tables may live on this machine: the warehouse and the folders the operator lists. The
 * rest of the host stays out of reach, and the data folder the workspace shares with the service
 * (its lake, keys, store, blobs) is refused even when a listed folder contains it: a path-based
 * table (delta.`/path`) or CREATE TABLE … LOCATION could otherwise read any sandbox's datasets.
 * Paths are compared after resolving `..` and symbolic links, so neither leads out of a root.
 */
import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { sqlErrors } from "../errors.js";

export class TableLocations {
  private readonly warehouse: string;
  private readonly roots: string[];
  private readonly dataDir: string;

  constructor(options: { warehouse: string; roots: readonly string[]; dataDir: string }) {
    const real = (folder: string) => realLocation(folder) ?? path.resolve(folder);
    this.warehouse = real(options.warehouse);
    this.dataDir = real(options.dataDir);
    this.roots = options.roots.map(real);
  }

  /** the folders tables may use, as the refusal names them */
  get allowed(): string[] {
    return [this.warehouse, ...this.roots];
  }

  /** The location (absolute, `..` and links resolved) when a table may live there; else the refusal. */
  check(location: string): string {
    const real = realLocation(location);
    if (real !== undefined) {
      if (within(real, this.warehouse)) return real;
      if (!within(real, this.dataDir) && this.roots.some((root) => within(real, root))) return real;
    }
    throw sqlErrors.forbiddenLocation(location, this.allowed);
  }
}

function within(candidate: string, root: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The real path of a location that may not exist yet: its deepest existing folder resolved, the
 * rest appended. undefined when an entry on the way exists but cannot be resolved (a dangling or
 * looping link): where it would lead is unknown, so it leads nowhere.
 */
function realLocation(location: string): string | undefined {
  const missing: string[] = [];
  let existing = path.resolve(location);
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...missing.reverse());
    } catch {
      if (entryExists(existing)) return undefined;
      const parent = path.dirname(existing);
      if (parent === existing) return undefined;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

function entryExists(location: string): boolean {
  try {
    lstatSync(location);
    return true;
  } catch {
    return false;
  }
}
