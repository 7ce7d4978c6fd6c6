import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ContainerClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from "@azure/storage-blob";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { commitBatch } from "../../src/lake/batch-commit.js";
import { openAzureLake, useAzureLake } from "../../src/lake/lake-location.js";
import { datasetTableRoot } from "../../src/lake/lake-paths.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const dir = mkdtempSync(path.join(tmpdir(), "ds-lake-url-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function commitOneRow(lakeRoot: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await commitBatch(conn, datasetTableRoot(lakeRoot, "ds-1"), "SELECT 42::BIGINT AS id", { appId: "flow", version: 1 });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const blobsUnder = async (prefix: string) => {
  const names: string[] = [];
  for await (const blob of azurite.container.listBlobsFlat({ prefix })) names.push(blob.name);
  return names;
};

describe("LAKE_URL", () => {
  it("puts datasets in the container's folder it names, with a SAS or with the account key", async () => {
    const sas = (await azurite.container.generateSasUrl({ permissions: ContainerSASPermissions.parse("racwdl"), expiresOn: new Date(Date.now() + 3_600_000) })).split("?")[1];
    const withSas = loadConfig({ LAKE_URL: `${azurite.container.url}/lakes/with-sas`, LAKE_SAS: `?${sas}` }).runs.lakeUrl!;
    const lakeRoot = useAzureLake(withSas, { cacheFolder: dir });
    expect(lakeRoot).not.toContain("sig=");
    await commitOneRow(lakeRoot);
    expect(await blobsUnder("lakes/with-sas/datasets/ds-1/_delta_log/")).toEqual(["lakes/with-sas/datasets/ds-1/_delta_log/00000000000000000000.json", "lakes/with-sas/datasets/ds-1/_delta_log/00000000000000000001.json"]);

    const withKey = loadConfig({ LAKE_URL: `${azurite.container.url}/lakes/with-key`, LAKE_ACCOUNT_KEY: azurite.account.key }).runs.lakeUrl!;
    await commitOneRow(useAzureLake(withKey, { cacheFolder: dir }));
    expect((await blobsUnder("lakes/with-key/datasets/ds-1/")).some((b) => b.endsWith(".parquet"))).toBe(true);
  });

  it("reads Databricks' abfss:// and the Blob https:// forms", () => {
    const key = { LAKE_ACCOUNT_KEY: "a2V5" };
    expect(loadConfig({ LAKE_URL: "abfss://datasets@acme.dfs.core.windows.net/aep/lake", ...key }).runs.lakeUrl).toEqual({
      blobEndpoint: "https://acme.blob.core.windows.net", account: "acme", container: "datasets", folder: "aep/lake", accountKey: "a2V5",
    });
    expect(loadConfig({ LAKE_URL: "https://acme.blob.core.windows.net/datasets", LAKE_SAS: "sv=1&sig=x" }).runs.lakeUrl).toEqual({
      blobEndpoint: "https://acme.blob.core.windows.net", account: "acme", container: "datasets", folder: "", sas: "sv=1&sig=x",
    });
    expect(loadConfig({}).runs.lakeUrl).toBeUndefined();
  });

  it("is refused with the setting's name when it cannot work", () => {
    const refused = (env: Record<string, string>) => () => loadConfig(env);
    expect(refused({ LAKE_URL: "abfss://c@acme.dfs.core.windows.net/x" })).toThrow(/LAKE_ACCOUNT_KEY and LAKE_SAS/);
    expect(refused({ LAKE_URL: "abfss://c@acme.dfs.core.windows.net/x", LAKE_ACCOUNT_KEY: "k", LAKE_DIR: "/tmp/lake" })).toThrow(ConfigError);
    expect(refused({ LAKE_URL: "https://acme.blob.core.windows.net/c?sig=secret", LAKE_ACCOUNT_KEY: "k" })).toThrow(/LAKE_SAS/);
    expect(refused({ LAKE_URL: "s3://bucket/lake", LAKE_ACCOUNT_KEY: "k" })).toThrow(/LAKE_URL must look like/);
  });

  it("is proven usable when a process starts: a missing container is created with the key, else the start stops saying what to fix", async () => {
    const endpoint = azurite.container.url.slice(0, azurite.container.url.lastIndexOf("/"));
    const settings = (container: string, credential: Record<string, string>) =>
      loadConfig({ LAKE_URL: `${endpoint}/${container}/lake`, ...credential }).runs.lakeUrl!;
    const key = { LAKE_ACCOUNT_KEY: azurite.account.key };

    const created = `created-${Date.now()}`;
    await commitOneRow(await openAzureLake(settings(created, key), { cacheFolder: dir }));
    expect(await new ContainerClient(`${endpoint}/${created}`, new StorageSharedKeyCredential(azurite.account.name, azurite.account.key)).exists()).toBe(true);

    const missing = `missing-${Date.now()}`;
    const sas = generateBlobSASQueryParameters(
      { containerName: missing, permissions: ContainerSASPermissions.parse("racwdl"), expiresOn: new Date(Date.now() + 3_600_000) },
      new StorageSharedKeyCredential(azurite.account.name, azurite.account.key),
    ).toString();
    await expect(openAzureLake(settings(missing, { LAKE_SAS: sas }))).rejects.toThrow(`LAKE_URL: there is no container "${missing}" of account ${azurite.account.name}`);
    const wrongKey = Buffer.from("not the account key").toString("base64");
    const refused = openAzureLake(settings("lake", { LAKE_ACCOUNT_KEY: wrongKey }));
    await expect(refused).rejects.toThrow(/refused LAKE_ACCOUNT_KEY \(AuthorizationFailure|refused LAKE_ACCOUNT_KEY \(403/);
    await expect(openAzureLake(settings("lake", { LAKE_SAS: sas }))).rejects.toThrow(/refused LAKE_SAS/);
    await expect(openAzureLake({ ...settings("lake", key), blobEndpoint: "http://127.0.0.1:9/nobody" })).rejects.toThrow(/LAKE_URL: cannot reach the container "lake"/);
  });
});
