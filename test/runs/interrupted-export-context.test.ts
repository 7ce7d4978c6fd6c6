/**
 * The next attempt of a run gives back the execution context an interrupted attempt opened on the
 * cluster, not only its command: a cluster holds a limited number of contexts, and every worker
 * that died mid-export would keep one until the cluster restarts. Real local workspace on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterCommand, DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksApiError } from "../../src/databricks/errors.js";
import { cancelInterruptedExport } from "../../src/runs/export-command.js";
import { waitForCluster } from "../support/aep-calls.js";
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

function runHolding(command: ClusterCommand) {
  const lines: string[] = [];
  const run = {
    details: { exportCommand: command as ClusterCommand | undefined },
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
