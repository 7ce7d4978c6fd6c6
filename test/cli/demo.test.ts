import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { tmpdir } from "node:os";
import path from "node:path";
import { unusedPort } from "../support/aep-calls.js";
import { afterAll, describe, expect, it } from "vitest";
import { startCli } from "../support/process.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { scriptArgs } from "../support/built-scripts.js";
import { journeyOutcome, runToEnd } from "../support/journey-check.js";

const demo = (env: Record<string, string | undefined>) =>
  runToEnd(process.execPath, scriptArgs("scripts/demo.ts"), { cwd: REPO_ROOT, env, timeoutMs: 150_000 });

/** The blobs of a dataset's Delta log in the lake of the embedded Azurite that `readyLine` names. */
async function deltaLogOf(readyLine: string, dataSetId: string, dataDir: string): Promise<string[]> {
  const account = JSON.parse(readFileSync(path.join(dataDir, "azurite", "account.json"), "utf8"));
  const lake = /lake (http:\/\/\S+)/.exec(readyLine)![1];
  const container = new ContainerClient(lake, new StorageSharedKeyCredential(account.name, account.key));
  const log: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `datasets/${dataSetId}/_delta_log/` })) log.push(blob.name);
  return log;
}

describe("npm run demo", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-demo-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("without npm start, names the URL it tried and asks whether npm start runs, in one line, and exits 1", async () => {
    const port = await unusedPort();
    const finished = await demo({ PORT: String(port), API: undefined });
    expect(finished.code).toBe(1);
    expect(finished.stderr.trim()).toBe(`npm run demo: cannot reach the API at http://127.0.0.1:${port} (ECONNREFUSED): is npm start running? (PORT=${port})`);
    expect(finished.stdout).toBe("");
  });

  it("walks the whole journey, ingests the 100,000 rows of demo.customers, leaves nothing running on a schedule, and all of it survives kill -9", async () => {
    const env = { DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", DATABRICKS_CLUSTER_START_DELAY_MS: "200", RUN_POLL_MS: "100", DATABRICKS_LOCAL_DEMO_ROWS: "100000" };
    let system = await startCli(env);
    try {
      const databricks = /databricks (http:\/\/\S+)/.exec(system.readyLine)![1];
      const finished = await demo({ API: system.apiUrl, DATABRICKS: databricks });
      expect(finished.stderr).toBe("");
      expect(finished.code).toBe(0);
      expect(finished.stdout).toMatch(/success: \{"inputRecordCount":100000,"outputRecordCount":100000,"failedRecordCount":0\}/);
      const dataSetId = /the Delta table datasets\/(\w+) of the lake/.exec(finished.stdout)![1];
      expect(await journeyOutcome(system.apiUrl)).toEqual({
        runs: ["success"],
        batches: [{ status: "success", rows: 100_000, dataSetId }],
        enabledRecurringFlows: [],
      });
      // on the embedded default the dataset is a Delta table in the container lake of the embedded Azurite
      expect(await deltaLogOf(system.readyLine, dataSetId, dataDir)).toContain(`datasets/${dataSetId}/_delta_log/00000000000000000001.json`);

      // killed at once (kill -9) and started again: the run, its batch and the dataset's commit are all there
      await system.stop("SIGKILL");
      system = await startCli(env);
      expect(await journeyOutcome(system.apiUrl)).toEqual({
        runs: ["success"],
        batches: [{ status: "success", rows: 100_000, dataSetId }],
        enabledRecurringFlows: [],
      });
      expect(await deltaLogOf(system.readyLine, dataSetId, dataDir)).toContain(`datasets/${dataSetId}/_delta_log/00000000000000000001.json`);
    } finally {
      expect(await system.stop("SIGTERM")).toBe(0);
    }
  }, 180_000);
});
