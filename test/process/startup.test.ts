/**
 * What a process says when it cannot start, what its ready line shows, and how it stops: the real
 * `start` and `worker` commands in child processes.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "../support/postgres.js";
import { runToEnd as runCommand } from "../support/journey-check.js";
import { cliArgs } from "../support/built-scripts.js";
import { startCli, startNpm } from "../support/process.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { startTestSystem, type TestSystem, workerProcessEnv } from "../support/system.js";
import { openStore } from "../../src/store/database.js";
import { readServiceSetting } from "../../src/store/service-settings.repository.js";
import { loadOrCreateEmbeddedAccount } from "../../local/embedded-account.js";

const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ds-startup-"));
  dirs.push(dir);
  return dir;
};
const EMBEDDED = { PORT: "0", BLOB_PORT: "0", DATABRICKS_PORT: "0", DATABRICKS_CLUSTER_START_DELAY_MS: "100" };
/** with a DATABASE_URL the development secret is refused: these starts bring a secret of their own */
const WITH_OWN_SECRET = { ...EMBEDDED, AUTH_CLIENT_SECRET: "the-operator-s-secret" };

/**
 * The groups and their tests run side by side (up to five at a time), each with its own ports, data
 * directory and database: one process start waits on the disk, ports and PostgreSQL while another
 * works. Several starts sharing two cores each take longer, hence the longer waits for a process.
 */
const SIDE_BY_SIDE = { concurrent: true, timeout: 180_000 };
const READY_WITHIN_MS = 120_000;

