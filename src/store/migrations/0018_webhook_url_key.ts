import type { Kysely } from "kysely";
import { webhookUrlKey } from "../webhooks.table.js";

const BACKFILL_ROWS = 1_000;

/**
 * A delivery waits while an earlier one to its URL is pending; that check looked through every
 * pending delivery (a backlog while receivers are down made each poll quadratic). It now reads an
 * index on the URL's fixed-width key. SQLite has no SHA-256, so existing rows get their key here,
 * a batch at a time in id order (a scan for rows still without a key would pass the done ones again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("webhook_deliveries").addColumn("url_key", "varchar(64)").execute();
  let after = "";
  for (;;) {
    const rows: Array<{ id: string; url: string }> = await db
      .selectFrom("webhook_deliveries")
      .select(["id", "url"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(BACKFILL_ROWS)
      .execute();
    const idsByUrl = new Map<string, string[]>();
    for (const row of rows) {
      const ids = idsByUrl.get(row.url);
      if (ids) ids.push(row.id);
      else idsByUrl.set(row.url, [row.id]);
    }
    for (const [url, ids] of idsByUrl) {
      await db.updateTable("webhook_deliveries").set({ url_key: webhookUrlKey(url) }).where("id", "in", ids).execute();
    }
    if (rows.length < BACKFILL_ROWS) break;
    after = rows[rows.length - 1].id;
  }
  await db.schema.createIndex("webhook_deliveries_by_url").on("webhook_deliveries").columns(["url_key", "status", "created_at", "id"]).execute();
}
