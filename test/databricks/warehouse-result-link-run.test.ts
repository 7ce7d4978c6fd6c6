/**
 * A run through a SQL warehouse whose workspace answers a result link at the cloud metadata
 * service's address fails saying so, and nothing is sent there. The workspace is the local one
 * behind a relay on loopback that passes every call through and rewrites the links of the result
 * chunks it answers (a compromised or hostile workspace).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createPipeline, flowBody, FS, waitForRuns } from "../support/journey.js";
import { createConnection, unusedPort } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const METADATA_LINK = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

/** Relays every call to `workspace`, each result chunk's external_link replaced by the metadata service's. */
async function hostileRelay(workspace: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "content-type"]) if (typeof req.headers[name] === "string") headers[name] = req.headers[name];
    const answer = await fetch(`${workspace}${req.url}`, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    let text = await answer.text();
    if (/\/result\/chunks\/\d+/.test(req.url ?? "")) {
      const data = JSON.parse(text) as { external_links?: Array<{ external_link: string }> };
      for (const link of data.external_links ?? []) link.external_link = METADATA_LINK;
      text = JSON.stringify(data);
    }
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

describe("a run through a SQL warehouse whose workspace names a result link at the metadata service", () => {
  let system: TestSystem;
  let relay: Server;
  beforeAll(async () => {
    const port = await unusedPort();
    system = await startTestSystem({
      workspace: { seedRows: 10 },
      env: { RUN_POLL_MS: "50", DATABRICKS_ALLOWED_HOSTS: `http://127.0.0.1:${port}` },
    });
    relay = await hostileRelay(system.workspace!.url, port);
    expect((relay.address() as AddressInfo).port).toBe(port);
  }, 120_000);
  afterAll(async () => {
    relay?.closeAllConnections();
    await new Promise((resolve) => relay?.close(resolve));
    await system?.close();
  });

  it("fails, its error naming the link's host and that it is a cloud metadata service's address", async () => {
    const connectionId = await createConnection(system, { domain: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, clusterId: undefined, warehouseId: "local-warehouse" });
    const pipeline = await createPipeline(system, { connectionId });
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const run = await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id, status: "active" } });
    expect(run.status, run.text).toBe(201);

    const [finished] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(finished.metrics.statusSummary.status).toBe("failed");
    const errors = JSON.stringify(finished.metrics.statusSummary.errors ?? finished.activities.flatMap((a: any) => a.statusSummary?.errors ?? []));
    expect(errors).toContain(
      "a result chunk's link names host 169.254.169.254, a cloud metadata service's address; result links are never fetched from a cloud metadata service, whatever the workspace, so it was not fetched",
    );
    expect(errors).not.toContain("/latest/meta-data");
    // the statement would name the same link again: a client-side refusal, not a workspace failure to retry
    expect(finished.metrics.statusSummary.errors.map((e: { code: string }) => e.code)).toEqual(["CONNECTOR-2017-400"]);
  }, 120_000);
});
