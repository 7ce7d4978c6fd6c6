/**
 * Ingestion of one window's staged Parquet into its dataset, all in DuckDB and streaming (a
 * memory limit and a spill folder keep it bounded whatever the table size):
 *   staged files → mapped and validated rows → one Delta commit (txn = flow, window)
 *                → failed rows to the batch's row_errors as JSON lines.
 * The staged files are read a group at a time (staged-groups.ts): each group is fetched (the next
 * one while it is read), read in one pass (a second one writes its row errors when some of its rows
 * fail), its data file and row errors stored in the lake at once and its copies deleted, so the local disk holds two groups and
 * what is written from one, never the batch (`scratchBytes`). Every group's data file goes into the same commit.
 * Rows that fail validation are never committed; when they exceed the flow's allowance the
 * window commits nothing at all. A mapping that only renames columns takes the staged files as they
 * are instead (rename-fast-path.ts): where they are, when the lake's storage can copy them itself,
 * else a group at a time as they are downloaded.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { type AppendResult, describeQuery, duckCastIsExact, openDeltaTable, quoteIdent, quoteLiteral } from "../delta/index.js";
import { type BatchWriter, openBatch } from "./batch-commit.js";
import { fieldSql } from "./change-rows.js";
import { lakeFolder, removeLakeFolder } from "./lake-paths.js";
import { exactRecordJson } from "../dataprep/exact-json.js";
import { localStagedInput, type StagedInput } from "./staged-files.js";
import { forEachStagedGroup, type StagedGroup } from "./staged-groups.js";
import { renameStagedInPlace, writeRenamedGroup } from "./rename-fast-path.js";
import { refuseLegacyCalendarValues } from "./legacy-calendar.js";
import { columnsReadBy, explainingInvalidText, fromBytes, invalidTextCheck, isInvalidText, type TextAsBytes, textAsBytes } from "./invalid-text.js";
import { convertedRows, MappingError, type MappingPlan, type MappingRule, planMapping } from "../dataprep/mapping-sql.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";

export interface IngestRequest {
  /** the staged Parquet: local files, or files fetched a group at a time (staged-files.ts) */
  files: readonly string[] | StagedInput;
  rules: MappingRule[];
  /** the dataset schema's resolved fields and the fields every row must hold */
  schema: DatasetSchema;
  /** staged columns carried into the dataset unchanged (the change columns for CDC) */
  passThrough?: string[];
  /**
   * DuckDB expressions over the staged columns, each the row's error message (starting with the row
   * error code) or NULL, checked before the mapping's own: a change-data row without a key
   */
  rowChecks?: string[];
  /** rows to commit in the same batch, given the keys of every mapped staged row: a resync's deletes */
  companion?: Companion;
  tableRoot: string;
  txn: { appId: string; version: number };
  rowErrorsDir: string;
  /** 0..100: the share of failed rows a window may have and still commit its valid rows */
  partialIngestionPercent: number;
  tempDir: string;
  memoryLimit?: string;
  /**
   * the local disk one ingestion may fill (INGEST_SCRATCH_BYTES): a group of staged files takes
   * at most a quarter (one group is read while the next is fetched), leaving the rest for the data
   * file and row errors written from it; unset, the files are one group
   */
  scratchBytes?: number;
  /** called once each group of staged files is read and written: the run's progress through a window of several */
  onGroupRead?: (progress: GroupProgress) => Promise<void>;
}

export interface GroupProgress {
  /** the groups read so far, of `groups` */
  read: number;
  groups: number;
  /** the rows read so far, and those of them that failed */
  inputRecords: number;
  failedRecords: number;
}

export interface Companion {
  /** the dataset fields (dotted paths) whose values are collected from every mapped staged row */
  keyPaths: readonly string[];
  /** the rows to add, given a relation of those keys (columns k0, k1, … in keyPaths' order); undefined: none */
  rows(conn: DuckDBConnection, keys: string): Promise<string | undefined>;
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
  /** how many groups the staged files were read in */
  groups: number;
  /** data files that are staged files renamed, their column data copied as it was (a pure-rename mapping, rename-fast-path.ts) */
  renamedFiles: number;
}

const FIRST_ERROR_COLUMN = "__first_error";
/** the staged row's error for text that is not UTF-8, in a group read with its text as bytes */
const INVALID_TEXT_COLUMN = "__invalid_text";
const KEYS_TABLE = "__staged_keys";
const SAMPLE_ERRORS = 5;

interface Column {
  name: string;
  type: string;
}

/** What the groups read so far add up to. */
interface Tally {
  input: number;
  failed: number;
  groups: number;
  renamedFiles: number;
  sampleErrors: string[];
  /** the mapping, planned on the first group's columns; later groups are read as those columns */
  mapping?: { plan: MappingPlan; columns: Column[] };
}

