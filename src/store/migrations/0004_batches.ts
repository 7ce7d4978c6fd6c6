import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("batches")
    .addColumn("id", "varchar(26)", (c) => c.primaryKey())
    .addColumn("ims_org_id", "varchar(255)", (c) => c.notNull())
    .addColumn("sandbox_name", "varchar(64)", (c) => c.notNull())
    .addColumn("dataset_id", "varchar(64)", (c) => c.notNull())
    .addColumn("flow_id", "varchar(36)", (c) => c.notNull())
    .addColumn("run_id", "varchar(36)", (c) => c.notNull())
    .addColumn("window_seq", "bigint", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("delta_version", "bigint")
    .addColumn("files", "text", (c) => c.notNull())
    .addColumn("input_records", "bigint", (c) => c.notNull())
    .addColumn("output_records", "bigint", (c) => c.notNull())
    .addColumn("failed_records", "bigint", (c) => c.notNull())
    .addColumn("errors", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("completed_at", "bigint")
    // a retried window records its batch once
    .addUniqueConstraint("batches_one_per_window", ["flow_id", "window_seq", "status"])
    .execute();
  await db.schema.createIndex("batches_by_dataset").on("batches").columns(["dataset_id", "created_at"]).execute();
}
