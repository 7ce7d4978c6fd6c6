/**
 * INSERT OVERWRITE DIRECTORY throughput: a Delta table of BENCH_ROWS rows (default 10,000,000) is
 * exported through the local workspace's HTTP API (command execution, Parquet to the embedded
 * Azurite with the SAS from spark_conf), then the same snapshot is written by DuckDB's own COPY to
 * a local Parquet file in the same process. Prints rows/s and MB/s of both and their ratio.
 *
 *   npx tsx bench/workspace/export.ts            (BENCH_ROWS=1000000 for a quick run)
 */
import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pino from "pino";
import { openDeltaTable } from "../../src/delta/index.js";
import { downloadStagedFiles, listStagedFiles } from "../../src/lake/staged-files.js";
import { eventRowsSql } from "../run/table.js";
import { BENCH_CONTAINER, BENCH_HOST, BENCH_TOKEN, parquetRowCount, startBenchWorkspace } from "./bench-workspace.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** the workspace logs each export's phases (Parquet write, upload tail); keep them to print the split */
const phases: { writeMs: number; uploadTailMs: number; files: number }[] = [];
const logger = pino({ level: "info" }, {
  write(line: string) {
    const entry = JSON.parse(line);
    if (typeof entry.writeMs === "number") phases.push({ writeMs: entry.writeMs, uploadTailMs: entry.uploadTailMs, files: entry.files });
  },
});

const bench = await startBenchWorkspace({ logger });
const { ws, dataDir } = bench;

async function call(method: "GET" | "POST", p: string, body?: unknown): Promise<any> {
  const r = await fetch(ws.url + p, {
    method,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}
async function waitRunning() {
  while ((await call("GET", `/api/2.1/clusters/get?cluster_id=${ws.clusterId}`)).state !== "RUNNING") await new Promise((r) => setTimeout(r, 20));
}
async function sql(contextId: string, command: string): Promise<any> {
  const { id } = await call("POST", "/api/1.2/commands/execute", { clusterId: ws.clusterId, contextId, language: "sql", command });
  for (;;) {
    const s = await call("GET", `/api/1.2/commands/status?clusterId=${ws.clusterId}&contextId=${contextId}&commandId=${id}`);
    if (s.status === "Finished" || s.status === "Error" || s.status === "Cancelled") {
      if (s.results?.resultType === "error") throw new Error(`${command.slice(0, 80)}: ${s.results.summary}`);
      return s.results;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const mb = (bytes: number) => bytes / 1024 / 1024;

try {
  await waitRunning();
  let ctx = (await call("POST", "/api/1.2/contexts/create", { clusterId: ws.clusterId, language: "sql" })).id;
  console.log(`creating bench.events with ${ROWS.toLocaleString("en")} rows…`);
  let t0 = process.hrtime.bigint();
  await sql(ctx, "CREATE SCHEMA bench");
  await sql(ctx, `CREATE TABLE bench.events AS ${eventRowsSql(0, ROWS)}`);
  console.log(`  CTAS ${seconds(t0).toFixed(1)} s`);

  // the cluster gets the container SAS the way a user pastes it into the Spark config
  const { container, sparkConf } = await bench.stagingContainer();
  await call("POST", "/api/2.1/clusters/update", { cluster_id: ws.clusterId, update_mask: "spark_conf", cluster: { spark_conf: sparkConf } });
  await waitRunning();
  ctx = (await call("POST", "/api/1.2/contexts/create", { clusterId: ws.clusterId, language: "sql" })).id;

  // the baseline: DuckDB COPY of the same snapshot to local Parquet, same process, same machine
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const table = openDeltaTable(path.join(dataDir, "workspace", "warehouse", "hive_metastore", "bench.db", "events"));
  const relation = await table.scanRelation(conn, await table.snapshot());
  const out = path.join(dataDir, "copy.parquet");

  // alternate the two, best of BENCH_ROUNDS each, so neither gets all the warm caches
  let exportSeconds = Infinity;
  let copySeconds = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    t0 = process.hrtime.bigint();
    await sql(ctx, `INSERT OVERWRITE DIRECTORY 'wasbs://${BENCH_CONTAINER}@${BENCH_HOST}/adobe-managed-staging/bench/run' USING PARQUET SELECT * FROM bench.events`);
    exportSeconds = Math.min(exportSeconds, seconds(t0));
    t0 = process.hrtime.bigint();
    await conn.run(`COPY (SELECT * FROM ${relation}) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`);
    copySeconds = Math.min(copySeconds, seconds(t0));
  }
  const copyBytes = statSync(out).size;
  conn.closeSync();
  db.closeSync();
  const exported = await listStagedFiles(container, "adobe-managed-staging/bench/run/");
  const exportBytes = exported.reduce((n, file) => n + file.size, 0);
  const parts = exported.length;
  for (const files of [await downloadStagedFiles(container, exported, path.join(dataDir, "exported")), [out]]) {
    const rows = await parquetRowCount(files);
    if (rows !== ROWS) throw new Error(`${files.length} file(s) hold ${rows} rows of ${ROWS}`);
  }

  const line = (name: string, s: number, bytes: number) =>
    console.log(`${name.padEnd(44)} ${s.toFixed(2).padStart(7)} s  ${Math.round(ROWS / s).toLocaleString("en").padStart(12)} rows/s  ${mb(bytes / s).toFixed(1).padStart(7)} MB/s  (${mb(bytes).toFixed(1)} MB)`);
  console.log(`\nrows: ${ROWS.toLocaleString("en")} (the export's parts and the COPY's file hold them all), cores: ${os.cpus().length}`);
  line(`INSERT OVERWRITE DIRECTORY → Azurite (${parts} parts)`, exportSeconds, exportBytes);
  line("DuckDB COPY → local Parquet", copySeconds, copyBytes);
  console.log(`ratio (export time / COPY time): ${(exportSeconds / copySeconds).toFixed(2)}x`);
  const split = phases.map((p) => `Parquet written at ${p.writeMs} ms, last upload done ${p.uploadTailMs} ms later`).join("; ");
  console.log(`export phases per round (inside the workspace; uploads overlap the write): ${split}`);
} finally {
  await bench.close();
}
