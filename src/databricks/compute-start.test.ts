import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { type ClusterInfo, DatabricksClient } from "./client.js";
import { ComputeStartTimeoutError, DatabricksTimeoutError, DatabricksUnreachableError } from "./errors.js";
import { DatabricksWarehouse, type WarehouseInfo } from "./warehouse.js";

/** A workspace whose cluster and warehouse never get past starting. */
class StuckWorkspace extends DatabricksClient {
  override async getCluster(clusterId: string): Promise<ClusterInfo> {
    return { cluster_id: clusterId, state: "PENDING", state_message: "Finding instances for new nodes" } as ClusterInfo;
  }
}

class StuckWarehouse extends DatabricksWarehouse {
  override async info(): Promise<WarehouseInfo> {
    return { id: this.warehouseId, state: "STARTING" };
  }
}

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a wait for a cluster or SQL warehouse that runs out says what to do", () => {
  const client = new StuckWorkspace({ domain: "http://127.0.0.1:9", accessToken: "dapi-secret-token" });

  it("names the cluster, its last state, where to look in the workspace, and the setting that bounds the wait", async () => {
    const error = await client
      .cluster("0123-456789-abcdefgh")
      .ensureRunning({ autoStart: true, timeoutMs: 40, hint: "", timeoutSetting: "RUN_CLUSTER_START_TIMEOUT_MS" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksTimeoutError);
    expect(error).toBeInstanceOf(ComputeStartTimeoutError);
    expect(error.message).toBe(
      "cluster 0123-456789-abcdefgh did not reach RUNNING within 40 ms (last state PENDING: Finding instances for new nodes). " +
        "Check the cluster in the Databricks workspace (Compute, the cluster: its state and its Event log) for what keeps it from starting " +
        "(no instances available, a quota, a failing init script) and start it there; " +
        "if it only needs longer to start, raise RUN_CLUSTER_START_TIMEOUT_MS (now 40 ms)",
    );
    expect(error.message).not.toContain("did not happen in time");
    expect(error.message).not.toContain("dapi-secret-token");
  });

  it("names the SQL warehouse and where its state shows, without a setting when the caller names none", async () => {
    const error = await new StuckWarehouse(client, "abc123").ensureRunning({ autoStart: true, timeoutMs: 1_000, hint: "" }).catch((e) => e);
    expect(error).toBeInstanceOf(ComputeStartTimeoutError);
    expect(error.message).toBe(
      "SQL warehouse abc123 did not reach RUNNING within 1 s (last state STARTING). " +
        "Check the SQL warehouse in the Databricks workspace (SQL Warehouses, the warehouse: its state and its Monitoring) for what keeps it from starting " +
        "(no capacity available, a quota) and start it there",
    );
  });

  it("a workspace that does not answer: names the host to check, never the token", async () => {
    const port = await refusedPort();
    const silent = new DatabricksClient({ domain: `http://127.0.0.1:${port}`, accessToken: "dapi-secret-token" });
    const error = await silent.getCluster("0123-456789-abcdefgh").catch((e) => e);
    expect(error).toBeInstanceOf(DatabricksUnreachableError);
    expect(error.message).toMatch(
      new RegExp(`^the Databricks workspace at http://127\\.0\\.0\\.1:${port} did not answer: ECONNREFUSED.*\\. Check the connection's host \\(auth\\.params\\.domain\\) and that the workspace is up and reachable from this service$`),
    );
    expect(error.message).not.toContain("dapi-secret-token");
  });
});
