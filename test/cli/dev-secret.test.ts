/**
 * The built-in development secret (`dev-secret`) is for a service only this machine can reach:
 * `start` refuses it when the API listens beyond loopback or production parts are configured,
 * unless ALLOW_DEV_SECRET=true (README settings; docs/security.md). Beyond loopback, so are a short
 * client secret and the local workspace's built-in token and service principal secret.
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

  it.each([
    ["with a client secret too short to resist guessing", { AUTH_CLIENT_SECRET: "x" }, "AUTH_CLIENT_SECRET has 1 characters and the API listens on HOST=0.0.0.0, beyond loopback: give it at least 16"],
    [
      "with the local workspace's built-in token and service principal secret",
      { AUTH_CLIENT_SECRET: "a-secret-of-the-operator-s-own" },
      "the local workspace listens on HOST=0.0.0.0, beyond loopback, and DATABRICKS_TOKEN, DATABRICKS_LOCAL_CLIENT_SECRET and DATABRICKS_LOCAL_SHARING_TOKEN are built in",
    ],
    [
      "with the local workspace's built-in token",
      { AUTH_CLIENT_SECRET: "a-secret-of-the-operator-s-own", DATABRICKS_LOCAL_CLIENT_SECRET: "a-principal-secret-of-its-own", DATABRICKS_LOCAL_SHARING_TOKEN: "a-sharing-token-of-its-own" },
      "and DATABRICKS_TOKEN is built in",
    ],
  ])("refuses to listen beyond loopback %s, naming what to set", async (_name, extra, refusal) => {
    const failure = await startCli({ ...env, HOST: "0.0.0.0", ...extra }, 30_000).then(
      async (started) => {
        await started.stop();
        return "started";
      },
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^exited with 1 before ready/);
    expect(failure).toContain(refusal);
  });

  it("starts beyond loopback with secrets of the operator's own, handing out addresses that answer rather than 0.0.0.0", async () => {
    const own = {
      AUTH_CLIENT_SECRET: "a-secret-of-the-operator-s-own",
      DATABRICKS_TOKEN: "dapi-operator-s-own",
      DATABRICKS_LOCAL_CLIENT_SECRET: "a-principal-secret-of-its-own",
      DATABRICKS_LOCAL_SHARING_TOKEN: "a-sharing-token-of-its-own",
    };
    const started = await startCli({ ...env, HOST: "0.0.0.0", ...own });
    try {
      expect(started.readyLine).not.toContain("0.0.0.0");
      const api = started.apiUrl.replace("0.0.0.0", "127.0.0.1");
      const issued = await fetch(`${api}/ims/token/v3`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "dev-client", client_secret: own.AUTH_CLIENT_SECRET }),
      });
      const headers = { authorization: `Bearer ${(await issued.json()).access_token}`, "x-api-key": "dev-client", "x-gw-ims-org-id": "DEV@AdobeOrg", "x-sandbox-name": "prod" };
      const credentials = await (await fetch(`${api}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`, { headers })).json();
      expect(new URL(credentials.SASUri).hostname).toBe("127.0.0.1");
      expect((await fetch(credentials.SASUri.replace("?", "?restype=container&comp=list&"))).status).toBe(200);
    } finally {
      expect(await started.stop()).toBe(0);
    }
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
