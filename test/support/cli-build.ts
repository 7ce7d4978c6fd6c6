/**
 * The service's command line (src/cli.ts) built once per test run into plain JavaScript, for the
 * tests that start it in child processes again and again. Through tsx, each process spends about
 * 2.5 s of CPU more before it is ready (every module resolved and loaded through tsx's loader
 * thread, dependencies included): with a hundred starts a run on two cores, minutes of the run. The
 * build is esbuild's, the compiler tsx itself runs on each file, so the code is the same; `npm start`
 * through tsx stays proven by the tests that run npm itself (test/cli/start.test.ts,
 * test/process/startup.test.ts).
 *
 * The built files sit two folders below the repository's root, as src/<folder>/<module>.ts does, so
 * a module's paths relative to its own file (`new URL("../../package.json", import.meta.url)`) name
 * the same files.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./repo-root.js";

const BUILT_CLI_VARIABLE = "TEST_BUILT_CLI";
const OUT_DIR = path.join(REPO_ROOT, "test-artifacts", "cli");

/** vitest's globalSetup: builds src/cli.ts and names the built file in the environment the test processes inherit. */
export async function setup(): Promise<void> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(REPO_ROOT, "src", "cli.ts")],
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
  process.env[BUILT_CLI_VARIABLE] = path.join(OUT_DIR, "cli.js");
}

/** How a test starts `src/cli.ts`: the built file when this run built one, else through tsx. */
export function cliArgs(): string[] {
  const built = process.env[BUILT_CLI_VARIABLE];
  return built ? ["--enable-source-maps", built] : ["--import", "tsx", path.join(REPO_ROOT, "src", "cli.ts")];
}
