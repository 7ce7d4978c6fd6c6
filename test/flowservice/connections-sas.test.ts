import { beforeAll, describe, expect, it } from "vitest";
import { useSystemBesideSecondWorkspace } from "../support/second-workspace.js";
import type { TestSystem } from "../support/system.js";
import { call, connectionBody, createConnection, DATABRICKS_SPEC, DLZ_CREDENTIALS, FS, waitForCluster } from "../support/aep-calls.js";
import { workspaceCall } from "../support/journey.js";

const REFRESH = `${DLZ_CREDENTIALS}&action=refresh`;

/** auth.params.pushSasToCluster: the opt-in itself, one push per cluster, and a push that fails. */
describe("connections that opt in to receive the staging SAS", () => {
  const beside = useSystemBesideSecondWorkspace();
  let system: TestSystem;
  beforeAll(() => {
    system = beside.system;
  });

  const sparkConf = async () => (await workspaceCall(system, `/api/2.1/clusters/get?cluster_id=${system.workspace!.clusterId}`)).spark_conf;

  it("is a boolean param of the connection spec: shown by GET, refused when it is not true or false", async () => {
    const spec = (await call(system, "GET", `${FS}/connectionSpecs/${DATABRICKS_SPEC}`)).body.items[0];
    expect(spec.authSpec[0].spec.properties.pushSasToCluster).toMatchObject({ type: "boolean", description: expect.stringContaining("restarts") });
    const id = await createConnection(system, { pushSasToCluster: "true" });
    expect((await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].auth.params.pushSasToCluster).toBe(true);
    const refused = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { pushSasToCluster: "maybe" }) });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/SRC-1312-400");
    expect(refused.text).toContain("auth.params.pushSasToCluster");
  });

  it("pushes once per cluster, keeps the cluster's other settings, and leaves connections without the opt-in out", async () => {
    // the opted-in connection created above put the current SAS into the cluster, which restarts
    await waitForCluster(system, "RUNNING");
    await workspaceCall(system, "/api/2.1/clusters/update", {
      cluster_id: system.workspace!.clusterId,
      update_mask: "spark_conf",
      cluster: { spark_conf: { "spark.databricks.delta.optimizeWrite.enabled": "true" } },
    });
    await waitForCluster(system, "RUNNING");
    await createConnection(system, { pushSasToCluster: true });
    await waitForCluster(system, "RUNNING");
    await createConnection(system, { pushSasToCluster: true });
    await createConnection(system);
    const refreshed = await call(system, "POST", REFRESH);
    expect(refreshed.body.clusterUpdates).toHaveLength(1);
    // three connections of the sandbox opted in (one in the test before), all on this cluster: one restart
    expect(refreshed.body.clusterUpdates[0]).toMatchObject({ clusterId: system.workspace!.clusterId, status: "updated" });
    const { containerName, storageAccountName, SASToken } = refreshed.body;
    expect(await sparkConf()).toEqual({
      "spark.databricks.delta.optimizeWrite.enabled": "true",
      [`fs.azure.sas.${containerName}.${storageAccountName}.blob.core.windows.net`]: SASToken,
    });
    // another sandbox's refresh does not reach this sandbox's clusters
    const dev = await call(system, "POST", REFRESH, { sandbox: "dev" });
    expect(dev.status).toBe(200);
    expect(dev.body.clusterUpdates).toBeUndefined();
    expect(Object.values(await sparkConf())).toContain(SASToken);
  });

  it("reports a push that could not be made, without the token, and the refresh still happens", async () => {
    const otherUrl = await beside.startSecond("dapi-other");
    const away = await createConnection(system, { domain: otherUrl, accessToken: "dapi-other", pushSasToCluster: true });
    await beside.stopSecond();

    const refreshed = await call(system, "POST", REFRESH);
    expect(refreshed.status).toBe(200);
    const failed = refreshed.body.clusterUpdates.find((u: { connectionId: string }) => u.connectionId === away);
    expect(failed).toMatchObject({ status: "failed", message: expect.stringContaining("could not be put into cluster local-cluster's Spark config") });
    expect(JSON.stringify(failed)).not.toContain(new URLSearchParams(refreshed.body.SASToken).get("sig")!);
    expect(refreshed.body.clusterUpdates.filter((u: { status: string }) => u.status === "updated")).toHaveLength(1);
    expect(Object.values(await sparkConf())).toContain(refreshed.body.SASToken);
  });
});
