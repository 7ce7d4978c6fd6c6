/**
 * Epoch seconds as AEP's schedules and run windows take them, up to 9999-12-31T23:59:59Z (Spark's
 * last timestamp). A larger value is most often epoch milliseconds sent by mistake: the reason
 * says so and gives the seconds to send.
 */
import { OPEN_END_MS } from "./windows.js";

export const LAST_EPOCH_SECOND = Math.floor(OPEN_END_MS / 1000);

/** Why `seconds` (named `name`) is not an epoch second this service takes; undefined when it is one. */
export function epochSecondsProblem(seconds: number, name: string): string | undefined {
  if (seconds >= 0 && seconds <= LAST_EPOCH_SECOND) return undefined;
  if (seconds > LAST_EPOCH_SECOND && seconds / 1000 <= LAST_EPOCH_SECOND) {
    return `${name} is in epoch seconds, and this lies after the year 9999: it looks like epoch milliseconds; send ${Math.floor(seconds / 1000)}`;
  }
  return `${name} is in epoch seconds, from 0 to ${LAST_EPOCH_SECOND} (9999-12-31T23:59:59Z)`;
}

/**
 * What a field in epoch seconds takes, told when it got something else: a text that reads as a date
 * (`2026-12-01T10:30:00Z`) is given back in epoch seconds, the value to send.
 */
export function epochSecondsExpected(value: unknown): string {
  const ms = typeof value === "string" && !/^\s*-?\d+(\.\d*)?\s*$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(ms)) return `an integer of epoch seconds is expected, not a date text: ${value} is ${Math.floor(ms / 1000)} in epoch seconds`;
  return `an integer of epoch seconds is expected, as ${Math.floor(Date.UTC(2026, 11, 1, 10, 30) / 1000)} for 2026-12-01T10:30:00Z`;
}
