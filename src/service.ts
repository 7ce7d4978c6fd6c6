/**
 * The product itself, without any embedded stand-in: the store, the keys, the landing zones and
 * the HTTP API. cli.ts decides which blob account it gets (Azurite or real Azure).
 */
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { TokenIssuer } from "./ims/tokens.js";
import type { ThrottleSettings } from "./ims/failed-attempts.js";
import { type Config, ConfigError } from "./config.js";
import { DataflowService } from "./dataflows/dataflow-service.js";
import { runInputsLoader } from "./runs/run-inputs-loader.js";
import { ConnectionService } from "./flowservice/connection-service.js";
import { Datasets } from "./catalog/datasets.js";
import { MappingSets } from "./dataprep/mapping-sets.js";
import { sourceSampler } from "./dataflows/source-sample.js";
import { Schemas } from "./schemaregistry/schemas.js";
import { buildApp } from "./http/app.js";
import type { BlobAccount } from "./landing-zone/blob-account.js";
import { LandingZoneService } from "./landing-zone/service.js";
import { keyFile, loadKey, loadOrCreateKey } from "./security/key-file.js";
import { SecretBox } from "./security/secret-box.js";
import { webhookUrlRefusal } from "./security/allowed-hosts.js";
import { openStore, type Store } from "./store/database.js";
import { AlignedClock } from "./store/aligned-clock.js";
import { migrateToLatest } from "./store/migrate.js";
import { RunNotifier } from "./notifications/run-notifier.js";
import { WebhookOutbox } from "./notifications/webhook-outbox.js";
import { findFlowById } from "./store/flows.repository.js";
import { createRunExecutor } from "./runs/executor.js";
import { type RunRuntime, startRunRuntime } from "./runs/runtime.js";
import { RunService } from "./runs/run-service.js";
import { runFields } from "./runs/worker.js";
import { proveSecretsKey } from "./process/secrets-key-check.js";
import { refuseSplitDeployment } from "./process/second-start.js";
import { readServiceSetting, writeServiceSetting } from "./store/service-settings.repository.js";
import { LakeUnusableError, openAzureLake } from "./lake/lake-location.js";

export interface RunningService {
  app: FastifyInstance;
  store: Store;
  connections: ConnectionService;
  dataflows: DataflowService;
  /** where datasets live: LAKE_DIR, or the root URL of LAKE_URL's folder (the lake's files are reached through src/lake) */
  lakeRoot: string;
  /** the in-process worker, when RUN_WORKER is on */
  runtime?: RunRuntime;
  url: string;
  close(): Promise<void>;
}

/**
 * Where datasets live: LAKE_URL's container folder (proven reachable first), else LAKE_DIR. Every
 * part is given the returned root and reaches the files through the lake's storage.
 */
export async function openLake(config: Config): Promise<string> {
  if (!config.runs.lakeUrl) return config.runs.lakeDir;
  try {
    // copies DuckDB scans and files on their way up live beside the other work folders
    return await openAzureLake(config.runs.lakeUrl, { cacheFolder: path.join(config.dataDir, "tmp", "lake-files") });
  } catch (error) {
    throw error instanceof LakeUnusableError ? new ConfigError(error.message) : error;
  }
}

/**
 * A worker whose lake is not the one the API last started with would split datasets between two
 * lakes, each serving only its own batches: it refuses to start instead.
 */
async function refuseAnotherLake(store: Store, lakeRoot: string): Promise<void> {
  const apiLake = await readServiceSetting(store.db, "lake-root");
  if (apiLake === undefined || apiLake === lakeRoot) return;
  throw new ConfigError(
    `this worker's lake is ${lakeRoot}, but the API keeps datasets in ${apiLake}: give every process the same LAKE_URL (or LAKE_DIR, or npm start's DATA_DIR on the embedded default)`,
  );
}

/** The services both the API and a worker process need, over one store and the process's clock (aligned with the database's). */
function buildServices(config: Config, store: Store, clock: AlignedClock, blobAccount: BlobAccount, lakeRoot: string, secretsKey: Buffer, localWorkspaceUrl?: string) {
  const landingZone = new LandingZoneService(store, blobAccount, config.landingZone);
  const secretBox = new SecretBox(secretsKey);
  const schemas = new Schemas(store, Date.now);
  const datasets = new Datasets(store, schemas, lakeRoot, Date.now);
  // connections may name the local workspace this process started, over http, at its exact origin
  const allowedHosts = [...config.databricks.allowedHosts, ...(localWorkspaceUrl ? [localWorkspaceUrl] : [])];
  const connections = new ConnectionService({ store, secretBox, databricks: { ...config.databricks, allowedHosts }, datasets, landingZone });
  const mappingSets = new MappingSets(store, schemas, Date.now, sourceSampler(store, connections));
  // beyond AEP: a new staging SAS goes to the clusters of connections that opted in
  landingZone.onNewSas((scope, credentials) => connections.pushSasToClusters(scope, credentials));
  const dataflows = new DataflowService(store, secretBox, connections, config.runs, clock.now);
  return { landingZone, secretBox, schemas, datasets, mappingSets, connections, dataflows };
}

