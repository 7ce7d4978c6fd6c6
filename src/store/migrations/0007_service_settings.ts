import type { Kysely } from "kysely";

/**
 * Facts every process of one deployment must agree on, written by the first process that knows
 * them: the secrets-key check value, the embedded blob endpoint.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("service_settings")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
