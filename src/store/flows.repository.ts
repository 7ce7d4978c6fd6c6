/** Queries of the flows table. Every read and write names the (org, sandbox) scope. */
import { type Kysely, PostgresAdapter, type SelectQueryBuilder, sql, type Transaction } from "kysely";
import type { StoreCapabilities } from "./database.js";
import type { FlowTable } from "./dataflows.table.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { isPossibleId } from "../aep-conventions/ids.js";
import type { Database } from "./schema.js";
import { inSandbox } from "./sandbox-scope.js";
import { lockResource } from "./resources.repository.js";
import type { ResourceKind } from "./resources.table.js";
import { type ListColumns, listPage } from "./list-pages.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { ListResult } from "../aep-conventions/listing/page.js";

type Db = Kysely<Database> | Transaction<Database>;

/** A resource a flow names (its source connection, the base connection behind it, its dataset...). */
export interface FlowReference {
  kind: ResourceKind;
  id: string;
}

/**
 * Inserts the flow while holding every resource it references (lockResource "keep"), so a DELETE
 * of one either went first or waits and then finds the flow. The first reference already gone
 * when this runs, and nothing written; undefined when the flow was inserted.
 */
export async function insertFlow<Reference extends FlowReference>(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  row: FlowTable,
  references: readonly Reference[],
): Promise<Reference | undefined> {
  const scope = { imsOrgId: row.ims_org_id, sandboxName: row.sandbox_name };
  return db.transaction().execute(async (trx) => {
    const missing = await holdReferences(trx, capabilities, scope, references);
    if (missing) return missing;
    await trx.insertInto("flows").values(row).execute();
    await insertReferences(trx, row.id, references.map((reference) => reference.id));
    return undefined;
  });
}

/** Holds each referenced resource (lockResource "keep") until the transaction ends; the first one already gone, if any. */
async function holdReferences<Reference extends FlowReference>(trx: Transaction<Database>, capabilities: StoreCapabilities, scope: CallerSandbox, references: readonly Reference[]): Promise<Reference | undefined> {
  for (const reference of references) {
    if (!(await lockResource(trx, capabilities, reference.kind, scope, reference.id, "keep"))) return reference;
  }
  return undefined;
}

async function insertReferences(trx: Transaction<Database>, flowId: string, references: readonly string[]): Promise<void> {
  const unique = [...new Set(references)];
  if (unique.length > 0) await trx.insertInto("flow_references").values(unique.map((resource_id) => ({ flow_id: flowId, resource_id }))).execute();
}

/**
 * updateFlow, and the resources the flow references replaced in the same transaction (a PATCH may
 * name another mapping set), each held as insertFlow holds them: "changed" when the flow's etag is
 * no longer `expectedEtag`, the first reference already gone, or "saved".
 */
export async function updateFlowAndReferences<Reference extends FlowReference>(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  scope: CallerSandbox,
  id: string,
  expectedEtag: string,
  changes: Partial<Omit<FlowTable, "id" | "ims_org_id" | "sandbox_name" | "created_at">>,
  references: readonly Reference[],
): Promise<"saved" | "changed" | Reference> {
  return db.transaction().execute(async (trx) => {
    const missing = await holdReferences(trx, capabilities, scope, references);
    if (missing) return missing;
    if (!(await updateFlow(trx, scope, id, expectedEtag, changes))) return "changed";
    await trx.deleteFrom("flow_references").where("flow_id", "=", id).execute();
    await insertReferences(trx, id, references.map((reference) => reference.id));
    return "saved";
  });
}

export async function findFlow(db: Db, scope: CallerSandbox, id: string): Promise<FlowTable | undefined> {
  if (!isPossibleId(id)) return undefined;
  return db
    .selectFrom("flows")
    .selectAll()
    .where("id", "=", id)
    .where(inSandbox(scope))
    .executeTakeFirst();
}

