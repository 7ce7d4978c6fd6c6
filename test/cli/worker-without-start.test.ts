/**
 * A worker on the embedded default joins the blob service `npm start` runs. When `npm start` is
 * gone (killed, its endpoint still recorded in the store), the worker's one line says that, and
 * names no setting the operator never set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateEmbeddedAccount } from "../../local/embedded-account.js";
import { openStore } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { writeServiceSetting } from "../../src/store/service-settings.repository.js";
import { unusedPort } from "../support/aep-calls.js";
import { cliArgs } from "../support/built-scripts.js";
import { runToEnd } from "../support/journey-check.js";
import { REPO_ROOT } from "../support/repo-root.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "ds-worker-alone-"));

describe("a worker whose npm start is gone", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("says the embedded blob service does not answer, and how to start one", async () => {
    // what npm start leaves on DATA_DIR: its account and, in the store, where its blob service listened
    loadOrCreateEmbeddedAccount(dataDir);
    const endpoint = `http://127.0.0.1:${await unusedPort()}`;
    const store = openStore({ dataDir });
    try {
      await migrateToLatest(store.db);
      await writeServiceSetting(store.db, "embedded-blob-endpoint", endpoint);
    } finally {
      await store.close();
    }

    const finished = await runToEnd(process.execPath, [...cliArgs(), "worker"], {
      cwd: REPO_ROOT,
      env: { DATA_DIR: dataDir, AUTH_CLIENT_SECRET: "worker-secret", DATABASE_URL: undefined, AZURE_STORAGE_ACCOUNT: undefined, AZURE_STORAGE_KEY: undefined, LAKE_URL: undefined, LAKE_DIR: undefined },
      timeoutMs: 60_000,
    });

    expect(finished.code, finished.stderr).toBe(1);
    const lines = finished.stderr.trim().split("\n");
    expect(lines, finished.stderr).toHaveLength(1);
    expect(lines[0]).toBe(
      `configuration error: the embedded blob service recorded by npm start (${endpoint}) does not answer: start \`npm start\` first (the worker joins its embedded storage), or give the worker the AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY and LAKE_URL of the storage the API uses`,
    );
    expect(lines[0]).not.toContain("LAKE_URL: cannot reach");
  }, 60_000);
});
