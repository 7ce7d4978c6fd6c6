/**
 * Forward-only migrations, in code so that one list serves SQLite and PostgreSQL. Kysely's
 * migrator runs each in a transaction and takes a lock first (an advisory lock on PostgreSQL),
 * so several processes starting together migrate once; it refuses migrations out of order.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_landing_zone.js";

const MIGRATIONS: Record<string, Migration> = {
  "0001_landing_zone": m0001,
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`migration ${failed ?? "(unknown)"} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
