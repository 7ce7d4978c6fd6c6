/**
 * Storage refusing the service's own key, or gone after the start, is the operator's to fix, not
 * the client's: the landing zone answers 503 FLOW-1001 naming the setting to check, never a 400
 * quoting storage's raw refusal, and soon, not after the storage SDK's retries.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { promptStorageClient, StorageTimeoutError, withDeadline } from "../../src/landing-zone/prompt-storage.js";
import { storageAccountProblem } from "../../src/landing-zone/storage-account-check.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const BASE = "/data/foundation/connectors/landingzone";

describe("a landing zone whose storage refuses the service's key", () => {
  let blob: EmbeddedBlobService;
  let system: TestSystem;
  beforeAll(async () => {
    const account = newEmbeddedAccount();
    blob = await startEmbeddedBlobService({ port: 0, accounts: [account] });
    system = await startTestSystem({ blob, account: { name: account.name, key: newEmbeddedAccount().key } });
  });
  afterAll(async () => {
    await system?.close();
    await blob?.close();
  });

  it.each([
    ["GET", "/credentials?type=dlz_databricks_source"],
    ["POST", "/credentials?type=dlz_databricks_source&action=refresh"],
    ["GET", "?type=dlz_databricks_source"],
  ])("%s %s answers 503 naming the setting to fix, not storage's message", async (method, path) => {
    const response = await fetch(`${system.url}${BASE}${path}`, { method, headers: await system.headers() });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(503);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1001-503");
    expect(body.errorMessage).toContain("refused the service's credentials (HTTP 403");
    expect(JSON.stringify(body)).toContain("set AZURE_STORAGE_KEY to a key of this account");
    expect(JSON.stringify(body)).not.toContain("Server failed to authenticate");
  });
});

/** within what a user waits for an answer; the storage SDK's default retries took ~16 s */
const PROMPT_ANSWER_MS = 8_000;

describe("a landing zone whose storage account goes away after the start", () => {
  let blob: EmbeddedBlobService;
  let system: TestSystem;
  beforeAll(async () => {
    const account = newEmbeddedAccount();
    blob = await startEmbeddedBlobService({ port: 0, accounts: [account] });
    system = await startTestSystem({ blob, account });
    const issued = await fetch(`${system.url}${BASE}/credentials?type=dlz_databricks_source`, { headers: await system.headers() });
    expect(issued.status).toBe(200);
    await blob.close();
  });
  afterAll(async () => {
    await system?.close();
  });

  it.each([
    ["GET", "/credentials?type=dlz_databricks_source", "dev"],
    ["POST", "/credentials?type=dlz_databricks_source&action=refresh", "prod"],
    ["GET", "?type=dlz_databricks_source", "dev"],
  ])("%s %s (sandbox %s) answers 503 saying storage cannot be reached, within seconds", async (method, path, sandbox) => {
    const started = performance.now();
    const response = await fetch(`${system.url}${BASE}${path}`, { method, headers: await system.headers(sandbox) });
    const elapsed = performance.now() - started;
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(503);
    expect(body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1001-503");
    expect(body.errorMessage).toContain(`the storage account ${system.account.name} at ${system.blobAccount.service.url} cannot be reached`);
    expect(JSON.stringify(body)).toContain("check AZURE_BLOB_ENDPOINT");
    expect(elapsed).toBeLessThan(PROMPT_ANSWER_MS);
  });
});

describe("a storage endpoint that takes connections and never answers", () => {
  const sockets: Socket[] = [];
  let silent: Server;
  let url: string;
  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("a landing zone call gives up at its deadline, and the problem says storage cannot be reached", async () => {
    const { name, key } = newEmbeddedAccount();
    const account = embeddedBlobAccount(name, key, url);
    const container = promptStorageClient(account).getContainerClient("silent");
    const started = performance.now();
    const error = await withDeadline((options) => container.getAccessPolicy(options), 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(performance.now() - started).toBeLessThan(PROMPT_ANSWER_MS);
    expect(storageAccountProblem(error, account)).toBe(
      `the storage account ${name} at ${url}/${name} cannot be reached (no answer within 500 ms): check AZURE_BLOB_ENDPOINT (or, without it, AZURE_STORAGE_ACCOUNT, whose name makes the endpoint)`,
    );
  });
});
