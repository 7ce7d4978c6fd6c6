/**
 * The command line's flags and their environment variables; a flag wins over its variable.
 */
import { parseArgs } from "node:util";

export interface Settings {
  url: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  sandbox: string;
  /** an access token to use instead of signing in with the client */
  token?: string;
  json: boolean;
  /** seconds between two looks at a watched run */
  interval: number;
}

export interface Invocation {
  words: string[];
  settings: Settings;
  help: boolean;
}

export class UsageError extends Error {}

const FLAGS = {
  url: { type: "string", env: "DATABRICKS_SOURCE_URL" },
  "client-id": { type: "string", env: "AUTH_CLIENT_ID" },
  "client-secret": { type: "string", env: "AUTH_CLIENT_SECRET" },
  org: { type: "string", env: "AUTH_ORG_ID" },
  sandbox: { type: "string", env: "SANDBOX_NAME" },
  token: { type: "string", env: "DATABRICKS_SOURCE_TOKEN" },
  interval: { type: "string", env: "WATCH_INTERVAL_SECONDS" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function readInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const pick = (name: keyof typeof FLAGS, fallback: string): string => {
    const flag = FLAGS[name];
    const value = values[name as keyof typeof values];
    if (typeof value === "string") return value;
    return ("env" in flag ? env[flag.env] : undefined) ?? fallback;
  };
  const interval = Number(pick("interval", "1"));
  if (!(interval > 0)) throw new UsageError(`--interval must be a number of seconds above 0, got ${pick("interval", "1")}`);
  const token = pick("token", "");
  return {
    words: positionals,
    help: values.help === true,
    settings: {
      url: pick("url", `http://127.0.0.1:${env.PORT ?? 8080}`).replace(/\/+$/, ""),
      clientId: pick("client-id", "dev-client"),
      clientSecret: pick("client-secret", "dev-secret"),
      orgId: pick("org", "DEV@AdobeOrg"),
      sandbox: pick("sandbox", "prod"),
      token: token === "" ? undefined : token,
      json: values.json === true,
      interval,
    },
  };
}