/**
 * A worker's secrets key: SECRETS_KEY, else the key file npm start made under the same DATA_DIR. A worker
 * never makes one: a key of its own could open none of the deployment's secrets (and left a keys folder behind).
 */
function workerSecretsKey(config: Config): Buffer {
  const key = config.secretsKey ?? loadKey(config.dataDir, "secrets");
  if (key) return key;
  throw new ConfigError(
    `no secrets key for this worker: SECRETS_KEY is not set and DATA_DIR (${config.dataDir}) holds no ${path.relative(config.dataDir, keyFile(config.dataDir, "secrets"))}; ` +
      "give the worker the DATA_DIR of npm start, or the SECRETS_KEY the API was given",
  );
}

/** `npm run worker`: a worker process without the API, sharing the store (PostgreSQL) with the others. */
export async function startWorkerProcess(config: Config, parts: { logger: Logger; blobAccount: BlobAccount }): Promise<{ lakeRoot: string; close(): Promise<void> }> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const clock = new AlignedClock(store, Date.now, parts.logger);
  const { lakeRoot, ...services } = await closingOnFailure(store, clock, async () => {
    const lakeRoot = await openLake(config);
    await migrateToLatest(store.db);
    // the local workspace `npm start` runs is allowed to this worker too: its URL is in the store
    const localWorkspaceUrl = config.databricks.local ? await readServiceSetting(store.db, "local-workspace-url") : undefined;
    const built = buildServices(config, store, clock, parts.blobAccount, lakeRoot, workerSecretsKey(config), localWorkspaceUrl);
    await proveSecretsKey(store, built.secretBox);
    await refuseAnotherLake(store, lakeRoot);
    await clock.start();
    return { ...built, lakeRoot };
  });
  const runParts = buildRunParts(config, { store, ...services, blobAccount: parts.blobAccount, lakeRoot, logger: parts.logger });
  const runtime = startRunRuntime({ ...runParts, store, settings: workerSettings(config), now: clock.now, logger: parts.logger });
  return {
    lakeRoot,
    close: async () => {
      await runtime.stop();
      clock.stop();
      await store.close();
    },
  };
}

export async function startService(
  config: Config,
  parts: {
    logger: Logger;
    blobAccount: BlobAccount;
    /** the URL of the local workspace this process started, if it did */
    localWorkspaceUrl?: string;
    /** where the embedded blob service listens: recorded so that workers of other processes find it */
    embeddedBlobEndpoint?: string;
    /** the lake's root when the caller opened it already (npm start, before its local workspace starts) */
    lakeRoot?: string;
    components?: () => Record<string, string>;
    /** failed token requests allowed per client id and per address in a window (tests shorten it) */
    tokenThrottle?: ThrottleSettings;
  },
): Promise<RunningService> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const clock = new AlignedClock(store, Date.now, parts.logger);
  return closingOnFailure(store, clock, async () => {
    const lakeRoot = parts.lakeRoot ?? (await openLake(config));
    await migrateToLatest(store.db);
    // before anything reads or writes the deployment's records with this start's blob service and lake
    await refuseSplitDeployment(store, { lakeRoot, embeddedBlobEndpoint: parts.embeddedBlobEndpoint });
    const signingKey = config.auth.tokenSigningKey
      ? Buffer.from(config.auth.tokenSigningKey)
      : loadOrCreateKey(config.dataDir, "token-signing");
    const tokens = new TokenIssuer(signingKey, config.auth.tokenTtlSeconds);
    // secrets at rest (connection tokens): SECRETS_KEY, else a key file generated on first start
    const secretsKey = config.secretsKey ?? loadOrCreateKey(config.dataDir, "secrets");
    const services = buildServices(config, store, clock, parts.blobAccount, lakeRoot, secretsKey, parts.localWorkspaceUrl);
    // before the first request: the blob service may have lost or changed a stored access policy
    await services.landingZone.reconcileWithStore();
    await proveSecretsKey(store, services.secretBox);
    // before the first request and the first tick: what is due is by the database's time
    await clock.start();
    const { connections, dataflows } = services;
    const runParts = buildRunParts(config, { store, ...services, blobAccount: parts.blobAccount, lakeRoot, logger: parts.logger });
    let runtime: RunRuntime | undefined;
    const runs = new RunService(
      store,
      dataflows,
      clock.now,
      () => runtime?.worker.poke(),
      (run) => {
        runtime?.worker.cancelled(run.id);
        parts.logger?.info(runFields(run), "run cancelled");
        // a run cancelled has failed: the flow's failure webhooks hear of it, as of any failed run
        void runParts.notifier.finished(run.id).catch((error) => parts.logger?.warn({ err: error, ...runFields(run) }, "notification failed"));
      },
    );
    const app = buildApp({
      logger: parts.logger,
      tokens,
      imsClient: config.auth,
      sandboxes: config.sandboxes,
      ...services,
      runs,
      lake: { store, lakeRoot },
      components: parts.components,
      http: config.http,
      tokenThrottle: parts.tokenThrottle,
      consolePage: { flowStartTimeToleranceSeconds: config.runs.startTimeToleranceSeconds, localWorkspaceUrl: parts.localWorkspaceUrl },
    });
    const url = await app.listen({ host: config.host, port: config.port });
    const stopServing = async () => {
      await app.close();
      await runtime?.stop();
    };
    try {
      if (config.runs.workerInProcess) runtime = startRunRuntime({ ...runParts, store, settings: workerSettings(config), now: clock.now, logger: parts.logger });
      dataflows.onScheduleChanged(() => runtime?.worker.poke());
      // last: a start that failed on the way (a port in use, say) leaves the running deployment's records alone
      await recordWhereThisStartRuns(store, { ...parts, lakeRoot });
    } catch (error) {
      await stopServing();
      throw error;
    }
    return {
      app,
      store,
      connections,
      dataflows,
      lakeRoot,
      runtime,
      url,
      close: async () => {
        await stopServing();
        clock.stop();
        await store.close();
      },
    };
  });
}

