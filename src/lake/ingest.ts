/**
 * Ingestion of one window's staged Parquet into its dataset, all in DuckDB and streaming (a
 * memory limit and a spill folder keep it bounded whatever the table size):
 *   staged files → mapped and validated rows → one Delta commit (txn = flow, window)
 *                → failed rows to the batch's row_errors as JSON lines.
 * Rows that fail validation are never committed; when they exceed the flow's allowance the
 * window commits nothing at all.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDeltaTable, quoteLiteral } from "../delta/index.js";
import { commitBatch } from "./batch-commit.js";
import { lakeFolder } from "./lake-paths.js";
import { exactRecordJson } from "./row-record.js";
import { type MappingRule, planMapping } from "../dataprep/mapping-sql.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";

export interface IngestRequest {
  /** local Parquet files downloaded from staging */
  files: string[];
  rules: MappingRule[];
  /** the dataset schema's resolved fields and the fields every row must hold */
  schema: DatasetSchema;
  /** staged columns carried into the dataset unchanged (the change columns for CDC) */
  passThrough?: string[];
  /** given the mapped staged rows (all of them, as a relation), rows to commit in the same batch: a resync's deletes */
  companionRows?: (conn: DuckDBConnection, mapped: string) => Promise<string | undefined>;
  tableRoot: string;
  txn: { appId: string; version: number };
  rowErrorsDir: string;
  /** 0..100: the share of failed rows a window may have and still commit its valid rows */
  partialIngestionPercent: number;
  tempDir: string;
  memoryLimit?: string;
}

export interface IngestResult {
  inputRecords: number;
  outputRecords: number;
  failedRecords: number;
  /** false when too many rows failed: nothing was committed */
  committed: boolean;
  alreadyCommitted: boolean;
  deltaVersion: number | null;
  dataFiles: Array<{ path: string; size: number }>;
  /** the first failures, for the run's error list */
  sampleErrors: string[];
}

const ERRORS_COLUMN = "__row_errors";

export async function ingestStaged(request: IngestRequest): Promise<IngestResult> {
  const empty: IngestResult = {
    inputRecords: 0, outputRecords: 0, failedRecords: 0, committed: true, alreadyCommitted: false,
    deltaVersion: null, dataFiles: [], sampleErrors: [],
  };
  if (request.files.length === 0) return empty;
  await mkdir(request.tempDir, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: request.memoryLimit ?? "512MB",
    temp_directory: request.tempDir,
  });
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const fileList = `[${request.files.map(quoteLiteral).join(", ")}]`;
    await conn.run(`CREATE VIEW staged AS SELECT * FROM read_parquet(${fileList}, union_by_name = true)`);
    const described = (await conn.runAndReadAll("DESCRIBE staged")).getRowObjectsJson() as Array<{ column_name: string; column_type: string }>;
    const columns = described.map((c) => ({ name: c.column_name, type: c.column_type }));
    const plan = planMapping(request.rules, request.schema, columns, request.passThrough ?? []);
    await conn.run(`CREATE VIEW checked AS SELECT *, ${plan.errors} AS ${ERRORS_COLUMN} FROM staged`);

    // At most two passes over the data: the failed rows go to row_errors (COPY tells how many),
    // then the valid ones to the dataset; when no conversion can fail, only the second. The total
    // comes from the Parquet footers.
    const inputRecords = Number(
      ((await conn.runAndReadAll("SELECT count(*)::BIGINT AS n FROM staged")).getRowObjectsJson()[0] as { n: string }).n,
    );
    // a remote lake's row errors are written locally, then uploaded
    const rowErrors = lakeFolder(request.rowErrorsDir);
    const rowErrorsDir = rowErrors.isLocal ? request.rowErrorsDir : path.join(request.tempDir, "row_errors");
    const failedRecords = plan.canFail ? await writeRowErrors(conn, rowErrorsDir, columns) : 0;
    if (!plan.canFail) await rm(rowErrorsDir, { recursive: true, force: true });
    const sampleErrors = failedRecords === 0 ? [] : await firstErrors(conn, rowErrorsDir);
    if (!rowErrors.isLocal) {
      await rowErrors.delete(ROW_ERRORS_FILE); // a retried window's earlier attempt
      if (failedRecords > 0) await rowErrors.putFile(ROW_ERRORS_FILE, path.join(rowErrorsDir, ROW_ERRORS_FILE));
    }
    const withinAllowance = inputRecords === 0 || (failedRecords / inputRecords) * 100 <= request.partialIngestionPercent;
    if (!withinAllowance) {
      return { ...empty, inputRecords, failedRecords, committed: false, sampleErrors };
    }
    // a resync of a table now empty still has its deletes to commit
    if (inputRecords === failedRecords && !request.companionRows) return { ...empty, inputRecords, failedRecords, sampleErrors };

    const valid = plan.canFail ? `SELECT ${plan.projection} FROM checked WHERE len(${ERRORS_COLUMN}) = 0` : `SELECT ${plan.projection} FROM staged`;
    const companion = await request.companionRows?.(conn, `(SELECT ${plan.projection} FROM staged)`);
    const result = await commitBatch(conn, request.tableRoot, companion ? `${valid} UNION ALL BY NAME ${companion}` : valid, request.txn);
    const dataFiles = result.alreadyCommitted && result.files.length === 0
      ? await filesAddedIn(request.tableRoot, result.version)
      : await sized(request.tableRoot, result.files);
    return {
      inputRecords,
      outputRecords: companion ? result.numRecords : inputRecords - failedRecords,
      failedRecords,
      committed: true,
      alreadyCommitted: result.alreadyCommitted,
      deltaVersion: result.version,
      dataFiles,
      sampleErrors,
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;
const ROW_ERRORS_FILE = "part-00000.json";

/** Writes the failed rows (the staged record and its errors) as JSON lines; returns how many. */
async function writeRowErrors(conn: Connection, dir: string, columns: ReadonlyArray<{ name: string; type: string }>): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const record = exactRecordJson(columns);
  const written = await conn.run(
    `COPY (SELECT ${record} AS record, ${ERRORS_COLUMN} AS errors FROM checked WHERE len(${ERRORS_COLUMN}) > 0) ` +
      `TO ${quoteLiteral(path.join(dir, ROW_ERRORS_FILE))} (FORMAT JSON)`,
  );
  const failed = Number(written.rowsChanged);
  if (failed === 0) await rm(dir, { recursive: true, force: true });
  return failed;
}

async function firstErrors(conn: Connection, dir: string): Promise<string[]> {
  const rows = await conn.runAndReadAll(
    `SELECT errors[1] AS e FROM read_json(${quoteLiteral(path.join(dir, ROW_ERRORS_FILE))}, columns = {errors: 'VARCHAR[]'}) LIMIT 5`,
  );
  return (rows.getRowObjectsJson() as Array<{ e: string }>).map((r) => r.e);
}

async function sized(tableRoot: string, files: string[]) {
  return Promise.all(
    files.map(async (file) => ({ path: file, size: (await lakeFolder(tableRoot).stat(decodeURIComponent(file)))?.size ?? 0 })),
  );
}

/** A retried window committed earlier: its files are those its version added. */
async function filesAddedIn(tableRoot: string, version: number) {
  const table = openDeltaTable(tableRoot);
  const after = await table.snapshot({ version });
  const before = version > 0 ? new Set((await table.snapshot({ version: version - 1 })).files.map((f) => f.path)) : new Set<string>();
  return after.files.filter((f) => !before.has(f.path)).map((f) => ({ path: f.path, size: f.size }));
}
