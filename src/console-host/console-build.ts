/**
 * Builds console/ with Vite when its build is missing or older than its sources, so `npm start`
 * serves the console with no build step of the user's.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

export interface ConsoleFolders {
  /** console/: index.html, vite.config.ts, src/ */
  root: string;
  /** console/dist: what is served */
  dist: string;
}

const SOURCES = ["src", "index.html", "vite.config.ts"];

/** The newest modification time of a file or of any file below a folder (0 when absent). */
function newestChange(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestChange(path.join(target, name))), stat.mtimeMs);
}

/** When the console's sources last changed (ms since the epoch). */
export function sourcesChangedAt(root: string): number {
  return Math.max(...SOURCES.map((name) => newestChange(path.join(root, name))));
}

export function buildIsCurrent({ root, dist }: ConsoleFolders): boolean {
  const built = path.join(dist, "index.html");
  if (!existsSync(built)) return false;
  return statSync(built).mtimeMs >= sourcesChangedAt(root);
}

/**
 * Builds into a folder of this process, then moves the files in: the hashed assets first, index.html
 * (which names them) last, each by an atomic rename. A reader sees the old page or the new one, and
 * two processes building at once each leave a complete build.
 *
 * Vite runs in a process of its own with NODE_ENV=production: in this one it would take the
 * NODE_ENV the service inherited (a test runner's "test" gives React's development build, whose
 * StrictMode runs every effect twice, with the builder's file paths in it) and set it when unset.
 */
export async function buildConsole({ root, dist }: ConsoleFolders): Promise<void> {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");
  const staging = `${dist}.building-${process.pid}-${Date.now()}`;
  try {
    const args = [vite, "build", root, "--config", path.join(root, "vite.config.ts"), "--outDir", staging, "--emptyOutDir", "--logLevel", "warn"];
    await promisify(execFile)(process.execPath, args, { env: { ...process.env, NODE_ENV: "production" }, maxBuffer: 16 * 1024 * 1024 });
    mkdirSync(path.join(dist, "assets"), { recursive: true });
    for (const name of readdirSync(path.join(staging, "assets"))) renameSync(path.join(staging, "assets", name), path.join(dist, "assets", name));
    renameSync(path.join(staging, "index.html"), path.join(dist, "index.html"));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
