/**
 * A wrong setting stops `start` and `migrate` with one line, "configuration error: …", naming the
 * variable and what it takes, and exit code 1: never a stack trace, never a message about
 * something the setting only led to.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unusedPort } from "../support/aep-calls.js";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { cliArgs } from "../support/built-scripts.js";
import { runToEnd } from "../support/journey-check.js";
import { createTestDatabase } from "../support/postgres.js";

const ADMIN_URL = new URL(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const dataDir = mkdtempSync(path.join(tmpdir(), "ds-config-"));
const KEY = Buffer.alloc(64, 7).toString("base64");
const base = { DATA_DIR: dataDir, PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", AUTH_CLIENT_SECRET: "config-secret" };
/** what listening beyond loopback takes: secrets of the operator's own, a client secret long enough among them */
const OWN_SECRETS = {
  AUTH_CLIENT_SECRET: "config-secret-of-the-operator",
  DATABRICKS_TOKEN: "dapi-config-own",
  DATABRICKS_LOCAL_CLIENT_SECRET: "config-principal-secret",
  DATABRICKS_LOCAL_SHARING_TOKEN: "config-sharing-token",
};

function databaseUrl(database: string, port = ADMIN_URL.port || "5432"): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  url.port = port;
  return url.toString();
}

const cli = (command: string, env: Record<string, string>) => runToEnd(process.execPath, [...cliArgs(), command], { cwd: REPO_ROOT, env: { ...base, ...env }, timeoutMs: 60_000 });

