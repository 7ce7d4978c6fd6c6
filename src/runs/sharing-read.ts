/**
 * What a run of a Delta Sharing source reads, with no Databricks compute and no landing zone
 * (docs/api/runs.md#delta-sharing): the table's version pinned through the protocol, the files of
 * that version (or of the change range) downloaded through their pre-signed URLs and read by the
 * project's own Delta reader, and the window's rows written as one local Parquet file — the same
 * rows and columns the cluster would have exported — for the run's usual mapping, validation and
 * exactly-once commit; a whole snapshot whose files already are those rows is its files.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import {
  type ClientOptions,
  DeltaSharingClient,
  mayHoldRange,
  readSharedChanges,
  readSharedFiles,
  readSharedVersion,
  type SharedFile,
  type SharedFilesRead,
  type SharedRead,
  type SharedTableName,
  SharingApiError,
  withVariantsAsJson,
} from "../delta-sharing/index.js";
import { describeQuery, exactZerosOptionsOf, holdsVariantType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { splitPath } from "../databricks/sql.js";
import { RunErrors } from "../aep-conventions/errors/catalogue.js";
import { type ChangeRange, sharingFailure } from "./sharing-failures.js";
import type { ExportRead } from "./export-sql.js";
import { comparedColumns, DUCKDB, netChangesSql, repeatedKeysMessage, repeatedKeysSql } from "./net-changes.js";
import type { RunInputs } from "./run-inputs.js";
import { earlierProjection } from "./sharing-late-columns.js";
import { type LateRowSqlDialect, lateRowsByKey } from "./late-rows-by-key.js";
import { writtenColumns } from "./late-row-columns.js";
import { filesHoldingChangedKeys } from "./sharing-held-keys.js";
import { DEFAULT_SHARING_KEY_CHECK_BYTES } from "./sharing-key-check-bytes.js";
import { refuseRestoredFiles, restoresNotChecked } from "./sharing-restored-files.js";
import { restoreHistory } from "./sharing-table-history.js";
import { OPEN_END_MS } from "../dataflows/windows.js";
import { refuseLegacyCalendarValues } from "../lake/legacy-calendar.js";

const CHANGE_COLUMNS = ["_change_request_type", "_commit_version", "_commit_timestamp"];
/** DuckDB's spelling of the late-row comparison (late-rows-by-key.ts): rows as JSON text, "-0.0" apart from "0.0" */
const DUCKDB_LATE_ROWS: LateRowSqlDialect = { ...DUCKDB, antiJoin: "ANTI JOIN" };
/** how many versions back a commit time is looked for when the pinned version changed no data */
const COMMIT_TIME_LOOKBACK = 20;

export class SharedTableRead {
  private readonly client: DeltaSharingClient;
  readonly table: SharedTableName;

  constructor(
    private readonly inputs: RunInputs,
    clientOptions: ClientOptions = {},
    private readonly keyCheckBytes = DEFAULT_SHARING_KEY_CHECK_BYTES,
  ) {
    const profile = inputs.connection.sharing;
    if (!profile) throw new Error("not a Delta Sharing source");
    this.client = new DeltaSharingClient(profile, clientOptions);
    const parts = splitPath(inputs.source.tableName);
    if (!parts || parts.length !== 3) throw RunErrors.mappingFailed(`The source connection's tableName ${inputs.source.tableName} is not share.schema.table`);
    this.table = { share: parts[0], schema: parts[1], table: parts[2] };
  }

  latestVersion(): Promise<number> {
    return onSharing(this.inputs, () => this.client.tableVersion(this.table));
  }

  /**
   * The commit time of `version`, from the change feed's files (the protocol has no history call).
   * A version that changed no data (OPTIMIZE, a property) has no files: the latest data change of
   * the versions before it stands in, within a few versions; failing that, the time of the read.
   */
  async commitTimestamp(version: number): Promise<number> {
    for (const from of [version, Math.max(0, version - COMMIT_TIME_LOOKBACK)]) {
      const changes = await this.client.changes(this.table, from, version).catch(() => undefined);
      const stamped = (changes?.files ?? []).filter((f) => Number.isFinite(f.timestamp) && f.timestamp > 0);
      if (stamped.length > 0) return stamped.reduce((latest, f) => (f.version > latest.version ? f : latest)).timestamp;
    }
    return Date.now();
  }

