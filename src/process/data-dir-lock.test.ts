import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../config.js";
import { LOCK_FILE, lockDataDir } from "./data-dir-lock.js";

let dataDir: string;
let other: ChildProcess | undefined;
beforeEach(() => void (dataDir = mkdtempSync(path.join(tmpdir(), "data-dir-lock-"))));
afterEach(() => {
  other?.kill("SIGKILL");
  other = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Another process, still running. */
function anotherProcess(): ChildProcess {
  other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return other;
}

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
};
const lockFile = () => path.join(dataDir, LOCK_FILE);
const heldBy = (holder: object) => writeFileSync(lockFile(), JSON.stringify({ startedAt: "2026-12-04T10:00:00.000Z", ...holder }));

describe("one npm start per DATA_DIR", () => {
  it("refuses a DATA_DIR another running process holds, naming it and what to do", () => {
    const { pid } = anotherProcess();
    heldBy({ pid, processStart: startOf(pid!) });
    const refusal = (() => {
      try {
        lockDataDir(dataDir);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as Error).message).toBe(
      `DATA_DIR: ${dataDir} is in use by another npm start (process ${pid}, started 2026-12-04T10:00:00.000Z); ` +
        "stop that one first, or give this one a DATA_DIR of its own (a worker beside it is `npm run worker`). " +
        `If no such process runs, delete ${lockFile()}`,
    );
    expect(JSON.parse(readFileSync(lockFile(), "utf8")).pid).toBe(pid);
  });

  it("takes over a lock whose process has ended, and one whose pid another process has taken since", async () => {
    const ended = anotherProcess();
    const endedPid = ended.pid!;
    await new Promise((resolve) => ended.once("exit", resolve).kill("SIGKILL"));
    heldBy({ pid: endedPid });
    lockDataDir(dataDir)();

    const { pid } = anotherProcess();
    heldBy({ pid, processStart: "1" });
    const unlock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid });
    unlock();
    expect(existsSync(lockFile())).toBe(false);
  });

  it("takes over a lock whose process was killed and not yet reaped by its parent (a zombie)", async () => {
    // the shell becomes a sleep that never waits for its child: the child, once killed, stays a zombie
    other = spawn("sh", ["-c", "sleep 60 & echo $!; exec sleep 60"], { stdio: ["ignore", "pipe", "ignore"] });
    const pid = Number(await new Promise<string>((resolve) => other!.stdout!.once("data", (data: Buffer) => resolve(data.toString()))));
    heldBy({ pid, processStart: startOf(pid) });
    // killed only once the shell is the sleep that never waits: a shell still running may reap it (it did once, in a full run)
    await vi.waitFor(() => expect(readFileSync(`/proc/${other!.pid}/comm`, "utf8").trim()).toBe("sleep"));
    process.kill(pid, "SIGKILL");
    await vi.waitFor(() => expect(readFileSync(`/proc/${pid}/stat`, "utf8")).toMatch(/\) Z /));
    lockDataDir(dataDir)();
    expect(existsSync(lockFile())).toBe(false);
  });

  it("releases only its own lock, and lets the next start take it", () => {
    const unlock = lockDataDir(dataDir);
    const { pid } = anotherProcess();
    heldBy({ pid, processStart: startOf(pid!) });
    unlock();
    expect(JSON.parse(readFileSync(lockFile(), "utf8")).pid).toBe(pid);
    rmSync(lockFile());
    lockDataDir(dataDir)();
    expect(existsSync(lockFile())).toBe(false);
  });
});
