/**
 * Runs: creation per schedule window, claiming with leases, guarded state changes.
 *
 * Exactly-once creation follows graphile-worker's cron: a flow's `scheduled_through` watermark
 * only moves forward, and only the process whose compare-and-set advanced it inserts the runs
 * (the unique (flow_id, window_seq) constraint backs it up). Claiming is one UPDATE over the
 * oldest claimable run — skipping rows other workers hold on PostgreSQL — returning what was
 * claimed. A run of a flow is claimable only when every earlier window of that flow has
 * succeeded: windows run in order, one at a time per flow, which is what lets a dataset's Delta
 * `txn` version (the window sequence) recognise a retried window. Every change after the claim is
 * guarded by the lease owner; an expired lease makes the run claimable again. A lease's end is
 * written and compared by the database's clock (StoreCapabilities.clockMs), never a worker's, so
 * workers whose hosts' clocks disagree still agree on whose a run is; every other time ("now": when a
 * run is due, started, updated) is a parameter.
 */
import { randomBytes } from "node:crypto";
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import { newEtag } from "../aep-conventions/etag.js";
import { isWriteConflict, type StoreCapabilities } from "./database.js";
import { clockPlus, type DatabaseClock } from "./database-clock.js";
import { kept } from "./postgres-statements.js";
import type { RunTable } from "./dataflows.table.js";
import { isPossibleId } from "../aep-conventions/ids.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Database } from "./schema.js";
import { type ListColumns, listPage } from "./list-pages.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { ListResult } from "../aep-conventions/listing/page.js";

type Db = Kysely<Database> | Transaction<Database>;

export type RunStatus = "scheduled" | "inProgress" | "success" | "failed";

export interface NewRunWindow {
  sequence: number;
  start: number | null;
  end: number | null;
  dueAt: number;
}

/**
 * Inserts the runs of `windows` for a flow if, and only if, the flow's watermark still equals
 * `expectedThrough`; returns how many were created (0 when another process got there first, even
 * when it won by making this transaction fail).
 */
export async function createScheduledRuns(
  db: Kysely<Database>,
  flow: { id: string; imsOrgId: string; sandboxName: string },
  expectedThrough: number | null,
  windows: readonly NewRunWindow[],
  now: number,
): Promise<number> {
  if (windows.length === 0) return 0;
  const created = db.transaction().execute(async (trx) => {
    const last = windows[windows.length - 1].sequence;
    const advanced = await trx
      .updateTable("flows")
      // the window after these is worked out again by the next tick (scheduler.ts)
      .set({ scheduled_through: last, next_due_at: 0 })
      .where("id", "=", flow.id)
      .where("state", "=", "enabled")
      .where((eb) =>
        expectedThrough === null ? eb("scheduled_through", "is", null) : eb("scheduled_through", "=", expectedThrough),
      )
      .executeTakeFirst();
    if (Number(advanced.numUpdatedRows) !== 1) return 0;
    await trx
      .insertInto("runs")
      .values(windows.map((w) => runRow(flow, w, "schedule", now)))
      .onConflict((oc) => oc.columns(["flow_id", "window_seq"]).doNothing())
      .execute();
    return windows.length;
  });
  return created.catch((error) => {
    if (isWriteConflict(error)) return 0;
    throw error;
  });
}

export interface ScheduleAdvance {
  flow: { id: string; imsOrgId: string; sandboxName: string };
  /** the watermark the scheduler read (the flow's row is locked, or the store has one writer) */
  expectedThrough: number | null;
  /** the windows that are due now, oldest first; none when only the next due time moves */
  windows: readonly NewRunWindow[];
  /** when the window after them is due (epoch ms) */
  nextDueAt: number;
}

/** Flows advanced per statement: SQLite allows 500 terms in a compound SELECT. */
const FLOWS_PER_STATEMENT = 200;

/**
 * Moves each flow's watermark past its due windows, sets when its next one is due, and inserts the
 * windows' runs: a statement per 200 flows rather than one per flow, which is what lets one tick
 * turn thousands of due windows into runs within a second on PostgreSQL. A flow whose watermark
 * moved since it was read is left alone (and gets no runs); the unique (flow_id, window_seq) backs
 * it up. Returns the runs created.
 */
