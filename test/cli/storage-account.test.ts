/**
 * `start` with AZURE_STORAGE_ACCOUNT checks the account once: a key the account refuses or an
 * endpoint nothing answers at stops it with one configuration error naming what to fix, in
 * seconds. With a right key, the local workspace beside it reaches the landing zone where
 * AZURE_BLOB_ENDPOINT says (a separate Azurite here), so a cluster run of `npm run demo` succeeds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unusedPort } from "../support/aep-calls.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { startCli, TEST_DEMO_ROWS } from "../support/process.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { scriptArgs } from "../support/built-scripts.js";
import { runToEnd } from "../support/journey-check.js";

const ACCOUNT = "opsacct";
const KEY = Buffer.alloc(64, 7).toString("base64");
const WRONG_KEY = Buffer.alloc(64, 9).toString("base64");

describe("start against a storage account of its own", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-storage-"));
  let blob: EmbeddedBlobService;
  const env = (extra: Record<string, string>) => ({
    DATA_DIR: dataDir,
    PORT: "0",
    DATABRICKS_PORT: "0",
    DATABRICKS_CLUSTER_START_DELAY_MS: "200",
    RUN_POLL_MS: "100",
    AUTH_CLIENT_SECRET: "ops-secret",
    AZURE_STORAGE_ACCOUNT: ACCOUNT,
    AZURE_STORAGE_KEY: KEY,
    AZURE_BLOB_ENDPOINT: `${blob.url}/${ACCOUNT}`,
    ...extra,
  });
  const refusal = (extra: Record<string, string>) =>
    startCli(env(extra), 30_000).then(
      async (started) => {
        await started.stop();
        return "started";
      },
      (error: Error) => error.message,
    );

  beforeAll(async () => {
    blob = await startEmbeddedBlobService({ port: 0, accounts: [{ name: ACCOUNT, key: KEY }] });
  });
  afterAll(async () => {
    await blob?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses to start with a key the account refuses, naming AZURE_STORAGE_KEY in one line", async () => {
    const failure = await refusal({ AZURE_STORAGE_KEY: WRONG_KEY });
    expect(failure).toMatch(/^exited with 1 before ready/);
    expect(failure).toContain(`configuration error: the storage account ${ACCOUNT} at ${blob.url}/${ACCOUNT} refused the service's credentials (HTTP 403`);
    expect(failure).toContain("set AZURE_STORAGE_KEY to a key of this account");
    expect(failure).not.toMatch(/\n\s+at /);
    expect(failure).not.toContain(WRONG_KEY);
  });

  it("refuses to start, within seconds, when nothing answers at AZURE_BLOB_ENDPOINT", async () => {
    const port = await unusedPort();
    const startedAt = Date.now();
    const failure = await refusal({ AZURE_BLOB_ENDPOINT: `http://127.0.0.1:${port}/${ACCOUNT}` });
    expect(failure).toContain(`configuration error: the storage account ${ACCOUNT} at http://127.0.0.1:${port}/${ACCOUNT} cannot be reached (ECONNREFUSED): check AZURE_BLOB_ENDPOINT`);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  });

  it("runs the demo's cluster flow with the local workspace writing where AZURE_BLOB_ENDPOINT says", async () => {
    const system = await startCli(env({}));
    try {
      const databricks = /databricks (http:\/\/\S+)/.exec(system.readyLine)![1];
      const finished = await runToEnd(process.execPath, scriptArgs("scripts/demo.ts"), {
        cwd: REPO_ROOT,
        env: { API: system.apiUrl, DATABRICKS: databricks, AUTH_CLIENT_SECRET: "ops-secret" },
        timeoutMs: 150_000,
      });
      expect(finished.stderr).toBe("");
      // every row of demo.customers, seeded with the tests' smaller size
      expect(finished.stdout).toContain(`success: {"inputRecordCount":${TEST_DEMO_ROWS},"outputRecordCount":${TEST_DEMO_ROWS},"failedRecordCount":0}`);
    } finally {
      expect(await system.stop("SIGTERM")).toBe(0);
    }
  }, 180_000);
});