export async function ingestStaged(request: IngestRequest): Promise<IngestResult> {
  const empty: IngestResult = {
    inputRecords: 0, outputRecords: 0, failedRecords: 0, committed: true, alreadyCommitted: false,
    deltaVersion: null, dataFiles: [], sampleErrors: [], groups: 0, renamedFiles: 0,
  };
  const input = "sizes" in request.files ? request.files : await localStagedInput(request.files);
  if (input.sizes.length === 0) return empty;
  await mkdir(request.tempDir, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: request.memoryLimit ?? "512MB",
    temp_directory: path.join(request.tempDir, "spill"),
    // a batch's rows have no order to keep: unordered, every thread maps and encodes row groups at once
    preserve_insertion_order: "false",
  });
  const conn = await instance.connect();
  let batch: BatchWriter | undefined;
  try {
    batch = await openBatch(request.tableRoot, request.txn);
    const writer = batch;
    await conn.run("SET TimeZone = 'UTC'");
    await removeLakeFolder(request.rowErrorsDir); // a retried window's earlier attempt
    const tally: Tally = { input: 0, failed: 0, groups: 0, renamedFiles: 0, sampleErrors: [] };
    const limit = request.scratchBytes ? Math.max(1, Math.floor(request.scratchBytes / 4)) : Infinity;
    const inPlace = await renameStagedInPlace(writer, conn, input, request, request.tempDir);
    if (inPlace) Object.assign(tally, { input: inPlace.rows, renamedFiles: inPlace.files });
    else await forEachStagedGroup(input, limit, path.join(request.tempDir, "staged"), (group) =>
      // text that is not UTF-8 is explained while the group's files are still there to name its columns
      explainingInvalidText(conn, () => ingestGroup(conn, writer, request, tally, group)),
    );
    if (tally.failed === 0) await removeLakeFolder(request.rowErrorsDir);
    const counts = { inputRecords: tally.input, failedRecords: tally.failed, sampleErrors: tally.sampleErrors, groups: tally.groups, renamedFiles: tally.renamedFiles };
    if (!withinAllowance(tally, request)) {
      await batch.discard();
      return { ...empty, ...counts, committed: false };
    }
    // a resync of a table now empty still has its deletes to commit
    if (tally.input === tally.failed && !request.companion) return { ...empty, ...counts };
    const result = batch.alreadyCommitted() ?? (await commit(conn, batch, request.companion));
    const dataFiles = await filesOf(request.tableRoot, result);
    return {
      ...counts,
      outputRecords: request.companion ? result.numRecords : tally.input - tally.failed,
      committed: true,
      alreadyCommitted: result.alreadyCommitted,
      deltaVersion: result.version,
      dataFiles,
    };
  } catch (error) {
    await batch?.discard();
    throw error;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}


/**
 * One group of staged files into the batch. A group DuckDB refuses for text that is not UTF-8 is
 * read again, its text columns as bytes, each such value a row error; the first attempt wrote no
 * part (its query failed) and its counts are taken back.
 */
async function ingestGroup(conn: DuckDBConnection, writer: BatchWriter, request: IngestRequest, tally: Tally, group: StagedGroup): Promise<void> {
  const before = { ...tally, sampleErrors: [...tally.sampleErrors] };
  try {
    await mapGroup(conn, writer, request, tally, group);
  } catch (error) {
    if (!isInvalidText(error)) throw error;
    Object.assign(tally, before);
    const bytesDir = path.join(request.tempDir, "text-as-bytes");
    try {
      const asBytes = await textAsBytes(group.files, bytesDir);
      if (!asBytes) throw error;
      // should DuckDB refuse the copies too, that is explained while the files are there to name the columns
      await explainingInvalidText(conn, () => mapGroup(conn, writer, request, tally, { ...group, files: asBytes.files }, asBytes));
    } finally {
      await rm(bytesDir, { recursive: true, force: true });
    }
  }
  await request.onGroupRead?.({ read: group.index + 1, groups: group.count, inputRecords: tally.input, failedRecords: tally.failed });
}

