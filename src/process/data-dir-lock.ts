/**
 * One `npm start` per DATA_DIR: the embedded blob service, the SQLite store and the local
 * workspace keep their files there, and two processes writing them at once would corrupt them (and
 * the second would record its own blob service for the first one's workers). The lock is a file
 * naming the process that holds it; one left by a process that no longer runs (killed, say) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";
import { processExists, processStat } from "../util/process-exists.js";

export const LOCK_FILE = "npm-start.lock";

interface Holder {
  pid: number;
  startedAt: string;
  /** when the process began, as the kernel tells it (Linux): a pid reused since, by another process, is not the holder */
  processStart?: string;
}

/** Takes DATA_DIR's lock for this process, or refuses naming the process that holds it; the answer releases it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: Holder = { pid: process.pid, startedAt: new Date().toISOString(), processStart: processStartOf(process.pid) };
  while (!created(file, mine)) {
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && isRunning(holder)) {
      throw new ConfigError(
        `DATA_DIR: ${dataDir} is in use by another npm start (process ${holder.pid}, started ${holder.startedAt}); ` +
          `stop that one first, or give this one a DATA_DIR of its own (a worker beside it is \`npm run worker\`). ` +
          `If no such process runs, delete ${file}`,
      );
    }
    rmSync(file, { force: true }); // its holder is gone
  }
  return () => {
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** Whether `file` was made, naming `holder`: written aside and linked, so no other process ever reads it half written. */
function created(file: string, holder: Holder): boolean {
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, JSON.stringify(holder));
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The lock's holder, or undefined for a file that is not one. */
function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, "utf8")) as Partial<Holder>;
    return Number.isInteger(holder.pid) ? { pid: holder.pid!, startedAt: String(holder.startedAt), processStart: holder.processStart } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(holder: Holder): boolean {
  if (!processExists(holder.pid)) return false;
  // the pid may have been given to another process since: the holder's start time tells them apart
  const start = processStartOf(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

function processStartOf(pid: number): string | undefined {
  return processStat(pid)?.start;
}
