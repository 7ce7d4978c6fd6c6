/**
 * Builds console/ with Vite when its build is missing or older than its sources, so `npm start`
 * serves the console with no build step of the user's.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

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

export function buildIsCurrent({ root, dist }: ConsoleFolders): boolean {
  const built = path.join(dist, "index.html");
  if (!existsSync(built)) return false;
  const sources = Math.max(...SOURCES.map((name) => newestChange(path.join(root, name))));
  return statSync(built).mtimeMs >= sources;
}

/** Builds into a folder of this process, then swaps it in: readers see the old build or the new one. */
export async function buildConsole({ root, dist }: ConsoleFolders): Promise<void> {
  const { build } = await import("vite");
  const staging = `${dist}.building-${process.pid}-${Date.now()}`;
  mkdirSync(path.dirname(staging), { recursive: true });
  try {
    await build({
      root,
      configFile: path.join(root, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: staging, emptyOutDir: true },
    });
    const retired = `${dist}.old-${process.pid}-${Date.now()}`;
    if (existsSync(dist)) renameSync(dist, retired);
    renameSync(staging, dist);
    rmSync(retired, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
