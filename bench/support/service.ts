/**
 * The service as `npm start` runs it, in a process of its own (API with its worker, embedded
 * Azurite, local workspace, SQLite under a fresh DATA_DIR on free ports), seen by a benchmark's
 * driver through the journey helpers of test/support: its API with the dev client's token, its
 * workspace's cluster, SQL warehouse and Delta Sharing server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEV_SHARING_TOKEN } from "../../local/workspace/sharing/settings.js";
import { DatabricksClient, type DatabricksCluster } from "../../src/databricks/client.js";
import { startCli, type StartedProcess } from "../../test/support/process.js";
import { journeySystem } from "../../test/support/started-system.js";
import { runsOf } from "../../test/support/journey.js";
import { unusedPort } from "../../test/support/aep-calls.js";
import type { TestSystem } from "../../test/support/system.js";

export interface BenchService {
  system: TestSystem;
  process: StartedProcess;
  dataDir: string;
  warehouseId: string;
  /** the Delta Sharing endpoint of the local workspace and its recipient's token */
  sharing: { endpoint: string; bearerToken: string };
  /** where the workspace keeps the managed Delta table `schema.table` of hive_metastore */
  tableDir(schema: string, table: string): string;
  close(): Promise<void>;
}

export async function startBenchService(env: Record<string, string> = {}): Promise<BenchService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-service-"));
  try {
    const started = await startCli(
      {
        DATA_DIR: dataDir,
        PORT: String(await unusedPort()),
        BLOB_PORT: String(await unusedPort()),
        DATABRICKS_PORT: String(await unusedPort()),
        LOG_LEVEL: "warn",
        ...env,
      },
      120_000,
    );
    const system = await journeySystem(started);
    const warehouseId = /SQL warehouse ([^,\s]+)/.exec(started.readyLine)?.[1];
    if (!warehouseId) throw new Error(`no SQL warehouse in the ready line: ${started.readyLine}`);
    return {
      system,
      process: started,
      dataDir,
      warehouseId,
      sharing: { endpoint: `${system.workspace!.url}/api/2.0/delta-sharing/metastores/local`, bearerToken: DEV_SHARING_TOKEN },
      tableDir: (schema, table) => path.join(dataDir, "workspace", "warehouse", "hive_metastore", `${schema}.db`, table),
      async close() {
        await started.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `work`, again after a dropped connection: the embedded default's local workspace runs in the API's
 * process, and a long synchronous step of it (a SQL warehouse building a large Arrow result) can
 * make a kept-alive socket reset. A benchmark's driver waits through that instead of failing.
 */
export async function despiteResets<T>(work: () => Promise<T>, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !(error instanceof TypeError && error.message === "fetch failed")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** The flow's first `count` runs once each has finished (success or failed), polled every `intervalMs`. */
export async function finishedRuns(system: TestSystem, flowId: string, count: number, timeoutMs: number, intervalMs = 100): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const runs = (await despiteResets(() => runsOf(system, flowId))).slice(0, count);
    if (runs.length === count && runs.every((run) => ["success", "failed"].includes(run.metrics.statusSummary.status))) return runs;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`the first ${count} run(s) of flow ${flowId} did not finish within ${timeoutMs} ms`);
}

/** The local workspace's cluster, started and waited for, to create the benchmark's tables on. */
export async function runningCluster(system: TestSystem): Promise<DatabricksCluster> {
  const cluster = new DatabricksClient({ domain: system.workspace!.url, accessToken: system.workspace!.token }).cluster(system.workspace!.clusterId);
  await cluster.ensureRunning({ autoStart: true, timeoutMs: 120_000, hint: "" });
  return cluster;
}
