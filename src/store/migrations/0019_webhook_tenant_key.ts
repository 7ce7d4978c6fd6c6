import type { Kysely } from "kysely";

/**
 * Each delivery names its tenant (IMS org and sandbox), so that a process gives one tenant only so
 * many of its delivery slots. Deliveries queued before have none: together they count as one tenant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("webhook_deliveries").addColumn("tenant_key", "text").execute();
}
