import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/blob.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns, workspaceCall } from "../support/journey.js";
import { DATABRICKS_SPEC, terminateCluster } from "../support/aep-calls.js";

const ROWS = 150;
/** the workspace's OAuth tokens live one second; a run waits three for its cluster or warehouse, so it outlives several */
const TOKEN_SECONDS = 1;
const COMPUTE_START_MS = 3000;

describe("the journey as a service principal: a Unity Catalog table through a cluster and through a SQL warehouse", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: ROWS, clusterStartDelayMs: COMPUTE_START_MS, oauthTokenLifetimeSeconds: TOKEN_SECONDS }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    await sql(system, "CREATE SCHEMA main.crm");
    await sql(system, "CREATE TABLE main.crm.customers AS SELECT * FROM hive_metastore.demo.customers");
    pipeline = await createPipeline(system, { connectionId: await principalConnection({ clusterId: system.workspace!.clusterId }), tableName: "main.crm.customers" });
  });
  afterAll(() => system.close());

  /** a connection signing in as the workspace's service principal, on the compute given */
  async function principalConnection(compute: { clusterId: string } | { warehouseId: string }): Promise<string> {
    const principal = system.workspace!.servicePrincipal;
    const connection = await call(system, "POST", `${FS}/connections`, {
      body: {
        name: "service principal connection",
        auth: {
          specName: "OAuth Service Principal Authentication",
          params: { domain: system.workspace!.url, ...compute, clientId: principal.clientId, clientSecret: principal.clientSecret, database: "crm", catalog: "main" },
        },
        connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
      },
    });
    if (connection.status !== 201) throw new Error(connection.text);
    return connection.body.id;
  }

  /** runs a once flow of the pipeline after `stopCompute`, expecting success after two or more tokens */
  async function runOutlivingTokens(of: Pipeline, stopCompute: () => Promise<void>) {
    // due once the compute is stopped: a run claimed earlier would find it stopping, and start it again before it is seen stopped
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(of, { startTime: Math.floor(Date.now() / 1000) + 5, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    await stopCompute(); // after the flow: creating it may have woken the compute
    const issuedBefore = system.workspace!.oauthTokensIssued();
    const [run] = await waitForRuns(system, created.body.id, 1, 90_000);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe("success");
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: ROWS, outputRecordCount: ROWS, failedRecordCount: 0 });
    expect(run.metrics.durationSummary.completedAtUTC - run.metrics.durationSummary.startedAtUTC).toBeGreaterThan(2 * TOKEN_SECONDS * 1000);
    // the run asked the workspace for a token, and again once it had expired
    expect(system.workspace!.oauthTokensIssued() - issuedBefore).toBeGreaterThanOrEqual(2);

    const source = await sql(system, "SELECT id, name, email, country, CAST(balance AS STRING) AS balance FROM main.crm.customers ORDER BY id");
    const ingested = await datasetRows(system, of.dataSetId, "SELECT customerId::VARCHAR AS id, person.name AS name, person.email AS email, country, balance::VARCHAR AS balance FROM $table ORDER BY customerId");
    expect(ingested).toEqual(source.data.map(([id, name, email, country, balance]) => ({ id: String(id), name, email, country, balance })));

    const logs = await call(system, "GET", `/data/foundation/flowservice/runs/${run.id}/logs`);
    for (const text of [logs.text, system.logs.join("")]) expect(text).not.toContain(system.workspace!.servicePrincipal.clientSecret);
  }

  it("a run that waits for its terminated cluster past its tokens renews them, and the dataset equals the table", async () => {
    const principal = system.workspace!.servicePrincipal;
    const early = await fetch(`${system.workspace!.url}/oidc/v1/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${principal.clientId}:${principal.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&scope=all-apis",
    });
    const { access_token: earlyToken } = (await early.json()) as { access_token: string };

    await runOutlivingTokens(pipeline, () => terminateCluster(system));

    // the token from before the run has expired: the workspace refuses it with Databricks' error
    const refused = await fetch(`${system.workspace!.url}/api/2.1/clusters/get?cluster_id=${system.workspace!.clusterId}`, { headers: { authorization: `Bearer ${earlyToken}` } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error_code: "UNAUTHENTICATED", message: "Token is expired." });
  });

  it("a run that waits for its stopped SQL warehouse past its tokens renews them, and the dataset equals the table", async () => {
    const warehouse = system.workspace!.warehouseId;
    const viaWarehouse = await createPipeline(system, { connectionId: await principalConnection({ warehouseId: warehouse }), tableName: "main.crm.customers" });
    const state = async () => (await workspaceCall(system, `/api/2.0/sql/warehouses/${warehouse}`)).state as string;
    await runOutlivingTokens(viaWarehouse, async () => {
      await workspaceCall(system, `/api/2.0/sql/warehouses/${warehouse}/stop`, {});
      await eventually(async () => (await state()) === "STOPPED", 10_000, 20);
    });
    expect(await state()).toBe("RUNNING");
  }, 120_000);
});
