import type { Kysely } from "kysely";

/** The resources of resources.table.ts. Text columns only: SQLite and PostgreSQL alike. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("resources")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(32)", (c) => c.notNull())
    .addColumn("ims_org_id", "varchar(255)", (c) => c.notNull())
    .addColumn("sandbox_name", "varchar(64)", (c) => c.notNull())
    .addColumn("parent_id", "varchar(64)")
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("secret", "text")
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("resources_by_scope")
    .on("resources")
    .columns(["kind", "ims_org_id", "sandbox_name", "created_at", "id"])
    .execute();
  await db.schema.createIndex("resources_by_parent").on("resources").columns(["parent_id", "kind"]).execute();
}
