/**
 * One `npm start` per DATA_DIR: the embedded blob service, the SQLite store and the local
 * workspace keep their files there, and two processes writing them at once would corrupt them (and
 * the second would record its own blob service for the first one's workers). The lock is a file
 * naming the process that holds it; one left by a process that no longer runs (killed, say) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";

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
  try {
    process.kill(holder.pid, 0); // no signal is sent: only whether the process exists
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: it exists, under another user
  }
  const stat = processStat(holder.pid);
  if (stat?.state === "Z") return false; // killed, not yet reaped by its parent
  return holder.processStart === undefined || stat === undefined || stat.start === holder.processStart;
}

function processStartOf(pid: number): string | undefined {
  return processStat(pid)?.start;
}

/** The process's state (Z: ended) and start time in clock ticks since boot (/proc/<pid>/stat), where the system tells them. */
function processStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the fields after the command name, which is in parentheses and may hold spaces: the 3rd (state) on
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}
