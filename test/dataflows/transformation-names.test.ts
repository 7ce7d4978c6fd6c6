import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, FS } from "../support/aep-calls.js";

/**
 * A transformation whose name is neither Copy nor Mapping would be left unread, and the flow then
 * refused for a missing mapping: the answer names the unknown name and the known ones instead.
 */
describe("an unknown transformation name", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const flow = (transformations: unknown[]) => ({
    name: "misspelt",
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: ["s"],
    targetConnectionIds: ["t"],
    transformations,
    scheduleParams: { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" },
  });

  it("names the unknown transformation, where it is, and the known ones", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: flow([{ name: "Mapper", params: { mappingId: "m" } }]) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(reply.body.report.property).toBe("transformations[0].name");
    expect(reply.body.errorMessage).toContain('"Mapper"');
    expect(reply.body.errorMessage).toContain("Copy, Mapping");
    expect(reply.body.errorMessage).not.toContain("mapping transformation is missing");
  });

  it("takes the known names in any case, as before", async () => {
    // past the transformations, the made-up connection ids are what is refused
    const reply = await call(system, "POST", `${FS}/flows`, { body: flow([{ name: "mapping", params: { mappingId: "m" } }]) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("sourceConnectionIds");
  });
});
