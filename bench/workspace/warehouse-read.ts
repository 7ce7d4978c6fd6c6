/**
 * A run's read of one window through a SQL warehouse and through Delta Sharing beside the same read
 * through the cluster, in one process on one machine: a Delta table of BENCH_ROWS rows (default
 * 500,000) is
 *   - cluster: exported by INSERT OVERWRITE DIRECTORY to the embedded Azurite, then its staged
 *     files downloaded (steps 3–4 of a cluster run);
 *   - warehouse: read by the Statement Execution API (EXTERNAL_LINKS, ARROW_STREAM), its chunks
 *     downloaded four at a time and written as Parquet (steps 3–4 of a warehouse run);
 *   - Delta Sharing: its files downloaded through the local workspace's pre-signed URLs and read by
 *     the service's Delta reader into the window's Parquet (steps 3–4 of a Delta Sharing run).
 * Prints seconds and rows/s of each and their ratios, best of BENCH_ROUNDS (default 2) each, and the
 * warehouse's split between the statement (the local workspace's work, Databricks' on a real one)
 * and the service's own download and conversion.
 *
 *   npx tsx bench/workspace/warehouse-read.ts        (BENCH_ROWS=100000 for a quick run)
 */
import os from "node:os";
import path from "node:path";
import { DatabricksClient } from "../../src/databricks/client.js";
import { DatabricksWarehouse } from "../../src/databricks/warehouse.js";
import { downloadStagedFiles, listStagedFiles } from "../../src/lake/staged-files.js";
import { warehouseSource } from "../../src/runs/warehouse-source.js";
import { sharingSource } from "../../src/runs/sharing-source.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import type { StagedWindow } from "../../src/runs/window-source.js";
import { eventRowsSql } from "../run/table.js";
import { BENCH_CONTAINER, BENCH_HOST, BENCH_TOKEN, parquetRowCount, startBenchWorkspace } from "./bench-workspace.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 500_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SHARING_TOKEN = "dss-bench";

const bench = await startBenchWorkspace({
  sharing: {
    shares: [{ name: "bench", schemas: [{ name: "bench", source: "hive_metastore.bench" }] }],
    recipients: [{ name: "bench", bearerToken: SHARING_TOKEN, shares: ["bench"] }],
  },
});
const { ws, dataDir } = bench;
const client = new DatabricksClient({ domain: ws.url, accessToken: BENCH_TOKEN });
const cluster = client.cluster(ws.clusterId);
const warehouse = new DatabricksWarehouse(client, ws.warehouseId);
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const quiet = { phase: async () => {}, info: async () => {}, warn: async () => {} };

