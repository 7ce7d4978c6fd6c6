import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/aep-calls.js";

/**
 * A run's window bounds and flags, and a flow's startTime, that cannot be taken say what to send
 * instead: seconds for milliseconds (with the value), the range of epoch seconds, true or false.
 */
const code = (reply: { body: any }) => String(reply.body?.type).replace("https://ns.adobe.com/aep/errors/", "");

describe("what a run's params and a flow's startTime must be", () => {
  let system: TestSystem;
  const run = (params: Record<string, unknown>) => call(system, "POST", `${FS}/runs`, { body: { flowId: "3b5ddc2b-7b39-4ef8-b1c6-6e6a0a6f3c9a", params } });
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("says a window time in epoch milliseconds looks like milliseconds, and gives the seconds to send", async () => {
    const reply = await run({ windowStartTime: "1704067200000", windowEndTime: "1704070800" });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1384-400");
    expect(reply.body.errorMessage).toContain("looks like epoch milliseconds; send 1704067200");
    const end = await run({ windowEndTime: 1704070800000 });
    expect(end.body.errorMessage).toContain("windowEndTime is in epoch seconds");
    expect(end.body.errorMessage).toContain("send 1704070800");
  });

  it("gives the range of epoch seconds for a time no reading makes a date, and the form for one that is not a number", async () => {
    expect((await run({ windowStartTime: 1e20 })).body.errorMessage).toContain("from 0 to 253402300799");
    expect((await run({ windowStartTime: "2024-01-01" })).body.errorMessage).toContain("a whole number such as 1704067200");
  });

  it("refuses a window time sent as a list or an object, showing it as sent, rather than reading [1704067200] as the number", async () => {
    for (const value of [[1704067200], { seconds: 1704067200 }]) {
      const reply = await run({ windowStartTime: value });
      expect(reply.status, reply.text).toBe(400);
      expect(code(reply)).toBe("SRC-1384-400");
      expect(reply.body.errorMessage).toContain(`params=windowStartTime=${JSON.stringify(value)} provided`);
      expect(reply.body.errorMessage).toContain("a whole number such as 1704067200");
    }
  });

  it("says a window start before 1970 lies outside the range, and how to read the rows dated before it, rather than asking for a whole number", async () => {
    const reply = await run({ windowStartTime: "-86400", windowEndTime: "1704067200" });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1384-400");
    expect(reply.body.errorMessage).toContain("windowStartTime is in epoch seconds, from 0 to 253402300799");
    expect(reply.body.errorMessage).toContain("leave windowStartTime out to read every row before windowEndTime, however old");
    expect(reply.body.errorMessage).not.toContain("a whole number");
  });

  it("names the run action there is when another is asked for", async () => {
    const reply = await call(system, "POST", `${FS}/runs/3b5ddc2b-7b39-4ef8-b1c6-6e6a0a6f3c9a/action?op=retry`);
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1401-400");
    expect(reply.body.errorMessage).toContain("action=retry is not supported");
    expect(reply.body.errorMessage).toContain("op=re-trigger");
  });

  it("says fullReload and runNow must be a boolean", async () => {
    for (const name of ["fullReload", "runNow"]) {
      const reply = await run({ [name]: "yes" });
      expect(reply.status, reply.text).toBe(400);
      expect(code(reply)).toBe("SRC-1384-400");
      expect(reply.body.errorMessage).toContain(`${name} must be a boolean (true or false)`);
    }
  });

  it("says a flow's startTime of 1e20 lies outside the range of epoch seconds instead of asking for an integer", async () => {
    const flow = {
      name: "far start",
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      sourceConnectionIds: ["s"],
      targetConnectionIds: ["t"],
      scheduleParams: { startTime: 1e20, frequency: "once" },
    };
    const reply = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("scheduleParams.startTime");
    expect(reply.body.errorMessage).toContain("from 0 to 253402300799");
    expect(reply.body.errorMessage).not.toContain("an integer is expected");
  });
});