  /**
   * Downloads what `read` needs at `version` into `dir`; returns the files that hold the window's
   * rows and what was downloaded. A whole snapshot whose files hold exactly its columns, as the
   * view reads them, is those files (asTheyAre); anything else is written as one Parquet file of
   * the window's rows.
   */
  async rowFiles(
    version: number,
    read: ExportRead,
    dir: string,
  ): Promise<{ files: string[]; downloaded: { files: number; bytes: number }; asTheyAre: boolean; warnings: string[] }> {
    await mkdir(path.join(dir, "rows"), { recursive: true });
    const instance = await DuckDBInstance.create(":memory:", { memory_limit: "512MB", temp_directory: path.join(dir, "spill-read") });
    const conn = await instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      const downloaded = { files: 0, bytes: 0 };
      const warnings: string[] = [];
      const changes = read.kind === "changes" ? { from: read.fromVersion, to: version } : undefined;
      const windowRows = await onSharing(this.inputs, () => this.windowRows(conn, version, read, dir, downloaded, warnings), changes);
      if (Array.isArray(windowRows)) return { files: windowRows, downloaded, asTheyAre: true, warnings };
      // each VARIANT as Spark's JSON of it, as a cluster's export writes it (export-sql.ts)
      const rows = await withVariantsAsJson(conn, windowRows);
      const file = path.join(dir, "rows", "part-00000.parquet");
      const options = ["FORMAT PARQUET", ...(await exactZerosOptionsOf(conn, rows))];
      await conn.run(`COPY (${rows}) TO ${quoteLiteral(file)} (${options.join(", ")})`);
      return { files: [file], downloaded, asTheyAre: false, warnings };
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }

  /** The files of `version` asked for again: fresh URLs for a file whose URL was refused. */
  private filesAgain(version: number): () => Promise<SharedFile[]> {
    return () => this.client.query(this.table, { version }).then((answer) => answer.files);
  }

  /**
   * The files of a window's late rows: those the pinned version has and version `since` has not
   * (added), and the reverse (gone), each only when it may hold rows before the window's start. When
   * some were added, the table's data changes tell whether a restore brought any back
   * (sharing-restored-files.ts), which fails the run.
   */
  private async lateFiles(current: { files: SharedFile[]; metadata: { id: string } }, since: number, pinned: number, deltaColumn: string, start: number, warnings: string[]) {
    const earlier = await this.client.query(this.table, { version: since });
    const ids = (list: SharedFile[]) => new Set(list.map((f) => f.id));
    const [before, now] = [ids(earlier.files), ids(current.files)];
    const added = current.files.filter((f) => !before.has(f.id) && mayHoldRange(f, deltaColumn, null, start));
    const gone = earlier.files.filter((f) => !now.has(f.id) && mayHoldRange(f, deltaColumn, null, start));
    if (added.length > 0) {
      const key = { endpoint: this.inputs.connection.sharing!.endpoint, table: this.table, tableId: current.metadata.id };
      const history = await restoreHistory(this.client, key, since, pinned, added);
      // a log cleaned up down to the last ingested version, or a server without such queries: a warning, as the read can still be made
      if (history instanceof SharingApiError) warnings.push(restoresNotChecked(since, history.message));
      else {
        refuseRestoredFiles(this.inputs, history.events, added, since, start === OPEN_END_MS);
        if (history.unchecked) warnings.push(history.unchecked);
      }
    }
    return { earlier, added, gone };
  }

