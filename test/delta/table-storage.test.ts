import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BlobSASPermissions } from "@azure/storage-blob";
import { AzureBlobTableStorage, LocalTableStorage, type TableStorage } from "../../src/delta/storage/index.js";
import { copyPieces } from "../../src/delta/storage/azure-blob-storage.js";
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

describe("a table file copied by an Azure Blob store itself (Put Block From URL)", () => {
  const MiB = 1024 * 1024;
  const source = Buffer.from(Array.from({ length: 3.5 * MiB }, (_, i) => (i * 7919) % 251));
  const tail = Buffer.from("a new footer");
  const sourceBlob = async (name: string, blockSize?: number) => {
    const blob = azurite.container.getBlockBlobClient(`${azurite.freshFolder()}/${name}`);
    await blob.uploadData(source, blockSize ? { blockSize, maxSingleShotSize: blockSize } : {});
    const url = await blob.generateSasUrl({ permissions: BlobSASPermissions.parse("r"), expiresOn: new Date(Date.now() + 60_000) });
    return { url, blockSizes: (await blob.getBlockList("committed")).committedBlocks?.map((b) => b.size) ?? [] };
  };

  it("makes the file from the source's first bytes and the tail, in the source's blocks or in pieces, once", async () => {
    const storage = new AzureBlobTableStorage(azurite.container, azurite.freshFolder(), { cacheFolder: await scratch() });
    const length = 3 * MiB + 123;
    for (const [name, blockSize] of [["in-blocks", MiB], ["one-put", undefined]] as const) {
      const copy = await sourceBlob(name, blockSize);
      expect(copy.blockSizes.length, name).toBe(blockSize ? 4 : 0);
      const stored = await storage.copyWithTail(`part-${name}.parquet`, { ...copy, length }, tail);
      expect(stored.size).toBe(length + tail.length);
      const expected = Buffer.concat([source.subarray(0, length), tail]);
      // (Buffer.equals: a deep comparison of megabytes is slow)
      expect((await storage.read(`part-${name}.parquet`))?.equals(expected), name).toBe(true);
      // a name is written once
      await expect(storage.copyWithTail(`part-${name}.parquet`, { ...copy, length }, tail)).rejects.toMatchObject({ statusCode: 409 });
      expect((await storage.read(`part-${name}.parquet`))?.equals(expected), name).toBe(true);
    }
  });

  it("copies only from its own account: a source's credential never goes to another host", async () => {
    const storage = new AzureBlobTableStorage(azurite.container, azurite.freshFolder());
    const own = new URL(azurite.container.url);
    expect(storage.canCopyFrom(`${own.origin}/${azurite.account.name}/staging/a.parquet`)).toBe(true);
    expect(storage.canCopyFrom(`${own.origin}/someoneelse/staging/a.parquet`)).toBe(false);
    expect(storage.canCopyFrom(`http://example.com:${own.port}/${azurite.account.name}/staging/a.parquet`)).toBe(false);
    await expect(storage.copyWithTail("x.parquet", { url: `http://example.com:${own.port}/${azurite.account.name}/staging/a.parquet?sig=secret`, length: 10 }, tail)).rejects.toThrow(/only from its own account/);
  });

  it("follows the source's blocks, cut where the copy ends, and pieces of its own past them", () => {
    expect(copyPieces(2.5 * MiB, [MiB, MiB, MiB, MiB])).toEqual([
      { offset: 0, count: MiB },
      { offset: MiB, count: MiB },
      { offset: 2 * MiB, count: 0.5 * MiB },
    ]);
    expect(copyPieces(100 * MiB, [])).toEqual([{ offset: 0, count: 64 * MiB }, { offset: 64 * MiB, count: 36 * MiB }]);
  });
});
