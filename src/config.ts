/**
 * The one typed, frozen configuration object. Built from the environment at start-up (never at
 * import time) and passed down; a malformed value stops start-up with its variable's name.
 */
import { isIP } from "node:net";
import path from "node:path";
import { classifyAddress } from "./security/address-ranges.js";
import { fetchBlocksPort } from "./util/fetch-blocked-ports.js";
import { AUTOSTART_TIMEOUT_SETTING, CLUSTER_START_TIMEOUT_SETTING } from "./databricks/errors.js";
import { DEFAULT_SHARING_KEY_CHECK_BYTES } from "./runs/sharing-key-check-bytes.js";
import type { AzureLakeSettings } from "./lake/lake-location.js";
import { DEFAULT_WEBHOOK_LEASE_MS, MAX_WEBHOOK_LEASE_MS, MIN_WEBHOOK_LEASE_MS } from "./notifications/lease-length.js";

export interface StorageConfig {
  /** set: issue SAS for this real Azure Storage account; unset: the embedded Azurite */
  account?: string;
  key?: string;
  /** optional override of https://{account}.blob.core.windows.net */
  blobEndpoint?: string;
}

export interface Config {
  host: string;
  port: number;
  blobPort: number;
  dataDir: string;
  databaseUrl?: string;
  logLevel: string;
  /** LOG_FORMAT: pino's JSON lines, or text for a person at a terminal (log-text.ts) */
  logFormat: "json" | "text";
  /** true when nothing of production is configured: SQLite, the embedded Azurite, the local workspace */
  embeddedDefault: boolean;
  http: {
    /** an idle keep-alive socket is closed after this long */
    keepAliveTimeoutMs: number;
    /** the headers of a request must arrive within this long */
    headersTimeoutMs: number;
    /** a whole request (headers and body) must arrive within this long */
    requestTimeoutMs: number;
  };
  auth: {
    clientId: string;
    clientSecret: string;
    orgId: string;
    tokenTtlSeconds: number;
    /** AUTH_TOKEN_SIGNING_KEY: text of at least 32 bytes, the HS256 key as given; otherwise a key file under dataDir */
    tokenSigningKey?: string;
    /** ALLOW_DEV_SECRET: the operator accepts the built-in development secret beyond loopback or with production parts */
    allowDevSecret: boolean;
  };
  sandboxes: readonly string[];
  storage: StorageConfig;
  landingZone: {
    tokenTtlDays: number;
    refreshGraceSeconds: number;
    containerTtlDays: number;
  };
  databricks: {
    port: number;
    token: string;
    /** the local workspace's service principal: its OAuth client id and secret */
    localClientId: string;
    localClientSecret: string;
    /** how long the local workspace's OAuth tokens are accepted */
    localOAuthTokenLifetimeSeconds: number;
    /** the bearer token of the local workspace's Delta Sharing recipient (unset: the development token dss-local-dev) */
    localSharingToken?: string;
    clusterStartDelayMs: number;
    /** the rows of demo.customers the local workspace seeds when it has no demo tables yet */
    localDemoRows: number;
    /** false: do not start the local workspace (a real workspace is used) */
    local: boolean;
    /** one HTTP call to a workspace (clusters, command status) */
    requestTimeoutMs: number;
    /** one SQL command of explore, preview or a connection check, from context creation to result */
    commandTimeoutMs: number;
    /** how long explore with autoStart=true waits for a terminated cluster to come up */
    autoStartTimeoutMs: number;
    /**
     * Hosts a connection's `domain` may name (https only): Databricks' own domains plus
     * DATABRICKS_ALLOWED_HOSTS. A leading "*." matches any subdomain. The embedded default adds the
     * local workspace's own URL when it starts.
     */
    allowedHosts: readonly string[];
    /** folders besides its warehouse where the local workspace may read path-based tables and LOCATION */
    localTableRoots: readonly string[];
  };
  /** base64 of 32 bytes (SECRETS_KEY); unset: a key file under DATA_DIR/keys */
  secretsKey?: Buffer;
  runs: RunsConfig;
}

