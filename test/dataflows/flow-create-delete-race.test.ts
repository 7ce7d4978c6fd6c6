/**
 * A flow and the connections it names are created and deleted one at a time: a DELETE of its
 * target or source connection racing the flow's POST either goes first (the POST then answers 400
 * naming the connection) or finds the flow and is refused (FLOW-1418-400 naming it). Never is a
 * flow left whose connection is gone. On both stores: the POST checks the table on the workspace
 * between reading the connections and writing the flow, where a DELETE lands.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, flowBody, FS } from "../support/journey.js";
import { createConnection } from "../support/aep-calls.js";

const MAPPING_SETS = "/data/foundation/conversion/mappingSets";
const later = () => Math.floor(Date.now() / 1000) + 3600;

describe.each(DIALECTS)("deleting a connection while a flow is created on it (%s)", (dialect) => {
  let system: TestSystem;
  let connectionId: string;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, workspace: { seedRows: 5 } });
    await configureClusterSas(system);
    connectionId = await createConnection(system);
  });
  afterAll(() => system.close());

  const deletions = [
    ["targetConnections", "targetId", `${FS}/targetConnections`, "FLOW-1418-400", (body: any) => body.report.flows],
    ["sourceConnections", "sourceId", `${FS}/sourceConnections`, "FLOW-1418-400", (body: any) => body.report.flows],
    ["mapping set", "mappingId", MAPPING_SETS, "DATAPREP-1012-400", (body: any) => body.report.flows],
  ] as const;
  for (const [kind, field, base, inUse, flowsOf] of deletions) {
    it(`never leaves a flow whose ${kind} entry a racing DELETE removed`, async () => {
      for (let round = 0; round < 3; round++) {
        const pipeline = await createPipeline(system, { connectionId });
        const deletedId = pipeline[field];
        const post = call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
        const deleted = sleep(3 * round).then(() => call(system, "DELETE", `${base}/${deletedId}`));
        const [deletion, created] = await Promise.all([deleted, post]);
        if (deletion.status === 204) {
          expect(created.status, created.text).toBe(400);
          expect(created.body.errorMessage).toContain(deletedId);
        } else {
          expect(deletion.status, deletion.text).toBe(400);
          expect(deletion.body.type).toBe(`https://ns.adobe.com/aep/errors/${inUse}`);
          expect(created.status, created.text).toBe(201);
          expect(flowsOf(deletion.body)).toEqual([created.body.id]);
        }
      }
    });
  }

  it("never leaves a flow a racing PATCH moved onto a mapping set a DELETE removed", async () => {
    for (let round = 0; round < 3; round++) {
      const pipeline = await createPipeline(system, { connectionId });
      const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
      expect(created.status, created.text).toBe(201);
      const original = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body;
      const copy = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: original.xdmSchema, mappings: original.mappings } });
      expect(copy.status, copy.text).toBe(200);
      const other: string = copy.body.id;
      const patched = call(system, "PATCH", `${FS}/flows/${created.body.id}`, {
        body: [{ op: "replace", path: "/transformations", value: [{ name: "Mapping", params: { mappingId: other, mappingVersion: 0 } }] }],
        headers: { "if-match": created.body.etag },
      });
      const deleted = sleep(3 * round).then(() => call(system, "DELETE", `${MAPPING_SETS}/${other}`));
      const [deletion, patch] = await Promise.all([deleted, patched]);
      if (deletion.status === 204) {
        expect(patch.status, patch.text).toBe(400);
        expect(patch.body.errorMessage).toContain(other);
      } else {
        expect(deletion.status, deletion.text).toBe(400);
        expect(deletion.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1012-400");
        expect(patch.status, patch.text).toBe(200);
        expect(deletion.body.report.flows).toEqual([created.body.id]);
      }
    }
  });
});
