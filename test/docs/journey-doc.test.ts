/**
 * The journey of README.md and docs/journey.md is run as written: the ```sh blocks, in order, as one
 * bash script (stopping at the first failing command) against a real `npm start`.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { journeyOutcome, runToEnd } from "../support/journey-check.js";
import { count } from "../support/duckdb-relations.js";
import { startCli } from "../support/process.js";
import { REPO_ROOT } from "../support/repo-root.js";

/** The ```sh blocks of a markdown text joined into one script that stops at the first failing command. */
function shellScript(markdown: string): { script: string; blocks: number } {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return { script: ["set -euo pipefail", ...blocks].join("\n"), blocks: blocks.length };
}

const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
/** README's section "### The journey", up to the next heading */
const readmeJourney = /^### The journey\n([\s\S]*?)^#/m.exec(readme)![1];

describe("the journey of README.md and docs/journey.md, pasted into bash", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-journey-doc-"));
  const workDir = mkdtempSync(path.join(tmpdir(), "ds-journey-shell-"));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it("runs from a token to a downloaded Parquet file: the run succeeds, the batch holds 100,000 rows, nothing stays scheduled", async () => {
    const { script, blocks } = shellScript(readFileSync(path.join(REPO_ROOT, "docs/journey.md"), "utf8"));
    expect(blocks).toBeGreaterThanOrEqual(15);
    writeFileSync(path.join(workDir, "journey.sh"), script);
    const readmeSteps = shellScript(readmeJourney);
    expect(readmeSteps.blocks).toBe(1);
    writeFileSync(path.join(workDir, "readme.sh"), readmeSteps.script);
    // a client of the operator's own, exported in the shell the blocks are pasted into as npm start was given it
    const client = { AUTH_CLIENT_ID: "journey-client", AUTH_CLIENT_SECRET: "journey-secret-of-the-operator", AUTH_ORG_ID: "JOURNEY@AdobeOrg" };
    const system = await startCli({ ...client, DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", DATABRICKS_CLUSTER_START_DELAY_MS: "200", RUN_POLL_MS: "100", DATABRICKS_LOCAL_DEMO_ROWS: "100000" });
    try {
      // README's first two calls: a token, then the staging credentials
      const firstSteps = await runToEnd("bash", ["readme.sh"], { cwd: workDir, env: { ...client, API: system.apiUrl }, timeoutMs: 30_000 });
      expect(firstSteps.stderr).toBe("");
      expect(firstSteps.code).toBe(0);
      expect(JSON.parse(firstSteps.stdout)).toMatchObject({ containerName: expect.any(String), SASToken: expect.any(String) });

      const workspace = /databricks (http:\/\/\S+)/.exec(system.readyLine)![1];
      const shell = await runToEnd("bash", ["journey.sh"], { cwd: workDir, env: { ...client, API: system.apiUrl, DATABRICKS: workspace }, timeoutMs: 240_000 });
      expect(shell.stderr).toBe("");
      expect(shell.code).toBe(0);

      // what the user reads along the way
      expect(shell.stdout).toContain(`"result": true`); // the connection test
      expect(shell.stdout).toContain(`"path": "demo.customers"`); // explore
      expect(shell.stdout).toContain(`"updated_at: timestamp"`); // preview
      expect(shell.stdout).toContain("first run: success");
      const dataSetId = /^dataset (\w+)$/m.exec(shell.stdout)![1];

      // what the API holds afterwards
      expect(await journeyOutcome(system.apiUrl, client)).toEqual({
        runs: ["success"],
        batches: [{ status: "success", rows: 100_000, dataSetId }],
        enabledRecurringFlows: [],
      });

      // the file downloaded through the Data Access API is the batch's Parquet, every row in it
      const downloaded = path.join(workDir, "customers.parquet");
      expect(readFileSync(downloaded).subarray(0, 4).toString()).toBe("PAR1");
      const duck = await DuckDBInstance.create(":memory:");
      const conn = await duck.connect();
      try {
        expect(await count(conn, `read_parquet('${downloaded}')`)).toBe(100_000);
      } finally {
        conn.closeSync();
        duck.closeSync();
      }
    } finally {
      expect(await system.stop("SIGTERM")).toBe(0);
    }
  }, 300_000);
});
