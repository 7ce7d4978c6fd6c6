import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AzureBlobTableStorage, LocalTableStorage, type TableStorage } from "../../src/delta/storage/index.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));
const scratch = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "table-storage-"));
  folders.push(dir);
  return dir;
};

const backends: Array<[string, () => Promise<TableStorage>]> = [
  ["a local folder", async () => new LocalTableStorage(await scratch())],
  ["an Azure Blob container (Azurite)", async () => new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: await scratch() })],
];

describe.each(backends)("table storage in %s", (_, open) => {
  it("lets exactly one of many racing writers create a log entry, and never overwrites it", async () => {
    const storage = await open();
    const entry = "_delta_log/00000000000000000007.json";
    const contents = Array.from({ length: 8 }, (_, i) => `{"commitInfo":{"writer":${i}}}\n`);
    const won = await Promise.all(contents.map((c) => storage.writeIfAbsent(entry, c)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = contents[won.indexOf(true)];
    expect((await storage.read(entry))?.toString("utf8")).toBe(winner);
    expect(await storage.writeIfAbsent(entry, "late\n")).toBe(false);
    expect((await storage.read(entry))?.toString("utf8")).toBe(winner);
  });

  it("moves a data file in under its name, lists it, and hands DuckDB a local copy with the same bytes", async () => {
    const storage = await open();
    const local = path.join(await scratch(), "written.parquet");
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    await writeFile(local, bytes);
    const stored = await storage.putFile("p=1/part-00000-x.parquet", local);
    expect(stored.size).toBe(bytes.length);
    expect((await storage.list("")).map((f) => [f.path, f.size])).toEqual([["p=1/part-00000-x.parquet", bytes.length]]);
    expect(await storage.list("_delta_log")).toEqual([]);
    expect((await readFile(await storage.localFile("p=1/part-00000-x.parquet"))).equals(bytes)).toBe(true);
    await storage.delete("p=1/part-00000-x.parquet");
    expect(await storage.stat("p=1/part-00000-x.parquet")).toBeUndefined();
    expect(await storage.read("missing.json")).toBeUndefined();
  });

  it("replaces a hint file whole", async () => {
    const storage = await open();
    await storage.replace("_delta_log/_last_checkpoint", '{"version":10}');
    await storage.replace("_delta_log/_last_checkpoint", '{"version":20}');
    expect((await storage.read("_delta_log/_last_checkpoint"))?.toString()).toBe('{"version":20}');
  });
});

describe("an Azure table root", () => {
  it("never carries the SAS of its container", async () => {
    const { ContainerClient } = await import("@azure/storage-blob");
    const withSas = new ContainerClient(`${azurite.container.url}?sv=2024-01-01&sig=secret`);
    expect(new AzureBlobTableStorage(withSas, "tables/a").root).not.toContain("sig=");
  });
});