/** One group mapped and written: its valid rows a part of the batch, its failed ones row errors. */
async function mapGroup(conn: DuckDBConnection, writer: BatchWriter, request: IngestRequest, tally: Tally, group: StagedGroup, asBytes?: TextAsBytes): Promise<void> {
  const { plan, columns } = await readGroup(conn, group.files, request, tally, asBytes);
  const groupInput = await count(conn, "staged");
  tally.input += groupInput;
  tally.groups++;
  const valid = plan.canFail ? `SELECT ${plan.projection} FROM checked WHERE ${FIRST_ERROR_COLUMN} IS NULL` : `SELECT ${plan.projection} FROM converted`;
  const rowErrors = () => storeRowErrors(conn, { plan, columns }, request, group.index, tally.sampleErrors);
  // a pure rename first: none of its rows can fail (what the plan checks, the files' statistics have proven)
  const renamed = groupInput > 0 && !asBytes && !writer.alreadyCommitted() ? await writeRenamedGroup(writer, conn, group.files, columns, request, valid) : undefined;
  if (renamed !== undefined) {
    tally.renamedFiles += renamed;
  } else if (plan.canFail && writer.hasTable() && !writer.alreadyCommitted()) {
    // the valid rows first: when none fails (the usual case) that is the group's only pass
    const failed = groupInput - (await writer.write(conn, valid));
    tally.failed += failed > 0 ? await rowErrors() : 0;
  } else {
    // a new dataset's table is not created for a window that fails: its failures are counted first
    const failed = plan.canFail ? await rowErrors() : 0;
    tally.failed += failed;
    // the last group decides whether the batch commits: then its rows need not be written
    if (writer.alreadyCommitted() || (group.last && !withinAllowance(tally, request))) return;
    if (groupInput > failed || request.companion) await writer.write(conn, valid);
  }
  if (request.companion) await collectKeys(conn, request.companion.keyPaths, plan, group.index === 0);
}

function withinAllowance(tally: Tally, request: IngestRequest): boolean {
  return tally.input === 0 || (tally.failed / tally.input) * 100 <= request.partialIngestionPercent;
}

/**
 * The group's files as the views `staged`, `converted` and `checked` (with each row's errors); the
 * first group plans the mapping, a later one is read as the first one's columns. Files `asBytes`
 * are copies whose text reads as bytes: decoded where it is UTF-8, each row with text that is not failed.
 */
async function readGroup(conn: DuckDBConnection, files: string[], request: IngestRequest, tally: Tally, asBytes?: TextAsBytes) {
  // copies whose text is bytes are read again after their originals passed this check: it reads dates and timestamps only
  if (!asBytes) await refuseLegacyCalendarValues(conn, files);
  const read = readParquet(files);
  const described = await describeQuery(conn, `SELECT * FROM ${read}`);
  // read from copies whose text is bytes, the group's columns are still the types of the files they copy
  const found = asBytes ? await describeQuery(conn, `SELECT * FROM ${readParquet(asBytes.originals)}`) : described;
  const planned = (rowChecks?: string[]) => planMapping(request.rules, request.schema, tally.mapping?.columns ?? found, request.passThrough ?? [], { hoist: true, rowChecks });
  tally.mapping ??= { plan: planned(request.rowChecks), columns: found };
  // a column the group lacks is NULL, one typed otherwise is cast
  refuseInexactRetyping(tally.mapping.columns, found);
  const types = new Map(found.map((c) => [c.name, c.type]));
  const readTypes = new Map(described.map((c) => [c.name, c.type]));
  // a row fails only for text the mapping reads: another column's bytes are shown as null in its row errors' records
  const checkedText = new Set(asBytes ? await columnsReadBy(conn, tally.mapping.plan, asBytes.columns) : []);
  const textChecks: Array<{ column: string; invalid: string }> = [];
  const select = tally.mapping.columns.map(({ name, type }) => {
    if (asBytes?.columns.has(name) && readTypes.has(name)) {
      const value = fromBytes(name, type, readTypes.get(name)!);
      if (value.invalid !== undefined && checkedText.has(name)) textChecks.push({ column: name, invalid: value.invalid });
      return `${value.sql} AS ${quoteIdent(name)}`;
    }
    return types.get(name) === type ? quoteIdent(name) : `CAST(${types.has(name) ? quoteIdent(name) : "NULL"} AS ${type}) AS ${quoteIdent(name)}`;
  });
  if (textChecks.length > 0) select.push(`${invalidTextCheck(textChecks)} AS ${INVALID_TEXT_COLUMN}`);
  await conn.run(`CREATE OR REPLACE VIEW staged AS SELECT ${select.join(", ")} FROM ${read}`);
  const plan = textChecks.length > 0 ? planned([...(request.rowChecks ?? []), INVALID_TEXT_COLUMN]) : tally.mapping.plan;
  // Each checked value is computed once, then read by its checks and by the projection. The row's
  // first error is marked volatile (random() is never negative) so that DuckDB keeps the filter on
  // it above this projection: pushed below it, the filter would compute every checked value again.
  await conn.run(`CREATE OR REPLACE VIEW converted AS ${convertedRows(plan, "staged")}`);
  if (plan.canFail) await conn.run(`CREATE OR REPLACE VIEW checked AS SELECT *, CASE WHEN random() >= 0 THEN ${plan.firstError} END AS ${FIRST_ERROR_COLUMN} FROM converted`);
  return { plan, columns: tally.mapping.columns };
}

