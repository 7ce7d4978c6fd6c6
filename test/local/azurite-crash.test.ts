/**
 * The embedded Azurite holds the lake and the landing zones of `npm start`: a Delta commit, the
 * data files it names, a container and its access policies, once answered, survive the process
 * being killed (SIGKILL) right after the answer, as they do on Azure Storage
 * (local/azurite-durability.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { describe, expect, it } from "vitest";
import { AzureBlobTableStorage } from "../../src/delta/storage/azure-blob-storage.js";
import { useKillableAzurite } from "../support/killable-azurite.js";
import type { StartedChild } from "../support/process.js";

const azurite = useKillableAzurite("ds-azurite-crash-");

async function startAzurite(): Promise<{ process: StartedChild; lake: ContainerClient }> {
  const { process, blobs } = await azurite.start();
  return { process, lake: blobs.service.getContainerClient("lake") };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("the embedded Azurite killed right after it answered", () => {
  it("keeps the lake's data files and Delta commits, the containers and their access policies", async () => {
    const first = await startAzurite();
    await first.lake.create();
    const table = new AzureBlobTableStorage(first.lake, "datasets/d", { blockSize: 1024 * 1024 });
    // a data file uploaded in blocks and a Delta commit, both only if the name is free, as the lake writes them
    const dataFile = randomBytes(3 * 1024 * 1024 + 17);
    const written = path.join(azurite.location, "part-0.parquet.local");
    writeFileSync(written, dataFile);
    await table.putFile("part-0.parquet", written);
    const commit = '{"commitInfo":{}}\n{"add":{"path":"part-0.parquet"}}\n';
    expect(await table.writeIfAbsent("_delta_log/00000000000000000000.json", commit)).toBe(true);
    const expiresOn = new Date(Date.now() + 3_600_000);
    await first.lake.setAccessPolicy(undefined, [{ id: "policy-2", accessPolicy: { permissions: "rl", expiresOn } }]);
    await first.process.stop("SIGKILL");

    const second = await startAzurite();
    const again = new AzureBlobTableStorage(second.lake, "datasets/d");
    expect(sha256((await again.read("part-0.parquet"))!)).toBe(sha256(dataFile));
    expect((await again.read("_delta_log/00000000000000000000.json"))?.toString()).toBe(commit);
    expect((await second.lake.getAccessPolicy()).signedIdentifiers.map((s) => s.id)).toEqual(["policy-2"]);
    // the version is still taken: a second writer of it is refused
    expect(await again.writeIfAbsent("_delta_log/00000000000000000000.json", "{}")).toBe(false);
  });
});
