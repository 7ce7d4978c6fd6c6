import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("landing_zone_containers")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("ims_org_id", "varchar(255)", (c) => c.notNull())
    .addColumn("sandbox_name", "varchar(64)", (c) => c.notNull())
    .addColumn("type", "varchar(64)", (c) => c.notNull())
    .addColumn("container_name", "varchar(63)", (c) => c.notNull().unique())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("landing_zone_containers_scope", ["ims_org_id", "sandbox_name", "type"])
    .execute();
  await db.schema
    .createTable("landing_zone_policies")
    .addColumn("policy_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("container_id", "varchar(36)", (c) =>
      c.notNull().references("landing_zone_containers.id").onDelete("cascade"),
    )
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("superseded_at", "bigint")
    .execute();
  await db.schema
    .createIndex("landing_zone_policies_by_container")
    .on("landing_zone_policies")
    .columns(["container_id", "created_at"])
    .execute();
}
