/**
 * startLocalWorkspace: the embedded stand-in for an Azure Databricks workspace (see README.md).
 * Everything it keeps lives under <dataDir>/workspace: cluster.json (state, spark_conf; mode 0600),
 * tokens.json (personal access tokens' hashes and revocations; mode 0600),
 * warehouses.json (the SQL warehouses and their states),
 * metastore.json, warehouse/ (managed Delta tables) and tmp/ (DuckDB spill files, export staging).
 */
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import pino, { type Logger } from "pino";
import { buildApp } from "./app.js";
import { Metastore } from "./catalog/metastore.js";
import { TableLocations } from "./catalog/table-locations.js";
import { Cluster } from "./cluster/cluster.js";
import { CommandRunner } from "./engine/commands.js";
import { Engine } from "./engine/engine.js";
import type { WorkspaceParts } from "./exec/context.js";
import { seedDemo } from "./seed.js";
import { OAuthIssuer, type ServicePrincipal } from "./auth/oauth-issuer.js";
import { PersonalTokens } from "./auth/personal-tokens.js";
import { StatementRunner } from "./warehouses/statements.js";
import { Warehouses } from "./warehouses/warehouse.js";
import { demoSharing, type SharingSettings } from "./sharing/settings.js";
import { SharedTables } from "./sharing/shared-tables.js";
import { FileUrlSigner } from "./sharing/file-urls.js";
import { tableAnswers } from "./sharing/table-answers.js";
import { SHARING_PREFIX } from "./routes/delta-sharing.js";
import { listenUrl } from "../listen-url.js";

/** The service principal of a workspace started without one: for development only, like the default token. */
export const DEV_SERVICE_PRINCIPAL: ServicePrincipal = { clientId: "local-service-principal", clientSecret: "dose-local-dev-secret" };
const USER = "local-user@localhost";

export interface LocalWorkspaceOptions {
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** the personal access token clients send (Bearer); more are made with the Token API (POST /api/2.0/token/create) */
  token?: string;
  /** the service principal whose client id and secret get OAuth tokens at /oidc/v1/token (defaults: DEV_SERVICE_PRINCIPAL) */
  servicePrincipal?: ServicePrincipal;
  /** how long an OAuth token is accepted (default 3600 s, as Databricks) */
  oauthTokenLifetimeSeconds?: number;
  /** Unity Catalog catalogs there are besides the default one, created empty when absent (default ["main"]) */
  catalogs?: readonly string[];
  dataDir: string;
  /** "acct.blob.core.windows.net" → the account's blob endpoint, e.g. http://127.0.0.1:10000/acct */
  blobEndpointFor: (accountHost: string) => string;
  /** PENDING/RESTARTING → RUNNING after this long (default 3000) */
  clusterStartDelayMs?: number;
  /** TERMINATING → TERMINATED after this long (default: the start delay, at most 1000) */
  clusterTerminateDelayMs?: number;
  /** auto-termination of a new cluster after N idle minutes (0 = never; later edits win) */
  autoTerminationMinutes?: number;
  /**
   * folders outside the warehouse that path-based tables (delta.`/path`) and CREATE TABLE … LOCATION
   * may use; anything else, and dataDir outside the warehouse whatever is listed, is refused
   */
  tableRoots?: readonly string[];
  seedDemo?: boolean;
  /** rows of demo.customers (default 100,000) */
  seedRows?: number;
  logger?: Logger;
  clusterId?: string;
  defaultCatalog?: string;
  /** rows a table result carries before `truncated` (default 10,000) */
  maxResultRows?: number;
  /**
   * a slow export, for tests that must interrupt one: INSERT OVERWRITE DIRECTORY waits this long
   * before each write to storage (each part, then _SUCCESS); a cancel ends the wait (default 0)
   */
  exportWriteDelayMs?: number;
  /** the SQL warehouse made when absent (default "local-warehouse", STOPPED, auto-stop after 10 minutes) */
  warehouseId?: string;
  /** STARTING → RUNNING after this long (default: the cluster's start delay) */
  warehouseStartDelayMs?: number;
  /** auto_stop_mins of the warehouse made at first start (default 10; 0 = never) */
  warehouseAutoStopMinutes?: number;
  /** rows per result chunk of the Statement Execution API (default 100,000) */
  statementChunkRows?: number;
  /** how long a result's external link works (default 15 minutes) */
  resultLinkLifetimeMs?: number;
  /** the clock; tests move it to reach auto-termination */
  now?: () => number;
  /** Delta Sharing shares and recipients (default: none, or with seedDemo the demo share for the dev recipient) */
  sharing?: SharingSettings;
  /** the bearer token of the demo share's recipient, when `sharing` is not given (default DEV_SHARING_TOKEN) */
  sharingToken?: string;
}

