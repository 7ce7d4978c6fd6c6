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
