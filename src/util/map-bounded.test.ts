import { describe, expect, it } from "vitest";
import { mapBounded } from "./map-bounded.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("mapBounded", () => {
  it("answers in the items' order with never more than the limit in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([30, 5, 20, 1, 15, 2, 8], 3, async (ms, index) => {
      most = Math.max(most, ++inFlight);
      await tick(ms);
      inFlight--;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(["0:30", "1:5", "2:20", "3:1", "4:15", "5:2", "6:8"]);
    expect(most).toBe(3);
  });

  it("starts nothing after a failure, waits for the work in flight, then throws the first error", async () => {
    const started: number[] = [];
    let finished = 0;
    const outcome = mapBounded([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error("download 1 failed");
      await tick(20);
      finished++;
    });
    await expect(outcome).rejects.toThrow("download 1 failed");
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(1);
  });

  it("handles no items", async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
