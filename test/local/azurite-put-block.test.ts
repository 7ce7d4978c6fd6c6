/**
 * Put Block on the embedded Azurite (local/azurite-block-staging.ts): a block without Content-MD5
 * is staged as sent without being read back from disk, a block with one is still checked, and the
 * answer is Azurite's as before.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { requireAzurite } from "../../local/azurite-dist.js";

/** where the embedded Azurite of `npm start` (a folder on disk) reads blocks from */
const FSExtentStore = requireAzurite("common/persistence/FSExtentStore").default;

const location = mkdtempSync(path.join(tmpdir(), "ds-azurite-put-block-"));
const account = newEmbeddedAccount();
let service: EmbeddedBlobService;
let container: ContainerClient;

/** a digest to compare megabytes by: vitest's toEqual takes seconds on them */
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const md5 = (bytes: Buffer) => new Uint8Array(createHash("md5").update(bytes).digest());
const blockId = (n: number) => Buffer.from(`block-${String(n).padStart(4, "0")}`).toString("base64");

beforeAll(async () => {
  service = await startEmbeddedBlobService({ port: 0, location, accounts: [account] });
  container = embeddedBlobAccount(account.name, account.key, service.url).service.getContainerClient("blocks");
  await container.create();
});

afterAll(async () => {
  await service?.close();
  rmSync(location, { recursive: true, force: true });
});

describe("Put Block on the embedded Azurite", () => {
  it("stages a block without Content-MD5 as sent, without reading it back, and answers as Azure does", async () => {
    const blob = container.getBlockBlobClient("no-md5");
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const reads = vi.spyOn(FSExtentStore.prototype, "readExtent");
    try {
      const staged = await blob.stageBlock(blockId(0), bytes, bytes.length);
      expect(reads).not.toHaveBeenCalled();
      expect(staged._response.status).toBe(201);
      expect(staged.isServerEncrypted).toBe(true);
      expect(staged.requestId).toBeTruthy();
      expect(staged.version).toBeTruthy();
      expect(staged.date).toBeInstanceOf(Date);
      expect(staged.contentMD5).toBeUndefined();
    } finally {
      reads.mockRestore();
    }
    const tail = randomBytes(5);
    await blob.stageBlock(blockId(1), tail, tail.length);
    await blob.commitBlockList([blockId(0), blockId(1)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(Buffer.concat([bytes, tail])));
  });

  it("accepts a block whose Content-MD5 matches", async () => {
    const blob = container.getBlockBlobClient("right-md5");
    const bytes = randomBytes(64 * 1024);
    const staged = await blob.stageBlock(blockId(0), bytes, bytes.length, { transactionalContentMD5: md5(bytes) });
    expect(staged._response.status).toBe(201);
    await blob.commitBlockList([blockId(0)]);
    expect(sha256(await blob.downloadToBuffer())).toBe(sha256(bytes));
  });

  it("refuses a block whose Content-MD5 does not match and does not stage it", async () => {
    const blob = container.getBlockBlobClient("wrong-md5");
    const first = randomBytes(1000);
    await blob.stageBlock(blockId(0), first, first.length);
    const bytes = randomBytes(1000);
    await expect(blob.stageBlock(blockId(1), bytes, bytes.length, { transactionalContentMD5: md5(randomBytes(1000)) })).rejects.toMatchObject({
      statusCode: 400,
    });
    const { uncommittedBlocks } = await blob.getBlockList("uncommitted");
    expect(uncommittedBlocks?.map((block) => block.name)).toEqual([blockId(0)]);
  });
});