/** A flow by id alone: for the service's own background work, never for a request. */
export async function findFlowById(db: Db, id: string): Promise<FlowTable | undefined> {
  if (!isPossibleId(id)) return undefined;
  return db.selectFrom("flows").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The paths of a flow's list item (src/dataflows) its row holds exactly. */
const FLOW_LIST_COLUMNS: ListColumns = {
  id: { column: "id", type: "key" },
  createdAt: { column: "created_at", type: "number" },
  updatedAt: { column: "updated_at", type: "number" },
  state: { column: "state", type: "text" },
};

/** A flow's row with its last finished run: the success or failure that completed last (null columns when it has none). */
export interface FlowWithLastRun extends FlowTable {
  last_run_id: string | null;
  last_run_status: string | null;
  last_run_started_at: number | null;
  last_run_completed_at: number | null;
}

/**
 * The flows `chosen` selects, each with its last finished run (`lastRunDetails`), in one SELECT:
 * the newest completion of the flow's that is a success or a failure, one backward probe of the
 * (flow, completed_at) index per flow however many runs it has. PostgreSQL reads the run's
 * columns from the row the probe found (LATERAL); SQLite, which has no LATERAL, joins that row
 * by its rowid, not by its id (a second index probe per flow, a quarter of the page's read).
 * The run's columns keep names of their own so that the flow's stay unqualified (list-pages.ts
 * orders by them).
 */
function withLastRun(db: Db) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return (chosen: SelectQueryBuilder<Database, "flows", FlowTable>) =>
      db
        .selectFrom(chosen.as("flow"))
        .leftJoinLateral(
          (eb) =>
            newestFinished(eb.selectFrom("runs").whereRef("runs.flow_id", "=", "flow.id"))
              .select(["runs.id as last_run_id", "runs.status as last_run_status", "runs.started_at as last_run_started_at", "runs.completed_at as last_run_completed_at"])
              .as("last_run"),
          (join) => join.onTrue(),
        )
        .selectAll();
  }
  return (chosen: SelectQueryBuilder<Database, "flows", FlowTable>) =>
    db
      .selectFrom(chosen.as("flow"))
      .leftJoin(
        db
          .selectFrom("runs")
          .select([sql<number>`rowid`.as("last_run_rowid"), "id as last_run_id", "status as last_run_status", "started_at as last_run_started_at", "completed_at as last_run_completed_at"])
          .as("last_run"),
        (join) =>
          join.on((eb) =>
            eb("last_run.last_run_rowid", "=", newestFinished(eb.selectFrom("runs").whereRef("runs.flow_id", "=", "flow.id")).select(sql<number>`runs.rowid`.as("rowid"))),
          ),
      )
      .selectAll();
}

/** The runs of a flow, narrowed to its newest success or failure. */
function newestFinished<QB extends SelectQueryBuilder<any, "runs", object>>(runs: QB): QB {
  return runs.where("runs.status", "in", ["success", "failed"]).where("runs.completed_at", "is not", null).orderBy("runs.completed_at", "desc").limit(1) as QB;
}

/** One flow of the sandbox with its last finished run. */
export async function findFlowWithLastRun(db: Db, scope: CallerSandbox, id: string): Promise<FlowWithLastRun | undefined> {
  if (!isPossibleId(id)) return undefined;
  return withLastRun(db)(db.selectFrom("flows").selectAll().where("id", "=", id).where(inSandbox(scope))).executeTakeFirst();
}

/** One page of the sandbox's flows with their last finished runs, filtered, ordered and paged in SQL (list-pages.ts). */
export async function pageFlows<Doc extends { id: string }>(
  db: Db,
  scope: CallerSandbox,
  query: ListQuery,
  toDocuments: (rows: FlowWithLastRun[]) => Promise<Doc[]>,
  toText?: (rows: FlowWithLastRun[]) => Promise<Doc[]>,
): Promise<ListResult<Doc>> {
  return listPage({ rows: db.selectFrom("flows").selectAll().where(inSandbox(scope)), columns: FLOW_LIST_COLUMNS, readWith: withLastRun(db), toDocuments, toText }, query);
}

/** What the scheduler's `next_due_at` is worked out from: a change to one makes the next tick work it out again. */
const SCHEDULE_COLUMNS = ["start_time", "frequency", "interval", "backfill", "scheduled_through", "anchor_seq", "anchor_time"] as const;

