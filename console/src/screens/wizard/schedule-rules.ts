/**
 * The wizard's schedule rules, pure: the interval a frequency proposes, and what the service would
 * refuse about a schedule, checked before Finish creates anything.
 */

export type Frequency = "once" | "minute" | "hour" | "day" | "week";

/**
 * The interval proposed for each frequency: one hour, day or week; for minutes, AEP's smallest
 * interval (15), which its own UI proposes, so a flow made here also fits AEP's rules (this service
 * takes down to `FLOW_MIN_MINUTE_INTERVAL`, 1 by default).
 */
export const DEFAULT_INTERVAL: Record<Frequency, number> = { once: 1, minute: 15, hour: 1, day: 1, week: 1 };

/** The step's form fields the frequency's change touches. */
export interface IntervalDraft {
  frequency: Frequency;
  interval: number;
  /** whether the user typed the interval: a typed one is kept when the frequency changes */
  intervalTyped?: boolean;
}

/** The draft with another frequency: an interval the user did not type becomes the new frequency's default. */
export function withFrequency<D extends IntervalDraft>(draft: D, frequency: Frequency): D {
  return { ...draft, frequency, interval: draft.intervalTyped ? draft.interval : DEFAULT_INTERVAL[frequency] };
}

/**
 * What the service would refuse about this schedule, in words; undefined when nothing.
 * `toleranceSeconds`: how far in the past the service lets a start time lie (its FLOW_START_TIME_TOLERANCE_SECONDS).
 */
export function scheduleProblem(schedule: { frequency: Frequency; interval: number; startTime: number }, nowMs: number, toleranceSeconds: number): string | undefined {
  if (!Number.isFinite(schedule.startTime)) return "Give a start time.";
  if (schedule.startTime < Math.floor(nowMs / 1000) - toleranceSeconds) {
    return `The start time ${new Date(schedule.startTime * 1000).toISOString()} is in the past: choose one from now on.`;
  }
  if (schedule.frequency !== "once" && !(Number.isInteger(schedule.interval) && schedule.interval >= 1)) {
    return `The interval must be a whole number of ${schedule.frequency}s, 1 or more.`;
  }
  return undefined;
}
