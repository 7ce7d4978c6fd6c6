/**
 * Turns due schedule windows into runs. Safe to call from every process at once: the per-flow
 * watermark compare-and-set in createScheduledRuns lets exactly one of them create each run.
 */
import type { Store } from "../store/database.js";
import { listSchedulableFlows } from "../store/flows.repository.js";
import { createScheduledRuns } from "../store/runs.repository.js";
import { dueWindows, type Frequency } from "../dataflows/windows.js";

/** At most this many windows per flow and tick: a long downtime catches up over a few ticks. */
const MAX_WINDOWS_PER_TICK = 500;

export async function scheduleDueRuns(store: Store, now: number): Promise<number> {
  const flows = await listSchedulableFlows(store.db, Math.floor(now / 1000));
  let created = 0;
  for (const flow of flows) {
    const through = flow.scheduled_through === null ? null : Number(flow.scheduled_through);
    const schedule = {
      startTime: Number(flow.start_time),
      frequency: flow.frequency as Frequency,
      interval: flow.interval,
      backfill: Number(flow.backfill) === 1,
      anchor: flow.anchor_seq === null || flow.anchor_time === null
        ? undefined
        : { sequence: Number(flow.anchor_seq), time: Number(flow.anchor_time) },
    };
    const windows = dueWindows(schedule, through, now, MAX_WINDOWS_PER_TICK);
    created += await createScheduledRuns(
      store.db,
      { id: flow.id, imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name },
      through,
      windows,
      now,
    );
  }
  return created;
}
