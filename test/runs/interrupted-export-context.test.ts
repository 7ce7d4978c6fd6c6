/**
 * What the next attempt of a run does about the export an interrupted attempt left on the
 * workspace: on a cluster it cancels the command and gives back the execution context it ran in (a
 * cluster holds a limited number, which every worker that died mid-export would keep until the
 * cluster restarts); on a SQL warehouse it cancels a statement still waiting. Real local workspace
 * on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterCommand, DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksApiError } from "../../src/databricks/errors.js";
import { cancelInterruptedExport, type ExportCommand } from "../../src/runs/export-command.js";
import { waitForCluster } from "../support/aep-calls.js";
import { startHarness, TOKEN } from "../support/local-workspace.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let client: DatabricksClient;
beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 } });
  await waitForCluster(system, "RUNNING");
  client = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token });
});
afterAll(() => system.close());

/** What a worker that died mid-export leaves: a context of its own on the cluster, running a long command. */
async function exportLeftRunning(): Promise<ClusterCommand> {
  const clusterId = system.workspace!.clusterId;
  const contextId = await client.createContext(clusterId);
  await expect.poll(async () => (await client.contextStatus(clusterId, contextId)).status).toBe("Running");
  const commandId = await client.execute(clusterId, contextId, "SELECT count(*) FROM range(0, 100000000000)");
  return { clusterId, contextId, commandId };
}

function runHolding(command: ExportCommand) {
  const lines: string[] = [];
  const run = {
    details: { exportCommand: command as ExportCommand | undefined },
    save: async () => undefined,
    log: { info: async (line: string) => void lines.push(line), warn: async (line: string) => void lines.push(`warn: ${line}`) },
  };
  return { run, lines };
}

describe("cancelling the export an interrupted attempt left", () => {
  it("cancels its command and destroys its execution context", async () => {
    const command = await exportLeftRunning();
    const { run, lines } = runHolding(command);
    await cancelInterruptedExport(client, run);
    const gone = await client.contextStatus(command.clusterId, command.contextId).catch((error) => error);
    expect(gone).toBeInstanceOf(DatabricksApiError);
    expect((gone as DatabricksApiError).isNotFound).toBe(true);
    expect(run.details.exportCommand).toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^cancelled the export an earlier attempt left running \(command \w+ on cluster /)]);
  });
});

describe("cancelling the statement an interrupted attempt left on a SQL warehouse", () => {
  it("cancels one still waiting for its warehouse to start", async () => {
    const harness = await startHarness({ warehouseStartDelayMs: 600_000 });
    try {
      const warehouse = new DatabricksClient({ domain: harness.ws.url, accessToken: TOKEN });
      const submitted = await harness.client.post("/api/2.0/sql/statements", { statement: "SELECT 1 AS one", warehouse_id: "local-warehouse", wait_timeout: "0s" });
      expect(submitted.body.status.state).toBe("PENDING");
      const statementId: string = submitted.body.statement_id;
      const { run, lines } = runHolding({ warehouseId: "local-warehouse", statementId });
      await cancelInterruptedExport(warehouse, run);
      expect((await harness.client.get(`/api/2.0/sql/statements/${statementId}`)).body.status.state).toBe("CANCELED");
      expect(lines).toEqual([`cancelled the export an earlier attempt left running (statement ${statementId} on SQL warehouse local-warehouse), unless it had ended`]);
      expect(run.details.exportCommand).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
