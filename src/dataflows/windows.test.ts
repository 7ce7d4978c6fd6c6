import { describe, expect, it } from "vitest";
import { currentWindow, dueWindows, type Schedule, windowAt } from "./windows.js";

const T0 = 1_700_000_000; // epoch seconds
const MIN = 60_000;

describe("schedule windows", () => {
  const every15: Schedule = { startTime: T0, frequency: "minute", interval: 15, backfill: true };

  it("with backfill, the first run at startTime takes everything before it", () => {
    expect(windowAt(every15, 0)).toEqual({ sequence: 0, start: null, end: T0 * 1000, dueAt: T0 * 1000 });
  });

  it("tiles time with half-open windows that share their boundaries", () => {
    const [a, b, c] = dueWindows(every15, null, T0 * 1000 + 30 * MIN);
    expect(a.end).toBe(b.start);
    expect(b.end).toBe(c.start);
    expect(c).toEqual({ sequence: 2, start: T0 * 1000 + 15 * MIN, end: T0 * 1000 + 30 * MIN, dueAt: T0 * 1000 + 30 * MIN });
  });

  it("without backfill, skips history: the first window starts at startTime", () => {
    const noBackfill = { ...every15, backfill: false };
    expect(dueWindows(noBackfill, null, T0 * 1000)).toEqual([]);
    expect(dueWindows(noBackfill, null, T0 * 1000 + 15 * MIN)).toEqual([
      { sequence: 1, start: T0 * 1000, end: T0 * 1000 + 15 * MIN, dueAt: T0 * 1000 + 15 * MIN },
    ]);
  });

  it("after downtime, returns every missed window in order, from the watermark on", () => {
    const hourly: Schedule = { startTime: T0, frequency: "hour", interval: 1, backfill: false };
    const missed = dueWindows(hourly, 3, T0 * 1000 + 7.5 * 3_600_000);
    expect(missed.map((w) => w.sequence)).toEqual([4, 5, 6, 7]);
  });

  it("knows minute (down to 1), hour, day and week periods", () => {
    for (const [frequency, ms] of [["minute", MIN], ["hour", 60 * MIN], ["day", 1440 * MIN], ["week", 10080 * MIN]] as const) {
      const s: Schedule = { startTime: T0, frequency, interval: 1, backfill: false };
      expect(windowAt(s, 1).end! - windowAt(s, 1).start!).toBe(ms);
    }
  });

  it("runs a once flow a single time, unbounded", () => {
    const once: Schedule = { startTime: T0, frequency: "once", interval: 0, backfill: false };
    expect(dueWindows(once, null, T0 * 1000 - 1)).toEqual([]);
    expect(dueWindows(once, null, T0 * 1000)).toEqual([{ sequence: 0, start: null, end: null, dueAt: T0 * 1000 }]);
    expect(dueWindows(once, 0, T0 * 1000 + 1e9)).toEqual([]);
  });

  it("continues from an anchor when the period changes, contiguous and with growing sequences", () => {
    const hourly: Schedule = { startTime: T0, frequency: "hour", interval: 1, backfill: false };
    const switched: Schedule = { ...hourly, frequency: "minute", interval: 10, anchor: { sequence: 3, time: windowAt(hourly, 3).end! } };
    const [next] = dueWindows(switched, 3, T0 * 1000 + 3 * 3_600_000 + 10 * MIN);
    expect(next).toEqual({ sequence: 4, start: windowAt(hourly, 3).end, end: windowAt(hourly, 3).end! + 10 * MIN, dueAt: windowAt(hourly, 3).end! + 10 * MIN });
  });

  it("bounds how many windows one call returns", () => {
    const minute: Schedule = { startTime: T0, frequency: "minute", interval: 1, backfill: false };
    expect(dueWindows(minute, null, T0 * 1000 + 10_000 * MIN, 50)).toHaveLength(50);
  });
});

describe("the current window (run now)", () => {
  const hourly: Schedule = { startTime: T0, frequency: "hour", interval: 1, backfill: false };
  const HOUR = 3_600_000;

  it("is the window now lies in, with its start included and its end excluded", () => {
    expect(currentWindow(hourly, T0 * 1000 + 90 * MIN)).toEqual({ sequence: 2, start: T0 * 1000 + HOUR, end: T0 * 1000 + 2 * HOUR, dueAt: T0 * 1000 + 2 * HOUR });
    expect(currentWindow(hourly, T0 * 1000 + HOUR).sequence).toBe(2);
    expect(currentWindow(hourly, T0 * 1000 + HOUR - 1).sequence).toBe(1);
  });

  it("is the first window before the flow starts, and follows an anchored period change", () => {
    expect(currentWindow(hourly, T0 * 1000 - HOUR).sequence).toBe(1);
    expect(currentWindow({ ...hourly, backfill: true }, T0 * 1000 - HOUR).sequence).toBe(0);
    const anchored: Schedule = { ...hourly, frequency: "minute", interval: 15, anchor: { sequence: 4, time: T0 * 1000 + 4 * HOUR } };
    expect(currentWindow(anchored, T0 * 1000 + 4 * HOUR + 20 * MIN)).toEqual({
      sequence: 6, start: T0 * 1000 + 4 * HOUR + 15 * MIN, end: T0 * 1000 + 4 * HOUR + 30 * MIN, dueAt: T0 * 1000 + 4 * HOUR + 30 * MIN,
    });
  });

  it("is the anchor's window, created before the period changed, until that window ends", () => {
    // window 4 of the hourly flow was run now at 3 h 20 min; then the period became 15 minutes
    const anchored: Schedule = { ...hourly, frequency: "minute", interval: 15, anchor: { sequence: 4, time: T0 * 1000 + 4 * HOUR } };
    const before = currentWindow(anchored, T0 * 1000 + 3 * HOUR + 21 * MIN);
    expect(before.sequence).toBe(4);
    expect(before.end).toBe(T0 * 1000 + 4 * HOUR);
    expect(currentWindow(anchored, T0 * 1000 + 4 * HOUR - 1).sequence).toBe(4);
    expect(currentWindow(anchored, T0 * 1000 + 4 * HOUR).sequence).toBe(5);
    // a longer period does not reach back to a window numbered from startTime
    const longer: Schedule = { ...anchored, interval: 600 };
    expect(currentWindow(longer, T0 * 1000 + 3 * HOUR + 21 * MIN).sequence).toBe(4);
  });

  it("keeps the anchor's end when the period changes again before another window is created", () => {
    const anchored: Schedule = { ...hourly, frequency: "minute", interval: 15, anchor: { sequence: 4, time: T0 * 1000 + 4 * HOUR } };
    expect(windowAt(anchored, 4).end).toBe(T0 * 1000 + 4 * HOUR);
    expect(windowAt(anchored, 5)).toEqual({ sequence: 5, start: T0 * 1000 + 4 * HOUR, end: T0 * 1000 + 4 * HOUR + 15 * MIN, dueAt: T0 * 1000 + 4 * HOUR + 15 * MIN });
  });
});
