/**
 * The command line's flags and their environment variables; a flag wins over its variable, and an
 * empty variable counts as unset. Each setting remembers where it came from, so that a message
 * about it names what to change (`--url` or `DATABRICKS_SOURCE_URL`).
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
  /** seconds between two looks at a watched run, as given: checked only by `runs watch` (watchIntervalSeconds) */
  interval: string;
  /** where each setting came from: its flag (`--url`), its variable (`DATABRICKS_SOURCE_URL`), or `default` */
  from: Record<SettingName, string>;
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

type SettingName = "url" | "client-id" | "client-secret" | "org" | "sandbox" | "token" | "interval";

/** `--url` or `DATABRICKS_SOURCE_URL`, for messages that tell where a setting is given */
export const flagOrVariable = (name: SettingName) => `--${name} or ${FLAGS[name].env}`;

export function readInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const given = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);
  const from = {} as Record<SettingName, string>;
  const pick = (name: SettingName, fallback: string): string => {
    const flag = given(values[name as keyof typeof values] as string | undefined);
    const variable = given(env[FLAGS[name].env]);
    from[name] = flag !== undefined ? `--${name}` : variable !== undefined ? FLAGS[name].env : "default";
    return flag ?? variable ?? fallback;
  };
  const port = given(env.PORT) ?? "8080";
  const url = pick("url", `http://127.0.0.1:${port}`).replace(/\/+$/, "");
  const settings: Settings = {
    url,
    clientId: pick("client-id", "dev-client"),
    clientSecret: pick("client-secret", "dev-secret"),
    orgId: pick("org", "DEV@AdobeOrg"),
    sandbox: pick("sandbox", "prod"),
    token: given(pick("token", "")),
    json: values.json === true,
    interval: pick("interval", "1"),
    from,
  };
  return { words: positionals, help: values.help === true, settings };
}

/**
 * The service's address, checked before a command calls it (not for --help): one without
 * http(s):// would fail to fetch and read as "cannot reach … is the service running?".
 */
export function checkAddress(settings: Settings): void {
  const { url } = settings;
  const source = settings.from.url === "default" ? "PORT" : settings.from.url;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === "http:" || protocol === "https:") return;
  if (source === "PORT") throw new UsageError(`PORT must be the service's port number (the default address is http://127.0.0.1:$PORT), got ${url.slice("http://127.0.0.1:".length)}`);
  throw new UsageError(`${source} must be the service's address starting with http:// or https:// (as http://127.0.0.1:8080), got ${url}`);
}

/** `runs watch`'s seconds between two looks, refused naming the flag or the variable it came from. */
export function watchIntervalSeconds(settings: Settings): number {
  const seconds = Number(settings.interval);
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    const source = settings.from.interval === "default" ? "--interval" : settings.from.interval;
    throw new UsageError(`${source} must be a number of seconds above 0, got ${settings.interval}`);
  }
  return seconds;
}