export async function advanceSchedules(trx: Transaction<Database>, advances: readonly ScheduleAdvance[], now: number): Promise<number> {
  let created = 0;
  for (let first = 0; first < advances.length; first += FLOWS_PER_STATEMENT) {
    const chunk = advances.slice(first, first + FLOWS_PER_STATEMENT);
    const values = sql.join(
      chunk.map((a) => {
        const through = a.windows.length > 0 ? a.windows[a.windows.length - 1].sequence : a.expectedThrough;
        return sql`SELECT CAST(${a.flow.id} AS varchar(36)) AS flow_id, CAST(${a.expectedThrough} AS bigint) AS expected, CAST(${through} AS bigint) AS through, CAST(${a.nextDueAt} AS bigint) AS next_due`;
      }),
      sql` UNION ALL `,
    );
    const advanced = await sql<{ id: string }>`
      UPDATE flows SET scheduled_through = v.through, next_due_at = v.next_due
      FROM (${values}) AS v
      WHERE flows.id = v.flow_id AND flows.state = 'enabled' AND flows.scheduled_through IS NOT DISTINCT FROM v.expected
      RETURNING id`.execute(trx);
    const ids = new Set(advanced.rows.map((r) => r.id));
    const rows = chunk.filter((a) => ids.has(a.flow.id)).flatMap((a) => a.windows.map((w) => runRow(a.flow, w, "schedule", now)));
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await trx.insertInto("runs").values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(["flow_id", "window_seq"]).doNothing()).executeTakeFirst();
      created += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return created;
}

/**
 * A run's id: a UUIDv7 (RFC 9562) whose ids ascend in the order they are made, within a millisecond
 * too (a counter in rand_a; past 4,096 the millisecond field moves on). Runs created together (a
 * catch-up, runNow) share createdAt, and a list ordered by createdAt breaks ties by id: in SQL, they
 * come in window order. An id of lowercase hex and dashes at fixed places sorts alike in every collation.
 */