/** What workers of other processes read from the store: where this start's blob service, local workspace and lake are, all or none. */
async function recordWhereThisStartRuns(store: Store, started: { embeddedBlobEndpoint?: string; localWorkspaceUrl?: string; lakeRoot: string }): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    if (started.embeddedBlobEndpoint) await writeServiceSetting(trx, "embedded-blob-endpoint", started.embeddedBlobEndpoint);
    if (started.localWorkspaceUrl) await writeServiceSetting(trx, "local-workspace-url", started.localWorkspaceUrl);
    await writeServiceSetting(trx, "lake-root", started.lakeRoot);
  });
}

/** WEBHOOK_URL and SANDBOX_WEBHOOKS follow the rule a flow's webhooks do; a refused one stops start-up. */
function refuseConfiguredWebhooksOutsidePolicy(runs: Config["runs"]): void {
  for (const [sandbox, hooks] of Object.entries(runs.webhooks)) {
    hooks.forEach((hook, i) => {
      const refusal = webhookUrlRefusal(hook.url, runs);
      if (refusal) throw new ConfigError(`${sandbox === "*" ? "WEBHOOK_URL" : `SANDBOX_WEBHOOKS.${sandbox}[${i}].url`}: ${refusal}`);
    });
  }
}

/** The executor and notifier of runs, for the in-process worker and for `npm run worker`. */
export function buildRunParts(
  config: Config,
  parts: {
    store: Store;
    connections: ConnectionService;
    dataflows: DataflowService;
    landingZone: LandingZoneService;
    blobAccount: BlobAccount;
    /** the lake's root as openLake gave it */
    lakeRoot: string;
    logger: Logger;
  },
) {
  refuseConfiguredWebhooksOutsidePolicy(config.runs);
  const executor = createRunExecutor({
    store: parts.store,
    landingZone: parts.landingZone,
    blobAccount: parts.blobAccount,
    loadInputs: runInputsLoader(parts.store, parts.connections),
    settings: {
      lakeRoot: parts.lakeRoot,
      tempRoot: path.join(config.dataDir, "tmp", "runs"),
      clusterStartTimeoutMs: config.runs.clusterStartTimeoutMs,
      commandTimeoutMs: config.runs.exportTimeoutMs,
      requestTimeoutMs: config.databricks.requestTimeoutMs,
      ingestScratchBytes: config.runs.ingestScratchBytes,
      sharingKeyCheckBytes: config.runs.sharingKeyCheckBytes,
    },
    logger: parts.logger,
  });
  const outbox = new WebhookOutbox({
    store: parts.store,
    policy: config.runs,
    concurrency: config.runs.webhookConcurrency,
    tenantConcurrency: config.runs.webhookTenantConcurrency,
    leaseMs: config.runs.webhookLeaseMs,
    retentionMs: config.runs.webhookRetentionDays * 24 * 3_600_000,
    pollMs: Math.max(200, config.runs.pollMs),
    logger: parts.logger,
    // secrets stay sealed with their flow, or in configuration, until the moment of posting
    secretOf: async (ref, url) => {
      if (ref.startsWith("flow:")) {
        const flow = await findFlowById(parts.store.db, ref.slice("flow:".length));
        return flow && parts.dataflows.webhooksOf(flow).find((hook) => hook.url === url)?.secret;
      }
      return config.runs.webhooks[ref.slice("config:".length)]?.find((hook) => hook.url === url)?.secret;
    },
  });
  const notifier = new RunNotifier({
    store: parts.store,
    outbox,
    webhooksOf: (flow) => parts.dataflows.webhooksOf(flow),
    sandboxWebhooks: config.runs.webhooks,
    defaultDelayMinutes: config.runs.delayedRunThresholdMinutes,
    logger: parts.logger,
  });
  return { executor, notifier, outbox };
}

async function closingOnFailure<T>(store: Store, clock: AlignedClock, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    clock.stop();
    await store.close();
    throw error;
  }
}

/** A worker's settings: on the embedded default's SQLite every worker is on this host (a file in DATA_DIR). */
function workerSettings(config: Config) {
  return { ...config.runs, workersOnThisHostOnly: config.databaseUrl === undefined };
}
