/**
 * Forward-only migrations, in code so that one list serves SQLite and PostgreSQL. Kysely's
 * migrator runs each in a transaction and takes a lock first (an advisory lock on PostgreSQL),
 * so several processes starting together migrate once; it refuses migrations out of order.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_landing_zone.js";
import * as m0002 from "./migrations/0002_flow_service.js";
import * as m0003 from "./migrations/0003_dataflows.js";
import * as m0004 from "./migrations/0004_batches.js";
import * as m0005 from "./migrations/0005_webhook_deliveries.js";
import * as m0006 from "./migrations/0006_runs_finished_index.js";
import * as m0007 from "./migrations/0007_service_settings.js";
import * as m0008 from "./migrations/0008_batches_by_scope.js";
import * as m0010 from "./migrations/0010_run_visibility.js";
import * as m0011 from "./migrations/0011_list_indexes.js";
import * as m0012 from "./migrations/0012_flow_next_due.js";
import * as m0013 from "./migrations/0013_claim_order.js";
import * as m0014 from "./migrations/0014_runs_one_index_fewer.js";
import * as m0015 from "./migrations/0015_held_runs.js";
import * as m0016 from "./migrations/0016_runs_by_updated.js";
import * as m0017 from "./migrations/0017_batches_one_success_per_window.js";
import * as m0018 from "./migrations/0018_webhook_url_key.js";
import * as m0019 from "./migrations/0019_webhook_tenant_key.js";
import * as m0020 from "./migrations/0020_webhook_delivery_keys.js";
import * as m0021 from "./migrations/0021_webhook_pending_urls.js";
import * as m0022 from "./migrations/0022_batches_recorded_order.js";
import * as m0023 from "./migrations/0023_webhook_url_credentials.js";

const MIGRATIONS: Record<string, Migration> = {
  "0001_landing_zone": m0001,
  "0002_flow_service": m0002,
  "0003_dataflows": m0003,
  "0004_batches": m0004,
  "0005_webhook_deliveries": m0005,
  "0006_runs_finished_index": m0006,
  "0007_service_settings": m0007,
  "0008_batches_by_scope": m0008,
  "0010_run_visibility": m0010,
  "0011_list_indexes": m0011,
  "0012_flow_next_due": m0012,
  "0013_claim_order": m0013,
  "0014_runs_one_index_fewer": m0014,
  "0015_held_runs": m0015,
  "0016_runs_by_updated": m0016,
  "0017_batches_one_success_per_window": m0017,
  "0018_webhook_url_key": m0018,
  "0019_webhook_tenant_key": m0019,
  "0020_webhook_delivery_keys": m0020,
  "0021_webhook_pending_urls": m0021,
  "0022_batches_recorded_order": m0022,
  "0023_webhook_url_credentials": m0023,
};

/** Every migration, by name (a test migrates to one of them to see what a later one does to existing rows). */
export class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * SQLite has no migration lock in Kysely: two processes opening one file (a server and
 * `npm run migrate`) can both see a migration as pending, and the loser's DDL then fails. The
 * loser re-reads the migration table and goes on from there; each round someone gets further,
 * so one attempt per migration (and a spare) always suffices.
 */
const ATTEMPTS = Object.keys(MIGRATIONS).length + 2;

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    if (attempt >= ATTEMPTS) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName;
      throw new Error(`migration ${failed ?? "(unknown)"} failed: ${(error as Error).message ?? error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
  }
}
