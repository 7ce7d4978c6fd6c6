import { stat } from "node:fs/promises";
import { DeltaErrors } from "./errors.js";
import { storageOf } from "./storage/registry.js";
import type { TableStorage } from "./storage/table-storage.js";

export const LOG_DIR = "_delta_log";

export interface CommitFile {
  version: number;
  /** relative to the table root */
  path: string;
  /** epoch milliseconds, as the store reports it */
  modifiedAt: number;
}

export interface CheckpointCandidate {
  version: number;
  kind: "classic" | "multipart" | "v2";
  /** all parts (relative to the table root), in part order; a v2 checkpoint has one top-level file (its sidecars are found on read) */
  files: string[];
  /** of the first part, epoch milliseconds */
  modifiedAt: number;
  format: "parquet" | "json";
}

export interface LogListing {
  root: string;
  storage: TableStorage;
  /** relative to the table root */
  logDir: string;
  commits: Map<number, CommitFile>;
  /** complete checkpoints only, newest first */
  checkpoints: CheckpointCandidate[];
  latestVersion: number;
}

const COMMIT = /^(\d{20})\.json$/;
const CLASSIC = /^(\d{20})\.checkpoint\.parquet$/;
const MULTIPART = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;
const UUID_NAMED = /^(\d{20})\.checkpoint\.([^.]+)\.(json|parquet)$/;

export const commitFileName = (version: number): string => `${String(version).padStart(20, "0")}.json`;

/** Lists _delta_log once; every later step works from this listing so a snapshot sees one consistent log. */
export async function listLog(root: string): Promise<LogListing> {
  const storage = storageOf(root);
  const logDir = LOG_DIR;
  if (storage.isLocal && (await storage.stat(LOG_DIR))) throw DeltaErrors.tableNotFound(root, `${LOG_DIR} is not a directory`);
  const entries = (await storage.list(LOG_DIR)).filter((f) => !f.path.slice(LOG_DIR.length + 1).includes("/"));
  if (entries.length === 0 && !(await logFolderExists(storage))) throw DeltaErrors.tableNotFound(root, `${LOG_DIR} does not exist`);
  const commits = new Map<number, CommitFile>();
  const parts = new Map<string, { version: number; total: number; files: Map<number, string> }>();
  const checkpoints: CheckpointCandidate[] = [];
  const modified = new Map<string, number>();
  for (const entry of entries) {
    const full = entry.path;
    const name = full.slice(LOG_DIR.length + 1);
    modified.set(full, entry.modifiedAt);
    let m: RegExpExecArray | null;
    if ((m = COMMIT.exec(name))) {
      commits.set(Number(m[1]), { version: Number(m[1]), path: full, modifiedAt: entry.modifiedAt });
    } else if ((m = CLASSIC.exec(name))) {
      checkpoints.push({ version: Number(m[1]), kind: "classic", files: [full], format: "parquet", modifiedAt: entry.modifiedAt });
    } else if ((m = MULTIPART.exec(name))) {
      const key = `${m[1]}/${m[3]}`;
      let group = parts.get(key);
      if (!group) parts.set(key, (group = { version: Number(m[1]), total: Number(m[3]), files: new Map() }));
      group.files.set(Number(m[2]), full);
    } else if ((m = UUID_NAMED.exec(name))) {
      checkpoints.push({ version: Number(m[1]), kind: "v2", files: [full], format: m[3] as "json" | "parquet", modifiedAt: entry.modifiedAt });
    }
  }
  // A multi-part checkpoint cannot be written atomically; one with a missing part must be ignored.
  for (const group of parts.values()) {
    if (group.total < 1 || group.files.size !== group.total) continue;
    const files: string[] = [];
    for (let i = 1; i <= group.total; i++) {
      const f = group.files.get(i);
      if (f) files.push(f);
    }
    if (files.length === group.total) checkpoints.push({ version: group.version, kind: "multipart", files, format: "parquet", modifiedAt: modified.get(files[0]) ?? 0 });
  }
  // Newest first; at one version prefer v2 (carries sidecars and nonFileActions), then classic, then multi-part.
  const rank = { v2: 0, classic: 1, multipart: 2 } as const;
  checkpoints.sort((a, b) => b.version - a.version || rank[a.kind] - rank[b.kind]);
  const versions = [...commits.keys(), ...checkpoints.map((c) => c.version)];
  if (versions.length === 0) throw DeltaErrors.tableNotFound(root, `${LOG_DIR} holds no commits or checkpoints`);
  return { root, storage, logDir, commits, checkpoints, latestVersion: Math.max(...versions) };
}

/** A local table's empty _delta_log folder is a table with no commits; blob stores have no empty folders. */
async function logFolderExists(storage: TableStorage): Promise<boolean> {
  if (!storage.isLocal) return false;
  return stat(await storage.localFile(LOG_DIR)).then((s) => s.isDirectory(), () => false);
}

/** The text of a log file the listing named; one that vanished since is a corrupt log. */
export async function readLogText(listing: LogListing, relative: string): Promise<string> {
  const bytes = await listing.storage.read(relative);
  if (!bytes) throw DeltaErrors.corruptLog(`${listing.root}/${relative}`, "the file disappeared after the log was listed");
  return bytes.toString("utf8");
}