export interface RunsConfig {
  /** where datasets live as Delta tables (default DATA_DIR/lake) */
  lakeDir: string;
  /** LAKE_URL: datasets in a folder of an Azure Blob container instead of lakeDir */
  lakeUrl?: LakeUrlConfig;
  /** LAKE_DIR was given: the embedded default keeps datasets there instead of in its Azurite */
  lakeDirSet: boolean;
  /** run a worker inside the API process */
  workerInProcess: boolean;
  /** INGEST_SCRATCH_BYTES: the local disk one run's ingestion may fill (staged files read a group at a time) */
  ingestScratchBytes: number;
  leaseMs: number;
  pollMs: number;
  /** attempts of a run failing for cluster, storage or network reasons */
  maxAttempts: number;
  retryBackoffMs: number;
  /** how long a run waits for a terminated cluster to start */
  clusterStartTimeoutMs: number;
  /** one export command on the cluster */
  exportTimeoutMs: number;
  /** the most of a shared table's pinned version a change window downloads to check its keys */
  sharingKeyCheckBytes: number;
  /** how far in the past a new flow's startTime may lie */
  startTimeToleranceSeconds: number;
  /** the smallest interval of a minute schedule (AEP: 15; ours: 1) */
  minMinuteInterval: number;
  /** "running too long" notification, unless a flow sets its own */
  delayedRunThresholdMinutes: number;
  /** WEBHOOK_CONCURRENCY: webhook deliveries one process posts at once, each to a different URL */
  webhookConcurrency: number;
  /** WEBHOOK_TENANT_CONCURRENCY: how many deliveries one tenant (IMS org and sandbox) may have being posted at once by every process on the database, so one tenant's slow receivers hold up no other's */
  webhookTenantConcurrency: number;
  /** WEBHOOK_LEASE_MS: how long a process's claim holds a webhook delivery unrenewed (by the database's clock); renewed every third of it while posting */
  webhookLeaseMs: number;
  /** WEBHOOK_RETENTION_DAYS: how long a webhook delivery delivered or given up is kept; pending ones are kept until settled */
  webhookRetentionDays: number;
  /** webhooks that hear about every run of a sandbox's flows; "*" for every sandbox */
  webhooks: Record<string, Array<{ url: string; secret?: string }>>;
  /** WEBHOOK_ALLOWED_HOSTS: hosts a webhook may reach over plain http or at an internal address outside the embedded default */
  webhookAllowedHosts: readonly string[];
  /** the embedded default on loopback also takes http:// webhooks and internal addresses (local listeners); elsewhere https to public addresses only */
  webhooksUnrestricted: boolean;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function webhookLeaseMs(env: Env): number {
  const raw = optional(env, "WEBHOOK_LEASE_MS");
  if (raw === undefined) return DEFAULT_WEBHOOK_LEASE_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < MIN_WEBHOOK_LEASE_MS || value > MAX_WEBHOOK_LEASE_MS) {
    throw new ConfigError(
      `WEBHOOK_LEASE_MS must be a whole number of milliseconds from ${MIN_WEBHOOK_LEASE_MS} to ${MAX_WEBHOOK_LEASE_MS}, got "${raw}": the lease is renewed every third of it while a delivery is posted, so a shorter one leaves a renewal too little time to reach the database before the POST is cut off (default ${DEFAULT_WEBHOOK_LEASE_MS})`,
    );
  }
  return value;
}

function portNumber(env: Env, name: string, fallback: number): number {
  const port = integer(env, name, fallback);
  if (port > 65_535) throw new ConfigError(`${name} must be a port, 0 to 65535, got "${env[name]}"`);
  return port;
}