export interface LocalWorkspace {
  url: string;
  clusterId: string;
  warehouseId: string;
  /** the `endpoint` of a Delta Sharing profile for this workspace */
  sharingEndpoint: string;
  /** how many OAuth tokens /oidc/v1/token has issued since start */
  oauthTokensIssued(): number;
  close(): Promise<void>;
}

export async function startLocalWorkspace(opts: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const logger = opts.logger ?? pino({ level: "silent" });
  const now = opts.now ?? Date.now;
  const root = path.join(opts.dataDir, "workspace");
  const tempDir = path.join(root, "tmp");
  mkdirSync(root, { recursive: true, mode: 0o700 });
  await rm(tempDir, { recursive: true, force: true }); // leftovers of an interrupted export
  mkdirSync(tempDir, { recursive: true });

  const startDelayMs = opts.clusterStartDelayMs ?? 3000;
  const cluster = new Cluster({
    file: path.join(root, "cluster.json"),
    clusterId: opts.clusterId ?? "local-cluster",
    startDelayMs,
    terminateDelayMs: opts.clusterTerminateDelayMs ?? Math.min(startDelayMs, 1000),
    autoTerminationMinutes: opts.autoTerminationMinutes ?? 0,
    now,
    user: USER,
  });
  const metastore = new Metastore(path.join(root, "metastore.json"), path.join(root, "warehouse"), opts.defaultCatalog ?? "hive_metastore", now());
  for (const name of opts.catalogs ?? ["main"]) {
    if (!metastore.findCatalog(name)) metastore.addCatalog({ name, createdAt: now() });
  }
  const oauth = new OAuthIssuer(opts.servicePrincipal ?? DEV_SERVICE_PRINCIPAL, opts.oauthTokenLifetimeSeconds ?? 3600, now);
  const locations = new TableLocations({ warehouse: metastore.warehouse, roots: opts.tableRoots ?? [], dataDir: opts.dataDir });
  const engine = await Engine.create(tempDir);
  const sharingSettings = opts.sharing ?? (opts.seedDemo ? demoSharing(metastore.defaultCatalog, opts.sharingToken) : { shares: [], recipients: [] });
  const sharedTables = new SharedTables(sharingSettings, metastore, now);
  const parts: WorkspaceParts = {
    metastore,
    locations,
    cluster,
    blobEndpointFor: opts.blobEndpointFor,
    tempDir,
    maxResultRows: opts.maxResultRows ?? 10_000,
    user: USER,
    sharedAs: (catalog, schema, table) => sharedTables.listedAs(catalog, schema, table),
    exportWriteDelayMs: opts.exportWriteDelayMs,
    logger,
    now,
    globalTempViews: new Map(),
  };
  const runner = new CommandRunner(cluster, engine, parts);
  const warehouses = new Warehouses({
    file: path.join(root, "warehouses.json"),
    startDelayMs: opts.warehouseStartDelayMs ?? startDelayMs,
    stopDelayMs: Math.min(opts.warehouseStartDelayMs ?? startDelayMs, 1000),
    now,
    user: USER,
  });
  const warehouseId = opts.warehouseId ?? "local-warehouse";
  warehouses.provide(warehouseId, "Local warehouse", opts.warehouseAutoStopMinutes ?? 10);
  const statements = new StatementRunner(engine, parts, warehouses, {
    chunkRows: opts.statementChunkRows ?? 100_000,
    pollMs: Math.max(10, Math.min(200, Math.round((opts.warehouseStartDelayMs ?? startDelayMs) / 10))),
    now,
  });
  try {
    if (opts.seedDemo) {
      const conn = await engine.connect();
      try {
        await seedDemo(
          { conn, session: { catalog: metastore.defaultCatalog, schema: "default" }, parts, signal: new AbortController().signal },
          opts.seedRows ?? 100_000,
        );
      } finally {
        conn.closeSync();
      }
    }
    const signer = new FileUrlSigner((sharingSettings.fileUrlLifetimeSeconds ?? 900) * 1000, now);
    const sharing = { tables: sharedTables, answers: tableAnswers(signer), signer, locations };
    const statementLinks = { linkLifetimeMs: opts.resultLinkLifetimeMs ?? 15 * 60_000, now };
    const tokens = new PersonalTokens(path.join(root, "tokens.json"), opts.token ?? "dapi-local-dev", now);
    const app = await buildApp({ tokens, oauth, metastore, user: USER, cluster, runner, warehouses, statements, statementLinks, logger, sharing });
    await app.listen({ host: opts.host ?? "127.0.0.1", port: opts.port ?? 8090 });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : opts.port;
    const url = listenUrl(opts.host, Number(port));
    return {
      url,
      clusterId: cluster.id,
      warehouseId,
      sharingEndpoint: `${url}${SHARING_PREFIX}`,
      oauthTokensIssued: () => oauth.issuedCount,
      close: async () => {
        await app.close();
        await statements.drain();
        await runner.drain();
        engine.close();
      },
    };
  } catch (e) {
    await statements.drain();
    await runner.drain();
    engine.close();
    throw e;
  }
}
