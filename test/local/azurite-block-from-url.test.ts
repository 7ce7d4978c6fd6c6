/**
 * Put Block From URL on the embedded Azurite (local/azurite-block-from-url.ts), through the SDK's
 * BlockBlobClient.stageBlockFromURL: blocks copied from ranges of another blob of the same Azurite
 * (its SAS in the URL) are committed like any block, the source is refused as Azure refuses it,
 * and a committed blob survives the embedded Azurite being killed and started again.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type BlobClient,
  BlobSASPermissions,
  type BlockBlobClient,
  type ContainerClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
} from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { type BlobAccount, embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { useKillableAzurite } from "../support/killable-azurite.js";
import { requireAzurite } from "../../local/azurite-dist.js";

const BlobGCManager = requireAzurite("blob/gc/BlobGCManager").default;
const MemoryExtentStore = requireAzurite("common/persistence/MemoryExtentStore").default;

const MiB = 1024 * 1024;
/** a digest to compare megabytes by: vitest's toEqual takes seconds on them */
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const blockId = (n: number) => Buffer.from(`block-${String(n).padStart(4, "0")}`).toString("base64");
const hour = 3_600_000;

/** the source's URL with a SAS for it alone, as a caller of Put Block From URL passes it */
function withSas(account: BlobAccount, source: BlobClient, permissions = "r", expiresOn = new Date(Date.now() + hour)): string {
  const sas = generateBlobSASQueryParameters(
    { containerName: source.containerName, blobName: source.name, permissions: BlobSASPermissions.parse(permissions), startsOn: new Date(Date.now() - hour), expiresOn },
    account.credential,
  );
  return `${source.url}?${sas}`;
}

async function uncommittedBlockNames(blob: BlockBlobClient): Promise<string[]> {
  return ((await blob.getBlockList("uncommitted")).uncommittedBlocks ?? []).map((block) => block.name);
}