/** A port called with fetch, by this service or a browser: one fetch refuses to call is of no use. */
function fetchablePort(env: Env, name: string, fallback: number): number {
  const port = portNumber(env, name, fallback);
  if (fetchBlocksPort(port)) {
    throw new ConfigError(`${name} ${port} is a port that browsers and Node's fetch refuse to call (the Fetch standard's blocked ports): pick another, as ${fallback}`);
  }
  return port;
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === "" ? fallback : raw;
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === "" ? undefined : raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (also 1/0, yes/no, on/off), got "${raw}"`);
}

const SANDBOX_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function sandboxes(env: Env): string[] {
  const names = text(env, "SANDBOXES", "prod")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!SANDBOX_NAME.test(name)) throw new ConfigError(`SANDBOXES: "${name}" is not a valid sandbox name`);
  }
  if (!names.includes("prod")) names.unshift("prod");
  return names;
}

function storage(env: Env): StorageConfig {
  const account = optional(env, "AZURE_STORAGE_ACCOUNT");
  const key = optional(env, "AZURE_STORAGE_KEY");
  if ((account === undefined) !== (key === undefined)) {
    throw new ConfigError("AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY must be set together");
  }
  const blobEndpoint = optional(env, "AZURE_BLOB_ENDPOINT");
  if (blobEndpoint !== undefined && account === undefined) {
    throw new ConfigError("AZURE_BLOB_ENDPOINT is the endpoint of AZURE_STORAGE_ACCOUNT's account: set AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY with it, or unset it for the embedded blob service");
  }
  if (blobEndpoint !== undefined && !isHttpUrl(blobEndpoint)) {
    throw new ConfigError(`AZURE_BLOB_ENDPOINT must be an http(s) URL, e.g. https://${account}.blob.core.windows.net or an emulator's http://127.0.0.1:10000/${account}; got "${blobEndpoint}"`);
  }
  if (key !== undefined && !isBase64(key)) {
    throw new ConfigError("AZURE_STORAGE_KEY must be the account's key as the Azure portal shows it (base64), e.g. from az storage account keys list");
  }
  return { account, key, blobEndpoint };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0;
}

/** pino's levels, and silent */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function logLevel(env: Env): string {
  const level = text(env, "LOG_LEVEL", "info");
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${level}"`);
  return level;
}

/** LOG_FORMAT: text where standard output is a terminal, JSON lines otherwise (a file, a pipe, a log collector). */
function logFormat(env: Env): "json" | "text" {
  const format = text(env, "LOG_FORMAT", process.stdout.isTTY ? "text" : "json");
  if (format !== "json" && format !== "text") throw new ConfigError(`LOG_FORMAT must be json or text, got "${format}"`);
  return format;
}

/** LAKE_URL: the lake in a folder of a Blob container, with the account's key or a SAS */
export type LakeUrlConfig = AzureLakeSettings;

/**
 * LAKE_URL, as Databricks names ADLS folders (abfss://<container>@<account>.dfs.core.windows.net/<folder>,
 * wasbs:// alike) or as a Blob URL (https://<account>.blob.core.windows.net/<container>/<folder>, or an
 * emulator's path-style http://host:port/<account>/<container>/<folder>); with LAKE_ACCOUNT_KEY or LAKE_SAS.
 */