describe("configuration errors", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const cases: Array<[string, string, () => Promise<Record<string, string>>, string]> = [
    ["migrate", "a DATABASE_URL that is not a URL", async () => ({ DATABASE_URL: "notaurl" }), "DATABASE_URL is not a URL: expected postgres://"],
    ["migrate", "a database that does not exist", async () => ({ DATABASE_URL: databaseUrl("ds_no_such_database") }), "the database ds_no_such_database does not exist"],
    ["migrate", "a server that does not answer", async () => ({ DATABASE_URL: databaseUrl("x", String(await unusedPort())) }), "cannot be reached (ECONNREFUSED)"],
    ["start", "a LOG_LEVEL that is no level", async () => ({ LOG_LEVEL: "bogus" }), 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "bogus"'],
    ["start", "a HOST that is no address", async () => ({ ...OWN_SECRETS, HOST: "999.1.1.1" }), "HOST: 999.1.1.1 is neither an IP address nor a name this machine resolves"],
    // the embedded default lets webhooks reach this machine's own listeners only while nothing but this machine reaches its API
    ["start", "a loopback WEBHOOK_URL on an embedded default listening beyond loopback", async () => ({ ...OWN_SECRETS, HOST: "0.0.0.0", WEBHOOK_URL: "http://127.0.0.1:9/hook" }), "WEBHOOK_URL: A webhook must use https; plain http is taken only on the embedded default listening on loopback (HOST 127.0.0.1)"],
  ];
  it.each(cases)("%s with %s says so in one line", async (command, _what, env, expected) => {
    const finished = await cli(command, await env());
    expect(finished.code, finished.stderr).toBe(1);
    const lines = finished.stderr.trim().split("\n");
    expect(lines, finished.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^configuration error: /);
    expect(lines[0]).toContain(expected);
  }, 60_000);

  it("start with a LAKE_URL whose storage does not answer says so before its local workspace starts", async () => {
    const ownDataDir = mkdtempSync(path.join(tmpdir(), "ds-config-lake-"));
    try {
      const finished = await cli("start", { DATA_DIR: ownDataDir, LAKE_URL: `http://127.0.0.1:${await unusedPort()}/acct/datasets/lake`, LAKE_ACCOUNT_KEY: KEY });
      expect(finished.code, finished.stderr).toBe(1);
      expect(finished.stderr.trim()).toMatch(/^configuration error: LAKE_URL: cannot reach the container "datasets"/);
      // the local workspace keeps its tables under DATA_DIR/workspace: none made for a start that could not work
      expect(existsSync(path.join(ownDataDir, "workspace"))).toBe(false);
    } finally {
      rmSync(ownDataDir, { recursive: true, force: true });
    }
  }, 60_000);

  // the settings read before anything starts: refused by loadConfig with the ConfigError that start prints as its one line (LOG_LEVEL above)
  it.each([
    [{ AZURE_STORAGE_ACCOUNT: "opsacct", AZURE_STORAGE_KEY: KEY, AZURE_BLOB_ENDPOINT: "notaurl" }, "AZURE_BLOB_ENDPOINT must be an http(s) URL"],
    [{ AZURE_BLOB_ENDPOINT: "http://127.0.0.1:10000/opsacct" }, "AZURE_BLOB_ENDPOINT is the endpoint of AZURE_STORAGE_ACCOUNT's account"],
    [{ AZURE_STORAGE_ACCOUNT: "opsacct", AZURE_STORAGE_KEY: "not a key!" }, "AZURE_STORAGE_KEY must be the account's key"],
    [{ LAKE_URL: "https://opsacct.blob.core.windows.net/lake", LAKE_ACCOUNT_KEY: "notbase64!!" }, "LAKE_ACCOUNT_KEY must be the lake's storage account key as the Azure portal shows it (base64)"],
    [{ RUN_WORKER: "maybe" }, 'RUN_WORKER must be true or false (also 1/0, yes/no, on/off), got "maybe"'],
    [{ LOG_FORMAT: "pretty" }, 'LOG_FORMAT must be json or text, got "pretty"'],
    [{ AUTH_TOKEN_SIGNING_KEY: "x" }, "AUTH_TOKEN_SIGNING_KEY must be at least 32 bytes, got 1: make one with `openssl rand -base64 32`"],
    [{ AUTH_TOKEN_SIGNING_KEY: "k".repeat(31) }, "AUTH_TOKEN_SIGNING_KEY must be at least 32 bytes, got 31"],
    // a browser could not open the console there, nor this service's fetch reach the workspace
    [{ PORT: "6000" }, "PORT 6000 is a port that browsers and Node's fetch refuse to call (the Fetch standard's blocked ports): pick another, as 8080"],
    [{ DATABRICKS_PORT: "5061" }, "DATABRICKS_PORT 5061 is a port that browsers and Node's fetch refuse to call"],
    [{ BLOB_PORT: "70000" }, 'BLOB_PORT must be a port, 0 to 65535, got "70000"'],
    // a lease renewed every third of it, its POST cut off a sixth before it ends: too short, and a renewal cannot reach the database in time
    [{ WEBHOOK_LEASE_MS: "500" }, 'WEBHOOK_LEASE_MS must be a whole number of milliseconds from 1000 to 2147483647, got "500": the lease is renewed every third of it'],
    [{ WEBHOOK_LEASE_MS: "0" }, 'WEBHOOK_LEASE_MS must be a whole number of milliseconds from 1000 to 2147483647, got "0"'],
    [{ WEBHOOK_LEASE_MS: "-5000" }, 'got "-5000"'],
    [{ WEBHOOK_LEASE_MS: "5s" }, 'WEBHOOK_LEASE_MS must be a whole number of milliseconds from 1000 to 2147483647, got "5s"'],
    [{ WEBHOOK_LEASE_MS: "2500.5" }, 'got "2500.5"'],
    // longer than Node's timers wait: they would fire at once and cut every POST off
    [{ WEBHOOK_LEASE_MS: "3000000000" }, 'got "3000000000"'],
  ])("refuses %o before starting anything", (env, expected) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(expected);
  });

  it("migrate says which store it migrated: the SQLite one under DATA_DIR unless DATABASE_URL names PostgreSQL, its password not shown", async () => {
    const sqlite = await cli("migrate", { DATA_DIR: path.join(dataDir, "migrated") });
    expect(sqlite.code, sqlite.stderr).toBe(0);
    expect(sqlite.stdout).toMatch(/^SQLite under DATA_DIR \S+migrated \(set DATABASE_URL for PostgreSQL\): applied \d{4}_/);
    const database = await createTestDatabase();
    try {
      // trust authentication takes any password
      const withPassword = new URL(database.url);
      withPassword.password = "not-shown";
      const postgres = await cli("migrate", { DATABASE_URL: withPassword.toString() });
      expect(postgres.code, postgres.stderr).toBe(0);
      expect(postgres.stdout).toMatch(/^PostgreSQL postgres:\/\/\S+:\*\*\*@\S+: applied \d{4}_/);
      expect(postgres.stdout).not.toContain("not-shown");
    } finally {
      await database.drop();
    }
  }, 60_000);

  it("keeps webhooks unrestricted only for an embedded default on loopback", () => {
    expect(loadConfig(base).runs.webhooksUnrestricted).toBe(true);
    expect(loadConfig({ ...base, HOST: "localhost" }).runs.webhooksUnrestricted).toBe(true);
    expect(loadConfig({ ...base, HOST: "0.0.0.0" }).runs.webhooksUnrestricted).toBe(false);
    expect(loadConfig({ ...base, HOST: "192.168.1.20" }).runs.webhooksUnrestricted).toBe(false);
    expect(loadConfig({ ...base, HOST: "::1" }).runs.webhooksUnrestricted).toBe(true);
    expect(loadConfig({ ...base, HOST: "127.0.0.2" }).runs.webhooksUnrestricted).toBe(true);
    // no address but a name, which whatever resolves names may answer with any address
    expect(loadConfig({ ...base, HOST: "127.300.0.1" }).runs.webhooksUnrestricted).toBe(false);
    expect(loadConfig({ ...base, DATABRICKS_LOCAL: "false" }).runs.webhooksUnrestricted).toBe(false);
  });

  it("takes a WEBHOOK_LEASE_MS of a second or more, 5 s when unset", () => {
    expect(loadConfig(base).runs.webhookLeaseMs).toBe(5_000);
    expect(loadConfig({ ...base, WEBHOOK_LEASE_MS: "1000" }).runs.webhookLeaseMs).toBe(1_000);
    expect(loadConfig({ ...base, WEBHOOK_LEASE_MS: "30000" }).runs.webhookLeaseMs).toBe(30_000);
  });

  it("takes an AUTH_TOKEN_SIGNING_KEY made as the error says, as given", () => {
    const key = randomBytes(32).toString("base64");
    expect(loadConfig({ ...base, AUTH_TOKEN_SIGNING_KEY: key }).auth.tokenSigningKey).toBe(key);
  });
});
