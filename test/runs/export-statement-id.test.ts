/**
 * A SQL warehouse run's read keeps its statement's id from its submission: DatabricksWarehouse
 * tells it before waiting on the statement (so a worker that dies leaves it behind), cancels the
 * statement when it cannot be kept, and tells nothing of a statement done at its submission. The
 * workspace is a real HTTP listener on loopback answering as a busy warehouse would.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksWarehouse } from "../../src/databricks/warehouse.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";

const MANIFEST = { format: "ARROW_STREAM", schema: { columns: [{ name: "id", type_text: "BIGINT", position: 0 }] }, chunks: [] };
let listener: RecordingListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** A warehouse whose statement st1 is in `state` when submitted, and running on every look after. */
async function warehouse(state: string): Promise<DatabricksWarehouse> {
  listener = await startRecordingListener((req: IncomingMessage, res: ServerResponse) => {
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST" && req.url === "/api/2.0/sql/statements") return json({ statement_id: "st1", status: { state }, manifest: MANIFEST });
    if (req.method === "POST" && req.url === "/api/2.0/sql/statements/st1/cancel") return json({});
    return json({ statement_id: "st1", status: { state: "RUNNING" } });
  });
  return new DatabricksWarehouse(new DatabricksClient({ domain: listener.url, accessToken: "dapi-test" }), "wh1");
}

const calls = () => listener!.requests.map((r) => `${r.method} ${r.path}`);

describe("the statement of a SQL warehouse read", () => {
  it("is told before it is waited on, and cancelled when it cannot be kept", async () => {
    const wh = await warehouse("PENDING");
    let callsWhenTold: string[] = [];
    const error: unknown = await wh
      .readExternal("SELECT id FROM t", {
        timeoutMs: 30_000,
        onSubmitted: async (statementId) => {
          expect(statementId).toBe("st1");
          callsWhenTold = calls();
          throw new Error("the store is down");
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("the store is down");
    expect(callsWhenTold).toEqual(["POST /api/2.0/sql/statements"]);
    expect(calls()).toEqual(["POST /api/2.0/sql/statements", "POST /api/2.0/sql/statements/st1/cancel"]);
  });

  it("is not told when the statement is done at its submission: nothing is left to cancel", async () => {
    const wh = await warehouse("SUCCEEDED");
    const told: string[] = [];
    const result = await wh.readExternal("SELECT id FROM t", { timeoutMs: 30_000, onSubmitted: async (id) => void told.push(id) });
    expect(result.statementId).toBe("st1");
    expect(told).toEqual([]);
  });
});
