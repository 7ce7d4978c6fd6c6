/** Runs the real `start` command in a child process, the way `npm start` does. */
import { type ChildProcess, spawn } from "node:child_process";
import { cliArgs, scriptArgs } from "./built-scripts.js";
import { REPO_ROOT } from "./repo-root.js";

export interface StartedChild {
  child: ChildProcess;
  /** the line of its output that said it was ready */
  readyLine: string;
  output: () => string;
  /** sends the signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartedProcess extends StartedChild {
  apiUrl: string;
}

/**
 * The rows of demo.customers a service started here seeds unless a test asks for more: a tenth of a
 * second of seeding instead of about three and a half per start, and no test reads more than a few
 * hundred of them. The tests of the README's journey and the demo ingest the default 100,000.
 */
export const TEST_DEMO_ROWS = "1000";

export async function startCli(env: Record<string, string>, timeoutMs = 60_000, command = "start"): Promise<StartedProcess> {
  return withApiUrl(await startCommand(process.execPath, [...cliArgs(), command], env, isReadyLine, timeoutMs));
}

const isReadyLine = (line: string) => line.startsWith("Databricks Source ready") || line.startsWith("Databricks Source worker ready");
const withApiUrl = (started: StartedChild): StartedProcess => ({ ...started, apiUrl: /api (http:\/\/\S+)/.exec(started.readyLine)?.[1] ?? "" });

/** Runs a TypeScript file of the repository (`args`: the file and its arguments) in a child process, until a line of its output says it is ready. */
export async function startChild([script, ...args]: string[], env: Record<string, string>, isReady: (line: string) => boolean, timeoutMs = 60_000): Promise<StartedChild> {
  return startCommand(process.execPath, [...scriptArgs(script), ...args], env, isReady, timeoutMs);
}

/**
 * `npm start` itself, npm's process the child: what a supervisor that runs the README's command
 * holds. In a process group of its own, which `process.kill(-child.pid)` ends whole.
 */
export async function startNpm(env: Record<string, string>, timeoutMs = 60_000): Promise<StartedProcess> {
  return withApiUrl(await startCommand("npm", ["start", "--silent"], env, isReadyLine, timeoutMs, true));
}

async function startCommand(command: string, args: string[], env: Record<string, string>, isReady: (line: string) => boolean, timeoutMs: number, ownGroup = false): Promise<StartedChild> {
  const child = spawn(command, args, {
    detached: ownGroup,
    cwd: REPO_ROOT,
    env: { ...process.env, DATABRICKS_LOCAL_DEMO_ROWS: TEST_DEMO_ROWS, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const line = output.split("\n").find(isReady);
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
  return {
    child,
    readyLine,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
