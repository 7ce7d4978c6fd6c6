/**
 * Storage refusing the service's own key is the operator's to fix, not the client's: the landing
 * zone answers 503 FLOW-1001 naming AZURE_STORAGE_KEY, never a 400 quoting storage's raw refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
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
