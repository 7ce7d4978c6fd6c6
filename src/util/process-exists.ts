/**
 * Whether a process of this host exists, by its pid: a signal 0 (none is sent) it may not be sent
 * (EPERM) still exists, under another user; one killed and not yet reaped by its parent (a zombie,
 * state Z in /proc/<pid>/stat) has ended.
 */
import { readFileSync } from "node:fs";

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return processStat(pid)?.state !== "Z";
}

/** The process's state (Z: ended) and start time in clock ticks since boot (/proc/<pid>/stat), where the system tells them. */
export function processStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the fields after the command name, which is in parentheses and may hold spaces: the 3rd (state) on
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}
