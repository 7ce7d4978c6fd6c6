import { type Kysely, sql } from "kysely";
import { keyUnkeyedDeliveries } from "../webhooks.repository.js";

/**
 * A delivery's URL key is now the hash of the URL as its receiver gets it (sameWebhookUrl), as the
 * flow's check for a repeated URL has it, not of the text as typed: deliveries to
 * https://Example.com/a and https://example.com/a go one at a time in order. keys_version says a
 * delivery's keys are worked out so; the pending deliveries get their keys again here (and a
 * tenant, from the run their body tells of, where they were queued without one), as the delivery
 * loop does for any queued later by a process still on older code, found through
 * webhook_deliveries_unkeyed. webhook_deliveries_leased finds the deliveries being posted, which a
 * tenant's share of the slots counts across processes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("webhook_deliveries").addColumn("keys_version", "integer").execute();
  await db.schema
    .createIndex("webhook_deliveries_unkeyed")
    .on("webhook_deliveries")
    // keys_version first, though always null here: SQLite then takes this index for keyUnkeyedDeliveries' search
    .columns(["keys_version", "created_at", "id"])
    .where(sql.ref("keys_version"), "is", null)
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_leased")
    .on("webhook_deliveries")
    .columns(["tenant_key", "lease_until"])
    .where("lease_until", "is not", null)
    .execute();
  while (await keyUnkeyedDeliveries(db)) {
    // a batch at a time, until none is left
  }
}