try {
  await cluster.ensureRunning({ autoStart: true, timeoutMs: 60_000, hint: "" });
  console.log(`creating bench.events with ${ROWS.toLocaleString("en")} rows…`);
  await cluster.runSql("CREATE SCHEMA bench", { timeoutMs: 60_000 });
  await cluster.runSql(`CREATE TABLE bench.events AS ${eventRowsSql(0, ROWS)}`, { timeoutMs: 600_000 });
  const { container, sparkConf } = await bench.stagingContainer();
  await client.updateSparkConf(ws.clusterId, sparkConf);
  await cluster.ensureRunning({ autoStart: true, timeoutMs: 60_000, hint: "" });
  await warehouse.ensureRunning({ autoStart: true, timeoutMs: 60_000, hint: "" });
  const source = warehouseSource({
    warehouse,
    table: { tableName: "bench.events" },
    columns: [],
    log: quiet,
    startTimeoutMs: 60_000,
    statementTimeoutMs: 600_000,
    recordCopy: async () => {},
    onWorkspace: (work) => work(),
  });

  // only what a Delta Sharing run reads of its inputs: the profile, the table and its columns
  const sharingInputs = {
    connection: { domain: ws.sharingEndpoint, credentials: { kind: "token", accessToken: SHARING_TOKEN }, sharing: { shareCredentialsVersion: 1, endpoint: ws.sharingEndpoint, bearerToken: SHARING_TOKEN } },
    source: { tableName: "bench.bench.events", columns: [] },
  } as unknown as RunInputs;
  const shared = sharingSource({ inputs: sharingInputs, table: { tableName: "bench.bench.events" }, log: quiet, pinnedVersion: () => 0 });

  let clusterSeconds = Infinity;
  let sharingSeconds = Infinity;
  let warehouseSeconds = Infinity;
  let split = { statement: 0, download: 0 };
  let chunks = 0;
  let parts = 0;
  const staged: Record<"cluster" | "warehouse" | "sharing", string[]> = { cluster: [], warehouse: [], sharing: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const prefix = `adobe-managed-staging/bench/run-${round}/`;
    let t0 = process.hrtime.bigint();
    await cluster.runSql(`INSERT OVERWRITE DIRECTORY 'wasbs://${BENCH_CONTAINER}@${BENCH_HOST}/${prefix}' USING PARQUET SELECT * FROM bench.events VERSION AS OF 0`, { timeoutMs: 600_000 });
    const exported = await listStagedFiles(container, prefix);
    staged.cluster = await downloadStagedFiles(container, exported, path.join(dataDir, `cluster-${round}`));
    clusterSeconds = Math.min(clusterSeconds, seconds(t0));
    parts = exported.length;

    t0 = process.hrtime.bigint();
    const window = await source.stage(0, { kind: "snapshot" });
    const statement = seconds(t0);
    staged.warehouse = await download(window, path.join(dataDir, `warehouse-${round}`));
    if (seconds(t0) < warehouseSeconds) split = { statement, download: seconds(t0) - statement };
    warehouseSeconds = Math.min(warehouseSeconds, seconds(t0));
    chunks = window.count ?? 0;

    t0 = process.hrtime.bigint();
    staged.sharing = await download(await shared.stage(0, { kind: "snapshot" }), path.join(dataDir, `sharing-${round}`));
    sharingSeconds = Math.min(sharingSeconds, seconds(t0));
  }
  for (const [name, files] of Object.entries(staged)) {
    const rows = await parquetRowCount(files);
    if (rows !== ROWS) throw new Error(`the ${name} path staged ${rows} rows of ${ROWS}`);
  }
  const line = (name: string, s: number) => console.log(`${name.padEnd(62)} ${s.toFixed(2).padStart(7)} s  ${Math.round(ROWS / s).toLocaleString("en").padStart(10)} rows/s`);
  console.log(`\nrows: ${ROWS.toLocaleString("en")} (every path staged them all), cores: ${os.cpus().length}, best of ${ROUNDS}`);
  line(`cluster: export to Azurite + download (${parts} part files)`, clusterSeconds);
  line(`warehouse: ARROW_STREAM chunks + download + Parquet (${chunks} chunks)`, warehouseSeconds);
  line("Delta Sharing: pre-signed files + Delta reader + Parquet", sharingSeconds);
  console.log(`ratio (warehouse time / cluster time): ${(warehouseSeconds / clusterSeconds).toFixed(2)}x`);
  console.log(`ratio (Delta Sharing time / cluster time): ${(sharingSeconds / clusterSeconds).toFixed(2)}x`);
  console.log(
    `warehouse split: the statement (the local warehouse runs the query and encodes Arrow) ${split.statement.toFixed(2)} s, ` +
      `the service's download and Parquet ${split.download.toFixed(2)} s (${Math.round(ROWS / split.download).toLocaleString("en")} rows/s)`,
  );
} finally {
  await bench.close();
}

/** The window's rows as local Parquet files: what the warehouse's and Delta Sharing's windows give. */
async function download(window: StagedWindow, dir: string): Promise<string[]> {
  if (!("download" in window)) throw new Error("this window is streamed to the ingestion, not downloaded");
  return window.download(dir);
}

