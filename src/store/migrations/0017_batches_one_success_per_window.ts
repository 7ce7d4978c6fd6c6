import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * A window holds at most one success batch, and one failed batch per attempt that failed
 * validation: a failed window re-triggered (after its flow allows more failed rows, or its data
 * was fixed) records a batch of its own beside the failed one. The unique (flow_id, window_seq,
 * status) allowed a window one failed batch only. SQLite cannot drop a table's constraint, so its
 * table is rebuilt with the same columns and rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`ALTER TABLE batches DROP CONSTRAINT batches_one_per_window`.execute(db);
  } else {
    await db.schema
      .createTable("batches_rebuilt")
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
      .execute();
    await sql`INSERT INTO batches_rebuilt SELECT id, ims_org_id, sandbox_name, dataset_id, flow_id, run_id, window_seq, status, delta_version, files,
      input_records, output_records, failed_records, errors, created_at, completed_at FROM batches`.execute(db);
    await db.schema.dropTable("batches").execute();
    await sql`ALTER TABLE batches_rebuilt RENAME TO batches`.execute(db);
    await db.schema.createIndex("batches_by_dataset").on("batches").columns(["dataset_id", "created_at"]).execute();
    await db.schema.createIndex("batches_by_scope").on("batches").columns(["ims_org_id", "sandbox_name", "created_at"]).execute();
  }
  // a retried window records its success batch once (recordBatch's conflict target); a flow's success batches are read through it
  await sql`CREATE UNIQUE INDEX batches_one_success_per_window ON batches (flow_id, window_seq) WHERE status = 'success'`.execute(db);
}