/** Applies `changes` if the flow's etag is still `expectedEtag`; false when another update won. */
export async function updateFlow(
  db: Db,
  scope: CallerSandbox,
  id: string,
  expectedEtag: string,
  changes: Partial<Omit<FlowTable, "id" | "ims_org_id" | "sandbox_name" | "created_at">>,
): Promise<boolean> {
  const scheduleChanged = SCHEDULE_COLUMNS.some((column) => column in changes);
  const result = await db
    .updateTable("flows")
    .set(scheduleChanged && changes.next_due_at === undefined ? { ...changes, next_due_at: 0 } : changes)
    .where("id", "=", id)
    .where(inSandbox(scope))
    .where("etag", "=", expectedEtag)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type FlowDeletion = { outcome: "deleted" } | { outcome: "notFound" } | { outcome: "runInProgress"; runId: string };

/**
 * Deletes the flow (its runs go with it) unless a worker holds one of its runs now: in progress
 * under a lease that has not run out by the database's clock. A run whose worker died may go; the check and the delete are
 * one transaction, so no worker starts a run of the flow in between. On PostgreSQL the flow row is
 * locked first (no run of it can be inserted meanwhile), then its unfinished runs: a claim in
 * flight is waited for and seen, a later claim skips them. SQLite's single connection runs the
 * transaction alone.
 */
export async function deleteFlowUnlessBusy(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  scope: CallerSandbox,
  id: string,
): Promise<FlowDeletion> {
  if (!isPossibleId(id)) return { outcome: "notFound" };
  return db.transaction().execute(async (trx) => {
    const flow = await trx
      .selectFrom("flows")
      .select("id")
      .where("id", "=", id)
      .where(inSandbox(scope))
      .$if(capabilities.rowLocks, (query) => query.forUpdate())
      .executeTakeFirst();
    if (!flow) return { outcome: "notFound" };
    const unfinished = await trx
      .selectFrom("runs")
      .select(["id", sql<number>`CASE WHEN status = 'inProgress' AND lease_expires_at >= ${capabilities.clockMs} THEN 1 ELSE 0 END`.as("held")])
      .where("flow_id", "=", id)
      .where("status", "in", ["scheduled", "inProgress"])
      .$if(capabilities.rowLocks, (query) => query.forUpdate())
      .execute();
    const held = unfinished.find((run) => Number(run.held) === 1);
    if (held) return { outcome: "runInProgress", runId: held.id };
    await trx.deleteFrom("flows").where("id", "=", id).execute();
    return { outcome: "deleted" };
  });
}

/** When the earliest enabled flow's next window is due (epoch ms; 0: one is to be worked out), undefined without enabled flows. */
export async function earliestNextDue(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom("flows").select((eb) => eb.fn.min("next_due_at").as("due")).where("state", "=", "enabled").executeTakeFirst();
  return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
}

/** A due flow as the scheduler reads it. */
export type DueFlow = Pick<FlowTable, "id" | "ims_org_id" | "sandbox_name" | "start_time" | "frequency" | "interval" | "backfill" | "scheduled_through" | "anchor_seq" | "anchor_time">;

/**
 * Enabled flows whose next window is due (or to be worked out), most overdue first, at most
 * `limit`: an index range read, whatever the number of flows. Inside a transaction on a store with
 * row locks, the rows are locked and rows another process holds are skipped, so schedulers in
 * several processes share the due flows instead of queueing on them.
 */
export async function lockDueFlows(db: Db, capabilities: StoreCapabilities, now: number, limit: number): Promise<DueFlow[]> {
  const query = db
    .selectFrom("flows")
    .select(["id", "ims_org_id", "sandbox_name", "start_time", "frequency", "interval", "backfill", "scheduled_through", "anchor_seq", "anchor_time"])
    .where("state", "=", "enabled")
    .where("next_due_at", "<=", now)
    .orderBy("next_due_at")
    .limit(limit);
  return capabilities.rowLocks ? query.forUpdate().skipLocked().execute() : query.execute();
}

/** The flow's run with the highest window number (on-demand runs continue after it), whatever its status. */
export async function latestRunOfFlow(db: Db, flowId: string) {
  return db
    .selectFrom("runs")
    .select(["id", "status", "window_seq", "window_start", "window_end"])
    .where("flow_id", "=", flowId)
    .orderBy("window_seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The run of one window of a flow, if it has one. */
export async function runOfFlowWindow(db: Db, flowId: string, sequence: number) {
  return db.selectFrom("runs").select(["id", "status", "window_start", "window_end"]).where("flow_id", "=", flowId).where("window_seq", "=", sequence).executeTakeFirst();
}

/** What the flow has put into its dataset so far: the rows of its committed batches, and its runs that have not succeeded (they may still commit). */
export async function flowIngestion(db: Db, flowId: string): Promise<{ rows: number; batches: number; unfinishedRunId?: string }> {
  const batches = await db
    .selectFrom("batches")
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>("output_records"), eb.lit(0)).as("rows"), eb.fn.countAll<number>().as("batches")])
    .where("flow_id", "=", flowId)
    .where("status", "=", "success")
    .where("output_records", ">", 0)
    .executeTakeFirstOrThrow();
  const unfinished = await db.selectFrom("runs").select("id").where("flow_id", "=", flowId).where("status", "<>", "success").orderBy("window_seq").limit(1).executeTakeFirst();
  return { rows: Number(batches.rows), batches: Number(batches.batches), unfinishedRunId: unfinished?.id };
}