  /**
   * A change window in which several rows share a key fails the run: netting would lose changes
   * (net-changes.ts). `held` holds the pinned version's rows of the keys the window changed, when
   * they were downloaded.
   */
  private async refuseRepeatedKeys(conn: DuckDBConnection, relation: string, held: string | undefined, key: readonly string[]): Promise<void> {
    const listed = this.inputs.source.columns;
    const tableColumns = listed.length > 0 ? [] : (await describeQuery(conn, `SELECT * FROM ${relation}`)).map((c) => c.name);
    const repeated = (await conn.runAndReadAll(repeatedKeysSql(DUCKDB, relation, held, key, comparedColumns(listed, tableColumns)))).getRowsJson();
    if (repeated.length > 0) throw RunErrors.repeatedKey(repeatedKeysMessage(this.inputs.source.tableName, this.inputs.flow.id, key, repeated));
  }

  /** The SELECT of the window's rows, or the downloaded files themselves when they are those rows. */
  private async windowRows(
    conn: DuckDBConnection,
    version: number,
    read: ExportRead,
    dir: string,
    downloaded: { files: number; bytes: number },
    warnings: string[],
  ): Promise<string | string[]> {
    const columns = this.inputs.source.columns;
    const projection = columns.length > 0 ? columns.map(quoteIdent).join(", ") : "*";
    const counted = async (r: Pick<SharedRead, "relation" | "files" | "bytes" | "paths">) => {
      await refuseLegacyCalendarValues(conn, r.paths, SHARED_FILES_REMEDY);
      downloaded.files += r.files;
      downloaded.bytes += r.bytes;
      return r.relation;
    };
    switch (read.kind) {
      case "snapshot": {
        const shared = await readSharedVersion(conn, this.client, this.table, path.join(dir, `files-${version}`), version);
        const select = `SELECT ${projection} FROM ${await counted(shared)}`;
        if (read.asChanges) {
          const tagged = `'u' AS _change_request_type, CAST(${version} AS BIGINT) AS _commit_version, ${instant(read.asChanges.commitTimestamp)} AS _commit_timestamp`;
          return `SELECT ${projection}, ${tagged} FROM ${shared.relation}`;
        }
        return (await filesHoldingExactly(conn, shared, select)) ?? select;
      }
      case "window": {
        // only the files whose stats allow rows of the window are downloaded
        const { start, end, deltaColumn } = read;
        const current = await this.client.query(this.table, { version });
        const files = (chosen: SharedFile[], name: string, metadata = current.metadata, at = version) =>
          readSharedFiles(conn, this.client, metadata, chosen, path.join(dir, name), this.filesAgain(at)).then(counted);
        const column = quoteIdent(deltaColumn);
        const bounds = [start === null ? undefined : `${column} >= ${instant(start)}`, end === null ? undefined : `${column} < ${instant(end)}`].filter(Boolean);
        // rows that appeared since the previous window's version behind this window's start (late
        // rows): the rows of the files added since then, less those of the files removed since, as
        // the files both versions hold cancel out; files a restore brought back fail the run first
        const late = read.lateSinceVersion !== undefined && start !== null ? await this.lateFiles(current, read.lateSinceVersion, version, deltaColumn, start, warnings) : undefined;
        const inWindow = await files(current.files.filter((f) => mayHoldRange(f, deltaColumn, start, end)), "window");
        let select = `SELECT ${projection} FROM ${inWindow}${bounds.length ? ` WHERE ${bounds.join(" AND ")}` : ""}`;
        if (late && start !== null) {
          const { earlier, added, gone } = late;
          const behind = `${column} < ${instant(start)}`;
          const addedRows = await files(added, "late-added");
          const goneRows = await files(gone, "late-removed", earlier.metadata, earlier.version);
          // the removed files hold the earlier version's columns: read as the pinned version's
          const pinnedColumns = await describeQuery(conn, `SELECT ${projection} FROM ${addedRows}`);
          const earlierColumns = await describeQuery(conn, `SELECT * FROM ${goneRows}`);
          const asPinned = earlierProjection(pinnedColumns, earlierColumns, { pinned: current.metadata.schemaString, earlier: earlier.metadata.schemaString });
          const addedBehind = `SELECT ${projection} FROM ${addedRows} WHERE ${behind}`;
          const goneBehind = `SELECT * FROM (SELECT ${asPinned} FROM ${goneRows}) WHERE ${behind}`;
          const names = pinnedColumns.map((c) => c.name);
          select += ` UNION ALL (${lateRowsByKey(DUCKDB_LATE_ROWS, names, addedBehind, goneBehind, writtenColumns(this.inputs, pinnedColumns) ?? names)})`;
        }
        return select;
      }
      case "changes": {
        const relation = await counted(await readSharedChanges(conn, this.client, this.table, path.join(dir, "changes"), read.fromVersion, version));
        // the pinned version's files that may hold a changed key, for the rows each such key has there
        const pinned = await this.client.query(this.table, { version });
        const holding = await filesHoldingChangedKeys(conn, relation, read.key, pinned.metadata, pinned.files);
        const holdingBytes = holding.reduce((sum, file) => sum + file.size, 0);
        let held: string | undefined;
        if (holdingBytes <= this.keyCheckBytes) held = await counted(await readSharedFiles(conn, this.client, pinned.metadata, holding, path.join(dir, "pinned-keys"), this.filesAgain(version)));
        else warnings.push(heldKeysSkipped(holding.length, holdingBytes, this.keyCheckBytes));
        await this.refuseRepeatedKeys(conn, relation, held, read.key);
        const outer = columns.length > 0 ? [...columns.map(quoteIdent), ...CHANGE_COLUMNS].join(", ") : `* EXCLUDE (_change_type, _change_rank)`;
        return netChangesSql(DUCKDB, relation, read.key, "*", outer);
      }
    }
  }
}

