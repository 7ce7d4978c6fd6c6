/**
 * Reads a shared table with the project's own Delta reader: the files of a version (or of a change
 * range) are downloaded through their pre-signed URLs into a work folder, then exposed as one DuckDB
 * view with the table's logical columns and types (src/delta's scan builder: partition values,
 * Delta → DuckDB types, nothing through a JS number). A change range also has _change_type,
 * _commit_version and _commit_timestamp, as Delta's table_changes.
 */
import { createWriteStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { DuckDBConnection } from "@duckdb/node-api";
import { pathToFileURL } from "node:url";
import { createScanView, type DeletionVectorDescriptor, parseSchemaString, quoteIdent, readDeletionVector, type ScanFile, type ScanSpec } from "../delta/index.js";
import type { DeltaSharingClient, SharedFile, SharedMetadata, SharedTableName } from "./client.js";
import { SharingApiError } from "./errors.js";
import { deletionVectorFile, downloadWithFreshUrls, type FreshFiles, type SharedDownload } from "./fresh-urls.js";

const PARALLEL_DOWNLOADS = 8;
const CHANGE_COLUMNS = ["_change_type", "_commit_version", "_commit_timestamp"];

export interface SharedRead {
  /** the DuckDB view (quoted name) */
  relation: string;
  version: number;
  files: number;
  bytes: number;
  /** each file's local copy, in the answer's order */
  paths: string[];
}

/** Files of one version as a view, and where they were downloaded. */
export interface SharedFilesRead extends Omit<SharedRead, "version"> {
  /** whether the view adds partition values the files do not hold */
  partitioned: boolean;
  /** whether the view leaves out rows the files hold (deletion vectors) */
  rowsDeleted: boolean;
}

/**
 * One version of the table (the latest when none is given) as a view on `conn`. With `limitRows`
 * (a preview) only enough files to hold that many rows are downloaded, by their stats' numRecords,
 * and the server is told so (limitHint); a file without stats is counted as holding none.
 */
export async function readSharedVersion(
  conn: DuckDBConnection,
  client: DeltaSharingClient,
  table: SharedTableName,
  workDir: string,
  version?: number,
  options: { limitRows?: number } = {},
): Promise<SharedFilesRead & { version: number }> {
  const limit = options.limitRows !== undefined ? { limitHint: options.limitRows } : {};
  const answer = await client.query(table, { ...(version !== undefined ? { version } : {}), ...limit });
  const files = options.limitRows === undefined ? answer.files : enoughFor(answer.files, options.limitRows);
  const fresh = () => client.query(table, { version: answer.version, ...limit }).then((again) => again.files);
  return { ...(await readSharedFiles(conn, client, answer.metadata, files, workDir, fresh)), version: answer.version };
}

/**
 * Some files of one version (as a query answered them, with that version's metadata) as a view on
 * `conn`; `fresh` asks for that version's files again when a URL is refused (fresh-urls.ts).
 */
export async function readSharedFiles(
  conn: DuckDBConnection,
  client: DeltaSharingClient,
  metadata: SharedMetadata,
  files: readonly SharedFile[],
  workDir: string,
  fresh?: FreshFiles,
): Promise<SharedFilesRead> {
  const download = downloadWithFreshUrls(client, fresh);
  const local = await downloadAll(download, files, workDir);
  const paths = files.map((f) => local.get(f.id)!);
  const deleted = await deletedRows(download, files, workDir);
  const spec = specOf(metadata);
  const scanFiles = files.map((f, i): ScanFile => ({ path: paths[i], partitionValues: f.partitionValues, ...excluding(deleted, f) }));
  const relation = await createScanView(conn, { ...spec, files: scanFiles });
  return { relation, files: files.length, bytes: sum(files), paths, partitioned: spec.partitionColumns.length > 0, rowsDeleted: deleted.size > 0 };
}

/**
 * The deleted rows of each file that has a deletion vector: inline, or a file of vectors behind a
 * pre-signed URL, downloaded once however many data files it serves.
 */
async function deletedRows(download: SharedDownload, files: readonly SharedFile[], workDir: string): Promise<Map<SharedFile, number[]>> {
  const vectorFiles = new Map<string, Promise<string>>();
  const localCopy = (url: string, of: SharedFile) => {
    let copy = vectorFiles.get(url);
    if (!copy) {
      const target = path.join(workDir, `deletion-vectors-${vectorFiles.size}.bin`);
      copy = download(of, deletionVectorFile).then(async (body) => {
        await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(target));
        return target;
      });
      vectorFiles.set(url, copy);
    }
    return copy;
  };
  const read = async (file: SharedFile, dv: DeletionVectorDescriptor) => {
    if (dv.storageType === "i") return readDeletionVector(workDir, dv);
    if (dv.storageType !== "p" || !/^https?:\/\//i.test(dv.pathOrInlineDv)) {
      throw new SharingApiError(200, undefined, `the deletion vector of file ${file.id} is neither inline nor behind a pre-signed URL (storage type ${dv.storageType})`, "query");
    }
    const local = await localCopy(dv.pathOrInlineDv, file);
    return readDeletionVector(workDir, { ...dv, pathOrInlineDv: pathToFileURL(local).href });
  };
  const withVectors = files.filter((file) => file.deletionVector);
  const rows = await Promise.all(withVectors.map((file) => read(file, file.deletionVector!)));
  return new Map(withVectors.map((file, i) => [file, rows[i]]));
}

