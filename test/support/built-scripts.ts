/**
 * The repository's TypeScript files that tests start as child processes — the service's command
 * line, the benchmarks and the scripts they start, the tests' own child scripts — built once per test
 * run into plain JavaScript. Through tsx, each process spends 1.5–2.5 s of CPU more before it is
 * ready (every module resolved and loaded through tsx's loader thread, dependencies included): with
 * well over a hundred starts a run on two cores, minutes of the run. The build is esbuild's, the
 * compiler tsx itself runs on each file, so the code is the same; the service through tsx, as the
 * README's commands run it, stays proven by the tests that run `npm start` and tsx themselves
 * (test/cli/start.test.ts, test/process/startup.test.ts, test/cli/closed-pipe.test.ts).
 *
 * Each module's `import.meta.url` is its source file's URL in the build, so a path relative to a
 * module's own file (`new URL("../../package.json", import.meta.url)`, a benchmark's child script
 * beside it) names the same file wherever the built one sits.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./repo-root.js";

const BUILT_ROOT_VARIABLE = "TEST_BUILT_SCRIPTS";
/** one folder per test run, named by its process id: two runs in one checkout never build over each other's files */
const BUILDS_DIR = path.join(REPO_ROOT, "test-artifacts", "built");
const OUT_DIR = path.join(BUILDS_DIR, String(process.pid));

/** what tests start: the command line, the demo, every benchmark script, the test suite's child processes */
function entryPoints(): string[] {
  const benchScripts = readdirSync(path.join(REPO_ROOT, "bench"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join("bench", file));
  const childScripts = ["test/support/signal-child.ts", "test/support/embedded-blob-process.ts", "test/notifications/outbox-child.ts"];
  return ["src/cli.ts", "scripts/demo.ts", ...benchScripts, ...childScripts].map((file) => path.join(REPO_ROOT, file));
}

/**
 * vitest's globalSetup: builds the entry points and names the build's folder in the environment the
 * test processes inherit; the returned teardown removes it. Builds of runs that ended without their
 * teardown (killed) are removed first.
 */
export async function setup(): Promise<() => void> {
  removeBuildsOfEndedRuns();
  const { build } = await import("esbuild");
  await build({
    entryPoints: entryPoints(),
    outdir: OUT_DIR,
    outbase: REPO_ROOT,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
    plugins: [
      {
        name: "source-file-urls",
        setup(onBuild) {
          onBuild.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => ({
            contents: (await readFile(file, "utf8")).replaceAll(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href)),
            loader: "ts",
          }));
        },
      },
    ],
  });
  process.env[BUILT_ROOT_VARIABLE] = OUT_DIR;
  return () => rmSync(OUT_DIR, { recursive: true, force: true });
}

function removeBuildsOfEndedRuns(): void {
  if (!existsSync(BUILDS_DIR)) return;
  for (const name of readdirSync(BUILDS_DIR)) {
    if (/^\d+$/.test(name) && isRunning(Number(name))) continue;
    rmSync(path.join(BUILDS_DIR, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The arguments of `node` that run `script` (a TypeScript file, relative to the repository's root or
 * absolute): its built file when this test run built one, else the file itself through tsx.
 */
export function scriptArgs(script: string): string[] {
  const source = path.resolve(REPO_ROOT, script);
  const builtRoot = process.env[BUILT_ROOT_VARIABLE];
  const built = builtRoot && path.join(builtRoot, path.relative(REPO_ROOT, source)).replace(/\.ts$/, ".js");
  return built && existsSync(built) ? ["--enable-source-maps", built] : ["--import", "tsx", source];
}

/** How a test starts `src/cli.ts`. */
export const cliArgs = (): string[] => scriptArgs("src/cli.ts");
