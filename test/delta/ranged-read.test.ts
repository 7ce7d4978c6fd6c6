/**
 * A table store reads one range of a file from the store itself (a Data Access download with
 * `Range`, docs/api/export.md#download-a-file): a local file from that offset on, a blob with a
 * ranged Get Blob, so a few bytes of a large Parquet file never cost the whole file.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { ReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { ContainerClient, newPipeline, type RequestPolicyFactory, StorageSharedKeyCredential } from "@azure/storage-blob";
import { AzureBlobTableStorage, LocalTableStorage } from "../../src/delta/storage/index.js";
import { useAzuriteContainer } from "../support/azurite-lake.js";

const azurite = useAzuriteContainer();
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));
const scratch = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "ranged-read-"));
  folders.push(dir);
  return dir;
};

const FILE = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) % 253));

async function bytesOf(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) throw new Error("no such file");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe("a ranged read of a table file", () => {
  it("on a local folder reads only the range's bytes from the file", async () => {
    const storage = new LocalTableStorage(await scratch());
    await storage.writeIfAbsent("part-0.parquet", FILE);

    const stream = (await storage.openRead("part-0.parquet", { start: 1000, end: 1099 })) as ReadStream;
    expect((await bytesOf(stream)).equals(FILE.subarray(1000, 1100))).toBe(true);
    expect(stream.bytesRead).toBe(100);
    const last = await bytesOf(await storage.openRead("part-0.parquet", { start: FILE.length - 1, end: FILE.length - 1 }));
    expect(last.equals(FILE.subarray(FILE.length - 1))).toBe(true);
    expect((await bytesOf(await storage.openRead("part-0.parquet"))).equals(FILE)).toBe(true);
    expect(await storage.openRead("missing.parquet", { start: 0, end: 9 })).toBeUndefined();
  });

  it("on an Azure Blob container (Azurite) asks the store for the range alone", async () => {
    const asked: string[] = [];
    const pipeline = newPipeline(new StorageSharedKeyCredential(azurite.account.name, azurite.account.key));
    const recordGets: RequestPolicyFactory = {
      create: (next) => ({
        sendRequest: (request) => {
          if (request.method === "GET") asked.push(request.headers.get("x-ms-range") ?? request.headers.get("range") ?? "the whole blob");
          return next.sendRequest(request);
        },
      }),
    };
    pipeline.factories.unshift(recordGets);
    const storage = new AzureBlobTableStorage(new ContainerClient(azurite.container.url, pipeline), azurite.freshFolder(), {
      cacheFolder: await scratch(),
    });
    await storage.writeIfAbsent("part-0.parquet", FILE);

    const part = await bytesOf(await storage.openRead("part-0.parquet", { start: 1000, end: 1099 }));
    expect(part.equals(FILE.subarray(1000, 1100))).toBe(true);
    expect(asked).toEqual(["bytes=1000-1099"]);
    const last = await bytesOf(await storage.openRead("part-0.parquet", { start: FILE.length - 8, end: FILE.length - 1 }));
    expect(last.equals(FILE.subarray(FILE.length - 8))).toBe(true);
    expect((await bytesOf(await storage.openRead("part-0.parquet"))).equals(FILE)).toBe(true);
    expect(asked).toEqual(["bytes=1000-1099", `bytes=${FILE.length - 8}-${FILE.length - 1}`, "the whole blob"]);
    expect(await storage.openRead("missing.parquet", { start: 0, end: 9 })).toBeUndefined();
  });
});
