/**
 * The start's storage check tries the landing zone's SAS (it names a stored access policy) on an
 * endpoint other than Azure's: a stock Azurite answers it HTTP 500 (it reads the permissions from the policy only), which
 * passed every check before and then failed every run on the cluster without a word of the cause.
 * A stock Azurite in its own process, beside the embedded blob service that takes it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBlobService } from "../../local/azurite.js";
import { azureBlobAccount } from "../../src/landing-zone/blob-account.js";
import { checkStorageAccount } from "../../src/landing-zone/storage-account-check.js";
import { unusedPort } from "../support/aep-calls.js";
import { eventually } from "../support/blob.js";

const ACCOUNT = "sascheck";
const KEY = Buffer.alloc(64, 5).toString("base64");

describe("the start's storage check of the landing zone's SAS layout", () => {
  const location = mkdtempSync(path.join(tmpdir(), "ds-stock-azurite-"));
  let azurite: ChildProcess;
  let stockEndpoint = "";

  beforeAll(async () => {
    const port = await unusedPort();
    azurite = spawn(path.resolve("node_modules/.bin/azurite-blob"), ["--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", location, "--silent", "--skipApiVersionCheck"], {
      env: { ...process.env, AZURITE_ACCOUNTS: `${ACCOUNT}:${KEY}` },
      stdio: "ignore",
    });
    stockEndpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
    await eventually(() => fetch(stockEndpoint).then(() => true, () => false), 30_000, 200);
  }, 60_000);
  afterAll(async () => {
    // its folder is removed once the process is gone: a dying Azurite may still write into it
    if (azurite && azurite.exitCode === null && azurite.signalCode === null) {
      const exited = new Promise((resolve) => azurite.once("exit", resolve));
      azurite.kill();
      await exited;
    }
    rmSync(location, { recursive: true, force: true });
  });

  it("refuses a stock Azurite, naming the cause and the settings to change, and leaves no container behind", async () => {
    const account = azureBlobAccount(ACCOUNT, KEY, stockEndpoint);
    const problem = await checkStorageAccount(account);
    expect(problem).toContain(`the storage account ${ACCOUNT} at ${stockEndpoint} answered HTTP 500 to a SAS naming a stored access policy`);
    expect(problem).toContain("as Azurite does when the policy holds the expiry and the token the permissions: no cluster could use them");
    expect(problem).toContain("unset AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY and AZURE_BLOB_ENDPOINT");
    const left = [];
    for await (const container of account.service.listContainers()) left.push(container.name);
    expect(left).toEqual([]);
  });

  it("passes the embedded blob service, which takes the SAS as Azure does", async () => {
    const embedded = await startEmbeddedBlobService({ port: 0, accounts: [{ name: ACCOUNT, key: KEY }] });
    try {
      expect(await checkStorageAccount(azureBlobAccount(ACCOUNT, KEY, `${embedded.url}/${ACCOUNT}`))).toBeUndefined();
    } finally {
      await embedded.close();
    }
  });
});