export function newRunId(now = Date.now()): string {
  if (now > lastIdMs) {
    lastIdMs = now;
    idCounter = 0;
  } else if (++idCounter > 0xfff) {
    lastIdMs++;
    idCounter = 0;
  }
  const random = randomBytes(8);
  const hex = lastIdMs.toString(16).padStart(12, "0") + "7" + idCounter.toString(16).padStart(3, "0") + ((random[0] & 0x3f) | 0x80).toString(16) + random.subarray(1).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
let lastIdMs = 0;
let idCounter = 0;

export function runRow(
  flow: { id: string; imsOrgId: string; sandboxName: string },
  window: NewRunWindow,
  trigger: "schedule" | "on-demand",
  now: number,
): RunTable {
  return {
    id: newRunId(),
    flow_id: flow.id,
    ims_org_id: flow.imsOrgId,
    sandbox_name: flow.sandboxName,
    window_seq: window.sequence,
    window_start: window.start,
    window_end: window.end,
    due_at: window.dueAt,
    status: "scheduled",
    trigger,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    started_at: null,
    completed_at: null,
    etag: newEtag(now),
    details: null,
    delay_notified_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** Every column of runs by name (a column of RunTable missing here fails to compile): a kept statement's result must not change with the table (postgres-statements.ts). */
const RUN_COLUMN_NAMES = Object.keys({
  id: true, flow_id: true, ims_org_id: true, sandbox_name: true, window_seq: true, window_start: true, window_end: true, due_at: true,
  status: true, trigger: true, attempts: true, lease_owner: true, lease_expires_at: true, started_at: true, completed_at: true, etag: true,
  details: true, delay_notified_at: true, phase: true, phase_started_at: true, max_attempts: true, held: true, releases_held: true, created_at: true, updated_at: true,
} satisfies Record<keyof RunTable, true>);
const RUN_COLUMNS = sql.join(RUN_COLUMN_NAMES.map((name) => sql.ref(name)));

/**
 * A claim's commit does not wait for its WAL to reach the disk (PostgreSQL's synchronous_commit,
 * off for the statement's own transaction): a claim that a crash of the database server takes back
 * leaves the run as it was before it, claimable again, which is what a worker that stops mid-run
 * leaves too — the Delta commit's `txn` keeps its batch to one, the run's finish (which waits, and
 * whose flush carries the claim's WAL with it) records it. Half of a trivial run's waits for a
 * flush: docs/scaling.md.
 */
const WITHOUT_WAITING_FOR_THE_FLUSH = sql`AND (SELECT set_config('synchronous_commit', 'off', true)) = 'off'`;

/**
 * Claims the oldest claimable run for `worker` for `leaseMs` by the database's clock, or returns
 * undefined. The attempt starts without a phase; `maxAttempts` (the worker's limit) is recorded for GET /runs. An `opening` line is written
 * to the run's log with the claim (see `ChangeLine`).
 *
 * A candidate's flow is read by its key, one candidate at a time: as a join, a planner that
 * misjudges how many flows are enabled reads every enabled flow on each claim. Runs waiting behind a
 * failed window are `held` by the database (migration 0015) and out of the index the claim walks.
 */
export async function claimRun(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  worker: string,
  now: number,
  leaseMs: number,
  maxAttempts?: number,
  opening?: ChangeLine,
): Promise<RunTable | undefined> {
  const lock = capabilities.rowLocks ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  // SQLite otherwise prefers (status, due_at) and sorts every due run: 140 ms a claim with 1,100 due instead of 0.07 ms
  const claimOrder = capabilities.rowLocks ? sql`` : sql`INDEXED BY runs_claim_order`;
  const claim = sql<RunTable>`
    UPDATE runs SET
      status = 'inProgress',
      lease_owner = ${worker},
      lease_expires_at = ${clockPlus(capabilities.clockMs, leaseMs)},
      attempts = attempts + 1,
      phase = NULL,
      phase_started_at = NULL,
      max_attempts = COALESCE(${maxAttempts ?? null}, max_attempts),
      started_at = COALESCE(started_at, ${now}),
      updated_at = ${now},
      etag = ${newEtag(now)}
    WHERE id = (
      SELECT r.id FROM runs r ${claimOrder}
      WHERE r.status IN ('scheduled', 'inProgress') AND r.held = 0 -- what lets the planner walk runs_claim_order
        AND r.due_at <= ${now}
        -- a run whose worker was lost comes back through requeueLostRun (its log says so) or failAbandonedRun
        AND r.status = 'scheduled'
        AND NOT EXISTS (
          SELECT 1 FROM runs earlier
          WHERE earlier.flow_id = r.flow_id AND earlier.window_seq < r.window_seq AND earlier.status <> 'success'
        )
        AND (SELECT f.state FROM flows f WHERE f.id = r.flow_id) = 'enabled'
      ORDER BY r.due_at, r.window_seq
      LIMIT 1
      ${lock}
    ) ${capabilities.commitWithoutFlush ? WITHOUT_WAITING_FOR_THE_FLUSH : sql``}
    RETURNING ${RUN_COLUMNS}`;
  // PostgreSQL: one statement, rows held by others skipped; SQLite: one writer at a time already.
  return changeRun(db, claim, opening);
}

/** A run whose attempt lost its worker (its lease ran out): claimRun leaves it; requeueLostRun or, on its last attempt, failAbandonedRun ends it. */
export type AbandonedRun = Pick<RunTable, "id" | "flow_id" | "window_seq" | "attempts" | "max_attempts" | "details" | "lease_expires_at">;

/** Runs in progress whose lease a worker of `host` holds (its id `<host>:<pid>:…`): the lease and its owner. */
export async function leasesHeldOnHost(db: Db, host: string): Promise<Array<Pick<RunTable, "id" | "flow_id" | "window_seq" | "attempts" | "lease_owner">>> {
  const escaped = host.replace(/[\\%_]/g, "\\$&");
  return db
    .selectFrom("runs")
    .select(["id", "flow_id", "window_seq", "attempts", "lease_owner"])
    .where("status", "=", "inProgress")
    .where(sql<SqlBool>`lease_owner LIKE ${`${escaped}:%`} ESCAPE '\\'`)
    .limit(100)
    .execute();
}

/** Ends a run's lease now, unless another worker holds it since: the next look for lost attempts finds it (lostAttempts). */
export async function endLease(db: Db, clock: DatabaseClock, runId: string, owner: string): Promise<boolean> {
  const result = await db
    .updateTable("runs")
    .set({ lease_expires_at: clockPlus(clock, -1) })
    .where("id", "=", runId)
    .where("lease_owner", "=", owner)
    .where("status", "=", "inProgress")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Runs in progress whose lease ran out by the database's clock with attempts left (the limit recorded at the claim, else `maxAttempts`). */
export async function lostAttempts(db: Db, clock: DatabaseClock, maxAttempts: number): Promise<AbandonedRun[]> {
  return expiredLeases(db, clock, sql<SqlBool>`attempts < COALESCE(max_attempts, ${maxAttempts})`);
}

/** At most 100 runs in progress whose lease ran out by the database's clock, of those whose attempts meet `attempts`. */
async function expiredLeases(db: Db, clock: DatabaseClock, attempts: RawBuilder<SqlBool>): Promise<AbandonedRun[]> {
  return db
    .selectFrom("runs")
    .select(["id", "flow_id", "window_seq", "attempts", "max_attempts", "details", "lease_expires_at"])
    .where("status", "=", "inProgress")
    .where("lease_expires_at", "<", clock)
    .where(attempts)
    .limit(100)
    .execute();
}

/**
 * Gives a run lostAttempts found back to the queue, due now, its lost attempt counted, unless it
 * changed since (claimed, finished); a `closing` line as finishRun's, under the lost attempt.
 */
export async function requeueLostRun(db: Kysely<Database>, clock: DatabaseClock, run: AbandonedRun, details: unknown, now: number, closing?: ChangeLine): Promise<boolean> {
  const requeue = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = 'scheduled',
      due_at = ${now},
      details = ${JSON.stringify(details)},
      lease_owner = NULL,
      lease_expires_at = NULL,
      updated_at = ${now},
      etag = ${newEtag(now)}
    WHERE id = ${run.id} AND status = 'inProgress' AND lease_expires_at < ${clock} AND attempts = ${run.attempts}
    RETURNING id, attempts`;
  return (await changeRun(db, requeue, closing)) !== undefined;
}

/** Runs in progress whose lease ran out by the database's clock on their last attempt (the limit recorded at the claim, else `maxAttempts`). */
export async function abandonedLastAttempts(db: Db, clock: DatabaseClock, maxAttempts: number): Promise<AbandonedRun[]> {
  return expiredLeases(db, clock, sql<SqlBool>`attempts >= COALESCE(max_attempts, ${maxAttempts})`);
}

/** Fails a run abandonedLastAttempts found, unless it changed since (claimed, finished); a `closing` line as finishRun's. */
export async function failAbandonedRun(db: Kysely<Database>, clock: DatabaseClock, run: AbandonedRun, details: unknown, now: number, closing?: ChangeLine): Promise<boolean> {
  const fail = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = 'failed',
      details = ${JSON.stringify(details)},
      completed_at = ${now},
      updated_at = ${now},
      lease_owner = NULL,
      lease_expires_at = NULL,
      etag = ${newEtag(now)}
    WHERE id = ${run.id} AND status = 'inProgress' AND lease_expires_at < ${clock} AND attempts = ${run.attempts}
    RETURNING id, attempts`;
  return (await changeRun(db, fail, closing)) !== undefined;
}

/**
 * A line for a run's log written by the same statement that changes the run (PostgreSQL: one round
 * trip and one commit instead of two of each) or in the same transaction (SQLite), and only when
 * the change is made: the line commits with the change or not at all. Its `message` is given the
 * attempt the run is in after the change, which a claim learns only as it claims.
 */
export interface ChangeLine {
  /** of the store written to: where a WITH clause may write, line and change are one statement */
  capabilities: StoreCapabilities;
  level: RunLogLine["level"];
  message: (attempt: string) => string;
  at: number;
  /** lines kept for the run (the newest), as appendRunLog */
  keepLines: number;
}

/** Stands in for the attempt while a line's message is split around it; never written (PostgreSQL text cannot hold NUL). */
const ATTEMPT_STAND_IN = "\u0000attempt\u0000";

/**
 * Makes `change` (an UPDATE of one run, RETURNING at least its id and attempts, by name) and
 * appends `line` to the run's log if it changed the run; returns the returned row, undefined when
 * nothing changed. The statement is kept (postgres-statements.ts): its text is the same for every
 * run and line, the line's values being parameters.
 */
async function changeRun<Row extends Pick<RunTable, "id" | "attempts">>(
  db: Kysely<Database>,
  change: RawBuilder<Row>,
  line: ChangeLine | undefined,
): Promise<Row | undefined> {
  if (!line) return (await kept(change).execute(db)).rows[0];
  if (!line.capabilities.writableCtes) {
    return db.transaction().execute(async (trx) => {
      const changed = (await change.execute(trx)).rows[0];
      if (changed) await appendRunLog(trx, changed.id, { at: line.at, attempt: changed.attempts, level: line.level, message: line.message(String(changed.attempts)) }, line.keepLines);
      return changed;
    });
  }
  // the message's parts around the attempt, joined by it: one parameter however many parts
  const message = sql`array_to_string(CAST(${line.message(ATTEMPT_STAND_IN).split(ATTEMPT_STAND_IN)} AS text[]), CAST(changed.attempts AS text))`;
  const statement = kept(sql<Row>`
    WITH changed AS (${change}),
    line AS (
      SELECT changed.id AS run_id, changed.attempts, COALESCE((SELECT MAX(seq) FROM run_log WHERE run_id = changed.id), 0) + 1 AS seq, ${message} AS message
      FROM changed
    ),
    appended AS (
      INSERT INTO run_log (run_id, seq, at, attempt, level, message)
      SELECT run_id, seq, CAST(${line.at} AS bigint), attempts, CAST(${line.level} AS varchar(8)), message FROM line
    ),
    trimmed AS (
      DELETE FROM run_log USING line WHERE run_log.run_id = line.run_id AND run_log.seq <= line.seq - CAST(${line.keepLines} AS integer)
    )
    SELECT * FROM changed`);
  for (let attempt = 1; ; attempt++) {
    try {
      return (await statement.execute(db)).rows[0];
    } catch (error) {
      // another process wrote a line to this run's log at the same moment: the statement changed nothing, it can run again
      if (!isWriteConflict(error) || attempt >= 10) throw error;
    }
  }
}

/**
 * PostgreSQL's planner statistics of the runs table, taken afresh. With statistics from when the
 * queue was short, the claim above reads and sorts the whole backlog instead of walking its index
 * (42 ms a claim instead of 0.2 ms with 6,000 due runs); autovacuum renews them only after a tenth
 * of the table changed. SQLite plans the claim by its index without statistics: nothing to do.
 */
export async function refreshRunStatistics(db: Kysely<Database>, capabilities: StoreCapabilities): Promise<void> {
  if (capabilities.rowLocks) await sql`ANALYZE runs`.execute(db);
}

/**
 * Extends the lease to `leaseMs` from now by the database's clock while the owner still holds it
 * (it has not run out by that clock); false means the run was lost, or may be lost at any moment,
 * to another worker.
 */
export async function renewLease(db: Db, clock: DatabaseClock, runId: string, worker: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await kept(sql`
    UPDATE runs SET lease_expires_at = ${clockPlus(clock, leaseMs)}, updated_at = ${now}
    WHERE id = ${runId} AND lease_owner = ${worker} AND status = 'inProgress' AND lease_expires_at >= ${clock}`).execute(db);
  return Number(result.numAffectedRows) === 1;
}

/** Ends a run the worker owns; false when it no longer owns it (the lease expired and moved on). A `closing` line is written with it (see `ChangeLine`). */
export async function finishRun(
  db: Kysely<Database>,
  runId: string,
  worker: string,
  outcome: { status: "success" | "failed"; details: unknown; now: number },
  closing?: ChangeLine,
): Promise<boolean> {
  const finish = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = ${outcome.status},
      details = ${JSON.stringify(outcome.details)},
      completed_at = ${outcome.now},
      updated_at = ${outcome.now},
      lease_owner = NULL,
      lease_expires_at = NULL,
      etag = ${newEtag(outcome.now)}
    WHERE id = ${runId} AND lease_owner = ${worker} AND status = 'inProgress'
    RETURNING id, attempts`;
  return (await changeRun(db, finish, closing)) !== undefined;
}

/** Gives a run the worker owns back to the queue for another attempt at `dueAt`, with a `closing` line as finishRun. */
export async function rescheduleRun(
  db: Kysely<Database>,
  runId: string,
  worker: string,
  retry: { details: unknown; dueAt: number; now: number },
  closing?: ChangeLine,
): Promise<boolean> {
  const reschedule = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = 'scheduled',
      due_at = ${retry.dueAt},
      details = ${JSON.stringify(retry.details)},
      lease_owner = NULL,
      lease_expires_at = NULL,
      updated_at = ${retry.now},
      etag = ${newEtag(retry.now)}
    WHERE id = ${runId} AND lease_owner = ${worker} AND status = 'inProgress'
    RETURNING id, attempts`;
  return (await changeRun(db, reschedule, closing)) !== undefined;
}

/**
 * Gives back a run the worker owns whose attempt its shutdown interrupted: claimable at once, and
 * the attempt not counted against the run's attempts (an interruption is not the run's failure).
 * Its `closing` line, as finishRun's, is written under the interrupted attempt's number.
 */
export async function releaseRun(db: Kysely<Database>, runId: string, worker: string, now: number, closing?: ChangeLine): Promise<boolean> {
  const release = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = 'scheduled',
      attempts = attempts - 1,
      lease_owner = NULL,
      lease_expires_at = NULL,
      updated_at = ${now},
      etag = ${newEtag(now)}
    WHERE id = ${runId} AND lease_owner = ${worker} AND status = 'inProgress'
    RETURNING id, attempts + 1 AS attempts`;
  return (await changeRun(db, release, closing)) !== undefined;
}

/**
 * Puts a failed run back in the queue (POST /runs/{id}/action?op=re-trigger), with `details` (what
 * of its attempts' record it keeps) when given, and a `line` for its log (as finishRun's, under
 * attempt 0). Its lifetime starts anew: its attempts are counted afresh, its start is its next
 * claim's (durationSummary, the delayed-run webhook), and a delayed run may be told of again.
 */
export async function retriggerRun(db: Kysely<Database>, runId: string, now: number, details?: unknown, line?: ChangeLine): Promise<boolean> {
  const retrigger = sql<Pick<RunTable, "id" | "attempts">>`
    UPDATE runs SET
      status = 'scheduled',
      due_at = ${now},
      attempts = 0,
      started_at = NULL,
      completed_at = NULL,
      delay_notified_at = NULL,
      details = COALESCE(${details === undefined ? null : JSON.stringify(details)}, details),
      updated_at = ${now},
      etag = ${newEtag(now)}
    WHERE id = ${runId} AND status = 'failed'
    RETURNING id, attempts`;
  return (await changeRun(db, retrigger, line)) !== undefined;
}

/**
 * Ends a run the user cancels (beyond AEP): a `scheduled` one, or an `inProgress` one in a phase that writes nothing to the dataset
 * (`cancellable`, or none yet), `failed` with the details `detailsOf` makes of its current ones (undefined: not cancelled); its lease is taken back, so the
 * worker holding it stops at its next step and records nothing. The details are those the worker last saved (an export command it
 * recorded a moment before is kept, for a re-trigger to cancel): a save in between makes the cancel read them again. False when the
 * run is in none of those states (it ended, or it is writing the window).
 */
export async function cancelRun(
  db: Kysely<Database>,
  runId: string,
  now: number,
  detailsOf: (current: string | null) => unknown,
  cancellable: readonly string[],
  line?: ChangeLine,
): Promise<boolean> {
  const detailsNow = async () => (await db.selectFrom("runs").select("details").where("id", "=", runId).executeTakeFirst())?.details ?? null;
  let current = await detailsNow();
  // a worker saves its details a few times a run: a cancel meets one save at most, in practice
  for (let tries = 0; tries < 10; tries++) {
    const details = detailsOf(current);
    // refused by what the run's details hold
    if (details === undefined) return false;
    const cancel = sql<Pick<RunTable, "id" | "attempts">>`
      UPDATE runs SET
        status = 'failed',
        lease_owner = NULL,
        lease_expires_at = NULL,
        completed_at = ${now},
        details = ${JSON.stringify(details)},
        updated_at = ${now},
        etag = ${newEtag(now)}
      WHERE id = ${runId} AND COALESCE(details, '') = ${current ?? ""}
        AND (status = 'scheduled' OR (status = 'inProgress' AND (phase IS NULL OR phase IN (${sql.join(cancellable.map((p) => sql`${p}`))}))))
      RETURNING id, attempts`;
    if ((await changeRun(db, cancel, line)) !== undefined) return true;
    // the same details: the run's state refused it; other details: tried again on them (the state is checked again with them)
    const after = await detailsNow();
    if (after === current) return false;
    current = after;
  }
  return false;
}

/** The attempt the worker owns enters `phase` (GET /runs shows it with its start time); false when it owns the run no longer. */
export async function enterRunPhase(db: Db, runId: string, worker: string, phase: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("runs")
    .set({ phase, phase_started_at: now, updated_at: now })
    .where("id", "=", runId)
    .where("lease_owner", "=", worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function saveRunDetails(db: Db, runId: string, worker: string, details: unknown, now: number): Promise<void> {
  await db
    .updateTable("runs")
    .set({ details: JSON.stringify(details), updated_at: now })
    .where("id", "=", runId)
    .where("lease_owner", "=", worker)
    .execute();
}

/** The paths of a run's list item (`runItem` in src/runs) its row holds exactly; the status filter's values arrive spelled as the row holds them. */
const RUN_LIST_COLUMNS: ListColumns = {
  id: { column: "id", type: "key" },
  flowId: { column: "flow_id", type: "key" },
  createdAt: { column: "created_at", type: "number" },
  updatedAt: { column: "updated_at", type: "number" },
  "metrics.statusSummary.status": { column: "status", type: "text" },
};

/** One page of the sandbox's runs, filtered, ordered and paged in SQL (list-pages.ts). */
export async function pageRuns<Doc extends { id: string }>(
  db: Db,
  scope: CallerSandbox,
  query: ListQuery,
  toDocuments: (rows: RunTable[]) => Promise<Doc[]>,
): Promise<ListResult<Doc>> {
  const rows = db.selectFrom("runs").selectAll().where("ims_org_id", "=", scope.imsOrgId).where("sandbox_name", "=", scope.sandboxName);
  return listPage({ rows, columns: RUN_LIST_COLUMNS, toDocuments }, query);
}

export async function findRun(db: Db, scope: CallerSandbox, id: string): Promise<RunTable | undefined> {
  if (!isPossibleId(id)) return undefined;
  return db
    .selectFrom("runs")
    .selectAll()
    .where("id", "=", id)
    .where("ims_org_id", "=", scope.imsOrgId)
    .where("sandbox_name", "=", scope.sandboxName)
    .executeTakeFirst();
}

/**
 * Adds an on-demand run after the flow's last window; returns it, or undefined when another
 * request took that window number first (the caller tries again).
 */
export async function insertNextRun(
  db: Db,
  flow: { id: string; imsOrgId: string; sandboxName: string },
  window: Omit<NewRunWindow, "sequence">,
  details: unknown,
  now: number,
): Promise<RunTable | undefined> {
  const last = await db.selectFrom("runs").select(sql<number | null>`max(window_seq)`.as("seq")).where("flow_id", "=", flow.id).executeTakeFirst();
  const sequence = last?.seq === null || last?.seq === undefined ? 0 : Number(last.seq) + 1;
  const row = runRow(flow, { ...window, sequence }, "on-demand", now);
  if (details !== undefined) row.details = JSON.stringify(details);
  const inserted = await db.insertInto("runs").values(row).onConflict((oc) => oc.columns(["flow_id", "window_seq"]).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? row : undefined;
}

/** The flow's oldest window not yet ingested, if any. */
export async function firstUnfinishedWindow(db: Db, flowId: string): Promise<number | undefined> {
  const pending = await db
    .selectFrom("runs")
    .select("window_seq")
    .where("flow_id", "=", flowId)
    .where("status", "<>", "success")
    .orderBy("window_seq")
    .limit(1)
    .executeTakeFirst();
  return pending ? Number(pending.window_seq) : undefined;
}

/** The flow's latest successful window in [fromSequence, beforeSequence), with its details. */
export async function latestSuccessfulWindow(
  db: Db,
  flowId: string,
  fromSequence: number,
  beforeSequence: number,
): Promise<Pick<RunTable, "details"> | undefined> {
  return db
    .selectFrom("runs")
    .select(["details"])
    .where("flow_id", "=", flowId)
    .where("status", "=", "success")
    .where("window_seq", "<", beforeSequence)
    .where("window_seq", ">=", fromSequence)
    .orderBy("window_seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Runs in progress nobody has been told are late yet, with their flow's body (its threshold). */
export async function listUnnotifiedRunningRuns(db: Db): Promise<Array<{ id: string; started_at: number | null; body: string }>> {
  return db
    .selectFrom("runs")
    .innerJoin("flows", "flows.id", "runs.flow_id")
    .select(["runs.id as id", "runs.started_at as started_at", "flows.body as body"])
    .where("runs.status", "=", "inProgress")
    .where("runs.delay_notified_at", "is", null)
    .execute();
}

/** Marks a run as told it is late; true for the one process that got there first. */
export async function claimDelayNotice(db: Db, runId: string, now: number): Promise<boolean> {
  const claimed = await db
    .updateTable("runs")
    .set({ delay_notified_at: now })
    .where("id", "=", runId)
    .where("delay_notified_at", "is", null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Of these runs, the ones a worker holds now: in progress under a lease that has not run out by the database's clock. */
export async function heldRuns(db: Db, clock: DatabaseClock, runIds: readonly string[]): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("runs")
    .select("id")
    .where("id", "in", [...runIds])
    .where("status", "=", "inProgress")
    .where("lease_expires_at", ">=", clock)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A run by id alone, for background work that has no caller (workers, notifications). */
export async function findRunById(db: Db, id: string): Promise<RunTable | undefined> {
  return db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The state (enabled | disabled) of each of these flows: a disabled flow's runs wait. */
export async function flowStates(db: Db, flowIds: readonly string[]): Promise<Map<string, string>> {
  if (flowIds.length === 0) return new Map();
  const rows = await db.selectFrom("flows").select(["id", "state"]).where("id", "in", [...new Set(flowIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.state]));
}

/** The flow's earliest window before `beforeSequence` that has not succeeded: the run a later one waits for. */
export async function earliestUnfinishedRunBefore(db: Db, flowId: string, beforeSequence: number): Promise<RunTable | undefined> {
  return db
    .selectFrom("runs")
    .selectAll()
    .where("flow_id", "=", flowId)
    .where("window_seq", "<", beforeSequence)
    .where("status", "<>", "success")
    .orderBy("window_seq")
    .limit(1)
    .executeTakeFirst();
}

export interface RunLogLine {
  at: number;
  attempt: number;
  level: "info" | "warn" | "error";
  message: string;
}

/** how many times a log line tries for a number before its write fails: each loss is another writer's line written */
const LOG_LINE_ATTEMPTS = 100;

/**
 * Appends a line to the run's log, keeping only its newest `keepLines`. The next number is taken
 * in the INSERT itself; a line that loses a race for it (another process writing to the same run's
 * log at that moment) takes the next one, after a pause of up to a few milliseconds, so a writer
 * with many lines to write cannot win every race against it in a row.
 */
export async function appendRunLog(db: Db, runId: string, line: RunLogLine, keepLines: number, heldBy?: string): Promise<void> {
  // an attempt's line only while its worker holds the run: one cancelled or taken over writes nothing more
  const held = heldBy === undefined ? sql`1 = 1` : sql`EXISTS (SELECT 1 FROM runs WHERE id = ${runId} AND lease_owner = ${heldBy})`;
  const insert = () =>
    sql<{ seq: number | string }>`
      INSERT INTO run_log (run_id, seq, at, attempt, level, message)
      SELECT ${runId}, next.seq, ${line.at}, ${line.attempt}, ${line.level}, ${line.message}
      FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM run_log WHERE run_id = ${runId}) AS next
      WHERE ${held}
      RETURNING seq`.execute(db);
  for (let attempt = 1; ; attempt++) {
    try {
      const seq = Number((await insert()).rows[0]?.seq ?? 0);
      if (seq > keepLines) await db.deleteFrom("run_log").where("run_id", "=", runId).where("seq", "<=", seq - keepLines).execute();
      return;
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= LOG_LINE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
}

/** Whether `worker` holds the run (its lease is its own): false once the run was cancelled or taken over. */
export async function runHeldBy(db: Db, runId: string, worker: string): Promise<boolean> {
  const row = await db.selectFrom("runs").select("id").where("id", "=", runId).where("lease_owner", "=", worker).executeTakeFirst();
  return row !== undefined;
}

/** The run's log, oldest line first. */
export async function listRunLog(db: Db, runId: string): Promise<RunLogLine[]> {
  const rows = await db.selectFrom("run_log").select(["at", "attempt", "level", "message"]).where("run_id", "=", runId).orderBy("seq").execute();
  return rows.map((r) => ({ at: Number(r.at), attempt: Number(r.attempt), level: r.level as RunLogLine["level"], message: r.message }));
}
