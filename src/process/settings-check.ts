/**
 * What a service command can tell of its settings by itself — the development secret beyond
 * loopback, a DATABASE_URL that does not work, an API port in use — checked before the service's
 * modules (DuckDB, Azurite, the local workspace: over a second of CPU) load, so a wrong setting is
 * answered at once, and before anything is started or any store touched.
 */
import type { Config } from "../config.js";
import { checkDatabaseUrl } from "./database-check.js";
import { refuseExposedDevSecret } from "./dev-secret-check.js";
import { refusePortInUse } from "./listen-errors.js";

/** `command` is start, worker or migrate */
export async function checkSettings(command: string, config: Config): Promise<void> {
  if (command === "start") refuseExposedDevSecret(config);
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl);
  // a second start on a running deployment's port would otherwise migrate its store before failing
  if (command === "start") await refusePortInUse("PORT", config.host, config.port);
}
