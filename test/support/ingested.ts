/**
 * Runs staged Parquet through the real ingestion (src/lake/ingest.ts: mapping plan → Delta commit
 * → row_errors file) and reads back what a user would find: the dataset's rows from its Delta table
 * and the failed rows from the row-errors file.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { openDeltaTable } from "../../src/delta/index.js";
import { type IngestRequest, ingestStaged, type IngestResult } from "../../src/lake/ingest.js";
import type { MappingRule } from "../../src/dataprep/mapping-sql.js";
import type { DatasetSchema } from "../../src/schemaregistry/xdm-fields.js";

export interface RowError {
  record: Record<string, unknown>;
  errors: string[];
}

export interface Ingested {
  result: IngestResult;
  /** the dataset's rows as `select` reads them from the Delta table (JSON row objects), in its order */
  rows: Array<Record<string, unknown>>;
  rowErrors: RowError[];
  /** the raw lines of the row-errors file */
  rowErrorLines: string[];
}

/** An ingestion of `files` into a new dataset under `folder` (its table, row errors and spill), as a flow's first window. */
export function ingestRequest(
  folder: string,
  files: IngestRequest["files"],
  mapping: { rules: MappingRule[]; schema: DatasetSchema },
  partialIngestionPercent = 0,
): IngestRequest {
  return {
    files,
    ...mapping,
    tableRoot: path.join(folder, "dataset"),
    txn: { appId: "flow-1", version: 1 },
    rowErrorsDir: path.join(folder, "row_errors"),
    partialIngestionPercent,
    tempDir: path.join(folder, "tmp"),
  };
}

export async function ingestAndReadBack(options: {
  files: string[];
  rules: MappingRule[];
  schema: DatasetSchema;
  /** a fresh folder for this ingestion's dataset, row errors and spill */
  dir: string;
  /** the SELECT list read from the dataset, e.g. `_id, CAST(v AS VARCHAR) AS v` */
  select: string;
  orderBy?: string;
}): Promise<Ingested> {
  const request = ingestRequest(options.dir, options.files, options, 100);
  const { tableRoot, rowErrorsDir } = request;
  const result = await ingestStaged(request);
  const rows = result.outputRecords > 0 ? await readDataset(tableRoot, options.select, options.orderBy) : [];
  const rowErrorLines = existsSync(rowErrorsDir)
    ? readdirSync(rowErrorsDir).flatMap((file) => readFileSync(path.join(rowErrorsDir, file), "utf8").split("\n").filter(Boolean))
    : [];
  return { result, rows, rowErrors: rowErrorLines.map((line) => JSON.parse(line) as RowError), rowErrorLines };
}

async function readDataset(tableRoot: string, select: string, orderBy?: string): Promise<Array<Record<string, unknown>>> {
  const table = openDeltaTable(tableRoot);
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const relation = await table.scanRelation(conn, await table.snapshot());
    const reader = await conn.runAndReadAll(`SELECT ${select} FROM ${relation}${orderBy ? ` ORDER BY ${orderBy}` : ""}`);
    return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
