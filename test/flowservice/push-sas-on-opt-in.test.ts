import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, connectionBody, createConnection, DLZ_CREDENTIALS, FS, waitForCluster } from "../support/aep-calls.js";
import { workspaceCall } from "../support/journey.js";

/**
 * auth.params.pushSasToCluster takes effect when the connection is created (or PATCHed to it), with
 * the sandbox's current SAS: before, only a refresh pushed one, and a refresh revokes the SAS every
 * other cluster of the sandbox holds.
 */
describe("a connection that opts in to receive the staging SAS gets the current one at once", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(() => system.close());

  const clusterId = () => system.workspace!.clusterId;
  const sparkConf = async () => (await workspaceCall(system, `/api/2.1/clusters/get?cluster_id=${clusterId()}`)).spark_conf ?? {};
  const clearSparkConf = async () => {
    await waitForCluster(system, "RUNNING"); // update is refused while it restarts
    await workspaceCall(system, "/api/2.1/clusters/update", { cluster_id: clusterId(), update_mask: "spark_conf", cluster: { spark_conf: {} } });
    await waitForCluster(system, "RUNNING");
  };
  const check = (reply: { body: { checks: Array<{ name: string }> } }, name: string) => reply.body.checks.find((c) => c.name === name);
  const signature = (sas: string) => new URLSearchParams(sas).get("sig")!;

  it("on creation: the cluster holds the current SAS, not a new one, and the connection's test passes", async () => {
    const current = (await call(system, "GET", DLZ_CREDENTIALS)).body;
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { pushSasToCluster: true }) });
    expect(created.status).toBe(201);
    expect(created.body.clusterUpdates).toEqual([
      {
        connectionId: created.body.id,
        clusterId: clusterId(),
        status: "updated",
        message: `the current SAS is in cluster ${clusterId()}'s Spark config (it was RUNNING: it restarts to use it; a run exporting on it meanwhile loses that attempt, which is retried)`,
      },
    ]);
    expect(await sparkConf()).toEqual({ [`fs.azure.sas.${current.containerName}.${current.storageAccountName}.blob.core.windows.net`]: current.SASToken });
    // not rotated: the SAS other clusters were given is still the current one
    expect((await call(system, "GET", DLZ_CREDENTIALS)).body.SASToken).toBe(current.SASToken);

    await waitForCluster(system, "RUNNING");
    const tested = await call(system, "GET", `${FS}/connections/${created.body.id}/test`);
    expect(tested.body.result).toBe(true);
    expect(check(tested, "stagingSas")).toMatchObject({ passed: true });
    expect(created.text).not.toContain(signature(current.SASToken));
    expect(system.logs.join("")).not.toContain(signature(current.SASToken));
  });

  it("leaves a cluster that already holds it alone: a second opted-in connection does not restart it", async () => {
    await waitForCluster(system, "RUNNING");
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { pushSasToCluster: true }) });
    expect(created.status).toBe(201);
    expect(created.body.clusterUpdates).toEqual([expect.objectContaining({ status: "unchanged", message: expect.stringContaining("no restart") })]);
    expect((await workspaceCall(system, `/api/2.1/clusters/get?cluster_id=${clusterId()}`)).state).toBe("RUNNING");
    // without the opt-in nothing is pushed, and the answer is AEP's {id, etag}
    const plain = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system) });
    expect(Object.keys(plain.body).sort()).toEqual(["etag", "id"]);
  });

  it("issues the sandbox's first SAS when there is none, and puts that one into the cluster", async () => {
    await waitForCluster(system, "RUNNING");
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { pushSasToCluster: true }), sandbox: "dev" });
    expect(created.status).toBe(201);
    expect(created.body.clusterUpdates).toEqual([expect.objectContaining({ connectionId: created.body.id, status: "updated" })]);
    const issued = (await call(system, "GET", DLZ_CREDENTIALS, { sandbox: "dev" })).body;
    expect((await sparkConf())[`fs.azure.sas.${issued.containerName}.${issued.storageAccountName}.blob.core.windows.net`]).toBe(issued.SASToken);
  });

  it("on a PATCH that turns it on, not on one that only renames", async () => {
    await clearSparkConf();
    const id = await createConnection(system);
    const before = await call(system, "GET", `${FS}/connections/${id}/test`);
    expect(check(before, "stagingSas")).toMatchObject({ passed: false, message: expect.stringMatching(/^Missing SAS/) });
    const current = (await call(system, "GET", DLZ_CREDENTIALS)).body;

    const etag = (await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].etag;
    const patched = await call(system, "PATCH", `${FS}/connections/${id}`, {
      headers: { "if-match": etag },
      body: [{ op: "add", path: "/auth/params/pushSasToCluster", value: true }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.clusterUpdates).toEqual([expect.objectContaining({ connectionId: id, status: "updated" })]);
    expect(Object.values(await sparkConf())).toEqual([current.SASToken]);
    expect((await call(system, "GET", DLZ_CREDENTIALS)).body.SASToken).toBe(current.SASToken);
    await waitForCluster(system, "RUNNING");
    expect((await call(system, "GET", `${FS}/connections/${id}/test`)).body.result).toBe(true);

    const renamed = await call(system, "PATCH", `${FS}/connections/${id}`, {
      headers: { "if-match": patched.body.etag },
      body: [{ op: "replace", path: "/name", value: "renamed" }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.clusterUpdates).toBeUndefined();
  });

  it("on a PATCH that renews the token while it is on: a cluster that lost the SAS gets the current one back, nothing rotated", async () => {
    await waitForCluster(system, "RUNNING");
    const created = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { pushSasToCluster: true }) });
    expect(created.status).toBe(201);
    await clearSparkConf();
    const current = (await call(system, "GET", DLZ_CREDENTIALS)).body;

    const renewed = await call(system, "PATCH", `${FS}/connections/${created.body.id}`, {
      headers: { "if-match": (await call(system, "GET", `${FS}/connections/${created.body.id}`)).body.items[0].etag },
      body: [{ op: "replace", path: "/auth/params/accessToken", value: system.workspace!.token }],
    });
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.clusterUpdates).toEqual([expect.objectContaining({ connectionId: created.body.id, status: "updated" })]);
    expect(Object.values(await sparkConf())).toEqual([current.SASToken]);
    expect((await call(system, "GET", DLZ_CREDENTIALS)).body.SASToken).toBe(current.SASToken);
    expect(renewed.text).not.toContain(signature(current.SASToken));
  });
});
