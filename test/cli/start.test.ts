import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { containerWithSas, listOnce, storageStatus } from "../support/blob.js";
import { startCli } from "../support/process.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "ds-cli-"));
const env = {
  DATA_DIR: dataDir,
  PORT: "0",
  BLOB_PORT: "0",
  DATABRICKS_PORT: "0",
  AUTH_CLIENT_ID: "cli-client",
  AUTH_CLIENT_SECRET: "cli-secret",
  AUTH_ORG_ID: "CLI@AdobeOrg",
  DATABRICKS_LOCAL_DEMO_ROWS: "250",
};

/** How many rows demo.customers of the local workspace holds, by its SQL warehouse. */
async function demoCustomers(databricks: string): Promise<string> {
  const answer = await fetch(`${databricks}/api/2.0/sql/statements`, {
    method: "POST",
    headers: { authorization: "Bearer dapi-local-dev", "content-type": "application/json" },
    body: JSON.stringify({ warehouse_id: "local-warehouse", statement: "SELECT count(*) FROM demo.customers", wait_timeout: "30s" }),
  }).then((r) => r.json());
  return answer.result.data_array[0][0];
}

async function credentials(apiUrl: string) {
  const token = await fetch(`${apiUrl}/ims/token/v3`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: "cli-client", client_secret: "cli-secret" }),
  }).then((r) => r.json());
  const response = await fetch(`${apiUrl}/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source`, {
    headers: {
      authorization: `Bearer ${token.access_token}`,
      "x-api-key": "cli-client",
      "x-gw-ims-org-id": "CLI@AdobeOrg",
      "x-sandbox-name": "prod",
    },
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe("the start command", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts everything with one ready line (demo tables of the size asked for), shuts down cleanly, and a restart keeps metadata, blobs, policies and the demo tables", async () => {
    const first = await startCli(env);
    expect(first.readyLine).toMatch(/api http:\/\/127\.0\.0\.1:\d+/);
    expect(first.readyLine).toMatch(/blob http:\/\/127\.0\.0\.1:\d+\/[a-z0-9]{24}/);
    expect(first.readyLine).toContain("client_id=cli-client");
    // datasets go to a container of the embedded Azurite: the path a deployment on Azure Storage takes
    expect(first.readyLine).toMatch(/lake http:\/\/127\.0\.0\.1:\d+\/[a-z0-9]{24}\/lake ·/);
    // the local Databricks workspace started with the rest, its cluster answering the Clusters API
    const databricks = /databricks (http:\/\/\S+)/.exec(first.readyLine)![1];
    const clusters = await fetch(`${databricks}/api/2.1/clusters/list`, { headers: { authorization: "Bearer dapi-local-dev" } });
    expect(clusters.status).toBe(200);
    expect((await clusters.json()).clusters.map((c: { cluster_id: string }) => c.cluster_id)).toContain("local-cluster");
    // its demo tables made with DATABRICKS_LOCAL_DEMO_ROWS customers
    expect(await demoCustomers(databricks)).toBe("250");
    expect((await fetch(`${first.apiUrl}/health`)).status).toBe(200);
    const issued = await credentials(first.apiUrl);
    const blob = containerWithSas(issued.SASUri).getBlockBlobClient("adobe-managed-staging/keep-me.txt");
    await blob.upload("still here", 10);
    expect(await first.stop("SIGTERM")).toBe(0);

    // another size asked for later: the demo tables made before keep their rows
    const second = await startCli({ ...env, DATABRICKS_LOCAL_DEMO_ROWS: "500" });
    try {
      expect(await demoCustomers(/databricks (http:\/\/\S+)/.exec(second.readyLine)![1])).toBe("250");
      const again = await credentials(second.apiUrl);
      // same container, same policy, same token: nothing was lost on restart
      expect(again.containerName).toBe(issued.containerName);
      expect(again.SASToken).toBe(issued.SASToken);
      const kept = containerWithSas(again.SASUri).getBlockBlobClient("adobe-managed-staging/keep-me.txt");
      expect((await kept.downloadToBuffer()).toString()).toBe("still here");
      expect(await storageStatus(() => listOnce(containerWithSas(again.SASUri)))).toBe(200);
    } finally {
      expect(await second.stop("SIGINT")).toBe(0);
    }
  });
});
