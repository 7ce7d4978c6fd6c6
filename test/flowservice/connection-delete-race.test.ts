/**
 * A base connection and the source connections naming it are created and deleted one at a time:
 * a DELETE racing POSTs of source connections either goes first (each POST then answers
 * SRC-1100-400 naming the connection) or finds them and is refused (FLOW-1418-400 naming them).
 * Never is a source connection left whose base connection is gone. On both stores.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createConnection, DATABRICKS_SPEC, FS, waitForCluster } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const sourceBody = (baseConnectionId: string) => ({
  name: "raced source",
  baseConnectionId,
  data: { format: "tabular" },
  params: { tableName: "demo.customers" },
  connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
});

describe.each(DIALECTS)("deleting a connection while source connections name it (%s)", (dialect) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ dialect, workspace: true });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(() => system.close());

  it("refuses to delete a connection a source connection names, until that is deleted", async () => {
    const base = await createConnection(system);
    const source = await call(system, "POST", `${FS}/sourceConnections`, { body: sourceBody(base) });
    expect(source.status, source.text).toBe(201);
    const refused = await call(system, "DELETE", `${FS}/connections/${base}`);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1418-400");
    expect(refused.body.errorMessage).toContain(source.body.id);
    expect(refused.body.report.sourceConnections).toEqual([source.body.id]);
    expect((await call(system, "DELETE", `${FS}/sourceConnections/${source.body.id}`)).status).toBe(204);
    expect((await call(system, "DELETE", `${FS}/connections/${base}`)).status).toBe(204);
  });

  it("never leaves a source connection whose connection a racing DELETE removed", async () => {
    for (let round = 0; round < 3; round++) {
      const base = await createConnection(system);
      const posts = Array.from({ length: 4 }, () => call(system, "POST", `${FS}/sourceConnections`, { body: sourceBody(base) }));
      // the DELETE lands while the POSTs are checking the table in the workspace
      const deleted = sleep(5 * round).then(() => call(system, "DELETE", `${FS}/connections/${base}`));
      const [deletion, ...created] = await Promise.all([deleted, ...posts]);
      const kept = created.filter((reply) => reply.status === 201).map((reply) => reply.body.id as string);
      for (const reply of created.filter((r) => r.status !== 201)) {
        expect(reply.status, reply.text).toBe(400);
        expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1100-400");
        expect(reply.body.errorMessage).toContain(base);
      }
      const baseNow = await call(system, "GET", `${FS}/connections/${base}`);
      if (deletion.status === 204) {
        expect(baseNow.status).toBe(404);
        expect(kept).toEqual([]);
      } else {
        expect(deletion.status, deletion.text).toBe(400);
        expect(deletion.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1418-400");
        expect(baseNow.status).toBe(200);
        expect([...deletion.body.report.sourceConnections].sort()).toEqual([...kept].sort());
      }
      for (const id of kept) expect((await call(system, "GET", `${FS}/sourceConnections/${id}`)).status).toBe(200);
    }
  });
});