/** The scan's rows of a file: all of them, or those its deletion vector leaves. */
function excluding(deleted: ReadonlyMap<SharedFile, number[]>, file: SharedFile): Pick<ScanFile, "rows"> {
  const indexes = deleted.get(file);
  return indexes ? { rows: { mode: "exclude", indexes } } : {};
}

/**
 * Whether a file may hold rows whose `column` lies in [start, end) (epoch ms; null = unbounded), by
 * its stats: false only when its minimum or maximum says it cannot. Delta keeps timestamp stats in
 * milliseconds, truncated, so the maximum is taken as up to a millisecond more.
 */
export function mayHoldRange(file: SharedFile, column: string, start: number | null, end: number | null): boolean {
  let stats: { minValues?: Record<string, unknown>; maxValues?: Record<string, unknown> };
  try {
    stats = JSON.parse(file.stats ?? "{}");
  } catch {
    return true;
  }
  const min = instantOf(statOf(stats.minValues, column));
  const max = instantOf(statOf(stats.maxValues, column));
  if (end !== null && min !== undefined && min >= end) return false;
  if (start !== null && max !== undefined && max + 1 <= start) return false;
  return true;
}

function statOf(values: Record<string, unknown> | undefined, column: string): unknown {
  if (!values) return undefined;
  const key = Object.keys(values).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? undefined : values[key];
}

