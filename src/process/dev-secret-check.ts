/**
 * The client secret AUTH_CLIENT_SECRET defaults to is printed in the README: anyone who can reach
 * the token endpoint can get a token with it. It is fine for a service on loopback over embedded
 * parts; beyond loopback, or with production parts configured, `start` refuses it unless the
 * operator says otherwise with ALLOW_DEV_SECRET=true. So are the local workspace's built-in token,
 * service principal secret and sharing recipient's token beyond loopback (anyone reaching the
 * workspace could read or run SQL with them), and, beyond loopback, an AUTH_CLIENT_SECRET too short
 * to resist guessing.
 */
import { type Config, ConfigError, DEV_CLIENT_SECRET, DEV_WORKSPACE_CLIENT_SECRET, DEV_WORKSPACE_TOKEN, listensOnLoopback } from "../config.js";

/** The fewest characters a client secret has beyond loopback (`openssl rand -base64 32` gives 44). */
export const MIN_EXPOSED_SECRET_LENGTH = 16;

const OWN_SECRET = "`openssl rand -base64 32`";

export function refuseExposedDevSecret(config: Config): void {
  if (config.auth.allowDevSecret) return;
  const beyondLoopback = !listensOnLoopback(config.host);
  if (config.auth.clientSecret === DEV_CLIENT_SECRET) {
    const exposure = beyondLoopback
      ? `the API listens on HOST=${config.host}, beyond loopback`
      : !config.embeddedDefault || config.runs.lakeUrl
        ? "production parts are configured (DATABASE_URL, AZURE_STORAGE_ACCOUNT, LAKE_URL or DATABRICKS_LOCAL=false)"
        : undefined;
    if (exposure) {
      throw new ConfigError(
        `AUTH_CLIENT_SECRET is the built-in development secret and ${exposure}: ` +
          `set AUTH_CLIENT_SECRET to a secret of your own (e.g. ${OWN_SECRET}), or set ALLOW_DEV_SECRET=true to accept the development secret anyway`,
      );
    }
  }
  if (!beyondLoopback) return;
  if (config.auth.clientSecret.length < MIN_EXPOSED_SECRET_LENGTH) {
    throw new ConfigError(
      `AUTH_CLIENT_SECRET has ${config.auth.clientSecret.length} characters and the API listens on HOST=${config.host}, beyond loopback: ` +
        `give it at least ${MIN_EXPOSED_SECRET_LENGTH} (e.g. ${OWN_SECRET}), or set ALLOW_DEV_SECRET=true to accept it anyway`,
    );
  }
  if (!config.databricks.local) return;
  const builtIn = [
    ...(config.databricks.token === DEV_WORKSPACE_TOKEN ? ["DATABRICKS_TOKEN"] : []),
    ...(config.databricks.localClientSecret === DEV_WORKSPACE_CLIENT_SECRET ? ["DATABRICKS_LOCAL_CLIENT_SECRET"] : []),
    // its Delta Sharing recipient's token, built in when none is given
    ...(config.databricks.localSharingToken === undefined ? ["DATABRICKS_LOCAL_SHARING_TOKEN"] : []),
  ];
  if (builtIn.length === 0) return;
  const named = builtIn.length > 1 ? `${builtIn.slice(0, -1).join(", ")} and ${builtIn.at(-1)}` : builtIn[0];
  throw new ConfigError(
    `the local workspace listens on HOST=${config.host}, beyond loopback, and ${named} ${builtIn.length > 1 ? "are" : "is"} built in (printed in the README): ` +
      `anyone who reaches it could read or run SQL with ${builtIn.length > 1 ? "them" : "it"}. Set ${named} to ${builtIn.length > 1 ? "secrets" : "a secret"} of your own, ` +
      "set DATABRICKS_LOCAL=false with a real workspace, or set ALLOW_DEV_SECRET=true to accept the built-in ones anyway",
  );
}
