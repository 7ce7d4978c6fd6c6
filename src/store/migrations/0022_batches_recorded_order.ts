import { type Kysely, sql } from "kysely";

/**
 * Batches get the place they were recorded at (`recorded_seq`), which Catalog's batch and
 * dataSetFile lists order by when no orderBy is given: a batch recorded later always comes later,
 * so a client paging with `start` never misses nor repeats one recorded between its requests.
 * `batch_record_sequence` holds the last place given; recordBatch takes the next one in the
 * transaction that records the batch, and its row stays locked until that transaction ends, so
 * places are given in the order the batches become visible (PostgreSQL's own sequences are not:
 * a transaction that took an earlier number may commit later). The batches already recorded are
 * numbered by when they completed, then by id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("batches").addColumn("recorded_seq", "bigint").execute();
  await sql`UPDATE batches SET recorded_seq = numbered.seq
    FROM (SELECT id, row_number() OVER (ORDER BY coalesce(completed_at, created_at), id) AS seq FROM batches) AS numbered
    WHERE batches.id = numbered.id`.execute(db);
  await db.schema
    .createTable("batch_record_sequence")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("last_seq", "bigint", (c) => c.notNull())
    .execute();
  await sql`INSERT INTO batch_record_sequence (id, last_seq) SELECT 1, count(*) FROM batches`.execute(db);
  await db.schema.createIndex("batches_by_scope_recorded").on("batches").columns(["ims_org_id", "sandbox_name", "recorded_seq"]).unique().execute();
}