/** A timestamp or date stat as epoch ms (a value without a zone is UTC, as the window bounds are). */
function instantOf(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const zoned = /T.*(Z|[+-]\d\d:?\d\d)$/.test(value) || !value.includes("T") ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The first files whose numRecords add up to `rows` (all of them when the stats do not say). */
function enoughFor(files: readonly SharedFile[], rows: number): SharedFile[] {
  const chosen: SharedFile[] = [];
  let held = 0;
  for (const file of files) {
    if (held >= rows) break;
    chosen.push(file);
    held += numRecords(file);
  }
  return chosen;
}

function numRecords(file: SharedFile): number {
  try {
    const n = Number((JSON.parse(file.stats ?? "{}") as { numRecords?: unknown }).numRecords);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/** The change data feed of versions from..to as a view on `conn`: cdf files as written, adds as inserts, removes as deletes. */
export async function readSharedChanges(
  conn: DuckDBConnection,
  client: DeltaSharingClient,
  table: SharedTableName,
  workDir: string,
  from: number,
  to: number,
): Promise<SharedRead> {
  const answer = await client.changes(table, from, to);
  const fresh = () => client.changes(table, from, to).then((again) => again.files);
  const download = downloadWithFreshUrls(client, fresh);
  const local = await downloadAll(download, answer.files, workDir);
  const deleted = await deletedRows(download, answer.files, workDir);
  const spec = specOf(answer.metadata);
  const stamp = (f: { version: number; timestamp: number }) => [String(f.version), String(f.timestamp)];
  const stampColumns = [
    { name: "_commit_version", sql: (raw: string) => `CAST(${raw} AS BIGINT)` },
    { name: "_commit_timestamp", sql: (raw: string) => `timezone('UTC', make_timestamp(CAST(${raw} AS BIGINT) * 1000))` },
  ];
  const cdf: ScanFile[] = answer.files.filter((f) => f.kind === "cdf").map((f) => ({ path: local.get(f.id)!, partitionValues: f.partitionValues, extras: stamp(f) }));
  const data: ScanFile[] = answer.files
    .filter((f) => f.kind !== "cdf")
    .map((f) => ({ path: local.get(f.id)!, partitionValues: f.partitionValues, ...excluding(deleted, f), extras: [f.kind === "add" ? "insert" : "delete", ...stamp(f)] }));
  const fromCdf = await createScanView(conn, { ...spec, files: cdf, extraColumns: stampColumns, passthroughColumns: [{ name: "_change_type", type: "VARCHAR" }] });
  const fromData = await createScanView(conn, { ...spec, files: data, extraColumns: [{ name: "_change_type", sql: (raw) => raw }, ...stampColumns] });
  const columns = [...spec.schema.fields.map((f) => f.name), ...CHANGE_COLUMNS].map(quoteIdent).join(", ");
  const relation = quoteIdent(`shared_changes_${Math.random().toString(36).slice(2, 10)}`);
  await conn.run(`CREATE TEMP VIEW ${relation} AS SELECT ${columns} FROM ${fromCdf} UNION ALL SELECT ${columns} FROM ${fromData}`);
  return { relation, version: to, files: answer.files.length, bytes: sum(answer.files), paths: answer.files.map((f) => local.get(f.id)!) };
}

/** The scan of a shared table's files: its schema, partition columns and column mapping (whose physical names the files use). */
function specOf(metadata: SharedMetadata): Pick<ScanSpec, "schema" | "partitionColumns" | "mode"> {
  const mode = metadata.configuration["delta.columnMapping.mode"] ?? "none";
  if (mode !== "none" && mode !== "name" && mode !== "id") throw new SharingApiError(200, undefined, `the shared table's column mapping mode ${mode} is not one of none, name, id`, "metadata");
  return { schema: parseSchemaString(metadata.schemaString), partitionColumns: metadata.partitionColumns, mode };
}

/** Each distinct file once, a few at a time; returns file id → local path. */
async function downloadAll(download: SharedDownload, files: readonly SharedFile[], workDir: string): Promise<Map<string, string>> {
  await mkdir(workDir, { recursive: true });
  const unique = [...new Map(files.map((f) => [f.id, f])).values()];
  const local = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const file = unique[next++];
      const target = path.join(workDir, `${file.id.replace(/[^A-Za-z0-9_-]/g, "_")}.parquet`);
      await pipeline(Readable.fromWeb((await download(file)) as WebReadableStream<Uint8Array>), createWriteStream(target));
      await requireParquet(target, file);
      local.set(file.id, target);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, unique.length) }, worker));
  return local;
}

const PARQUET_MAGIC = "PAR1";

/**
 * A downloaded data file is Parquet (PAR1 at its start and its end) before any reader opens it: a
 * server that names something else has its file refused by name, as the server's answer, not read.
 */
async function requireParquet(local: string, file: SharedFile): Promise<void> {
  const handle = await open(local, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    if (size >= 12) {
      await handle.read(head, 0, 4, 0);
      await handle.read(tail, 0, 4, size - 4);
    }
    if (head.toString("latin1") !== PARQUET_MAGIC || tail.toString("latin1") !== PARQUET_MAGIC) {
      throw new SharingApiError(200, undefined, `file ${file.id} of the answer is not a Parquet file (${size} bytes, not starting and ending with PAR1); a shared table's data files must be Parquet, so it was not read`, "query");
    }
  } finally {
    await handle.close();
  }
}

const sum = (files: readonly SharedFile[]) => files.reduce((s, f) => s + f.size, 0);
