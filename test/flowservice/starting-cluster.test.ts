import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, clusterCall, clusterState, connectionBody, createConnection, FS } from "../support/aep-calls.js";
import { workspaceCall } from "../support/journey.js";
import { eventually } from "../support/blob.js";

/** PENDING and RESTARTING clusters become RUNNING by themselves: a refusal says to wait for them, not to start them. */
describe("a cluster that is starting or restarting", () => {
  let system: TestSystem;
  beforeAll(async () => {
    // long enough for the requests below to find it still starting
    system = await startTestSystem({ workspace: { clusterStartDelayMs: 4_000 } });
    await eventually(async () => (await clusterState(system)) === "RUNNING", 30_000, 50);
  });
  afterAll(() => system.close());

  const WAIT = "it becomes RUNNING by itself, usually within a few minutes: wait until Databricks shows it RUNNING, then try again";
  const running = () => eventually(async () => (await clusterState(system)) === "RUNNING", 30_000, 50);

  it("RESTARTING: creation is refused at once, telling the caller to wait until it is RUNNING; the test says so too", async () => {
    const id = await createConnection(system);
    await workspaceCall(system, "/api/2.1/clusters/restart", { cluster_id: system.workspace!.clusterId });
    const refused = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1308-400");
    expect(refused.body.errorMessage).toBe(
      `The request could not be processed. Error message: cluster ${system.workspace!.clusterId} is RESTARTING (Restarting Spark); ${WAIT}`,
    );
    // what a client (the console among them) waits on, without reading the words
    expect(refused.body.report).toMatchObject({ clusterId: system.workspace!.clusterId, clusterState: "RESTARTING" });
    const explore = await call(system, "GET", `${FS}/connections/${id}/explore?objectType=root`);
    expect(explore.body.errorMessage).toContain("is RESTARTING (Restarting Spark); it becomes RUNNING by itself: wait until Databricks shows it RUNNING and try again, or pass autoStart=true");
    const tested = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(tested.body.checks.find((c: { name: string }) => c.name === "cluster").message).toContain(`RESTARTING (Restarting Spark): creating a connection or a flow, explore and preview need it running and never start it, so they would refuse it; ${WAIT}.`);
    await running();
    expect((await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) })).status).toBe(201);
  });

  it("PENDING is told to wait too, while TERMINATED keeps 'start it'", async () => {
    await clusterCall(system, "delete");
    await eventually(async () => (await clusterState(system)) === "TERMINATED", 30_000, 20);
    const stopped = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(stopped.body.errorMessage).toMatch(/is TERMINATED.*; start it in Databricks and try again \(creating or changing a connection never starts a cluster\)$/);
    expect(stopped.body.report.clusterState).toBe("TERMINATED");

    await clusterCall(system, "start");
    expect(await clusterState(system)).toBe("PENDING");
    const pending = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(pending.status).toBe(400);
    expect(pending.body.errorMessage).toMatch(new RegExp(`is PENDING.*; ${WAIT}$`));
    expect(pending.body.report.clusterState).toBe("PENDING");
    await running();
  });
});
