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

  for (const [kind, field] of [["targetConnections", "targetId"], ["sourceConnections", "sourceId"]] as const) {
    it(`never leaves a flow whose ${kind} entry a racing DELETE removed`, async () => {
      for (let round = 0; round < 3; round++) {
        const pipeline = await createPipeline(system, { connectionId });
        const deletedId = pipeline[field];
        const post = call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
        const deleted = sleep(3 * round).then(() => call(system, "DELETE", `${FS}/${kind}/${deletedId}`));
        const [deletion, created] = await Promise.all([deleted, post]);
        if (deletion.status === 204) {
          expect(created.status, created.text).toBe(400);
          expect(created.body.errorMessage).toContain(deletedId);
        } else {
          expect(deletion.status, deletion.text).toBe(400);
          expect(deletion.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1418-400");
          expect(created.status, created.text).toBe(201);
          expect(deletion.body.report.flows).toEqual([created.body.id]);
        }
      }
    });
  }
});
