import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";

/**
 * A delta column bounds each run's window with timestamps: one of another type (a string, a number)
 * would fail every run with the workspace's comparison error, so it is refused where it is named,
 * with its type as the table has it and the types that work (docs/api/dataflows.md#transformations).
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => String(reply.body?.type).replace("https://ns.adobe.com/aep/errors/", "");
const ACCEPTED = "timestamp, timestamp_ntz, date";

describe("a delta column's type", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("refuses a string or a number column for a recurring flow, naming the column, its type and the accepted types", async () => {
    for (const [column, type] of [["email", "string"], ["id", "bigint"]]) {
      const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "minute", interval: 15 }, { deltaColumn: column }) });
      expect(reply.status, reply.text).toBe(400);
      expect(code(reply)).toBe("SRC-1312-400");
      expect(reply.body.report.property).toBe("transformations[Copy].params.deltaColumn.name");
      expect(reply.body.errorMessage).toContain(`the column ${column} of table`);
      expect(reply.body.errorMessage).toContain(`is of type ${type}`);
      expect(reply.body.errorMessage).toContain(ACCEPTED);
    }
    const timestamp = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "minute", interval: 15 }) });
    expect(timestamp.status, timestamp.text).toBe(201);
  });

  it("refuses a PATCH to a string delta column", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }) });
    expect(created.status, created.text).toBe(201);
    const flow = (await call(system, "GET", `${FS}/flows/${created.body.id}`)).body.items[0];
    const copy = flow.transformations.findIndex((t: any) => t.name === "Copy");
    const ops = [{ op: "replace", path: `/transformations/${copy}/params/deltaColumn/name`, value: "country" }];
    const reply = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, { body: ops, headers: { "if-match": created.body.etag } });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.errorMessage).toContain("the column country of table");
    expect(reply.body.errorMessage).toContain(ACCEPTED);
  });

  it("refuses a run that names a string delta column for a once flow, and the flow keeps none", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const reply = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id, params: { deltaColumn: { name: "name" } } } });
    expect(reply.status, reply.text).toBe(400);
    expect(code(reply)).toBe("SRC-1312-400");
    expect(reply.body.report.property).toBe("params.deltaColumn.name");
    expect(reply.body.errorMessage).toContain("is of type string");
    const flow = (await call(system, "GET", `${FS}/flows/${created.body.id}`)).body.items[0];
    expect(flow.transformations.some((t: any) => t.name === "Copy")).toBe(false);
  });
});
