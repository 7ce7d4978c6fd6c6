/**
 * A run list filtered on one of its times with a value that is no number of epoch milliseconds (an
 * ISO date, say) is refused with FLOW-1453-400 saying what the field holds, where it answered an
 * empty list, as if no run matched. Numbers are taken as before.
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
  ])("refuses %s, saying the field is epoch milliseconds", async (filter, path, value) => {
    const reply = await list(filter);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    expect(reply.body.errorMessage).toBe(
      `Invalid query value ${filter} provided in query param: ${path} is a time in epoch milliseconds, and ${value} is not one: send it as property=${path}>1796049000000.`,
    );
  });

  it("takes epoch milliseconds", async () => {
    const reply = await list("metrics.durationSummary.startedAtUTC>1796049000000");
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.items).toEqual([]);
  });
});
