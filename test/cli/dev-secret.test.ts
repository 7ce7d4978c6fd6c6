/**
 * The built-in development secret (`dev-secret`) is for a service only this machine can reach:
 * `start` refuses it when the API listens beyond loopback or production parts are configured,
 * unless ALLOW_DEV_SECRET=true (README settings; docs/security.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCli } from "../support/process.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "ds-dev-secret-"));
const env = { DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", AUTH_CLIENT_SECRET: "", ALLOW_DEV_SECRET: "" };

describe("start with the development secret", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ["listening beyond loopback", { HOST: "0.0.0.0" }],
    ["with a real workspace instead of the local one", { DATABRICKS_LOCAL: "false" }],
    ["with datasets in a storage account of its own", { LAKE_URL: "https://acme.blob.core.windows.net/datasets", LAKE_SAS: "sv=1&sig=x" }],
  ])("refuses to start %s, naming AUTH_CLIENT_SECRET and ALLOW_DEV_SECRET", async (_name, extra) => {
    const failure = await startCli({ ...env, ...extra }, 30_000).then(
      async (started) => {
        await started.stop();
        return "started";
      },
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^exited with 1 before ready/);
    expect(failure).toContain("AUTH_CLIENT_SECRET");
    expect(failure).toContain("ALLOW_DEV_SECRET=true");
  });

  it("starts beyond loopback when ALLOW_DEV_SECRET=true", async () => {
    const started = await startCli({ ...env, HOST: "0.0.0.0", ALLOW_DEV_SECRET: "true" });
    try {
      const token = await fetch(`${started.apiUrl.replace("0.0.0.0", "127.0.0.1")}/ims/token/v3`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "dev-client", client_secret: "dev-secret" }),
      });
      expect(token.status).toBe(200);
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });
});
