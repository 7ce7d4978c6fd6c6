/**
 * Stores migrated once per test run and copied for each test system, fresh store and scheduler
 * benchmark's database (npm test runs the benchmarks in a small configuration), instead of
 * each being migrated anew (a second or two each on a loaded two-core machine, hundreds of times a
 * run): a SQLite file, and a PostgreSQL database that new ones are made from as their template.
 * vitest's globalSetup (`setup`) makes both and names them in the environment its test processes
 * inherit (and the processes those start); without them each store is migrated as before.
 * The copies are migrated to the latest schema and hold no row, as a store the service has just
 * migrated; the service's own migration at start finds nothing to do.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "./postgres.js";

/** the file openStore keeps a SQLite store in, under its DATA_DIR */
const SQLITE_FILE = "metadata.sqlite";

/** a migrated SQLite store's file */
const SQLITE_VARIABLE = "TEST_MIGRATED_SQLITE_FILE";
/** the name of a migrated PostgreSQL database no one connects to */
const POSTGRES_VARIABLE = "TEST_MIGRATED_POSTGRES_TEMPLATE";

/** vitest's globalSetup: migrates the two stores once and removes them after the run. */
export async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "ds-migrated-"));
  await migrate({ dataDir: dir });
  // a closed SQLite store keeps nothing beside its file: copying the file copies the store
  if (existsSync(path.join(dir, `${SQLITE_FILE}-wal`))) throw new Error(`the migrated SQLite store left a write-ahead log in ${dir}`);
  const template: TestDatabase | undefined = DIALECTS.includes("postgres") ? await createTestDatabase() : undefined;
  if (template) await migrate({ databaseUrl: template.url, dataDir: dir });
  process.env[SQLITE_VARIABLE] = path.join(dir, SQLITE_FILE);
  if (template) process.env[POSTGRES_VARIABLE] = new URL(template.url).pathname.slice(1);
  return async () => {
    await template?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
}

async function migrate(options: { databaseUrl?: string; dataDir: string }): Promise<void> {
  const store = openStore(options);
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
}

/** A fresh PostgreSQL database, migrated when the run made a template. */
export function migratedTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase(process.env[POSTGRES_VARIABLE]);
}

/** Puts a migrated SQLite store in `dataDir`, when the run made one; without, the store's first opener migrates it. */
export function placeMigratedSqlite(dataDir: string): void {
  const migrated = process.env[SQLITE_VARIABLE];
  if (migrated) copyFileSync(migrated, path.join(dataDir, SQLITE_FILE));
}

