/**
 * A dataset and the target connections writing to it are created and deleted one at a time: a
 * dataset DELETE racing target-connection POSTs either goes first (each POST then answers 400
 * naming the dataset) or finds them and is refused (CAT-1003-400 naming them). Never is a target
 * connection left whose dataset is gone. On both stores (on SQLite, whose one connection runs a
 * request's check and insert back to back, the race is rarely reachable; PostgreSQL's pool shows it).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset, createSchema, DATALAKE_SPEC, DATASETS, FS } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const targetBody = (dataSetId: string) => ({
  name: "raced target",
  data: {},
  params: { dataSetId },
  connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
});

describe.each(DIALECTS)("deleting a dataset while target connections are created on it (%s)", (dialect) => {
  let system: TestSystem;
  let schemaId: string;
  beforeAll(async () => {
    system = await startTestSystem({ dialect });
    schemaId = await createSchema(system);
  });
  afterAll(() => system.close());

  it("never leaves a target connection whose dataset a racing DELETE removed", async () => {
    for (let round = 0; round < 8; round++) {
      const dataSetId = await createDataset(system, schemaId);
      // POSTs spread over some milliseconds, so the DELETE lands between one's check and its insert
      const posts = Array.from({ length: 8 }, (_, i) => sleep(i).then(() => call(system, "POST", `${FS}/targetConnections`, { body: targetBody(dataSetId) })));
      const deleted = sleep(round).then(() => call(system, "DELETE", `${DATASETS}/${dataSetId}`));
      const [deletion, ...created] = await Promise.all([deleted, ...posts]);
      const kept = created.filter((reply) => reply.status === 201).map((reply) => reply.body.id as string);
      for (const reply of created.filter((r) => r.status !== 201)) {
        expect(reply.status, reply.text).toBe(400);
        expect(reply.body.errorMessage ?? reply.body.message ?? reply.text).toContain(dataSetId);
      }
      const datasetNow = await call(system, "GET", `${DATASETS}/${dataSetId}`);
      if (deletion.status === 200 || deletion.status === 204) {
        expect(datasetNow.status).toBe(404);
        expect(kept).toEqual([]);
      } else {
        expect(deletion.status, deletion.text).toBe(400);
        expect(deletion.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1003-400");
        expect(datasetNow.status).toBe(200);
        // those POSTed before the DELETE: the others were created after it was refused
        for (const id of deletion.body.report.targetConnections) expect(kept).toContain(id);
      }
    }
  });

  it("never leaves a target connection a racing PATCH moved onto a dataset a DELETE removed", async () => {
    for (let round = 0; round < 4; round++) {
      const target = await call(system, "POST", `${FS}/targetConnections`, { body: targetBody(await createDataset(system, schemaId)) });
      expect(target.status, target.text).toBe(201);
      const other = await createDataset(system, schemaId);
      const patched = call(system, "PATCH", `${FS}/targetConnections/${target.body.id}`, {
        body: [{ op: "replace", path: "/params/dataSetId", value: other }],
        headers: { "if-match": target.body.etag },
      });
      const deleted = sleep(round).then(() => call(system, "DELETE", `${DATASETS}/${other}`));
      const [deletion, patch] = await Promise.all([deleted, patched]);
      if (deletion.status === 200 || deletion.status === 204) {
        expect(patch.status, patch.text).toBe(400);
        expect(patch.body.errorMessage ?? patch.text).toContain(other);
      } else {
        expect(deletion.status, deletion.text).toBe(400);
        expect(deletion.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1003-400");
        expect(patch.status, patch.text).toBe(200);
        expect(deletion.body.report.targetConnections).toEqual([target.body.id]);
      }
    }
  });
});
