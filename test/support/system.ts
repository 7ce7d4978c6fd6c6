/**
 * A whole service on loopback for integration tests: real Azurite (in memory, its own account),
 * a real store (a temp SQLite file or a fresh PostgreSQL database), the real HTTP app on a free port,
 * and on request the local Databricks workspace as a real HTTP server (seeded demo tables).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { type EmbeddedBlobService, type StorageAccount, startEmbeddedBlobService } from "../../local/azurite.js";
import { newEmbeddedAccount } from "../../local/embedded-account.js";
import { type LocalWorkspace, startLocalWorkspace } from "../../local/workspace/index.js";
import { loadConfig } from "../../src/config.js";
import { type BlobAccount, embeddedBlobAccount } from "../../src/landing-zone/blob-account.js";
import { createLogger } from "../../src/logger.js";
import { type RunningService, startService } from "../../src/service.js";
import type { ThrottleSettings } from "../../src/ims/failed-attempts.js";
import { migratedTestDatabase, placeMigratedSqlite } from "./migrated-stores.js";
import type { Dialect, TestDatabase } from "./postgres.js";

export interface TestSystem {
  url: string;
  account: StorageAccount;
  blobAccount: BlobAccount;
  blob: EmbeddedBlobService;
  service: RunningService;
  /** the local Databricks workspace, when started (option `workspace`) */
  workspace?: LocalWorkspace & { token: string; servicePrincipal: typeof WORKSPACE_PRINCIPAL };
  /** where datasets are kept as Delta tables: a folder, or the root URL of a folder of an Azurite container (option `lake`) */
  lakeDir: string;
  /** what a worker process needs to reach the same lake */
  lakeEnv: Record<string, string>;
  dataDir: string;
  /** the PostgreSQL database, when the dialect is postgres */
  databaseUrl?: string;
  /** every log line the service wrote */
  logs: string[];
  /** headers of an authenticated Platform call for a sandbox */
  headers(sandbox?: string): Promise<Record<string, string>>;
  /** start one more service process-alike on the same store and storage (a second server); `env` changes its settings (another DATA_DIR: another host) */
  startPeer(env?: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

export const TEST_CLIENT = { clientId: "test-client", clientSecret: "test-secret", orgId: "TEST@AdobeOrg" };
export const WORKSPACE_TOKEN = "dapi-test-workspace";
/** the local workspace's service principal (OAuth machine-to-machine) */
export const WORKSPACE_PRINCIPAL = { clientId: "test-service-principal", clientSecret: "dose-test-principal-secret" };

export interface TestWorkspaceOptions {
  /** rows of demo.customers (default 200: seeding stays fast) */
  seedRows?: number;
  /** PENDING/RESTARTING → RUNNING (default 30 ms) */
  clusterStartDelayMs?: number;
  clusterTerminateDelayMs?: number;
  /** how long the workspace's OAuth tokens are accepted (default 3600 s) */
  oauthTokenLifetimeSeconds?: number;
  /** rows per result chunk of the workspace's Statement Execution API (default 100,000) */
  statementChunkRows?: number;
  /** how long the cluster's exports wait before each write to storage (default 0) */
  exportWriteDelayMs?: number;
}

export async function startTestSystem(
  options: {
    dialect?: Dialect;
    env?: Record<string, string>;
    blob?: EmbeddedBlobService;
    account?: StorageAccount;
    /** also start the local Databricks workspace (seeded with the demo tables) */
    workspace?: boolean | TestWorkspaceOptions;
    /** failed token requests allowed per client id and per address in a window */
    tokenThrottle?: ThrottleSettings;
    /** where datasets live: a local folder (LAKE_DIR, the default) or a container of the test's Azurite (LAKE_URL) */
    lake?: TestLake;
  } = {},
): Promise<TestSystem> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-test-"));
  const lake = options.lake ?? DEFAULT_TEST_LAKE;
  const database: TestDatabase | undefined = options.dialect === "postgres" ? await migratedTestDatabase() : undefined;
  const account = options.account ?? newEmbeddedAccount();
  const blob = options.blob ?? (await startEmbeddedBlobService({ port: 0, accounts: [account] }));
  const env: Record<string, string | undefined> = {
    PORT: "0",
    DATA_DIR: dataDir,
    DATABASE_URL: database?.url,
    LOG_LEVEL: "info",
    AUTH_CLIENT_ID: TEST_CLIENT.clientId,
    AUTH_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    AUTH_ORG_ID: TEST_CLIENT.orgId,
    SANDBOXES: "prod,dev",
    ...(lake === "azurite" ? azuriteLakeEnv(blob, account) : {}),
    ...options.env,
  };
  if (env.DATABASE_URL === undefined && env.DATA_DIR === dataDir) placeMigratedSqlite(dataDir);
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const blobAccount = embeddedBlobAccount(account.name, account.key, blob.url);
  const workspaceOptions = options.workspace === true ? {} : options.workspace || undefined;
  const workspace = workspaceOptions
    ? {
        token: WORKSPACE_TOKEN,
        servicePrincipal: WORKSPACE_PRINCIPAL,
        ...(await startLocalWorkspace({
          port: 0,
          token: WORKSPACE_TOKEN,
          servicePrincipal: WORKSPACE_PRINCIPAL,
          oauthTokenLifetimeSeconds: workspaceOptions.oauthTokenLifetimeSeconds,
          statementChunkRows: workspaceOptions.statementChunkRows,
          exportWriteDelayMs: workspaceOptions.exportWriteDelayMs,
          dataDir,
          blobEndpointFor: (host) => `${blob.url}/${host.split(".")[0]}`,
          clusterStartDelayMs: workspaceOptions.clusterStartDelayMs ?? 30,
          clusterTerminateDelayMs: workspaceOptions.clusterTerminateDelayMs ?? 10,
          tableRoots: config.databricks.localTableRoots,
          seedDemo: true,
          seedRows: workspaceOptions.seedRows ?? 200,
        })),
      }
    : undefined;
  const start = (peerEnv?: Record<string, string>) => startService(peerEnv ? loadConfig({ ...env, ...peerEnv }) : config, { logger: createLogger(config.logLevel, sink), blobAccount, localWorkspaceUrl: workspace?.url, tokenThrottle: options.tokenThrottle });
  const service = await start();
  const peers: RunningService[] = [];
  let token: string | undefined;

  return {
    url: service.url,
    account,
    blobAccount,
    blob,
    service,
    workspace,
    lakeDir: service.lakeRoot,
    lakeEnv: lake === "azurite" ? azuriteLakeEnv(blob, account) : { LAKE_DIR: config.runs.lakeDir },
    dataDir,
    databaseUrl: database?.url,
    logs,
    async headers(sandbox = "prod") {
      token ??= await fetchToken(service.url);
      return {
        authorization: `Bearer ${token}`,
        "x-api-key": TEST_CLIENT.clientId,
        "x-gw-ims-org-id": TEST_CLIENT.orgId,
        "x-sandbox-name": sandbox,
      };
    },
    async startPeer(peerEnv) {
      const peer = await start(peerEnv);
      peers.push(peer);
      return peer;
    },
    async close() {
      for (const peer of peers) await peer.close();
      await service.close();
      await workspace?.close();
      if (!options.blob) await blob.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The settings of a worker process joining `system` as another host would: its store, its blob
 * account and its lake, with this process's DATA_DIR unless `settings` names another.
 */
export function workerProcessEnv(system: TestSystem, settings: Record<string, string> = {}): Record<string, string> {
  return {
    ...system.lakeEnv,
    DATA_DIR: system.dataDir,
    DATABASE_URL: system.databaseUrl!,
    AZURE_STORAGE_ACCOUNT: system.account.name,
    AZURE_STORAGE_KEY: system.account.key,
    AZURE_BLOB_ENDPOINT: `${system.blob.url}/${system.account.name}`,
    ...settings,
  };
}

export type TestLake = "local" | "azurite";
/** Every lake a scenario should pass on, for describe.each. */
export const TEST_LAKES: readonly TestLake[] = ["local", "azurite"];
/** the lake of a system that names none: TEST_LAKE=azurite runs any suite on an Azurite lake */
const DEFAULT_TEST_LAKE: TestLake = process.env.TEST_LAKE === "azurite" ? "azurite" : "local";

/** LAKE_URL naming the container `lake` of the test's Azurite, as the embedded default does (created at start, with the account key). */
export function azuriteLakeEnv(blob: EmbeddedBlobService, account: StorageAccount): Record<string, string> {
  return { LAKE_URL: `${blob.url}/${account.name}/lake`, LAKE_ACCOUNT_KEY: account.key };
}

export async function fetchToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/ims/token/v3`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
      scope: "openid,AdobeID",
    }),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
