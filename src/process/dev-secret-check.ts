/**
 * The client secret AUTH_CLIENT_SECRET defaults to is printed in the README: anyone who can reach
 * the token endpoint can get a token with it. It is fine for a service on loopback over embedded
 * parts; beyond loopback, or with production parts configured, `start` refuses it unless the
 * operator says otherwise with ALLOW_DEV_SECRET=true.
 */
import { type Config, ConfigError, DEV_CLIENT_SECRET, listensOnLoopback } from "../config.js";

export function refuseExposedDevSecret(config: Config): void {
  if (config.auth.allowDevSecret) return;
  if (config.auth.clientSecret !== DEV_CLIENT_SECRET) return;
  const exposure = !listensOnLoopback(config.host)
    ? `the API listens on HOST=${config.host}, beyond loopback`
    : !config.embeddedDefault || config.runs.lakeUrl
      ? "production parts are configured (DATABASE_URL, AZURE_STORAGE_ACCOUNT, LAKE_URL or DATABRICKS_LOCAL=false)"
      : undefined;
  if (!exposure) return;
  throw new ConfigError(
    `AUTH_CLIENT_SECRET is the built-in development secret and ${exposure}: ` +
      "set AUTH_CLIENT_SECRET to a secret of your own (e.g. `openssl rand -base64 32`), " +
      "or set ALLOW_DEV_SECRET=true to accept the development secret anyway",
  );
}