function lakeUrl(env: Env): LakeUrlConfig | undefined {
  const raw = optional(env, "LAKE_URL");
  if (raw === undefined) return undefined;
  if (optional(env, "LAKE_DIR") !== undefined) throw new ConfigError("LAKE_URL and LAKE_DIR name two lakes: set one of them");
  const accountKey = optional(env, "LAKE_ACCOUNT_KEY");
  const sas = optional(env, "LAKE_SAS")?.replace(/^\?/, "");
  if ((accountKey === undefined) === (sas === undefined)) throw new ConfigError("LAKE_URL needs exactly one of LAKE_ACCOUNT_KEY and LAKE_SAS");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`LAKE_URL is not a URL: "${raw}"`);
  }
  if (url.search) throw new ConfigError("LAKE_URL must not carry a query: put a SAS in LAKE_SAS");
  const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const azureHost = /^([a-z0-9]{3,24})\.(?:dfs|blob)\.(.+)$/.exec(url.hostname);
  let parsed: Omit<LakeUrlConfig, "accountKey" | "sas"> | undefined;
  if ((url.protocol === "abfss:" || url.protocol === "wasbs:") && azureHost && url.username) {
    parsed = { blobEndpoint: `https://${azureHost[1]}.blob.${azureHost[2]}`, account: azureHost[1], container: decodeURIComponent(url.username), folder: segments.join("/") };
  } else if (url.protocol === "https:" && azureHost && segments.length >= 1) {
    parsed = { blobEndpoint: `https://${azureHost[1]}.blob.${azureHost[2]}`, account: azureHost[1], container: segments[0], folder: segments.slice(1).join("/") };
  } else if ((url.protocol === "http:" || url.protocol === "https:") && !azureHost && segments.length >= 2) {
    parsed = { blobEndpoint: `${url.origin}/${segments[0]}`, account: segments[0], container: segments[1], folder: segments.slice(2).join("/") };
  }
  if (!parsed) {
    throw new ConfigError(
      "LAKE_URL must look like abfss://<container>@<account>.dfs.core.windows.net/<folder>, https://<account>.blob.core.windows.net/<container>/<folder>, " +
        "or an emulator's (Azurite's) path-style http://<host>:<port>/<account>/<container>/<folder>",
    );
  }
  if (accountKey !== undefined && !isBase64(accountKey)) {
    throw new ConfigError("LAKE_ACCOUNT_KEY must be the lake's storage account key as the Azure portal shows it (base64), e.g. from az storage account keys list");
  }
  return { ...parsed, ...(accountKey !== undefined ? { accountKey } : { sas }) };
}

function secretsKey(env: Env): Buffer | undefined {
  const raw = optional(env, "SECRETS_KEY");
  if (raw === undefined) return undefined;
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32 || key.toString("base64") !== raw.replace(/\s+/g, "")) {
    throw new ConfigError("SECRETS_KEY must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)");
  }
  return key;
}

/** HS256 takes a key of any length: a short one can be guessed offline from one token, and then any token forged. */
const MIN_TOKEN_SIGNING_KEY_BYTES = 32;

function tokenSigningKey(env: Env): string | undefined {
  const raw = optional(env, "AUTH_TOKEN_SIGNING_KEY");
  if (raw === undefined) return undefined;
  const bytes = Buffer.byteLength(raw);
  if (bytes < MIN_TOKEN_SIGNING_KEY_BYTES) {
    throw new ConfigError(
      `AUTH_TOKEN_SIGNING_KEY must be at least ${MIN_TOKEN_SIGNING_KEY_BYTES} bytes, got ${bytes}: make one with \`openssl rand -base64 32\` (or leave it unset for a key file under DATA_DIR/keys)`,
    );
  }
  return raw;
}

/**
 * WEBHOOK_URL (+ WEBHOOK_SECRET) hears about every sandbox; SANDBOX_WEBHOOKS, a JSON object
 * {"<sandbox>": [{"url", "secret"?}]}, about one sandbox each.
 */
/** The development defaults of the local IMS client and the local workspace: printed in the README, never secret. */
export const DEV_CLIENT_SECRET = "dev-secret";
export const DEV_WORKSPACE_TOKEN = "dapi-local-dev";
export const DEV_WORKSPACE_CLIENT_ID = "local-service-principal";
export const DEV_WORKSPACE_CLIENT_SECRET = "dose-local-dev-secret";

/** INGEST_SCRATCH_BYTES when unset: 2 GiB */
export const DEFAULT_INGEST_SCRATCH_BYTES = 2 * 1024 ** 3;