/** Runs a command of the CLI to its end; its exit code and everything it printed. */
async function runToEnd(command: string, env: Record<string, string>, timeoutMs = READY_WITHIN_MS): Promise<{ code: number | null; output: string }> {
  const finished = await runCommand(process.execPath, [...cliArgs(), command], { cwd: REPO_ROOT, env, timeoutMs });
  return { code: finished.code, output: finished.stdout + finished.stderr };
}

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** The tables of a database's public schema. */
async function tablesOf(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The local workspace URL npm start recorded in the store for workers to allow. */
async function recordedWorkspaceUrl(databaseUrl: string): Promise<string | undefined> {
  const store = openStore({ databaseUrl, dataDir: newDataDir() });
  try {
    return await readServiceSetting(store.db, "local-workspace-url");
  } finally {
    await store.close();
  }
}

const answers = (url: string) => fetch(url).then(
  () => true,
  () => false,
);

/** A 32-byte SECRETS_KEY, every byte `byte`: keys that differ by their byte cannot open each other's secrets. */
const secretsKey = (byte: number) => Buffer.alloc(32, byte).toString("base64");

describe.runIf(DIALECTS.includes("postgres"))("a worker that cannot do the API's work refuses to start", SIDE_BY_SIDE, () => {
  // first: its starts one after another are the longest way through the file
  it("on the embedded default, it joins the blob service npm start recorded (a second start refused its port records nothing), and never makes an account of its own", async () => {
    const database = await createTestDatabase();
    /** a store no npm start has used, for a worker to find nothing recorded in */
    const unused = await createTestDatabase();
    const dataDir = newDataDir();
    const starting = startCli({ ...WITH_OWN_SECRET, DATA_DIR: dataDir, DATABASE_URL: database.url }, READY_WITHIN_MS);
    try {
      // while npm start starts, a worker on a DATA_DIR and store of its own, which nothing was recorded for
      const [orphan, api] = await Promise.all([runToEnd("worker", { DATA_DIR: newDataDir(), DATABASE_URL: unused.url }), starting]);
      expect(orphan.code).toBe(1);
      expect(orphan.output).toContain("no embedded storage account under DATA_DIR");

      // a second start on the same store and DATA_DIR, whose API port is taken, leaves npm start's records
      // alone, and so does one on other ports (the DATA_DIR's files take one process at a time); a worker
      // starting meanwhile joins what npm start recorded. A second npm start of another DATA_DIR on the same
      // database would keep a blob service and lake of its own: refused, naming the first's
      const apiPort = new URL(api.apiUrl).port;
      const [refused, elsewhere, second, worker] = await Promise.all([
        runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: dataDir, DATABASE_URL: database.url, PORT: apiPort }),
        runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: dataDir, DATABASE_URL: database.url }),
        runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: newDataDir(), DATABASE_URL: database.url }),
        startCli({ DATA_DIR: dataDir, DATABASE_URL: database.url }, READY_WITHIN_MS, "worker"),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`PORT: port ${apiPort} on 127.0.0.1 is already in use`);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.output).toMatch(new RegExp(`DATA_DIR: ${dataDir} is in use by another npm start \\(process \\d+, started `));
      expect(await recordedWorkspaceUrl(database.url)).toBe(/databricks (http:\/\/\S+)/.exec(api.readyLine)![1]);

      const blobUrl = /blob (http:\/\/\S+)/.exec(api.readyLine)![1];
      expect(worker.readyLine).toContain(`blob ${blobUrl}`);
      // and the lake npm start keeps in that blob service
      const lake = /lake (http:\/\/\S+)/.exec(api.readyLine)![1];
      expect(lake).toBe(`${blobUrl}/lake`);
      expect(worker.readyLine).toContain(`lake ${lake}`);
      await worker.stop();

      // and the records every worker joins stay the first's
      expect(second.code).toBe(1);
      expect(second.output).toContain(`another npm start on this database runs the embedded blob service at ${new URL(blobUrl).origin}`);
      expect(second.output).not.toContain("Databricks Source ready");
      expect(await recordedWorkspaceUrl(database.url)).toBe(/databricks (http:\/\/\S+)/.exec(api.readyLine)![1]);
    } finally {
      await starting.then((api) => api.stop(), () => undefined);
      await Promise.all([database.drop(), unused.drop()]);
    }
  }, 300_000); // six process starts, up to four at a time, beside the other tests' starts: minutes on a loaded machine

  it("on the embedded default, one whose DATA_DIR no npm start recorded its blob service in says to start npm start with that DATA_DIR", async () => {
    const dataDir = newDataDir();
    loadOrCreateEmbeddedAccount(dataDir);
    const result = await runToEnd("worker", { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output).toContain("the store records no embedded blob service: start npm start with the same DATA_DIR (whose SQLite store it records it in");
  });

  describe("beside an API deployment", () => {
    /** one API deployment for the two tests below: each only starts workers beside it */
    let system: TestSystem;
    beforeAll(async () => {
      system = await startTestSystem({ dialect: "postgres", env: { SECRETS_KEY: secretsKey(1) } });
    });
    afterAll(() => system?.close());

    it("with another secrets key: it names SECRETS_KEY instead of failing every run", async () => {
      /** a worker's settings for the system's store and blob service, with a secrets key of its own */
      const workerEnv = (key: string) => workerProcessEnv(system, { DATA_DIR: newDataDir(), SECRETS_KEY: key });
      const result = await runToEnd("worker", workerEnv(secretsKey(2)));
      expect(result.code).toBe(1);
      expect(result.output).toContain("cannot open the secrets this deployment's store holds");
      expect(result.output).toContain("SECRETS_KEY");
      expect(result.output).not.toContain("worker ready");

      const sameKey = await startCli(workerEnv(secretsKey(1)), READY_WITHIN_MS, "worker");
      await sameKey.stop();
    });

    it("with no secrets key at all: it names SECRETS_KEY and DATA_DIR, and makes no key of its own", async () => {
      const dataDir = newDataDir();
      const { SECRETS_KEY: _none, ...withoutKey } = workerProcessEnv(system, { DATA_DIR: dataDir });
      const result = await runToEnd("worker", withoutKey);
      expect(result.code).toBe(1);
      expect(result.output).toContain(`no secrets key for this worker: SECRETS_KEY is not set and DATA_DIR (${dataDir}) holds no keys/secrets.key`);
      expect(existsSync(path.join(dataDir, "keys"))).toBe(false);
    });

    it("with another lake: it names the API's lake instead of splitting datasets between two", async () => {
      const workerEnv = {
        DATABASE_URL: system.databaseUrl!,
        SECRETS_KEY: secretsKey(1),
        AZURE_STORAGE_ACCOUNT: system.account.name,
        AZURE_STORAGE_KEY: system.account.key,
        AZURE_BLOB_ENDPOINT: `${system.blob.url}/${system.account.name}`,
      };
      // another host's DATA_DIR, and no lake setting: its lake would be a folder of its own disk
      const result = await runToEnd("worker", { ...workerEnv, DATA_DIR: newDataDir() });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`but the API keeps datasets in ${system.lakeDir}: give every process the same LAKE_URL`);
      expect(result.output).not.toContain("worker ready");
    });
  });
});

