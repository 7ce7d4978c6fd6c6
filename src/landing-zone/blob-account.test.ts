import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { azureBlobAccount, embeddedBlobAccount } from "./blob-account.js";

const KEY = Buffer.alloc(64, 1).toString("base64");

describe("blob accounts", () => {
  it("hands out Azure's own URLs for a real account, AEP's SASUri form", () => {
    const account = azureBlobAccount("mystagingaccount", KEY);
    expect(account.containerUrl("dlz-databricks-container")).toBe("https://mystagingaccount.blob.core.windows.net/dlz-databricks-container");
    expect(account.service.url).toMatch(/^https:\/\/mystagingaccount\.blob\.core\.windows\.net\/?$/);
    expect(azureBlobAccount("acct", KEY, "https://acct.blob.core.chinacloudapi.cn/").containerUrl("c")).toBe("https://acct.blob.core.chinacloudapi.cn/c");
  });

  it("uses Azurite's path-style URLs for the embedded account", () => {
    expect(embeddedBlobAccount("sndbxdtlndaaaaaaaaaaaaaa", KEY, "http://127.0.0.1:10000").containerUrl("c")).toBe(
      "http://127.0.0.1:10000/sndbxdtlndaaaaaaaaaaaaaa/c",
    );
  });

  it("needs the account and its key together", () => {
    expect(() => loadConfig({ AZURE_STORAGE_ACCOUNT: "acct" })).toThrow(ConfigError);
    expect(loadConfig({ AZURE_STORAGE_ACCOUNT: "acct", AZURE_STORAGE_KEY: KEY }).storage).toMatchObject({ account: "acct", key: KEY });
  });
});
