/**
 * `npx databricks-source … | head -1`: once the reader has stopped reading, the command's further
 * output fails with EPIPE, and the command ends quietly instead of printing a stack trace.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

describe("output piped into a reader that leaves", () => {
  it("ends the command with exit code 0 and nothing on stderr", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "--help"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    // the reader is gone before the command writes its first line
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});
