import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { DeltaErrors } from "./errors.js";

export const LOG_DIR = "_delta_log";

export interface CommitFile {
  version: number;
  path: string;
}

export interface CheckpointCandidate {
  version: number;
  kind: "classic" | "multipart" | "v2";
  /** all parts, in part order; a v2 checkpoint has one top-level file (its sidecars are found on read) */
  files: string[];
  format: "parquet" | "json";
}

export interface LogListing {
  root: string;
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
  const logDir = path.join(root, LOG_DIR);
  let names: string[];
  try {
    const info = await stat(logDir);
    if (!info.isDirectory()) throw DeltaErrors.tableNotFound(root, `${LOG_DIR} is not a directory`);
    names = await readdir(logDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw DeltaErrors.tableNotFound(root, `${LOG_DIR} does not exist`);
    throw e;
  }
  const commits = new Map<number, CommitFile>();
  const parts = new Map<string, { version: number; total: number; files: Map<number, string> }>();
  const checkpoints: CheckpointCandidate[] = [];
  for (const name of names) {
    const full = path.join(logDir, name);
    let m: RegExpExecArray | null;
    if ((m = COMMIT.exec(name))) {
      commits.set(Number(m[1]), { version: Number(m[1]), path: full });
    } else if ((m = CLASSIC.exec(name))) {
      checkpoints.push({ version: Number(m[1]), kind: "classic", files: [full], format: "parquet" });
    } else if ((m = MULTIPART.exec(name))) {
      const key = `${m[1]}/${m[3]}`;
      let group = parts.get(key);
      if (!group) parts.set(key, (group = { version: Number(m[1]), total: Number(m[3]), files: new Map() }));
      group.files.set(Number(m[2]), full);
    } else if ((m = UUID_NAMED.exec(name))) {
      checkpoints.push({ version: Number(m[1]), kind: "v2", files: [full], format: m[3] as "json" | "parquet" });
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
    if (files.length === group.total) checkpoints.push({ version: group.version, kind: "multipart", files, format: "parquet" });
  }
  // Newest first; at one version prefer v2 (carries sidecars and nonFileActions), then classic, then multi-part.
  const rank = { v2: 0, classic: 1, multipart: 2 } as const;
  checkpoints.sort((a, b) => b.version - a.version || rank[a.kind] - rank[b.kind]);
  const versions = [...commits.keys(), ...checkpoints.map((c) => c.version)];
  if (versions.length === 0) throw DeltaErrors.tableNotFound(root, `${LOG_DIR} holds no commits or checkpoints`);
  return { root, logDir, commits, checkpoints, latestVersion: Math.max(...versions) };
}