function readParquet(files: readonly string[]): string {
  return `read_parquet([${files.map(quoteLiteral).join(", ")}], union_by_name = true)`;
}

/** A later group's column typed otherwise than in the first group is cast only when each of its values fits exactly. */
function refuseInexactRetyping(first: readonly Column[], later: readonly Column[]): void {
  const firstTypes = new Map(first.map((c) => [c.name, c.type]));
  for (const column of later) {
    const planned = firstTypes.get(column.name);
    if (planned === undefined || planned === column.type || duckCastIsExact(column.type, planned)) continue;
    throw new MappingError(
      `The staged column ${column.name} is ${planned} in some files of this window and ${column.type} in others (its type changed in the source table), ` +
        `and ${planned} cannot hold every ${column.type} value exactly; nothing of this window was written, so no value was rounded. ` +
        `Ingest into a new dataset, or map the column to a string field (its exact digits).`,
    );
  }
}

async function count(conn: DuckDBConnection, relation: string): Promise<number> {
  // from the Parquet footers
  return Number(((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${relation}`)).getRowObjectsJson()[0] as { n: string }).n);
}

/**
 * Writes the group's failed rows (the staged record and its errors) as JSON lines, part-<group>.json
 * of the batch's row_errors (written locally and uploaded when the lake is remote); returns how many
 * and adds the first errors to `samples`.
 */
async function storeRowErrors(
  conn: DuckDBConnection,
  { plan, columns }: { plan: MappingPlan; columns: readonly Column[] },
  request: IngestRequest,
  group: number,
  samples: string[],
): Promise<number> {
  const rowErrors = lakeFolder(request.rowErrorsDir);
  const dir = rowErrors.isLocal ? request.rowErrorsDir : path.join(request.tempDir, "row_errors");
  const name = `part-${String(group).padStart(5, "0")}.json`;
  const file = path.join(dir, name);
  await mkdir(dir, { recursive: true });
  const written = await conn.run(
    `COPY (SELECT ${exactRecordJson(columns)} AS record, ${plan.errors} AS errors FROM checked WHERE ${FIRST_ERROR_COLUMN} IS NOT NULL) ` +
      `TO ${quoteLiteral(file)} (FORMAT JSON)`,
  );
  const failed = Number(written.rowsChanged);
  if (failed === 0) {
    await rm(file, { force: true });
    return 0;
  }
  if (samples.length < SAMPLE_ERRORS) {
    const rows = await conn.runAndReadAll(
      `SELECT errors[1] AS e FROM read_json(${quoteLiteral(file)}, columns = {errors: 'VARCHAR[]'}) LIMIT ${SAMPLE_ERRORS - samples.length}`,
    );
    samples.push(...(rows.getRowObjectsJson() as Array<{ e: string }>).map((r) => r.e));
  }
  if (!rowErrors.isLocal) await rowErrors.putFile(name, file);
  return failed;
}

/** Adds the keys of the group's mapped rows (every staged row, as a resync compares them) to the keys table. */
async function collectKeys(conn: DuckDBConnection, keyPaths: readonly string[], plan: MappingPlan, first: boolean): Promise<void> {
  const select = `SELECT ${keyPaths.map((p, i) => `${fieldSql("mapped", p)} AS k${i}`).join(", ")} FROM (SELECT ${plan.projection} FROM converted) AS mapped`;
  await conn.run(first ? `CREATE TEMP TABLE ${KEYS_TABLE} AS ${select}` : `INSERT INTO ${KEYS_TABLE} ${select}`);
}

/** The batch's last part (a resync's deletes), then its one commit. */
async function commit(conn: DuckDBConnection, batch: BatchWriter, companion: Companion | undefined): Promise<AppendResult> {
  const rows = await companion?.rows(conn, KEYS_TABLE);
  if (rows) await batch.write(conn, rows);
  return batch.commit();
}

/**
 * The window's commit when an earlier attempt made it (the table's txn of `txn.appId` reaches
 * `txn.version`): its version, the rows it holds and its data files, as an ingestion that finds it
 * records them; undefined when it is not in the table.
 */
export async function earlierCommit(tableRoot: string, txn: { appId: string; version: number }) {
  const earlier = (await openBatch(tableRoot, txn)).alreadyCommitted();
  return earlier && { deltaVersion: earlier.version, numRecords: earlier.numRecords, dataFiles: await filesOf(tableRoot, earlier) };
}

async function filesOf(tableRoot: string, result: AppendResult) {
  return result.alreadyCommitted && result.files.length === 0 ? filesAddedIn(tableRoot, result.version) : sized(tableRoot, result.files);
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
