/**
 * bench/ingest/rename.ts in a small configuration: proof that the benchmark runs its three modes and
 * that its pure rename really takes the fast path (and the comparison does not), not of any timing.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";
import { scriptArgs } from "../support/built-scripts.js";

describe("bench/ingest/rename.ts in a small configuration", () => {
  it("prints the pure rename beside the raw COPY and the usual path, the rename's files renamed", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, scriptArgs("bench/ingest/rename.ts"), {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, BENCH_ROWS: "20000" },
    });
    expect(stdout).toMatch(/DuckDB COPY of the files \(baseline\) +\d+\.\d+ s/);
    expect(stdout).toMatch(/ours, pure rename \(column data copied\) +\d+\.\d+ s .* 1 of 1 data files renamed/);
    expect(stdout).toMatch(/ours, same mapping \+ 1 unmapped field +\d+\.\d+ s .* 0 of 1 data files renamed/);
    expect(stdout).toMatch(/pure rename \/ baseline \(target < 1\.0×\): \d+\.\d+× wall/);
  }, 60_000);
});