describe("start-up errors name the setting", SIDE_BY_SIDE, () => {
  it.each([
    ["PORT", "the API"],
    ["BLOB_PORT", "the embedded blob service"],
    ["DATABRICKS_PORT", "the local workspace"],
  ])("a %s in use (%s) says which variable and which port, and nothing keeps running", async (variable) => {
    const { port, server } = await occupiedPort();
    try {
      const result = await runToEnd("start", { ...EMBEDDED, DATA_DIR: newDataDir(), [variable]: String(port) });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`${variable}: port ${port} on 127.0.0.1 is already in use`);
      expect(result.output).not.toContain("Databricks Source ready");
    } finally {
      server.close();
    }
  });

  it.runIf(DIALECTS.includes("postgres"))("a PORT in use is refused before the store is touched: a second start leaves a database it names unmigrated", async () => {
    const database = await createTestDatabase();
    const { port, server } = await occupiedPort();
    try {
      const result = await runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: newDataDir(), DATABASE_URL: database.url, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`PORT: port ${port} on 127.0.0.1 is already in use`);
      expect(await tablesOf(database.url)).toEqual([]);
    } finally {
      server.close();
      await database.drop();
    }
  });

  it.each([
    ["not-a-url", "DATABASE_URL is not a URL"],
    ["mysql://127.0.0.1/test", "DATABASE_URL must be a postgres:// URL"],
    ["postgres://127.0.0.1:1/test", "DATABASE_URL: the PostgreSQL server at 127.0.0.1:1 cannot be reached"],
  ])("a DATABASE_URL of %s is reported before any embedded service starts", async (url, message) => {
    // the blob port is taken: had the blob service started first, the error would name BLOB_PORT
    const { port, server } = await occupiedPort();
    try {
      const result = await runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: newDataDir(), DATABASE_URL: url, BLOB_PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.output).toContain(message);
      expect(result.output).not.toContain("BLOB_PORT");
    } finally {
      server.close();
    }
  });

  it.runIf(DIALECTS.includes("postgres"))("a DATABASE_URL naming a database that does not exist says so", async () => {
    const missing = new URL((await createTestDatabase().then(async (db) => (await db.drop(), db))).url);
    missing.pathname = "/no_such_database_here";
    const result = await runToEnd("start", { ...WITH_OWN_SECRET, DATA_DIR: newDataDir(), DATABASE_URL: missing.toString() });
    expect(result.code).toBe(1);
    expect(result.output).toContain("DATABASE_URL: the database no_such_database_here does not exist on 127.0.0.1:5432");
  });
});

describe("the ready line, and stopping", SIDE_BY_SIDE, () => {
  it("shows the development defaults as such, and SIGTERM ends the process cleanly", async () => {
    const defaults = await startCli({ ...EMBEDDED, DATA_DIR: newDataDir() }, READY_WITHIN_MS);
    try {
      expect(defaults.readyLine).toContain("client_secret=dev-secret (the development default)");
      // the web console is named where a new user looks first, at the API's root
      const api = /api (http:\/\/\S+)/.exec(defaults.readyLine)![1];
      expect(defaults.readyLine).toContain(`· console ${api}/ ·`);
      expect(defaults.readyLine).toContain("token dapi-local-dev (the development default)");
      expect(defaults.readyLine).toContain("(cluster local-cluster, SQL warehouse local-warehouse, token");
      expect(defaults.readyLine).toContain("service principal local-service-principal secret dose-local-dev-secret (the development default)");
      const stopping = Date.now();
      expect(await defaults.stop("SIGTERM")).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    } finally {
      await defaults.stop("SIGKILL");
    }
  });

  it("npm start ends, the service with it, on a SIGTERM to npm's own process, as a supervisor holding the pid it started sends it", async () => {
    const npm = await startNpm({ ...EMBEDDED, DATA_DIR: newDataDir() }, READY_WITHIN_MS);
    try {
      expect((await fetch(`${npm.apiUrl}/health`)).status).toBe(200);
      await npm.stop("SIGTERM");
      const answeredUntil = Date.now() + 10_000;
      while (await answers(`${npm.apiUrl}/health`)) {
        if (Date.now() > answeredUntil) throw new Error("the service still answers 10 s after npm start was sent SIGTERM");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      try {
        process.kill(-npm.child.pid!, "SIGKILL");
      } catch {
        // the group has ended
      }
    }
  });

  it("never shows a configured secret, and a second SIGTERM ends the process at once", async () => {
    const configured = await startCli({
      ...EMBEDDED,
      DATA_DIR: newDataDir(),
      AUTH_CLIENT_SECRET: "a-configured-client-secret",
      DATABRICKS_TOKEN: "dapi-a-configured-workspace-token",
      DATABRICKS_LOCAL_CLIENT_SECRET: "dose-a-configured-principal-secret",
    }, READY_WITHIN_MS);
    try {
      expect(configured.readyLine).toContain("client_secret=(set by AUTH_CLIENT_SECRET, not shown)");
      expect(configured.readyLine).toContain("token (set by DATABRICKS_TOKEN, not shown)");
      expect(configured.output()).not.toContain("a-configured-client-secret");
      expect(configured.output()).not.toContain("dapi-a-configured-workspace-token");
      expect(configured.readyLine).toContain("secret (set by DATABRICKS_LOCAL_CLIENT_SECRET, not shown)");
      expect(configured.output()).not.toContain("dose-a-configured-principal-secret");
      configured.child.kill("SIGTERM");
      configured.child.kill("SIGTERM");
      // either the first stop already finished (0) or the second signal forced the exit (130)
      expect([0, 130]).toContain(await configured.stop("SIGTERM"));
    } finally {
      await configured.stop("SIGKILL");
    }
  });
});