/**
 * The downloaded files themselves when reading them is reading `select`: no partition values to
 * add, no rows a deletion vector leaves out, and every file's columns, as DuckDB reads them, the
 * select's columns in its order and types (the view then converts nothing:
 * src/delta/logical-columns.ts). Saves writing the rows a second time.
 */
async function filesHoldingExactly(conn: DuckDBConnection, shared: SharedFilesRead, select: string): Promise<string[] | undefined> {
  if (shared.partitioned || shared.rowsDeleted || shared.paths.length === 0) return undefined;
  const described = await describeQuery(conn, select);
  // a VARIANT is staged as its JSON (withVariantsAsJson)
  if (described.some((c) => holdsVariantType(c.type))) return undefined;
  const columnsOf = async (query: string) => JSON.stringify(await describeQuery(conn, query));
  const wanted = JSON.stringify(described);
  for (const file of shared.paths) {
    if ((await columnsOf(`SELECT * FROM read_parquet(${quoteLiteral(file)})`)) !== wanted) return undefined;
  }
  return shared.paths;
}

/** A UTC instant as a DuckDB TIMESTAMPTZ literal, microseconds kept. */
function instant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `TIMESTAMPTZ '${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00'`;
}

/** Runs `work` against the sharing server, its refusals and failures as the run's (sharing-failures.ts). */
async function onSharing<T>(inputs: RunInputs, work: () => Promise<T>, changes?: ChangeRange): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sharingFailure(error, inputs, changes);
  }
}

/** What fixes a shared table whose own data files hold values in Spark's legacy calendar. */
const SHARED_FILES_REMEDY =
  "They are the shared table's own data files: the data provider can rewrite those rows from a Spark session with spark.sql.parquet.datetimeRebaseModeInWrite " +
  "and spark.sql.parquet.int96RebaseModeInWrite set to CORRECTED (an UPDATE setting each such column to itself rewrites their files), then resync the flow.";

function heldKeysSkipped(files: number, bytes: number, bound: number): string {
  return (
    `the key check compared the window's own changes only: counting the changed keys' rows in the pinned version would download ${files} of its files ` +
    `(${bytes} bytes, more than RUN_SHARING_KEY_CHECK_BYTES, ${bound}), so a row inserted under a key another row held before this window is not detected; ` +
    "a key whose values grow as rows are written (a sequence, a date first) lets the files' statistics narrow the download"
  );
}