describe("Put Block From URL on the embedded Azurite", () => {
  const location = mkdtempSync(path.join(tmpdir(), "ds-azurite-block-from-url-"));
  const mine = newEmbeddedAccount();
  const other = newEmbeddedAccount();
  let service: EmbeddedBlobService;
  let account: BlobAccount;
  let lake: ContainerClient;
  let sources: ContainerClient;
  const sourceBytes = randomBytes(3 * MiB + 123);
  let source: BlockBlobClient;

  beforeAll(async () => {
    service = await startEmbeddedBlobService({ port: 0, location, accounts: [mine, other] });
    account = embeddedBlobAccount(mine.name, mine.key, service.url);
    lake = account.service.getContainerClient("lake");
    sources = account.service.getContainerClient("sources");
    await lake.create();
    await sources.create();
    source = sources.getBlockBlobClient("exports/part-0.parquet");
    await source.uploadData(sourceBytes);
  });

  afterAll(async () => {
    await service?.close();
    rmSync(location, { recursive: true, force: true });
  });

  it("commits a blob of two ranges of a source in another container and a block staged normally, byte for byte", async () => {
    const blob = lake.getBlockBlobClient("assembled");
    const url = withSas(account, source);
    const staged = await blob.stageBlockFromURL(blockId(0), url, 0, MiB);
    expect(staged._response.status).toBe(201);
    expect(staged.isServerEncrypted).toBe(true);
    expect(staged.requestId).toBeTruthy();
    const own = randomBytes(1000);
    await blob.stageBlock(blockId(1), own, own.length);
    await blob.stageBlockFromURL(blockId(2), url, 2 * MiB + 7, MiB + 100);
    await blob.commitBlockList([blockId(0), blockId(1), blockId(2)]);
    const expected = Buffer.concat([sourceBytes.subarray(0, MiB), own, sourceBytes.subarray(2 * MiB + 7, 3 * MiB + 107)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(expected));
  });

  it("copies the whole source without a range, a range across the source's own blocks and one inside its second block", async () => {
    const inBlocks = sources.getBlockBlobClient("in-blocks");
    await inBlocks.uploadData(sourceBytes, { maxSingleShotSize: 0, blockSize: MiB });
    const url = withSas(account, inBlocks);
    const blob = lake.getBlockBlobClient("whole-and-across");
    await blob.stageBlockFromURL(blockId(0), url);
    await blob.stageBlockFromURL(blockId(1), url, MiB - 10, MiB + 20);
    await blob.stageBlockFromURL(blockId(2), url, MiB + 5, 1000);
    await blob.commitBlockList([blockId(0), blockId(1), blockId(2)]);
    const expected = Buffer.concat([sourceBytes, sourceBytes.subarray(MiB - 10, 2 * MiB + 10), sourceBytes.subarray(MiB + 5, MiB + 1005)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(expected));
  });

  it("copies from a blob of another account of the same Azurite", async () => {
    const otherAccount = embeddedBlobAccount(other.name, other.key, service.url);
    const theirs = otherAccount.service.getContainerClient("theirs");
    await theirs.create();
    const bytes = randomBytes(4096);
    const theirBlob = theirs.getBlockBlobClient("data");
    await theirBlob.uploadData(bytes);
    const blob = lake.getBlockBlobClient("from-another-account");
    await blob.stageBlockFromURL(blockId(0), withSas(otherAccount, theirBlob), 100, 1000);
    await blob.commitBlockList([blockId(0)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(bytes.subarray(100, 1100)));
  });

  it("takes a container SAS on a stored access policy (AEP's layout: permissions in the token, expiry in the policy)", async () => {
    await sources.setAccessPolicy(undefined, [{ id: "landing-zone", accessPolicy: { expiresOn: new Date(Date.now() + hour) } }]);
    const sas = generateBlobSASQueryParameters(
      { containerName: sources.containerName, identifier: "landing-zone", permissions: ContainerSASPermissions.parse("rl"), version: "2020-10-02" },
      account.credential,
    );
    const blob = lake.getBlockBlobClient("container-sas");
    await blob.stageBlockFromURL(blockId(0), `${source.url}?${sas}`, 0, 1000);
    await blob.commitBlockList([blockId(0)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(sourceBytes.subarray(0, 1000)));
  });

  it("refuses a source SAS without read permission or expired (403 CannotVerifyCopySource) and stages nothing", async () => {
    const blob = lake.getBlockBlobClient("refused-sas");
    const own = randomBytes(10);
    await blob.stageBlock(blockId(0), own, own.length);
    const refused = { statusCode: 403, code: "CannotVerifyCopySource" };
    await expect(blob.stageBlockFromURL(blockId(1), withSas(account, source, "w"), 0, 100)).rejects.toMatchObject(refused);
    await expect(blob.stageBlockFromURL(blockId(2), withSas(account, source, "r", new Date(Date.now() - 60_000)), 0, 100)).rejects.toMatchObject(refused);
    expect(await uncommittedBlockNames(blob)).toEqual([blockId(0)]);
  });

  it("refuses a source of the same account without a SAS, as Azure does", async () => {
    const blob = lake.getBlockBlobClient("no-sas");
    await expect(blob.stageBlockFromURL(blockId(0), source.url, 0, 100)).rejects.toMatchObject({ code: "CannotVerifyCopySource" });
  });

  it("refuses a missing source (404 CannotVerifyCopySource)", async () => {
    const blob = lake.getBlockBlobClient("missing-source");
    const missing = sources.getBlockBlobClient("no-such-blob");
    await expect(blob.stageBlockFromURL(blockId(0), withSas(account, missing), 0, 100)).rejects.toMatchObject({
      statusCode: 404,
      code: "CannotVerifyCopySource",
    });
  });

  it("refuses a range that ends or starts past the source's end (416) and stages nothing", async () => {
    const blob = lake.getBlockBlobClient("past-the-end");
    const own = randomBytes(10);
    await blob.stageBlock(blockId(0), own, own.length);
    const url = withSas(account, source);
    await expect(blob.stageBlockFromURL(blockId(1), url, sourceBytes.length - 10, 11)).rejects.toMatchObject({ statusCode: 416 });
    await expect(blob.stageBlockFromURL(blockId(2), url, sourceBytes.length, 1)).rejects.toMatchObject({ statusCode: 416 });
    await expect(blob.stageBlockFromURL(blockId(3), url, sourceBytes.length)).rejects.toMatchObject({ statusCode: 416 });
    // the last byte exactly is inside
    await blob.stageBlockFromURL(blockId(4), url, sourceBytes.length - 1, 1);
    expect(await uncommittedBlockNames(blob)).toEqual([blockId(0), blockId(4)]);
  });

  it("checks x-ms-source-content-md5 against the copied range", async () => {
    const blob = lake.getBlockBlobClient("source-md5");
    const url = withSas(account, source);
    const md5 = (bytes: Buffer) => new Uint8Array(createHash("md5").update(bytes).digest());
    const range = sourceBytes.subarray(10, 2010);
    const staged = await blob.stageBlockFromURL(blockId(0), url, 10, 2000, { sourceContentMD5: md5(range) });
    expect(Buffer.from(staged.contentMD5 ?? [])).toEqual(Buffer.from(md5(range)));
    await expect(blob.stageBlockFromURL(blockId(1), url, 10, 2000, { sourceContentMD5: md5(sourceBytes.subarray(0, 2000)) })).rejects.toMatchObject({
      statusCode: 400,
      code: "Md5Mismatch",
    });
    expect(await uncommittedBlockNames(blob)).toEqual([blockId(0)]);
  });

  it("refuses more than 4000 MiB for one block (413)", async () => {
    // 4001 MiB of content from one staged MiB listed 4001 times
    const huge = sources.getBlockBlobClient("huge");
    await huge.stageBlock(blockId(0), Buffer.alloc(MiB), MiB);
    await huge.commitBlockList(Array.from({ length: 4001 }, () => blockId(0)));
    const blob = lake.getBlockBlobClient("too-big");
    await expect(blob.stageBlockFromURL(blockId(0), withSas(account, huge))).rejects.toMatchObject({ statusCode: 413 });
  });
});

describe("a block staged from inside one extent chunk of its source (a reference to the source's bytes)", () => {
  it("keeps its bytes through Azurite's extent GC once the source is deleted", async () => {
    // in memory every write is an extent of its own and the GC deletes any extent nothing names
    const sweeps = vi.spyOn(BlobGCManager.prototype, "markSweep");
    const deletions = vi.spyOn(MemoryExtentStore.prototype, "deleteExtents");
    const key = newEmbeddedAccount();
    const service = await startEmbeddedBlobService({ port: 0, accounts: [key] });
    try {
      const account = embeddedBlobAccount(key.name, key.key, service.url);
      const landing = account.service.getContainerClient("landing");
      const lake = account.service.getContainerClient("lake");
      await landing.create();
      await lake.create();
      const sourceBytes = randomBytes(MiB);
      const source = landing.getBlockBlobClient("part-0");
      await source.uploadData(sourceBytes);
      await landing.getBlockBlobClient("unreferenced").uploadData(randomBytes(10));
      const blob = lake.getBlockBlobClient("copy");
      await blob.stageBlockFromURL(blockId(0), withSas(account, source), 1000, 5000);
      await blob.stageBlockFromURL(blockId(1), withSas(account, source), 0, 10);
      await blob.commitBlockList([blockId(0), blockId(1)]);
      await landing.delete();

      const gc = sweeps.mock.instances[0] as unknown as { markSweep(): Promise<void> };
      deletions.mockClear();
      await gc.markSweep();
      expect(deletions.mock.calls.flatMap(([extents]) => [...(extents as Set<string>)])).toHaveLength(1); // the unreferenced blob's
      expect(sha256(await blob.downloadToBuffer())).toBe(sha256(Buffer.concat([sourceBytes.subarray(1000, 6000), sourceBytes.subarray(0, 10)])));
    } finally {
      sweeps.mockRestore();
      deletions.mockRestore();
      await service.close();
    }
  });
});

describe("Put Block From URL on the embedded Azurite of `npm start` (on disk, in a process of its own)", () => {
  const startAzurite = useKillableAzurite("ds-azurite-block-from-url-restart-").start;

  it("keeps a blob committed from copied blocks (created only if absent, as the lake writes) after being killed and started again", async () => {
    const first = await startAzurite();
    const lake = first.blobs.service.getContainerClient("lake");
    const landing = first.blobs.service.getContainerClient("landing");
    await lake.create();
    await landing.create();
    const sourceBytes = randomBytes(2 * MiB + 5);
    const source = landing.getBlockBlobClient("export/part-0.parquet");
    await source.uploadData(sourceBytes);
    const url = withSas(first.blobs, source);
    const blob = lake.getBlockBlobClient("datasets/d/part-0.parquet");
    await blob.stageBlockFromURL(blockId(0), url, 0, MiB);
    await blob.stageBlockFromURL(blockId(1), url, MiB, MiB + 5);
    await blob.commitBlockList([blockId(0), blockId(1)], { conditions: { ifNoneMatch: "*" } });
    await first.process.stop("SIGKILL");

    const second = await startAzurite();
    const again = second.blobs.service.getContainerClient("lake").getBlockBlobClient("datasets/d/part-0.parquet");
    expect(sha256(await again.downloadToBuffer())).toBe(sha256(sourceBytes));
  });
});
