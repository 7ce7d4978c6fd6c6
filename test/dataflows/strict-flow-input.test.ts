import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";

/**
 * What a flow or a run request carries is either used or refused, naming the field and what it
 * takes: nothing is stored as sent and then ignored, or changed on the way (a typo in `options`,
 * an out-of-range threshold, an unknown time zone, a schedule beyond the year 9999, a run param).
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => String(reply.body?.type).replace("https://ns.adobe.com/aep/errors/", "");

describe("flow and run input that used to be ignored", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  const recurring = (extra: Record<string, unknown> = {}, schedule: Record<string, unknown> = {}) =>
    flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1, ...schedule }, extra);
  const createFlow = (body: unknown) => call(system, "POST", `${FS}/flows`, { body });
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("refuses options that are not an object, an unknown option naming the known ones, and an unknown lateArrivingRows", async () => {
    const notObject = await createFlow(recurring({ options: "x" }));
    expect(notObject.status, notObject.text).toBe(400);
    expect(notObject.body.report.property).toBe("options");
    expect(notObject.body.errorMessage).toContain("must be an object");

    const typo = await createFlow(recurring({ options: { partialIngestPercent: 5 } }));
    expect(typo.status, typo.text).toBe(400);
    expect(code(typo)).toBe("SRC-1312-400");
    expect(typo.body.errorMessage).toContain("partialIngestPercent");
    expect(typo.body.errorMessage).toContain("partialIngestionPercent, errorDiagnosticsEnabled, lateArrivingRows");

    const late = await createFlow(recurring({ options: { lateArrivingRows: "skp" } }));
    expect(late.status, late.text).toBe(400);
    expect(late.body.report.property).toBe("options.lateArrivingRows");
    expect(late.body.errorMessage).toContain("ingest, skip");

    const known = await createFlow(recurring({ options: { partialIngestionPercent: "5", errorDiagnosticsEnabled: true, lateArrivingRows: "skip" } }));
    expect(known.status, known.text).toBe(201);
    expect((await call(system, "GET", `${FS}/flows/${known.body.id}`)).body.items[0].options).toEqual({ partialIngestionPercent: "5", errorDiagnosticsEnabled: true, lateArrivingRows: "skip" });
  });

  it("refuses an unknown top-level field (a misspelt scheduleParam) and a flowSpec.version other than 1.0, instead of dropping the one and storing 1.0 for the other", async () => {
    const typo = await createFlow({ ...recurring(), scheduleParam: { frequency: "minute" } });
    expect(typo.status, typo.text).toBe(400);
    expect(code(typo)).toBe("SRC-1312-400");
    expect(typo.body.errorMessage).toContain("The field scheduleParam is not a field of a flow");
    expect(typo.body.errorMessage).toContain("scheduleParams");

    const version = await createFlow({ ...recurring(), flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "2.0" } });
    expect(version.status, version.text).toBe(400);
    expect(code(version)).toBe("FLOW-1413-400");
    expect(version.body.errorMessage).toContain('flowSpec.version is "2.0", and the spec\'s only version is 1.0');

    // as AEP's tutorial sends it, and without a version
    const withVersion = await createFlow(recurring());
    expect(withVersion.status, withVersion.text).toBe(201);
    const withoutVersion = await createFlow({ ...recurring(), flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860" } });
    expect(withoutVersion.status, withoutVersion.text).toBe(201);
  });

  it("refuses a typo in options on a PATCH too", async () => {
    const created = await createFlow(recurring());
    expect(created.status, created.text).toBe(201);
    const ops = [{ op: "add", path: "/options", value: { partialIngestPercent: 5 } }];
    const reply = await call(system, "PATCH", `${FS}/flows/${created.body.id}`, { body: ops, headers: { "if-match": created.body.etag } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain("partialIngestPercent");
  });

  it("refuses a delayed-run threshold out of its range instead of changing it, saying the range", async () => {
    for (const minutes of [-1, 0, 600_000]) {
      const reply = await createFlow(recurring({ notifications: { delayedRunThresholdMinutes: minutes } }));
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.report.property).toBe("notifications.delayedRunThresholdMinutes");
      expect(reply.body.errorMessage).toContain("from 1 to 525600 minutes");
    }
    expect((await createFlow(recurring({ notifications: { delayedRunThresholdMinutes: 60 } }))).status).toBe(201);
  });

  it("refuses a delta column time zone that is not an IANA name, with examples", async () => {
    const body = recurring();
    (body.transformations[0] as any).params.deltaColumn.timezone = "Mars/Olympus";
    const reply = await createFlow(body);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("transformations[Copy].params.deltaColumn.timezone");
    expect(reply.body.errorMessage).toContain("Mars/Olympus");
    expect(reply.body.errorMessage).toContain("Europe/Berlin");
    (body.transformations[0] as any).params.deltaColumn.timezone = "America/New_York";
    expect((await createFlow(body)).status).toBe(201);
  });

  it("refuses an interval whose first window would end after the year 9999, naming the maximum", async () => {
    const start = later();
    const reply = await createFlow(recurring({}, { startTime: start, frequency: "week", interval: 99_999_999_999 }));
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.report.property).toBe("scheduleParams.interval");
    expect(reply.body.errorMessage).toContain(`at most ${Math.floor((253_402_300_799 - start) / 604_800)} (week)`);
  });

  it("refuses an unknown run param and a run status other than aepp's active, naming the key", async () => {
    const once = await createFlow(flowBody(pipeline, { startTime: later(), frequency: "once" }));
    expect(once.status, once.text).toBe(201);
    const unknown = await call(system, "POST", `${FS}/runs`, { body: { flowId: once.body.id, params: { windowStart: "1704067200" } } });
    expect(unknown.status, unknown.text).toBe(400);
    expect(code(unknown)).toBe("SRC-1384-400");
    expect(unknown.body.errorMessage).toContain("windowStart is not a parameter of a run");
    expect(unknown.body.errorMessage).toContain("windowStartTime");
    const status = await call(system, "POST", `${FS}/runs`, { body: { flowId: once.body.id, status: "success" } });
    expect(status.status, status.text).toBe(400);
    expect(status.body.report.property).toBe("status");
    expect(status.body.errorMessage).toContain("cannot be created with a status");
    expect((await call(system, "GET", `${FS}/runs?property=flowId==${once.body.id}`)).body.items).toEqual([]);
  });
});
