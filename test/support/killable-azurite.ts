/**
 * The embedded Azurite of `npm start`, on disk, in a process of its own (embedded-blob-process.ts)
 * that a test may kill and start again on the same folder. Every process started is killed and the
 * folder removed after the tests of the calling scope.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { type BlobAccount, embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { type StartedChild, startChild } from "./process.js";

export function useKillableAzurite(folderPrefix: string): { location: string; start(): Promise<{ process: StartedChild; blobs: BlobAccount }> } {
  const location = mkdtempSync(path.join(tmpdir(), folderPrefix));
  const account = newEmbeddedAccount();
  const running: StartedChild[] = [];
  afterAll(async () => {
    for (const started of running) await started.stop("SIGKILL");
    rmSync(location, { recursive: true, force: true });
  });
  return {
    /** the folder it keeps its data in (a test may put files of its own there) */
    location,
    async start() {
      const azurite = await startChild(
        ["test/support/embedded-blob-process.ts"],
        { BLOB_PORT: "0", BLOB_LOCATION: location, BLOB_ACCOUNT: account.name, BLOB_KEY: account.key },
        (line) => line.startsWith("ready "),
      );
      running.push(azurite);
      return { process: azurite, blobs: embeddedBlobAccount(account.name, account.key, azurite.readyLine.slice("ready ".length)) };
    },
  };
}
