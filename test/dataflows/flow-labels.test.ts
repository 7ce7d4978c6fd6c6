import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";

/**
 * A flow's `labels` (docs/api/dataflows.md): taken by a create as by a PATCH, shown as sent by both,
 * and a value that is no list of label names refused on both, naming the label at fault.
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;

describe("a flow's labels", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  const createFlow = (extra: Record<string, unknown>) => call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }, extra) });
  const labelsOf = async (id: string) => (await call(system, "GET", `${FS}/flows/${id}`)).body.items[0].labels;
  const patchLabels = async (id: string, value: unknown) => {
    const etag = (await call(system, "GET", `${FS}/flows/${id}`)).body.items[0].etag;
    return call(system, "PATCH", `${FS}/flows/${id}`, { body: [{ op: "add", path: "/labels", value }], headers: { "if-match": etag } });
  };

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system?.close());

  it("are taken at creation and by a PATCH, and shown the same", async () => {
    const created = await createFlow({ labels: ["core/C12"] });
    expect(created.status, created.text).toBe(201);
    expect(await labelsOf(created.body.id)).toEqual(["core/C12"]);

    const plain = await createFlow({});
    expect(plain.status, plain.text).toBe(201);
    const patched = await patchLabels(plain.body.id, ["core/C12"]);
    expect(patched.status, patched.text).toBe(200);
    expect(await labelsOf(plain.body.id)).toEqual(["core/C12"]);
  });

  it.each([
    ["a string", "core/C12", "labels", "core/C12"],
    ["numbers", [1, 2], "labels[0]", "1"],
    ["an empty name", ["core/C12", ""], "labels[1]", '""'],
    ["null", null, "labels", "null"],
  ])("that are %s are refused on create and on PATCH, naming the label", async (_, value, property, shown) => {
    const created = await createFlow({ labels: value });
    expect(created.status, created.text).toBe(400);
    expect(created.body.report.property).toBe(property);
    expect(created.body.errorMessage).toContain(`The provided param value ${shown} is not a valid input for property=${property}.`);
    expect(created.body.errorMessage).toContain('["core/C12"]');

    const flow = await createFlow({ labels: ["kept"] });
    expect(flow.status, flow.text).toBe(201);
    const patched = await patchLabels(flow.body.id, value);
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.report.property).toBe(property);
    expect(patched.body.errorMessage).toBe(created.body.errorMessage);
    expect(await labelsOf(flow.body.id)).toEqual(["kept"]);
  });
});
