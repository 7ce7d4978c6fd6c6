/**
 * A run list filtered on one of its times with a value that is no number of epoch milliseconds (an
 * ISO date, say) is refused with FLOW-1453-400 saying what the field holds, where it answered an
 * empty list, as if no run matched. Numbers are taken as before. The times beyond AEP's
 * (nextAttemptAt, phase.startedAt, heldBack.since), whose names say no time, are times too: the
 * run item's schema says they are epoch milliseconds, and the list reads its fields' forms from it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("run list filters on times", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  const list = (filter: string) => call(system, "GET", `${FS}/runs?property=${encodeURIComponent(filter)}`);

  it.each([
    ["metrics.durationSummary.startedAtUTC>2024-01-01", "metrics.durationSummary.startedAtUTC", "2024-01-01"],
    ["createdAt>=yesterday", "createdAt", "yesterday"],
    ["metrics.durationSummary.completedAtUTC==1,soon", "metrics.durationSummary.completedAtUTC", "soon"],
    ["heldBack.since<2026-12-01T00:00:00Z", "heldBack.since", "2026-12-01T00:00:00Z"],
    ["nextAttemptAt>=tomorrow", "nextAttemptAt", "tomorrow"],
    ["phase.startedAt>today", "phase.startedAt", "today"],
  ])("refuses %s, saying the field is epoch milliseconds", async (filter, path, value) => {
    const reply = await list(filter);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    expect(reply.body.errorMessage).toBe(
      `Invalid query value ${filter} provided in query param: ${path} is a time in epoch milliseconds, and ${value} is not one: send it as property=${path}>1796049000000.`,
    );
  });

  it.each(["metrics.durationSummary.startedAtUTC>1796049000000", "heldBack.since<1796049000000", "nextAttemptAt>=1796049000000"])("takes epoch milliseconds: %s", async (filter) => {
    const reply = await list(filter);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.items).toEqual([]);
  });

  it("refuses a count compared with text, saying it is a number", async () => {
    const reply = await list("attempt>twice");
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toBe("Invalid query value attempt>twice provided in query param: attempt is a number, and twice is not one: send it as property=attempt>=10.");
  });
});
