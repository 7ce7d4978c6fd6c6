import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, DATASETS } from "../support/aep-calls.js";
import { FS } from "../support/journey.js";

/**
 * A field sent with the wrong type is not "missing": the answer says it was there and which type
 * it must have (SRC-1312-400 for the Flow Service, CAT-1000-400 for Catalog), so the client fixes
 * the type rather than adding a field it already sends.
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => String(reply.body?.type).replace("https://ns.adobe.com/aep/errors/", "");

describe("a field of the wrong type", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("POST /runs with a number flowId says it must be a string", async () => {
    const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId: 5 } });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe("flowId");
    expect(reply.body.errorMessage).toContain("must be a string");
    expect(reply.body.errorMessage).not.toContain("not provided");
    expect(code(await call(system, "POST", `${FS}/runs`, { body: {} }))).toBe("SRC-1304-400");
  });

  it.each([
    ["-5", "hour", 1],
    ["1.5", "day", 1],
    ["every 15", "minute", 1],
  ])("a flow's interval %s with frequency %s says it is a whole number of those, at least the least one (it said only that it is not allowed)", async (interval, frequency, minimum) => {
    const flow = {
      name: "interval",
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      sourceConnectionIds: ["s"],
      targetConnectionIds: ["t"],
      transformations: [{ name: "Mapping", params: { mappingId: "m" } }],
      scheduleParams: { startTime: later(), frequency, interval },
    };
    const reply = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1363-400");
    expect(reply.body.errorMessage).toBe(
      `Interval ${interval} is not allowed with frequency: ${frequency}: it is a whole number of ${frequency}s, at least ${minimum}, as a number or a string of digits. Please provide a valid interval value and try again.`,
    );
  });

  it("a flow's ids as a string, and its spec and mapping ids as numbers, say what they must be", async () => {
    const flow = {
      name: "wrong types",
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      sourceConnectionIds: ["s"],
      targetConnectionIds: ["t"],
      transformations: [{ name: "Mapping", params: { mappingId: "m" } }],
      scheduleParams: { startTime: later(), frequency: "once" },
    };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ sourceConnectionIds: "0b3c6b5e-6d6a-4b8e-9c0e-1f2a3b4c5d6e" }, "sourceConnectionIds", "must be an array of ids"],
      [{ targetConnectionIds: { id: "t" } }, "targetConnectionIds", "must be an array of ids"],
      [{ flowSpec: { id: 14518937 } }, "flowSpec.id", "must be a string"],
      [{ transformations: [{ name: "Mapping", params: { mappingId: 7 } }] }, "transformations[Mapping].params.mappingId", "must be a string"],
    ];
    for (const [change, property, says] of cases) {
      const reply = await call(system, "POST", `${FS}/flows`, { body: { ...flow, ...change } });
      expect(reply.status, reply.text).toBe(400);
      expect(code(reply), reply.text).toBe("SRC-1312-400");
      expect(reply.body.report.property).toBe(property);
      expect(reply.body.errorMessage).toContain(says);
    }
    const missing = await call(system, "POST", `${FS}/flows`, { body: { ...flow, sourceConnectionIds: undefined } });
    expect(code(missing)).toBe("SRC-1304-400");
  });

  it("a Catalog dataset whose name or schemaRef.id is a number says it must be a string", async () => {
    const named = await call(system, "POST", DATASETS, { body: { name: 5, schemaRef: { id: "https://ns.adobe.com/x/schemas/y" } } });
    expect(named.status, named.text).toBe(400);
    expect(named.body.errorMessage).toContain("name must be a string");
    const schema = await call(system, "POST", DATASETS, { body: { name: "d", schemaRef: { id: 5 } } });
    expect(schema.status, schema.text).toBe(400);
    expect(schema.body.errorMessage).toContain("schemaRef.id must be a string");
    expect((await call(system, "POST", DATASETS, { body: { schemaRef: { id: "x" } } })).body.errorMessage).toContain("name is required");
  });
});
