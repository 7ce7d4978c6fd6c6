import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { migratedTestDatabase, placeMigratedSqlite } from "./migrated-stores.js";
import type { Dialect, TestDatabase } from "./postgres.js";

/**
 * A freshly migrated store for each test, opened twice: on PostgreSQL two pools, i.e. two
 * processes as far as the database can tell; SQLite serves one process, so both handles are its
 * one connection. `stores` is set before each test.
 */
export function useFreshStores(dialect: Dialect, prefix: string): { stores: [Store, Store] } {
  const fresh = {} as { stores: [Store, Store] };
  let dataDir: string;
  let database: TestDatabase | undefined;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    database = dialect === "postgres" ? await migratedTestDatabase() : undefined;
    if (!database) placeMigratedSqlite(dataDir);
    const first = openStore({ databaseUrl: database?.url, dataDir });
    fresh.stores = [first, dialect === "postgres" ? openStore({ databaseUrl: database?.url, dataDir }) : first];
    await migrateToLatest(first.db);
  });
  afterEach(async () => {
    for (const store of new Set(fresh.stores)) await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return fresh;
}
