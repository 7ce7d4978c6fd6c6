/**
 * The service commands: `start` runs the whole system on the embedded default — the API, the
 * embedded Azurite (unless AZURE_STORAGE_ACCOUNT points at real Azure Storage) and the local
 * Databricks workspace (unless DATABRICKS_LOCAL=false); `worker` runs one more worker against the
 * same store; `migrate` brings the store's schema up to date. src/cli.ts loads this file once the
 * settings are read and checked (process/settings-check.ts). This is the only file of src/ that wires in local/.
 */
import path from "node:path";
import { type StorageAccount, startEmbeddedBlobService } from "../local/azurite.js";
import { loadEmbeddedAccount, loadOrCreateEmbeddedAccount } from "../local/embedded-account.js";
import { startLocalWorkspace } from "../local/workspace/index.js";
import { type Config, ConfigError, type StorageConfig } from "./config.js";
import { azureBlobAccount, type BlobAccount, embeddedBlobAccount } from "./landing-zone/blob-account.js";
import { checkStorageAccount } from "./landing-zone/storage-account-check.js";
import { createLogger } from "./logger.js";
import { listenOrExplain } from "./process/listen-errors.js";
import { readyLine } from "./process/ready-line.js";
import { lockDataDir } from "./process/data-dir-lock.js";
import { withEmbeddedLake } from "./process/embedded-lake.js";
import { exitOnSignals } from "./process/shutdown.js";
import { refuseSecondEmbeddedBlobService } from "./process/second-start.js";
import { openLake, startService, startWorkerProcess } from "./service.js";
import { openStore, type Store } from "./store/database.js";
import { migrateToLatest } from "./store/migrate.js";
import { readServiceSetting } from "./store/service-settings.repository.js";
import { textDestination } from "./log-text.js";

type Stop = () => Promise<void>;

export async function start(given: Config): Promise<void> {
  let config = given;
  const logger = createLogger(config.logLevel, config.logFormat === "text" ? textDestination() : undefined);
  const embedded = !config.databaseUrl || !(config.storage.account && config.storage.key) || config.databricks.local;
  // the embedded parts' files under DATA_DIR take one process at a time
  const unlock = embedded ? lockDataDir(config.dataDir) : () => {};
  const stops: Stop[] = [];
  // stop whatever started if a later part cannot
  const started = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      for (const stop of stops) await stop().catch(() => {});
      unlock();
      throw error;
    }
  };
  const urls: Record<string, string> = {};
  let warehouseId: string | undefined;
  let blobAccount: BlobAccount;
  /** where the embedded blob service listens, recorded for workers of other processes */
  let embeddedBlobEndpoint: string | undefined;
  /** where a wasbs://…@<account>.blob.core.windows.net path really lives */
  let blobEndpointFor: (accountHost: string) => string;
  if (config.storage.account && config.storage.key) {
    const account = await started(() => checkedStorageAccount(config.storage));
    blobAccount = account;
    urls.blob = account.service.url;
    // the configured account lives where AZURE_BLOB_ENDPOINT says (an emulator's, say); any other at Azure's
    blobEndpointFor = (host) => (host.split(".")[0] === account.accountName ? account.service.url : `https://${host}`);
  } else {
    const account = loadOrCreateEmbeddedAccount(config.dataDir);
    const blob = await started(() =>
      listenOrExplain("BLOB_PORT", config.host, config.blobPort, () =>
        startEmbeddedBlobService({ host: config.host, port: config.blobPort, location: path.join(config.dataDir, "azurite"), accounts: [account] }),
      ),
    );
    stops.push(blob.close);
    blobAccount = embeddedBlobAccount(account.name, account.key, blob.url);
    embeddedBlobEndpoint = blob.url;
    // another npm start of this database's: refused now, before the local workspace starts and seeds its tables
    if (config.databaseUrl) await started(() => withStore(config, (store) => refuseSecondEmbeddedBlobService(store, blob.url)));
    config = withEmbeddedLake(config, account, blob.url);
    urls.blob = `${blob.url}/${account.name}`;
    blobEndpointFor = (host) => `${blob.url}/${host.split(".")[0]}`;
  }
  // a lake that cannot work is named before the local workspace starts and seeds its tables
  const lakeRoot = await started(() => openLake(config));
  if (config.databricks.local) {
    const workspace = await started(() => listenOrExplain("DATABRICKS_PORT", config.host, config.databricks.port, () => startLocalWorkspace({
      host: config.host,
      port: config.databricks.port,
      token: config.databricks.token,
      servicePrincipal: { clientId: config.databricks.localClientId, clientSecret: config.databricks.localClientSecret },
      oauthTokenLifetimeSeconds: config.databricks.localOAuthTokenLifetimeSeconds,
      sharingToken: config.databricks.localSharingToken,
      dataDir: config.dataDir,
      blobEndpointFor,
      clusterStartDelayMs: config.databricks.clusterStartDelayMs,
      tableRoots: config.databricks.localTableRoots,
      seedDemo: true,
      seedRows: config.databricks.localDemoRows,
      logger: logger.child({ component: "local-workspace" }),
    })));
    stops.push(workspace.close);
    urls.databricks = workspace.url;
    urls.cluster = workspace.clusterId;
    warehouseId = workspace.warehouseId;
  }
  const service = await started(() =>
    listenOrExplain("PORT", config.host, config.port, () =>
      startService(config, { logger, blobAccount, embeddedBlobEndpoint, lakeRoot, localWorkspaceUrl: urls.databricks, components: () => ({ ...urls }) }),
    ),
  );
  stops.unshift(service.close);
  stops.push(async () => unlock());
  urls.api = service.url;
  exitOnSignals(stops, logger);

  console.log(
    readyLine({
      apiUrl: service.url,
      blobUrl: urls.blob,
      dataDir: config.dataDir,
      lake: service.lakeRoot,
      workspace: urls.databricks
        ? {
            url: urls.databricks,
            clusterId: urls.cluster,
            warehouseId,
            token: config.databricks.token,
            clientId: config.databricks.localClientId,
            clientSecret: config.databricks.localClientSecret,
          }
        : undefined,
      auth: config.auth,
    }),
  );
}

