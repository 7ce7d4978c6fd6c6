import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterCommand, DatabricksClient, type DatabricksCluster } from "../../src/databricks/client.js";
import { ClusterNotRunningError, DatabricksSqlError, DatabricksTimeoutError } from "../../src/databricks/errors.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { clusterState, startCluster, terminateCluster, waitForCluster } from "../support/aep-calls.js";

/** The client as the run executor uses it: runSql against the local workspace over HTTP. */
describe("DatabricksCluster.runSql against the local workspace", () => {
  let system: TestSystem;
  let cluster: DatabricksCluster;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 } });
    await waitForCluster(system, "RUNNING");
    cluster = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token }).cluster(system.workspace!.clusterId);
  });
  afterAll(() => system.close());

  it("returns {schema, rows, truncated} with Spark types", async () => {
    const result = await cluster.runSql("DESCRIBE HISTORY `demo`.`orders` LIMIT 1", { timeoutMs: 30_000 });
    expect(result.truncated).toBe(false);
    expect(result.schema[0]).toEqual({ name: "version", type: { kind: "primitive", name: "long" } });
    expect(result.rows).toHaveLength(1);
    expect(typeof result.rows[0][0]).toBe("number");
  });

  it("turns a failed statement into a DatabricksSqlError carrying Spark's summary", async () => {
    const error = await cluster.runSql("SELECT * FROM `demo`.`missing`", { timeoutMs: 30_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksSqlError);
    expect(error.summary).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("makes its settings in the statement's own context first, and runs the statement without one the cluster refuses", async () => {
    const key = "spark.sql.parquet.datetimeRebaseModeInWrite";
    const { rows } = await cluster.runSql(`SET ${key}`, { timeoutMs: 30_000, settings: { [key]: "corrected" } });
    expect(rows).toEqual([[key, "CORRECTED"]]);
    const refused: string[] = [];
    const { rows: unset } = await cluster.runSql(`SET ${key}`, {
      timeoutMs: 30_000,
      settings: { [key]: "SOMETIMES" },
      onSettingRefused: async (refusedKey, error) => void refused.push(`${refusedKey}: ${error.message}`),
    });
    expect(unset).toEqual([[key, "<undefined>"]]);
    expect(refused).toEqual([expect.stringContaining(`${key}: java.lang.IllegalArgumentException: The value of ${key} should be one of EXCEPTION, CORRECTED, LEGACY, but was SOMETIMES`)]);
  });

  it("gives every execution context back: more statements than the cluster's 150 contexts", async () => {
    for (let i = 0; i < 160; i++) {
      const { rows } = await cluster.runSql(`SELECT ${i} AS n`, { timeoutMs: 30_000 });
      expect(rows).toEqual([[i]]);
    }
  });

  it("bounds a statement by its timeout", async () => {
    const error = await cluster.runSql("SELECT count(*) FROM range(0, 100000000000)", { timeoutMs: 150 }).catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksTimeoutError);
  });

  it("tells onStarted the command before waiting on it, and cancels the command when onStarted fails", async () => {
    const cancelled: string[] = [];
    const client = new (class extends DatabricksClient {
      override async cancelCommand(clusterId: string, contextId: string, commandId: string, signal?: AbortSignal) {
        cancelled.push(commandId);
        await super.cancelCommand(clusterId, contextId, commandId, signal);
      }
    })({ domain: system.workspace!.url, accessToken: system.workspace!.token });
    const watched = client.cluster(system.workspace!.clusterId);
    let told: ClusterCommand | undefined;
    const ok = await watched.runSql("SELECT 7 AS n", { timeoutMs: 30_000, onStarted: async (command) => void (told = command) });
    expect(ok.rows).toEqual([[7]]);
    expect(told).toMatchObject({ clusterId: system.workspace!.clusterId, contextId: expect.any(String), commandId: expect.any(String) });
    expect(cancelled).toEqual([]);

    let statusWhenTold: string | undefined;
    const error = await watched
      .runSql("SELECT count(*) FROM range(0, 100000000000)", {
        timeoutMs: 30_000,
        onStarted: async (command) => {
          told = command;
          statusWhenTold = (await client.commandStatus(command.clusterId, command.contextId, command.commandId)).status;
          throw new Error("the store is down");
        },
      })
      .catch((e) => e);
    expect(error.message).toBe("the store is down");
    expect(["Queued", "Running"]).toContain(statusWhenTold);
    expect(cancelled).toEqual([told!.commandId]);
  });

  it("ensureRunning refuses a terminated cluster without autoStart, and starts it with autoStart", async () => {
    await terminateCluster(system);
    try {
      const refused = await cluster.ensureRunning({ autoStart: false, timeoutMs: 5_000, hint: "start it" }).catch((e) => e);
      expect(refused).toBeInstanceOf(ClusterNotRunningError);
      expect(refused.state).toBe("TERMINATED");
      expect(await clusterState(system)).toBe("TERMINATED");
      const info = await cluster.ensureRunning({ autoStart: true, timeoutMs: 15_000, hint: "" });
      expect(info.state).toBe("RUNNING");
    } finally {
      await startCluster(system);
    }
  });
});
