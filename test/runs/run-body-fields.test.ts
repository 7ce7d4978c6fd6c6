/**
 * POST /runs takes flowId, params and (aepp's) status: another field, a misspelt `param` say, is
 * refused naming it and the fields the body takes, before the flow is looked up, where it was
 * dropped and the run read another window than the one asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

describe("the fields of a run's create body", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.close());

  const flowId = "00000000-0000-4000-8000-000000000000";

  it("refuses a misspelt params, naming it", async () => {
    const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId, param: { windowStartTime: "1704067200", windowEndTime: "1704153600" } } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(reply.body.report.property).toBe("param");
    expect(reply.body.errorMessage).toBe("The field param is not a field of a flow run: its create body takes flowId, params, status. Remove param (or correct its name) and try again.");
  });

  it("takes flowId, params and status, and goes on to look the flow up", async () => {
    const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId, status: "active", params: { runNow: true } } });
    expect(reply.status, reply.text).toBe(404);
  });
});
