import { describe, expect, it } from "vitest";
import { DatabricksClient } from "./client.js";
import { DatabricksSqlError, DatabricksTimeoutError } from "./errors.js";
import type { PollClock } from "./poll.js";

/** A clock that moves only when the wait sleeps, and does so at once. */
function fakeClock(): PollClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/**
 * The client's wait for a command ending `endsAtMs` after it starts, its status answered at once:
 * the times of its looks, the last one the look that sees the end.
 */
async function looksAt(endsAtMs: number): Promise<number[]> {
  const clock = fakeClock();
  const client = new DatabricksClient({ domain: "https://adb-1.azuredatabricks.net", accessToken: "token", pollClock: clock });
  const looks: number[] = [];
  await client.pollUntil(
    async () => {
      looks.push(clock.now());
      return clock.now() >= endsAtMs ? "Finished" : undefined;
    },
    clock.now() + 3_600_000,
    () => "the command finishing",
  );
  return looks;
}

function steps(looks: number[]): number[] {
  return looks.slice(1).map((at, i) => at - looks[i]);
}

describe("waiting for a Databricks command to end", () => {
  it("sees a 50 ms command at 50 ms: a look every 10 ms while the wait is short", async () => {
    // doubling steps looked at 0, 10, 30, 70 and saw it 20 ms late
    expect(await looksAt(50)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("sees a 3.3 s export within 10% of its end, not at the next second", async () => {
    const looks = await looksAt(3_300);
    const seen = looks.at(-1)!;
    // doubling steps capped at 1 s looked at 2,270 and 3,270 ms, then saw it at 4,270 ms
    expect(seen).toBeGreaterThanOrEqual(3_300);
    expect(seen).toBeLessThanOrEqual(3_300 * 1.1);
    // each step is a tenth of the time waited (at least 10 ms): about 47 looks, not a look every 10 ms
    for (const [i, step] of steps(looks).entries()) expect(step).toBe(Math.max(10, Math.round(looks[i] / 10)));
    expect(looks.length).toBeLessThan(60);
  });

  it("looks at a command running for ten minutes every 5 s, no more often", async () => {
    const looks = await looksAt(600_000);
    // a tenth of the time waited reaches 5 s after 50 s; from then on, one look every 5 s
    const afterCap = looks.filter((at) => at >= 50_000);
    expect(new Set(steps(afterCap))).toEqual(new Set([5_000]));
    expect(looks.filter((at) => at > 540_000 && at <= 600_000)).toHaveLength(12);
    expect(looks.at(-1)! - 600_000).toBeLessThan(5_000);
  });

  it("stops at the deadline with a DatabricksTimeoutError, its last sleep cut to the deadline", async () => {
    const clock = fakeClock();
    const client = new DatabricksClient({ domain: "https://adb-1.azuredatabricks.net", accessToken: "token", pollClock: clock });
    const looks: number[] = [];
    const error = await client
      .pollUntil(
        async () => {
          looks.push(clock.now());
          return undefined;
        },
        1_000,
        () => "a SQL command finishing",
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksTimeoutError);
    expect(error.message).toBe("a SQL command finishing did not happen in time");
    expect(looks.at(-1)).toBe(1_000);
  });

  it("ends the wait on an error the status check throws", async () => {
    const client = new DatabricksClient({ domain: "https://adb-1.azuredatabricks.net", accessToken: "token", pollClock: fakeClock() });
    let looks = 0;
    const error = await client
      .pollUntil(
        async () => {
          if (++looks === 3) throw new DatabricksSqlError("the command was cancelled", undefined);
          return undefined;
        },
        60_000,
        () => "a SQL command finishing",
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksSqlError);
    expect(looks).toBe(3);
  });
});
