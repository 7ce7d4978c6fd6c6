/** The wizard's schedule rules: the interval each frequency proposes, and a schedule checked before Finish creates anything. */
import { describe, expect, it } from "vitest";
import { DEFAULT_INTERVAL, scheduleProblem, withFrequency } from "../../console/src/screens/wizard/schedule-rules.js";

describe("the wizard's schedule interval", () => {
  it("proposes one hour, day or week, and AEP's 15 for minutes", () => {
    expect(DEFAULT_INTERVAL).toMatchObject({ minute: 15, hour: 1, day: 1, week: 1 });
  });

  it("follows the frequency while the user has not typed it", () => {
    const start = { frequency: "once" as const, interval: DEFAULT_INTERVAL.once };
    const hourly = withFrequency(start, "hour");
    expect(hourly.interval).toBe(1);
    expect(withFrequency(hourly, "minute").interval).toBe(15);
    expect(withFrequency(withFrequency(hourly, "minute"), "week").interval).toBe(1);
  });

  it("keeps an interval the user typed", () => {
    const typed = { frequency: "hour" as const, interval: 6, intervalTyped: true };
    expect(withFrequency(typed, "day")).toEqual({ frequency: "day", interval: 6, intervalTyped: true });
  });
});

describe("a schedule checked before Finish", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");
  const at = (iso: string) => Date.parse(iso) / 1000;

  const HOUR = 3600;

  it("takes a start time from now on, or within the service's tolerance", () => {
    expect(scheduleProblem({ frequency: "hour", interval: 1, startTime: at("2026-12-02T12:00:00Z") }, now, HOUR)).toBeUndefined();
    expect(scheduleProblem({ frequency: "once", interval: 1, startTime: at("2026-12-02T09:30:00Z") }, now, HOUR)).toBeUndefined();
    expect(scheduleProblem({ frequency: "once", interval: 1, startTime: at("2026-12-01T12:00:00Z") }, now, 24 * HOUR)).toBeUndefined();
  });

  it("refuses a start time in the past beyond the service's tolerance", () => {
    expect(scheduleProblem({ frequency: "once", interval: 1, startTime: at("2026-12-01T09:00:00Z") }, now, HOUR)).toMatch(/^The start time 2026-12-01T09:00:00.000Z is in the past/);
    expect(scheduleProblem({ frequency: "once", interval: 1, startTime: at("2026-12-02T09:30:00Z") }, now, 0)).toMatch(/is in the past/);
  });

  it("refuses an interval that is not a whole number of 1 or more, for a recurring flow only", () => {
    const startTime = at("2026-12-03T00:00:00Z");
    expect(scheduleProblem({ frequency: "day", interval: 0, startTime }, now, HOUR)).toMatch(/whole number of days, 1 or more/);
    expect(scheduleProblem({ frequency: "day", interval: 1.5, startTime }, now, HOUR)).toMatch(/whole number/);
    expect(scheduleProblem({ frequency: "once", interval: 0, startTime }, now, HOUR)).toBeUndefined();
  });
});
