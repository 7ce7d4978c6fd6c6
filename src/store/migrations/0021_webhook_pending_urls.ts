import { type Kysely, sql } from "kysely";

/**
 * The delivery loop looked for due deliveries through every pending one falling due, each then
 * checked for an earlier pending one to its URL: a backlog behind a receiver that is down was read
 * again on every pass. It now walks the URLs that have a delivery pending, one index entry each,
 * and takes the first pending delivery of each, through webhook_deliveries_pending_by_url, which
 * holds only pending deliveries: the settled ones, however many, are never read. It replaces
 * webhook_deliveries_by_url, whose other entries were the settled ones; the check of a process
 * still on older code during a rolling upgrade reads this one as well.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("webhook_deliveries_pending_by_url")
    .on("webhook_deliveries")
    .columns(["url_key", "created_at", "id"])
    .where(sql.ref("status"), "=", sql.lit("pending"))
    .execute();
  await db.schema.dropIndex("webhook_deliveries_by_url").execute();
}