/**
 * A worker without the API. Against real Azure Storage it uses AZURE_STORAGE_ACCOUNT/KEY; on the
 * embedded default it joins the Azurite that `npm start` runs (its account file under DATA_DIR).
 */
export async function worker(given: Config): Promise<void> {
  let config = given;
  const logger = createLogger(config.logLevel, config.logFormat === "text" ? textDestination() : undefined);
  let blobAccount: BlobAccount;
  if (config.storage.account && config.storage.key) {
    blobAccount = await checkedStorageAccount(config.storage);
  } else {
    const embedded = await embeddedBlobServiceOfApi(config);
    blobAccount = embeddedBlobAccount(embedded.account.name, embedded.account.key, embedded.endpoint);
    await requireEmbeddedBlobServiceAnswers(blobAccount, embedded.endpoint);
    // the lake npm start chose on this DATA_DIR
    config = withEmbeddedLake(config, embedded.account, embedded.endpoint);
  }
  const running = await startWorkerProcess(config, { logger, blobAccount });
  exitOnSignals([running.close], logger);
  console.log(`Databricks Source worker ready: store ${config.databaseUrl ? "PostgreSQL" : "SQLite"} · blob ${blobAccount.service.url} · lake ${running.lakeRoot}`);
}

/** AZURE_STORAGE_ACCOUNT's account, checked once: a refused key or an unreachable endpoint stops the start, naming what to fix. */
async function checkedStorageAccount(storage: StorageConfig): Promise<BlobAccount> {
  const account = azureBlobAccount(storage.account!, storage.key!, storage.blobEndpoint);
  const problem = await checkStorageAccount(account);
  if (problem) throw new ConfigError(problem);
  return account;
}

/**
 * A worker on the embedded default joins the blob service `npm start` runs: the account from the
 * same DATA_DIR, the endpoint `npm start` recorded in the store. It never makes an account of its own.
 */
async function embeddedBlobServiceOfApi(config: Config): Promise<{ account: StorageAccount; endpoint: string }> {
  const account = loadEmbeddedAccount(config.dataDir);
  if (!account) {
    throw new ConfigError(
      `no embedded storage account under DATA_DIR (${config.dataDir}): give the worker the DATA_DIR of npm start, or set AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY`,
    );
  }
  return withStore(config, async (store) => {
    await migrateToLatest(store.db);
    const endpoint = await readServiceSetting(store.db, "embedded-blob-endpoint");
    if (!endpoint) {
      throw new ConfigError(
        `the store records no embedded blob service: start npm start with the same ${config.databaseUrl ? "DATABASE_URL" : "DATA_DIR (whose SQLite store it records it in; or give both processes the same DATABASE_URL)"} first, ` +
          "or set AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY",
      );
    }
    return { account, endpoint };
  });
}

/**
 * The endpoint `npm start` recorded outlives it (a kill -9 leaves it in the store): a worker that
 * finds nobody there says so, rather than failing later on the lake it was never given a setting for.
 */
async function requireEmbeddedBlobServiceAnswers(account: BlobAccount, endpoint: string): Promise<void> {
  const problem = await checkStorageAccount(account);
  if (!problem) return;
  throw new ConfigError(
    `the embedded blob service recorded by npm start (${endpoint}) does not answer: start \`npm start\` first (the worker joins its embedded storage), or give the worker the AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY and LAKE_URL of the storage the API uses`,
  );
}

export async function migrate(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    const applied = await migrateToLatest(store.db);
    const where = config.databaseUrl ? `PostgreSQL ${withoutPassword(config.databaseUrl)}` : `SQLite under DATA_DIR ${config.dataDir} (set DATABASE_URL for PostgreSQL)`;
    console.log(applied.length ? `${where}: applied ${applied.join(", ")}` : `${where}: the schema is up to date`);
  });
}

/** `work` over the store DATABASE_URL (or DATA_DIR's SQLite) names, closed afterwards. */
async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A database URL as it may be shown: its password left out. */
function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}
