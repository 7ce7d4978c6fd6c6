/**
 * Schedule windows: pure arithmetic, "now" passed in.
 *
 * A recurring flow runs at T_k = startTime + k·period. Run k ingests the rows whose delta column
 * lies in [T_{k-1}, T_k). With backfill the first run (k = 0, at startTime) takes everything
 * before startTime; without it the first run is k = 1 and history before startTime is skipped.
 * A `once` flow has the single window k = 0 and reads the whole table at the pinned version.
 * Windows are half-open, so a row exactly on a boundary belongs to exactly one window.
 */
export type Frequency = "once" | "minute" | "hour" | "day" | "week";

export interface Schedule {
  /** epoch seconds */
  startTime: number;
  frequency: Frequency;
  interval: number;
  backfill: boolean;
  /**
   * Set when the period of a running flow changed: window `sequence`, the last one created then,
   * ends at `time` (epoch ms, possibly still ahead when it was run now) and later windows follow
   * on from there with the new period, so windows stay contiguous and sequence numbers keep growing.
   * Windows up to `sequence` keep the bounds they were created with (their runs hold them); the
   * schedule knows only where the last of them ends.
   */
  anchor?: { sequence: number; time: number };
}

export interface Window {
  sequence: number;
  /** epoch ms, inclusive; null = unbounded (backfill, once) */
  start: number | null;
  /** epoch ms, exclusive; null = unbounded (once) */
  end: number | null;
  /** epoch ms at which the window may run */
  dueAt: number;
}

const UNIT_MS: Record<Exclude<Frequency, "once">, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export function periodMs(schedule: Schedule): number {
  if (schedule.frequency === "once") return 0;
  return UNIT_MS[schedule.frequency] * schedule.interval;
}

export function firstSequence(schedule: Schedule): number {
  return schedule.frequency === "once" || schedule.backfill ? 0 : 1;
}

export function windowAt(schedule: Schedule, sequence: number): Window {
  const start = schedule.startTime * 1000;
  if (schedule.frequency === "once") return { sequence: 0, start: null, end: null, dueAt: start };
  const period = periodMs(schedule);
  const anchor = schedule.anchor;
  // the anchor's own window keeps its end; its start is given as if it had the current period too (its run holds the real one)
  if (anchor && sequence >= anchor.sequence) {
    const end = anchor.time + (sequence - anchor.sequence) * period;
    return { sequence, start: end - period, end, dueAt: end };
  }
  const end = start + sequence * period;
  return { sequence, start: sequence === 0 ? null : end - period, end, dueAt: end };
}

/** Windows after `afterSequence` that are due at `now`, oldest first, at most `limit`. */
export function dueWindows(schedule: Schedule, afterSequence: number | null, now: number, limit = 1000): Window[] {
  const windows: Window[] = [];
  let sequence = afterSequence === null ? firstSequence(schedule) : afterSequence + 1;
  if (schedule.frequency === "once" && sequence > 0) return windows;
  while (windows.length < limit) {
    const window = windowAt(schedule, sequence);
    if (window.dueAt > now) break;
    windows.push(window);
    if (schedule.frequency === "once") break;
    sequence++;
  }
  return windows;
}

/**
 * The window `now` lies in: [start, end) with start <= now < end (the first window when the flow
 * has not started yet). "Run now" runs it early; its rows that arrive later are read by the next
 * window as late rows. After a period change, a time before the anchor lies in a window created
 * before the change: the anchor's own window, when it was run now and has not ended yet.
 */
export function currentWindow(schedule: Schedule, now: number): Window {
  const period = periodMs(schedule);
  if (period === 0) return windowAt(schedule, 0);
  const anchor = schedule.anchor;
  if (anchor) return windowAt(schedule, anchor.sequence + Math.max(0, Math.floor((now - anchor.time) / period) + 1));
  const sequence = Math.floor((now - schedule.startTime * 1000) / period) + 1;
  return windowAt(schedule, Math.max(firstSequence(schedule), sequence));
}

/**
 * Where a window without an end stands as a bound (9999-12-31T23:59:59.999Z, Spark's last
 * timestamp to the millisecond): a run after one that read every row reads [OPEN_END, OPEN_END)
 * plus the rows that appeared since, i.e. only the new rows.
 */
export const OPEN_END_MS = 253_402_300_799_999;

/** Where the window after a run's starts: its end, or OPEN_END_MS when it read every row up to the table's latest (no end). */
export function endOfRunWindow(run: { window_end: number | string | null }): number {
  return run.window_end === null ? OPEN_END_MS : Number(run.window_end);
}
