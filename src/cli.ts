/**
 * Entry point. `start` runs the whole system on the embedded default: the API, the embedded
 * Azurite (unless AZURE_STORAGE_ACCOUNT points at real Azure Storage) and the local Databricks
 * workspace (unless DATABRICKS_LOCAL=false). `worker` runs one more worker against the same
 * store. `migrate` brings the store's schema up to date.
 * This is the only file of src/ that wires in local/.
 */
import path from "node:path";
import { startEmbeddedBlobService } from "../local/azurite.js";
import { loadOrCreateEmbeddedAccount } from "../local/embedded-account.js";
import { startLocalWorkspace } from "../local/workspace/index.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { azureBlobAccount, type BlobAccount, embeddedBlobAccount } from "./landing-zone/blob-account.js";
import { createLogger } from "./logger.js";
import { startService, startWorkerProcess } from "./service.js";
import { openStore } from "./store/database.js";
import { migrateToLatest } from "./store/migrate.js";

type Stop = () => Promise<void>;

async function start(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const stops: Stop[] = [];
  const urls: Record<string, string> = {};
  let blobAccount: BlobAccount;
  /** where a wasbs://…@<account>.blob.core.windows.net path really lives */
  let blobEndpointFor: (accountHost: string) => string;
  if (config.storage.account && config.storage.key) {
    blobAccount = azureBlobAccount(config.storage.account, config.storage.key, config.storage.blobEndpoint);
    urls.blob = blobAccount.service.url;
    blobEndpointFor = (host) => `https://${host}`;
  } else {
    const account = loadOrCreateEmbeddedAccount(config.dataDir);
    const blob = await startEmbeddedBlobService({
      host: config.host,
      port: config.blobPort,
      location: path.join(config.dataDir, "azurite"),
      accounts: [account],
    });
    stops.push(blob.close);
    blobAccount = embeddedBlobAccount(account.name, account.key, blob.url);
    urls.blob = `${blob.url}/${account.name}`;
    blobEndpointFor = (host) => `${blob.url}/${host.split(".")[0]}`;
  }
  if (config.databricks.local) {
    const workspace = await startLocalWorkspace({
      host: config.host,
      port: config.databricks.port,
      token: config.databricks.token,
      dataDir: config.dataDir,
      blobEndpointFor,
      clusterStartDelayMs: config.databricks.clusterStartDelayMs,
      tableRoots: config.databricks.localTableRoots,
      seedDemo: true,
      logger: logger.child({ component: "local-workspace" }),
    });
    stops.push(workspace.close);
    urls.databricks = workspace.url;
    urls.cluster = workspace.clusterId;
  }
  const service = await startService(config, { logger, blobAccount, components: () => ({ ...urls }) });
  stops.unshift(service.close);
  urls.api = service.url;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const stop of stops) await stop().catch((error) => logger.error({ err: error }, "shutdown step failed"));
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  console.log(
    `Databricks Source ready: api ${service.url} · blob ${urls.blob} · ` +
      (urls.databricks ? `databricks ${urls.databricks} (cluster ${urls.cluster}, token ${config.databricks.token}) · ` : "") +
      `data ${config.dataDir} · ` +
      `client_id=${config.auth.clientId} client_secret=${config.auth.clientSecret} org=${config.auth.orgId} ` +
      `(token: POST ${service.url}/ims/token/v3)`,
  );
}

/**
 * A worker without the API. Against real Azure Storage it uses AZURE_STORAGE_ACCOUNT/KEY; on the
 * embedded default it joins the Azurite that `npm start` runs (its account file under DATA_DIR).
 */
async function worker(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const blobAccount =
    config.storage.account && config.storage.key
      ? azureBlobAccount(config.storage.account, config.storage.key, config.storage.blobEndpoint)
      : (() => {
          const account = loadOrCreateEmbeddedAccount(config.dataDir);
          return embeddedBlobAccount(account.name, account.key, `http://${config.host}:${config.blobPort}`);
        })();
  const running = await startWorkerProcess(config, { logger, blobAccount });
  const shutdown = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
  console.log(`Databricks Source worker ready: store ${config.databaseUrl ? "PostgreSQL" : "SQLite"} · blob ${blobAccount.service.url}`);
}

async function migrate(config: Config): Promise<void> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(store.db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "schema is up to date");
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? "start";
  const config = loadConfig();
  if (command === "start") return start(config);
  if (command === "migrate") return migrate(config);
  if (command === "worker") return worker(config);
  throw new ConfigError(`unknown command "${command}" (use: start | worker | migrate)`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
