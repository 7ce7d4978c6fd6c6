import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, DATASETS } from "../support/aep-calls.js";
import { FS } from "../support/journey.js";

/**
 * A field sent as the wrong kind of value (a text where an object or an id goes) is refused naming
 * that field and what it takes: not told it is missing, nor named by a field inside it, nor told a
 * flow has exactly one when it has one of the wrong type.
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => String(reply.body?.type).replace("https://ns.adobe.com/aep/errors/", "");

describe("fields of the wrong shape", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  const flow = {
    name: "wrong shapes",
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: ["s"],
    targetConnectionIds: ["t"],
    transformations: [{ name: "Mapping", params: { mappingId: "m" } }],
    scheduleParams: { startTime: later(), frequency: "once" },
  };

  it.each([
    [{ scheduleParams: "daily" }, "scheduleParams", 'The provided param value daily is not a valid input for property=scheduleParams. It must be an object, as {"startTime": "<epoch seconds>", "frequency": "once"}.'],
    [{ flowSpec: "CRMToAEP" }, "flowSpec", 'The provided param value CRMToAEP is not a valid input for property=flowSpec. It must be an object, as {"id": "14518937-270c-4525-bdec-c2ba7cce3860", "version": "1.0"}.'],
    [{ sourceConnectionIds: [5] }, "sourceConnectionIds[0]", "The provided param value 5 is not a valid input for property=sourceConnectionIds[0]. It must be an id (a string)."],
    [{ targetConnectionIds: [{ id: "t" }] }, "targetConnectionIds[0]", 'The provided param value {"id":"t"} is not a valid input for property=targetConnectionIds[0]. It must be an id (a string).'],
  ])("a flow with %j is refused naming %s", async (change, property, message) => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: { ...flow, ...change } });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe(property);
    expect(reply.body.errorMessage).toBe(`${message} Please provide a valid param value and try again.`);
  });

  it("still says a flow has exactly one source connection when it names two", async () => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: { ...flow, sourceConnectionIds: ["a", "b"] } });
    expect(reply.body.report.property).toBe("sourceConnectionIds");
    expect(reply.body.errorMessage).toContain("a Databricks dataflow has exactly one");
  });

  it("a dataset whose schemaRef is a text says schemaRef must be an object, not that schemaRef.id is missing", async () => {
    const reply = await call(system, "POST", DATASETS, { body: { name: "d", schemaRef: "https://ns.adobe.com/test/schemas/x" } });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("CAT-1000-400");
    expect(reply.body.errorMessage).toBe(
      'The dataset is not valid: schemaRef must be an object, as {"id": "<schema $id>", "contentType": "application/vnd.adobe.xed+json;version=1"}, not "https://ns.adobe.com/test/schemas/x"',
    );
    expect((await call(system, "POST", DATASETS, { body: { name: "d" } })).body.errorMessage).toContain("schemaRef.id is required");
  });
});
