/**
 * Turns due schedule windows into runs. Safe to call from every process at once: each tick locks
 * the due flows it takes (others skip them) and moves their watermark forward in the same
 * transaction, so exactly one process creates each run.
 *
 * A tick costs what is due, not how many flows there are: the flows are read through an index on
 * when their next window is due (kept in the row, worked out again after any change of schedule),
 * and their windows become runs in a few statements per tick (bench/scheduler measures it).
 */
import type { Store } from "../store/database.js";
import { type DueFlow, earliestNextDue, lockDueFlows } from "../store/flows.repository.js";
import { advanceSchedules, refreshRunStatistics, type ScheduleAdvance } from "../store/runs.repository.js";
import { isWriteConflict } from "../store/database.js";
import { dueWindows, type Frequency, type Schedule } from "../dataflows/windows.js";

/** At most this many windows per flow and tick: a long downtime catches up over a few ticks. */
const MAX_WINDOWS_PER_TICK = 500;
/** Flows taken per transaction; a tick takes rounds until none is due, at most ROUNDS_PER_TICK (the claims wait meanwhile). */
const FLOWS_PER_ROUND = 1000;
const ROUNDS_PER_TICK = 20;
/**
 * Once a process's ticks have created this many runs since the store's statistics were last
 * refreshed (in one tick: a start after downtime, many new flows; or over many small ones: a young
 * runs table filling up), they are refreshed so claims keep walking the queue's index: a claim
 * planned with the statistics of a short queue reads and sorts every due run.
 */
const REFRESH_STATISTICS_AFTER_RUNS = 1000;
const createdSinceRefresh = new WeakMap<Store, number>();
/** The next due time of a flow with no window left (a `once` flow that has had its run). */
const NEVER = Number.MAX_SAFE_INTEGER;

export async function scheduleDueRuns(store: Store, now: number): Promise<number> {
  let created = 0;
  for (let rounds = 1; ; rounds++) {
    const round = await store.db
      .transaction()
      .execute(async (trx) => {
        const flows = await lockDueFlows(trx, store.capabilities, now, FLOWS_PER_ROUND);
        return { flows: flows.length, created: await advanceSchedules(trx, flows.map((flow) => advanceOf(flow, now)), now) };
      })
      .catch((error) => {
        // another process won a race for these rows (a deadlock or serialization failure): the next tick retries
        if (isWriteConflict(error)) return { flows: 0, created: 0 };
        throw error;
      });
    created += round.created;
    if (round.flows < FLOWS_PER_ROUND || rounds === ROUNDS_PER_TICK) break;
  }
  const sinceRefresh = (createdSinceRefresh.get(store) ?? 0) + created;
  createdSinceRefresh.set(store, sinceRefresh >= REFRESH_STATISTICS_AFTER_RUNS ? 0 : sinceRefresh);
  if (sinceRefresh >= REFRESH_STATISTICS_AFTER_RUNS) await refreshRunStatistics(store.db, store.capabilities);
  return created;
}

/** When the next window of any flow is due (epoch ms), undefined when no flow is enabled: a worker with nothing to do sleeps until then at most. */
export function nextWindowDueAt(store: Store): Promise<number | undefined> {
  return earliestNextDue(store.db);
}

function advanceOf(flow: DueFlow, now: number): ScheduleAdvance {
  const through = flow.scheduled_through === null ? null : Number(flow.scheduled_through);
  const schedule: Schedule = {
    startTime: Number(flow.start_time),
    frequency: flow.frequency as Frequency,
    interval: flow.interval,
    backfill: Number(flow.backfill) === 1,
    anchor: flow.anchor_seq === null || flow.anchor_time === null ? undefined : { sequence: Number(flow.anchor_seq), time: Number(flow.anchor_time) },
  };
  const windows = dueWindows(schedule, through, now, MAX_WINDOWS_PER_TICK);
  const last = windows.length > 0 ? windows[windows.length - 1].sequence : through;
  const following = dueWindows(schedule, last, Number.MAX_SAFE_INTEGER, 1)[0];
  return {
    flow: { id: flow.id, imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name },
    expectedThrough: through,
    windows,
    nextDueAt: following ? following.dueAt : NEVER,
  };
}
