import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./repo-root.js";

/** Runs vitest on the suites over Spark-written tables, as a user would, with the given variables. */
function vitestOnGoldenSuites(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && !name.endsWith("COLOR") && name !== "REQUIRE_DELTA_FIXTURES"));
  const child = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/delta/golden.test.ts", "test/delta/reader.golden.test.ts"], {
    cwd: REPO_ROOT,
    env: { ...inherited, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

describe("a checkout without the Delta fixtures", () => {
  it("skips the suites over Spark-written tables, saying once how to get the fixtures", async () => {
    const { code, output } = await vitestOnGoldenSuites({ DELTA_FIXTURES_DIR: "/nonexistent" });
    expect(code, output).toBe(0);
    expect(output.match(/Delta fixtures not found at \/nonexistent: .*DELTA_FIXTURES_DIR/g)).toHaveLength(1);
    expect(output).toMatch(/Test Files {2}2 skipped \(2\)/);
  });

  it("fails the run instead when REQUIRE_DELTA_FIXTURES=1", async () => {
    const { code, output } = await vitestOnGoldenSuites({ DELTA_FIXTURES_DIR: "/nonexistent", REQUIRE_DELTA_FIXTURES: "1" });
    expect(code).not.toBe(0);
    expect(output).toContain("REQUIRE_DELTA_FIXTURES=1 but there are no Delta fixtures at /nonexistent");
  });
});
