/**
 * A process's clock aligned with the database's: on a host whose clock is minutes off it tells the
 * database's time, follows a step of the host's clock at its next read of the offset, and reads it
 * no more once stopped.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { AlignedClock } from "../../src/store/aligned-clock.js";
import type { Store } from "../../src/store/database.js";
import { eventually } from "../support/blob.js";
import { useFreshStores } from "../support/fresh-stores.js";
import { DIALECTS } from "../support/postgres.js";

const MINUTE = 60_000;
/** what the aligned clock may be off by: part of a round trip to the database (which shares the test's clock), not minutes */
const ALIGNMENT_MS = 250;

describe.each(DIALECTS)("a clock aligned with the database's (%s)", (dialect) => {
  const fresh = useFreshStores(dialect, "ds-aligned-clock");
  let store: Store;
  beforeEach(() => {
    store = fresh.stores[0];
  });

  it("tells the database's time on a host 3 minutes ahead, and follows the host's clock stepping 5 minutes back", async () => {
    let skew = 3 * MINUTE;
    const clock = new AlignedClock(store, () => Date.now() + skew);
    await clock.start(50);
    try {
      expect(Math.abs(clock.now() - Date.now())).toBeLessThan(ALIGNMENT_MS);
      skew = -2 * MINUTE;
      await eventually(async () => Math.abs(clock.now() - Date.now()) < ALIGNMENT_MS, 5_000, 20);
    } finally {
      clock.stop();
    }
    // stopped: a step of the host's clock is no longer followed
    skew += MINUTE;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(clock.now() - Date.now()).toBeGreaterThan(MINUTE - ALIGNMENT_MS);
  });
});
