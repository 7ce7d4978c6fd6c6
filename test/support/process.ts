/** Runs the real `start` command in a child process, the way `npm start` does. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StartedProcess {
  child: ChildProcess;
  readyLine: string;
  apiUrl: string;
  output: () => string;
  /** sends the signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startCli(env: Record<string, string>, timeoutMs = 60_000, command = "start"): Promise<StartedProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", command], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const line = output.split("\n").find((l) => l.startsWith("Databricks Source ready") || l.startsWith("Databricks Source worker ready"));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk) => (output += chunk));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
  const apiUrl = /api (http:\/\/\S+)/.exec(readyLine)?.[1] ?? "";
  return {
    child,
    readyLine,
    apiUrl,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
