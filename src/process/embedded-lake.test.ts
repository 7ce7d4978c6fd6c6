import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { withEmbeddedLake } from "./embedded-lake.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "ds-embedded-lake-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const account = { name: "sndbxdtlnd0123456789abcd", key: "a2V5" };
const lakeOf = (env: Record<string, string>) => withEmbeddedLake(loadConfig({ DATA_DIR: dataDir, ...env }), account, "http://127.0.0.1:10000/").runs.lakeUrl;

describe("the embedded default's lake", () => {
  it("is the container lake of the embedded account", () => {
    expect(lakeOf({})).toEqual({ blobEndpoint: `http://127.0.0.1:10000/${account.name}`, account: account.name, container: "lake", folder: "", accountKey: "a2V5" });
  });

  it("stays where LAKE_DIR or LAKE_URL says, and where datasets were kept before this default", () => {
    expect(lakeOf({ LAKE_DIR: path.join(dataDir, "elsewhere") })).toBeUndefined();
    expect(lakeOf({ LAKE_URL: "https://acme.blob.core.windows.net/datasets", LAKE_SAS: "sv=1&sig=x" })?.container).toBe("datasets");
    mkdirSync(path.join(dataDir, "lake", "datasets", "5f0c2b1a9e8d7c6b5a4f3e2d"), { recursive: true });
    expect(lakeOf({})).toBeUndefined();
  });
});