/** Databricks' own workspace domains: Azure, AWS and GCP. */
/** HOST keeps the API to this machine: only its own programs reach it (a name other than localhost is looked up, and may lead anywhere) */
export function listensOnLoopback(host: string): boolean {
  return isIP(host) ? classifyAddress(host)?.category === "loopback" : host.toLowerCase() === "localhost";
}

export const DATABRICKS_HOSTS = ["*.azuredatabricks.net", "*.cloud.databricks.com", "*.gcp.databricks.com"];

function list(env: Env, name: string): string[] {
  return (optional(env, name) ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function sandboxWebhooks(env: Env): Record<string, Array<{ url: string; secret?: string }>> {
  const hooks: Record<string, Array<{ url: string; secret?: string }>> = {};
  const url = optional(env, "WEBHOOK_URL");
  if (url) hooks["*"] = [{ url, secret: optional(env, "WEBHOOK_SECRET") }];
  const raw = optional(env, "SANDBOX_WEBHOOKS");
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError("SANDBOX_WEBHOOKS must be JSON: {\"<sandbox>\": [{\"url\": \"https://…\", \"secret\": \"…\"}]}");
    }
    for (const [sandbox, list] of Object.entries(parsed as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.some((h) => typeof h?.url !== "string" || !/^https?:\/\//.test(h.url))) {
        throw new ConfigError(`SANDBOX_WEBHOOKS.${sandbox} must be a list of {"url": "http(s)://…", "secret"?}`);
      }
      hooks[sandbox] = [...(hooks[sandbox] ?? []), ...list.map((h) => ({ url: h.url as string, secret: typeof h.secret === "string" ? h.secret : undefined }))];
    }
  }
  return hooks;
}

export function loadConfig(env: Env = process.env): Config {
  const storageConfig = storage(env);
  const databaseUrl = optional(env, "DATABASE_URL");
  const databricksLocal = flag(env, "DATABRICKS_LOCAL", true);
  const embeddedDefault = databaseUrl === undefined && storageConfig.account === undefined && databricksLocal;
  const host = text(env, "HOST", "127.0.0.1");
  const config: Config = {
    host,
    port: fetchablePort(env, "PORT", 8080),
    blobPort: portNumber(env, "BLOB_PORT", 10000),
    dataDir: path.resolve(text(env, "DATA_DIR", "./.data")),
    databaseUrl,
    logLevel: logLevel(env),
    logFormat: logFormat(env),
    embeddedDefault,
    http: {
      keepAliveTimeoutMs: integer(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", 5_000, 1),
      headersTimeoutMs: integer(env, "HTTP_HEADERS_TIMEOUT_MS", 10_000, 1),
      requestTimeoutMs: integer(env, "HTTP_REQUEST_TIMEOUT_MS", 30_000, 1),
    },
    auth: {
      clientId: text(env, "AUTH_CLIENT_ID", "dev-client"),
      clientSecret: text(env, "AUTH_CLIENT_SECRET", DEV_CLIENT_SECRET),
      orgId: text(env, "AUTH_ORG_ID", "DEV@AdobeOrg"),
      tokenTtlSeconds: 86399,
      tokenSigningKey: tokenSigningKey(env),
      allowDevSecret: flag(env, "ALLOW_DEV_SECRET", false),
    },
    sandboxes: sandboxes(env),
    storage: storageConfig,
    landingZone: {
      tokenTtlDays: integer(env, "DLZ_TOKEN_TTL_DAYS", 7, 1),
      refreshGraceSeconds: integer(env, "DLZ_REFRESH_GRACE_SECONDS", 0),
      containerTtlDays: integer(env, "DLZ_CONTAINER_TTL_DAYS", 7, 1),
    },
    databricks: {
      port: fetchablePort(env, "DATABRICKS_PORT", 8090),
      token: text(env, "DATABRICKS_TOKEN", DEV_WORKSPACE_TOKEN),
      localClientId: text(env, "DATABRICKS_LOCAL_CLIENT_ID", DEV_WORKSPACE_CLIENT_ID),
      localClientSecret: text(env, "DATABRICKS_LOCAL_CLIENT_SECRET", DEV_WORKSPACE_CLIENT_SECRET),
      localOAuthTokenLifetimeSeconds: integer(env, "DATABRICKS_LOCAL_OAUTH_TOKEN_SECONDS", 3600, 1),
      localSharingToken: optional(env, "DATABRICKS_LOCAL_SHARING_TOKEN"),
      clusterStartDelayMs: integer(env, "DATABRICKS_CLUSTER_START_DELAY_MS", 3000),
      localDemoRows: integer(env, "DATABRICKS_LOCAL_DEMO_ROWS", 100_000, 1),
      local: databricksLocal,
      requestTimeoutMs: integer(env, "DATABRICKS_REQUEST_TIMEOUT_MS", 30_000, 1),
      commandTimeoutMs: integer(env, "DATABRICKS_COMMAND_TIMEOUT_MS", 120_000, 1),
      autoStartTimeoutMs: integer(env, AUTOSTART_TIMEOUT_SETTING, 600_000, 1),
      allowedHosts: [...DATABRICKS_HOSTS, ...list(env, "DATABRICKS_ALLOWED_HOSTS")],
      localTableRoots: list(env, "DATABRICKS_LOCAL_TABLE_ROOTS").map((root) => path.resolve(root)),
    },
    secretsKey: secretsKey(env),
    runs: {
      lakeDir: path.resolve(text(env, "LAKE_DIR", path.join(text(env, "DATA_DIR", "./.data"), "lake"))),
      lakeUrl: lakeUrl(env),
      lakeDirSet: optional(env, "LAKE_DIR") !== undefined,
      workerInProcess: flag(env, "RUN_WORKER", true),
      leaseMs: integer(env, "RUN_LEASE_MS", 60_000, 1_000),
      pollMs: integer(env, "RUN_POLL_MS", 1_000, 10),
      ingestScratchBytes: integer(env, "INGEST_SCRATCH_BYTES", DEFAULT_INGEST_SCRATCH_BYTES, 3),
      maxAttempts: integer(env, "RUN_MAX_ATTEMPTS", 3, 1),
      retryBackoffMs: integer(env, "RUN_RETRY_BACKOFF_MS", 30_000, 0),
      clusterStartTimeoutMs: integer(env, CLUSTER_START_TIMEOUT_SETTING, 20 * 60_000, 1),
      exportTimeoutMs: integer(env, "RUN_EXPORT_TIMEOUT_MS", 2 * 3_600_000, 1),
      sharingKeyCheckBytes: integer(env, "RUN_SHARING_KEY_CHECK_BYTES", DEFAULT_SHARING_KEY_CHECK_BYTES),
      startTimeToleranceSeconds: integer(env, "FLOW_START_TIME_TOLERANCE_SECONDS", 3600),
      minMinuteInterval: integer(env, "FLOW_MIN_MINUTE_INTERVAL", 1, 1),
      delayedRunThresholdMinutes: integer(env, "RUN_DELAY_THRESHOLD_MINUTES", 150, 1),
      webhookConcurrency: integer(env, "WEBHOOK_CONCURRENCY", 8, 1),
      webhookTenantConcurrency: integer(env, "WEBHOOK_TENANT_CONCURRENCY", 2, 1),
      webhookLeaseMs: webhookLeaseMs(env),
      webhookRetentionDays: integer(env, "WEBHOOK_RETENTION_DAYS", 7, 1),
      webhooks: sandboxWebhooks(env),
      webhookAllowedHosts: list(env, "WEBHOOK_ALLOWED_HOSTS"),
      webhooksUnrestricted: embeddedDefault && listensOnLoopback(host),
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
