/** Batch records. A retried commit of a window finds its record and leaves it as it is. */
import { type Kysely, sql, type Transaction } from "kysely";
import type { BatchTable } from "./batches.table.js";
import { isPossibleId } from "../aep-conventions/ids.js";
import type { Database } from "./schema.js";
import { inSandbox } from "./sandbox-scope.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface BatchFile {
  path: string;
  size: number;
}

export interface BatchRecord {
  id: string;
  imsOrgId: string;
  sandboxName: string;
  datasetId: string;
  flowId: string;
  runId: string;
  windowSeq: number;
  status: "success" | "failed";
  deltaVersion: number | null;
  files: BatchFile[];
  inputRecords: number;
  outputRecords: number;
  failedRecords: number;
  errors: Array<{ code: string; message: string; recordCount?: number }>;
  createdAt: number;
  completedAt: number | null;
}

function toRecord(row: BatchTable): BatchRecord {
  return {
    id: row.id,
    imsOrgId: row.ims_org_id,
    sandboxName: row.sandbox_name,
    datasetId: row.dataset_id,
    flowId: row.flow_id,
    runId: row.run_id,
    windowSeq: Number(row.window_seq),
    status: row.status as BatchRecord["status"],
    deltaVersion: row.delta_version === null ? null : Number(row.delta_version),
    files: JSON.parse(row.files),
    inputRecords: Number(row.input_records),
    outputRecords: Number(row.output_records),
    failedRecords: Number(row.failed_records),
    errors: JSON.parse(row.errors),
    createdAt: Number(row.created_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

/**
 * Records a batch and returns the stored record. A window's success batch is recorded once: a
 * retried commit finds the one recorded and is given it. A failed batch (an attempt whose rows
 * failed validation) is recorded once under its id; a window re-triggered after failing records
 * its own batch, under a new id, beside it. The batch takes the next place in the order batches
 * are recorded (recordedPlace), in the transaction that records it.
 */
export async function recordBatch(db: Db, batch: BatchRecord): Promise<BatchRecord> {
  return db.isTransaction ? recordIn(db, batch) : db.transaction().execute((trx) => recordIn(trx, batch));
}

async function recordIn(trx: Db, batch: BatchRecord): Promise<BatchRecord> {
  const insert = trx.insertInto("batches").values({
    id: batch.id,
    ims_org_id: batch.imsOrgId,
    sandbox_name: batch.sandboxName,
    dataset_id: batch.datasetId,
    flow_id: batch.flowId,
    run_id: batch.runId,
    window_seq: batch.windowSeq,
    status: batch.status,
    delta_version: batch.deltaVersion,
    files: JSON.stringify(batch.files),
    input_records: batch.inputRecords,
    output_records: batch.outputRecords,
    failed_records: batch.failedRecords,
    errors: JSON.stringify(batch.errors),
    created_at: batch.createdAt,
    completed_at: batch.completedAt,
    recorded_seq: await recordedPlace(trx),
  });
  if (batch.status === "success") {
    // the partial unique index's own predicate, as a literal: a bound parameter would not match it
    await insert.onConflict((oc) => oc.columns(["flow_id", "window_seq"]).where(sql<boolean>`status = 'success'`).doNothing()).execute();
    const stored = await findWindowBatch(trx, batch.flowId, batch.windowSeq);
    if (!stored) throw new Error(`internal: the success batch of window ${batch.windowSeq} of flow ${batch.flowId} was neither recorded nor found`);
    return stored;
  }
  await insert.onConflict((oc) => oc.column("id").doNothing()).execute();
  return toRecord(await trx.selectFrom("batches").selectAll().where("id", "=", batch.id).executeTakeFirstOrThrow());
}

/**
 * The next place in the order batches are recorded. Taking it locks the sequence's one row until
 * the transaction ends (SQLite's writer lock does the same), so a batch that takes a later place
 * becomes visible after every batch of an earlier one: a reader never sees a place filled behind
 * one it has read. A transaction that rolls back leaves its place empty.
 */
async function recordedPlace(trx: Db): Promise<number> {
  const row = await trx.updateTable("batch_record_sequence").set({ last_seq: sql`last_seq + 1` }).where("id", "=", 1).returning("last_seq").executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** Whether a batch of this id is recorded, whatever its status and sandbox. */
export async function batchRecorded(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom("batches").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function findBatch(
  db: Db,
  scope: { imsOrgId: string; sandboxName: string },
  id: string,
): Promise<BatchRecord | undefined> {
  if (!isPossibleId(id)) return undefined;
  const row = await db
    .selectFrom("batches")
    .selectAll()
    .where("id", "=", id)
    .where(inSandbox(scope))
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The committed batch of a flow's window, if there is one. */
export async function findWindowBatch(db: Db, flowId: string, windowSeq: number): Promise<BatchRecord | undefined> {
  const row = await db
    .selectFrom("batches")
    .selectAll()
    .where("flow_id", "=", flowId)
    .where("window_seq", "=", windowSeq)
    .where("status", "=", "success")
    .executeTakeFirst();
  return row && toRecord(row);
}

export interface BatchQuery {
  datasetId?: string;
  batchId?: string;
  status?: string;
  /** epoch ms, exclusive */
  createdAfter?: number;
  /** epoch ms, exclusive */
  createdBefore?: number;
  /** `updated` is when the batch completed, or was created when it has not; `recorded` the order batches were recorded in (recordBatch) */
  order: ReadonlyArray<{ field: "created" | "updated" | "recorded"; direction: "asc" | "desc" }>;
  offset: number;
  limit: number;
}

const ORDER_COLUMNS = {
  created: sql`created_at`,
  updated: sql`coalesce(completed_at, created_at)`,
  recorded: sql`recorded_seq`,
} as const;

/** One page of the scope's batches: filtered, ordered (then by id, for a stable page) and paged by the database. */
export async function listBatches(db: Db, scope: { imsOrgId: string; sandboxName: string }, query: BatchQuery): Promise<BatchRecord[]> {
  if ((query.datasetId !== undefined && !isPossibleId(query.datasetId)) || (query.batchId !== undefined && !isPossibleId(query.batchId))) return [];
  let select = db
    .selectFrom("batches")
    .selectAll()
    .where(inSandbox(scope));
  if (query.datasetId !== undefined) select = select.where("dataset_id", "=", query.datasetId);
  if (query.batchId !== undefined) select = select.where("id", "=", query.batchId);
  if (query.status !== undefined) select = select.where("status", "=", query.status);
  if (query.createdAfter !== undefined) select = select.where("created_at", ">", query.createdAfter);
  if (query.createdBefore !== undefined) select = select.where("created_at", "<", query.createdBefore);
  for (const { field, direction } of query.order) select = select.orderBy(ORDER_COLUMNS[field], direction);
  const rows = await select.orderBy("id").limit(query.limit).offset(query.offset).execute();
  return rows.map(toRecord);
}

/** Deletes every batch record of a dataset; returns their ids. */
export async function deleteDatasetBatches(db: Db, scope: { imsOrgId: string; sandboxName: string }, datasetId: string): Promise<string[]> {
  if (!isPossibleId(datasetId)) return [];
  const rows = await db
    .deleteFrom("batches")
    .where("dataset_id", "=", datasetId)
    .where(inSandbox(scope))
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}
