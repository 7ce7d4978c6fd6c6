import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createConnection, DLZ_CREDENTIALS, FS, waitForCluster } from "../support/aep-calls.js";
import { workspaceCall } from "../support/journey.js";

/**
 * `…/landingzone/credentials?sparkConf=true` hands out the exact Spark config line; pasted as-is
 * (key, a space, value, as Databricks' Spark config box takes it) the connection test's stagingSas
 * check passes, and a refresh the cluster never saw makes it fail again, naming the problem.
 */
describe("the Spark config line of the staging SAS", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: true });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(() => system.close());

  /** What a user does in Databricks' Spark config box: one `key value` line. */
  const pasteIntoCluster = async (line: string) => {
    const space = line.indexOf(" ");
    await workspaceCall(system, "/api/2.1/clusters/update", {
      cluster_id: system.workspace!.clusterId,
      update_mask: "spark_conf",
      cluster: { spark_conf: { [line.slice(0, space)]: line.slice(space + 1) } },
    });
    await waitForCluster(system, "RUNNING");
  };
  const stagingSasCheck = async (connectionId: string) => {
    const tested = await call(system, "GET", `${FS}/connections/${connectionId}/test`);
    expect(tested.status).toBe(200);
    return { result: tested.body.result, check: tested.body.checks.find((c: { name: string }) => c.name === "stagingSas"), text: tested.text };
  };

  it("is given only when asked for, and is the WASB key of the container followed by the token, with the refresh's grace window", async () => {
    const plain = await call(system, "GET", DLZ_CREDENTIALS);
    expect(plain.body.sparkConfLine).toBeUndefined();
    expect(plain.body.refreshGraceSeconds).toBeUndefined();
    const asked = await call(system, "GET", `${DLZ_CREDENTIALS}&sparkConf=true`);
    expect(asked.status).toBe(200);
    const { containerName, storageAccountName, SASToken } = asked.body;
    expect(asked.body.sparkConfLine).toBe(`fs.azure.sas.${containerName}.${storageAccountName}.blob.core.windows.net ${SASToken}`);
    expect(asked.body.refreshGraceSeconds).toBe(0); // the default: a refresh revokes the previous SAS at once
    const refreshed = await call(system, "POST", `${DLZ_CREDENTIALS}&action=refresh&sparkConf=true`);
    expect(refreshed.body.sparkConfLine).toBe(`fs.azure.sas.${containerName}.${storageAccountName}.blob.core.windows.net ${refreshed.body.SASToken}`);

    const wrong = await call(system, "GET", `${DLZ_CREDENTIALS}&sparkConf=yes`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("sparkConf=yes");
  });

  it("pasted into the cluster passes the connection test's SAS check; a refresh the cluster never saw fails it, naming the problem", async () => {
    const connectionId = await createConnection(system);
    const before = await stagingSasCheck(connectionId);
    expect(before.result).toBe(false);
    expect(before.check).toMatchObject({ passed: false, message: expect.stringMatching(/^Missing SAS: .*fs\.azure\.sas\..*sparkConf=true/) });

    const { sparkConfLine } = (await call(system, "GET", `${DLZ_CREDENTIALS}&sparkConf=true`)).body;
    await pasteIntoCluster(sparkConfLine);
    const pasted = await stagingSasCheck(connectionId);
    expect(pasted.result).toBe(true);
    expect(pasted.check).toMatchObject({ passed: true, message: expect.stringContaining("valid until") });

    await call(system, "POST", `${DLZ_CREDENTIALS}&action=refresh`);
    const stale = await stagingSasCheck(connectionId);
    expect(stale.result).toBe(false);
    expect(stale.check).toMatchObject({ passed: false, message: expect.stringMatching(/^Revoked SAS: /) });
    expect(stale.text).not.toContain(new URLSearchParams(sparkConfLine.split(" ")[1]).get("sig")!);
  });
});
