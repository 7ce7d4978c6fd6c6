import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("flows")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("ims_org_id", "varchar(255)", (c) => c.notNull())
    .addColumn("sandbox_name", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(512)", (c) => c.notNull())
    .addColumn("state", "varchar(16)", (c) => c.notNull())
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("start_time", "bigint", (c) => c.notNull())
    .addColumn("frequency", "varchar(16)", (c) => c.notNull())
    .addColumn("interval", "integer", (c) => c.notNull())
    .addColumn("backfill", "integer", (c) => c.notNull())
    .addColumn("scheduled_through", "bigint")
    // schedule anchor after a change of period (runs/windows.ts)
    .addColumn("anchor_seq", "bigint")
    .addColumn("anchor_time", "bigint")
    // sealed secrets of the flow (webhook signing secrets), bound to the flow id
    .addColumn("secret", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("flows_by_scope").on("flows").columns(["ims_org_id", "sandbox_name"]).execute();

  await db.schema
    .createTable("flow_references")
    .addColumn("flow_id", "varchar(36)", (c) => c.notNull().references("flows.id").onDelete("cascade"))
    .addColumn("resource_id", "varchar(64)", (c) => c.notNull())
    .addPrimaryKeyConstraint("flow_references_pk", ["flow_id", "resource_id"])
    .execute();
  await db.schema.createIndex("flow_references_by_resource").on("flow_references").column("resource_id").execute();

  await db.schema
    .createTable("runs")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("flow_id", "varchar(36)", (c) => c.notNull().references("flows.id").onDelete("cascade"))
    .addColumn("ims_org_id", "varchar(255)", (c) => c.notNull())
    .addColumn("sandbox_name", "varchar(64)", (c) => c.notNull())
    .addColumn("window_seq", "bigint", (c) => c.notNull())
    .addColumn("window_start", "bigint")
    .addColumn("window_end", "bigint")
    .addColumn("due_at", "bigint", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("trigger", "varchar(16)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lease_owner", "varchar(128)")
    .addColumn("lease_expires_at", "bigint")
    .addColumn("started_at", "bigint")
    .addColumn("completed_at", "bigint")
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("details", "text")
    // set once by whichever process sends the "running too long" notification
    .addColumn("delay_notified_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    // one run per (flow, window): the last line of defence of "each window's run exactly once"
    .addUniqueConstraint("runs_one_per_window", ["flow_id", "window_seq"])
    .execute();
  await db.schema.createIndex("runs_claimable").on("runs").columns(["status", "due_at"]).execute();
  await db.schema.createIndex("runs_by_scope").on("runs").columns(["ims_org_id", "sandbox_name", "flow_id"]).execute();
}
