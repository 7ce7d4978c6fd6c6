/**
 * What the workspace benchmarks stand on: an embedded Azurite with one storage account, a local
 * workspace whose cluster reaches that account, the whole-run benchmark's events table in it, and
 * a staging container whose SAS goes into the cluster's Spark config the way a user pastes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type ContainerClient, BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from "@azure/storage-blob";
import { type EmbeddedBlobService, startEmbeddedBlobService } from "../../local/azurite.js";
import { type LocalWorkspace, type LocalWorkspaceOptions, startLocalWorkspace } from "../../local/workspace/index.js";

const ACCOUNT = "benchaccount";
const KEY = Buffer.from("bench-account-key-0123456789abcdef").toString("base64");
/** the staging account's host, as a `wasbs://` location names it */
export const BENCH_HOST = `${ACCOUNT}.blob.core.windows.net`;
export const BENCH_TOKEN = "dapi-bench";
/** the staging container of the benchmarks, in BENCH_HOST */
export const BENCH_CONTAINER = "bench";

export interface BenchWorkspace {
  blob: EmbeddedBlobService;
  ws: LocalWorkspace;
  dataDir: string;
  /** creates the staging container with a stored access policy; the cluster's Spark config entry for its SAS */
  stagingContainer(): Promise<{ container: ContainerClient; sparkConf: Record<string, string> }>;
  close(): Promise<void>;
}

export async function startBenchWorkspace(options: Pick<LocalWorkspaceOptions, "logger" | "sharing"> = {}): Promise<BenchWorkspace> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ws-bench-"));
  const blob = await startEmbeddedBlobService({ port: 0, accounts: [{ name: ACCOUNT, key: KEY }] });
  const ws = await startLocalWorkspace({
    port: 0,
    token: BENCH_TOKEN,
    dataDir,
    blobEndpointFor: (host) => `${blob.url}/${host.split(".")[0]}`,
    clusterStartDelayMs: 50,
    seedDemo: false,
    ...options,
  });
  return {
    blob,
    ws,
    dataDir,
    async stagingContainer() {
      const key = new StorageSharedKeyCredential(ACCOUNT, KEY);
      const container = new BlobServiceClient(`${blob.url}/${ACCOUNT}`, key).getContainerClient(BENCH_CONTAINER);
      await container.create();
      await container.setAccessPolicy(undefined, [{ id: "dlz-bench", accessPolicy: { expiresOn: new Date(Date.now() + 3_600_000) } }]);
      const sas = generateBlobSASQueryParameters(
        { containerName: BENCH_CONTAINER, identifier: "dlz-bench", permissions: ContainerSASPermissions.parse("racwdlm"), version: "2020-10-02" },
        key,
      ).toString();
      return { container, sparkConf: { [`fs.azure.sas.${BENCH_CONTAINER}.${BENCH_HOST}`]: sas } };
    },
    async close() {
      await ws.close();
      await blob.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How many rows the Parquet files hold, read by DuckDB: each benchmark checks that its runs staged every row. */
export async function parquetRowCount(files: readonly string[]): Promise<number> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const conn = await instance.connect();
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
    return Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet([${list}])`)).getRowsJson()[0][0]);
  } finally {
    instance.closeSync();
  }
}
