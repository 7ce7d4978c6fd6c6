/**
 * The product itself, without any embedded stand-in: the store, the keys, the landing zones and
 * the HTTP API. cli.ts decides which blob account it gets (Azurite or real Azure).
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { TokenIssuer } from "./auth/tokens.js";
import type { Config } from "./config.js";
import { FlowService } from "./flowservice/index.js";
import { buildApp } from "./http/app.js";
import type { BlobAccount } from "./landing-zone/blob-account.js";
import { LandingZoneService } from "./landing-zone/service.js";
import { loadOrCreateKey } from "./security/key-file.js";
import { SecretBox } from "./security/secret-box.js";
import { openStore, type Store } from "./store/database.js";
import { migrateToLatest } from "./store/migrate.js";

export interface RunningService {
  app: FastifyInstance;
  store: Store;
  flowService: FlowService;
  url: string;
  close(): Promise<void>;
}

export async function startService(
  config: Config,
  parts: { logger: Logger; blobAccount: BlobAccount; components?: () => Record<string, string> },
): Promise<RunningService> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(store.db);
    const signingKey = config.auth.tokenSigningKey
      ? Buffer.from(config.auth.tokenSigningKey)
      : loadOrCreateKey(config.dataDir, "token-signing");
    const tokens = new TokenIssuer(signingKey, config.auth.tokenTtlSeconds);
    const landingZone = new LandingZoneService(store, parts.blobAccount, config.landingZone);
    // secrets at rest (connection tokens): SECRETS_KEY, else a key file generated on first start
    const secretBox = new SecretBox(config.secretsKey ?? loadOrCreateKey(config.dataDir, "secrets"));
    const flowService = new FlowService({ store, secretBox, databricks: config.databricks });
    const app = buildApp({
      logger: parts.logger,
      tokens,
      imsClient: config.auth,
      sandboxes: config.sandboxes,
      landingZone,
      flowService,
      components: parts.components,
    });
    const url = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      store,
      flowService,
      url,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
