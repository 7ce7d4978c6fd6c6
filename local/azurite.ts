/**
 * The embedded Azure Blob service: Azurite's blob server, in-process, with the compatibility shim
 * that lets it accept AEP's SAS layout (see azurite-compat.ts), Put Block without reading each
 * block back (azurite-block-staging.ts) and Put Block From URL (azurite-block-from-url.ts).
 *
 * Azurite ships no type declarations and its package main is a VS Code extension, so the blob
 * server is loaded from its dist folder (version pinned in package.json).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { applyPutBlockFromUrl } from "./azurite-block-from-url.js";
import { applyBlockStagingWithoutReadBack } from "./azurite-block-staging.js";
import { applyAzuriteCompatShim } from "./azurite-compat.js";
import { saveDurableWritesBeforeAnswering } from "./azurite-durability.js";
import { listenUrl } from "./listen-url.js";
import { requireAzurite } from "./azurite-dist.js";


export interface StorageAccount {
  name: string;
  /** base64 account key */
  key: string;
}

export interface EmbeddedBlobOptions {
  host?: string;
  /** 0 picks a free port */
  port: number;
  /** folder for metadata and blobs; omitted = in memory */
  location?: string;
  accounts: StorageAccount[];
}

export interface EmbeddedBlobService {
  /** e.g. http://127.0.0.1:10000 (path-style: append /{account}) */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedBlobService(options: EmbeddedBlobOptions): Promise<EmbeddedBlobService> {
  applyAzuriteCompatShim();
  applyBlockStagingWithoutReadBack();
  applyPutBlockFromUrl();
  // Azurite reads its accounts from this variable (and re-reads it every minute), so it must be
  // set before start and kept as it is while the server runs.
  process.env.AZURITE_ACCOUNTS = options.accounts.map((a) => `${a.name}:${a.key}`).join(";");

  const BlobServer = requireAzurite("blob/BlobServer").default;
  const BlobConfiguration = requireAzurite("blob/BlobConfiguration").default;
  const { DEFAULT_BLOB_PERSISTENCE_ARRAY } = requireAzurite("blob/utils/constants");

  const inMemory = options.location === undefined;
  const location = options.location ?? "";
  if (!inMemory) mkdirSync(location, { recursive: true });
  const persistence = inMemory
    ? DEFAULT_BLOB_PERSISTENCE_ARRAY
    : [{ locationId: "Default", locationPath: path.join(location, "__blobstorage__"), maxConcurrency: 10 }];
  const config = new BlobConfiguration(
    options.host ?? "127.0.0.1",
    options.port,
    5, // keep-alive seconds
    path.join(location, "__azurite_db_blob__.json"),
    path.join(location, "__azurite_db_blob_extent__.json"),
    persistence,
    false, // access log
    undefined,
    false, // debug log
    undefined,
    false, // loose: stay strict, an emulator should fail loudly
    true, // skipApiVersionCheck: the SDK may speak a newer x-ms-version than this Azurite knows
    "",
    "",
    "",
    undefined, // oauth
    false, // disableProductStyleUrl
    inMemory,
  );
  const server = new BlobServer(config);
  if (!inMemory) saveDurableWritesBeforeAnswering(server.metadataStore, server.extentMetadataStore);
  await server.start();
  // a wildcard bind is handed out through loopback: SAS URIs and the lake's URL name an address that answers
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return {
    url: listenUrl(options.host ?? "127.0.0.1", port),
    port,
    close: () => server.close(),
  };
}
