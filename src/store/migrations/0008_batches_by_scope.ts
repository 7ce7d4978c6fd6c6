import type { Kysely } from "kysely";

/** Catalog's batch list filters a sandbox's batches and orders them by creation: an index that serves it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("batches_by_scope").on("batches").columns(["ims_org_id", "sandbox_name", "created_at"]).execute();
}
