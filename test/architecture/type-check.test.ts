/**
 * `npm test` type-checks the service (with its tests, benchmarks and scripts: tsconfig.json) and the
 * console (console/tsconfig.json). As a suite it runs beside the others instead of before them,
 * which would add its minute to every run on two cores; a type error fails it with tsc's output.
 * Incremental: what tsc learnt of the files in the last run (under node_modules/.cache) spares it
 * the ones that did not change, and what they import, on the next; a clean clone checks everything.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

const TSC = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
const BUILD_INFO_DIR = path.join(REPO_ROOT, "node_modules", ".cache", "type-check");

async function typeErrors(project: string): Promise<string> {
  try {
    const buildInfo = path.join(BUILD_INFO_DIR, `${project.replaceAll("/", "-")}.tsbuildinfo`);
    await promisify(execFile)(TSC, ["--noEmit", "--pretty", "false", "--incremental", "--tsBuildInfoFile", buildInfo, "-p", project], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    return "";
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}` || failed.message;
  }
}

describe("the type check", { timeout: 300_000 }, () => {
  it.concurrent.each([
    ["the service, its tests, benchmarks and scripts", "tsconfig.json"],
    ["the console", "console/tsconfig.json"],
  ])("finds no type error in %s", async (_what, project) => {
    expect(await typeErrors(project)).toBe("");
  });
});
