import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type LocalWorkspace, startLocalWorkspace } from "../../local/workspace/index.js";
import { unusedPort, waitForCluster } from "./aep-calls.js";
import { eventually } from "./blob.js";
import { startTestSystem, type TestSystem } from "./system.js";

export interface SystemBesideSecondWorkspace {
  /** a test system with the local workspace, its cluster running, whose allow-list names the second workspace's port */
  readonly system: TestSystem;
  /** starts the second workspace with this token, waits for its cluster to run, and answers its URL */
  startSecond(token: string): Promise<string>;
  /** stops the second workspace: its URL stops answering */
  stopSecond(): Promise<void>;
}

/** A suite's test system and a second local workspace that comes and goes beside it, both closed after the suite. */
export function useSystemBesideSecondWorkspace(): SystemBesideSecondWorkspace {
  let system: TestSystem | undefined;
  let second: LocalWorkspace | undefined;
  let port: number;
  const dataDir = mkdtempSync(path.join(tmpdir(), "ds-ws-"));
  beforeAll(async () => {
    port = await unusedPort();
    system = await startTestSystem({ workspace: true, env: { DATABRICKS_ALLOWED_HOSTS: `http://127.0.0.1:${port}` } });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(async () => {
    await second?.close();
    await system?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get system() {
      return system!;
    },
    async startSecond(token) {
      second = await startLocalWorkspace({ port, token, dataDir, blobEndpointFor: (h) => `http://127.0.0.1:1/${h}`, clusterStartDelayMs: 10, seedDemo: true, seedRows: 5 });
      const url = second.url;
      await eventually(async () => {
        const reply = await fetch(`${url}/api/2.1/clusters/get?cluster_id=local-cluster`, { headers: { authorization: `Bearer ${token}` } });
        return ((await reply.json()) as { state: string }).state === "RUNNING";
      });
      return url;
    },
    async stopSecond() {
      await second?.close();
      second = undefined;
    },
  };
}
