import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline } from "../support/journey.js";

/**
 * A connection a flow uses cannot be deleted (FLOW-1418-400), and the answer names the flows, as
 * Catalog's and Data Prep's do for a dataset or a mapping set: the client knows what to delete first.
 */
const later = () => Math.floor(Date.now() / 1000) + 3600;

describe("deleting a connection a flow uses", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 5 } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("names every flow that uses the source connection, the target connection or the base connection", async () => {
    const flows: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      flows.push(created.body.id);
    }
    for (const path of [`sourceConnections/${pipeline.sourceId}`, `targetConnections/${pipeline.targetId}`, `connections/${pipeline.connectionId}`]) {
      const reply = await call(system, "DELETE", `${FS}/${path}`);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1418-400");
      expect([...reply.body.report.flows].sort()).toEqual([...flows].sort());
      for (const id of flows) expect(reply.body.errorMessage).toContain(id);
    }
  });
});
