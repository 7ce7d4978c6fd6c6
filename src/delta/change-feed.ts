import type { DuckDBConnection } from "@duckdb/node-api";
import type { AddFile, Metadata, RemoveFile } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { listLog, readLogText, type LogListing } from "./log-listing.js";
import { snapshotAt } from "./snapshot-loader.js";
import { parseActionLines } from "./actions.js";
import { commitTimestamps } from "./commit-timestamps.js";
import { createScanView, type ScanFile } from "./scan-builder.js";
import { readDeletionVector } from "./deletion-vectors.js";
import { readableFile } from "./paths.js";
import { mapBounded } from "../util/map-bounded.js";
import { quoteIdent, uniqueName } from "./sql.js";

const VERSION_SQL = (raw: string) => `CAST(${raw} AS BIGINT)`;
const TIMESTAMP_SQL = (raw: string) => `timezone('UTC', make_timestamp(CAST(${raw} AS BIGINT) * 1000))`;
const CHANGE_TYPE = "_change_type";

/**
 * table_changes(start, end): per commit, its `cdc` files when it has any; otherwise its data-changing
 * add files as inserts and remove files as deletes (PROTOCOL.md "Reader Requirements for AddCDCFile").
 * A file re-added with a new deletion vector contributes only the rows the DV change deleted (or restored).
 * Columns follow the end version's schema.
 */
export async function changesRelation(conn: DuckDBConnection, root: string, startVersion: number, endVersion?: number): Promise<string> {
  const listing = await listLog(root);
  if (!Number.isInteger(startVersion) || startVersion < 0) throw DeltaErrors.invalidArgument(`invalid start version ${startVersion}`);
  if (startVersion > listing.latestVersion) throw DeltaErrors.versionNotFound(root, startVersion, `the latest version is ${listing.latestVersion}`);
  const end = Math.min(endVersion ?? listing.latestVersion, listing.latestVersion);
  if (end < startVersion) throw DeltaErrors.invalidArgument(`end version ${end} is before start version ${startVersion}`);

  const endSnapshot = await snapshotAt(listing, end);
  const timestamps = await commitTimestamps(listing, endSnapshot.metadata);
  let metadata: Metadata = (await snapshotAt(listing, startVersion)).metadata;
  const cdcFiles: ScanFile[] = [];
  const dataFiles: ScanFile[] = [];
  for (let v = startVersion; v <= end; v++) {
    const commit = listing.commits.get(v);
    if (!commit) throw DeltaErrors.versionNotFound(root, v, "its commit file is no longer in the log");
    const actions = parseActionLines(await readLogText(listing, commit.path), commit.path);
    const changedMetadata = actions.find((a) => a.kind === "metaData");
    if (changedMetadata?.kind === "metaData") metadata = changedMetadata.metaData;
    const cdc = actions.flatMap((a) => (a.kind === "cdc" ? [a.cdc] : []));
    const adds = actions.flatMap((a) => (a.kind === "add" && a.add.dataChange ? [a.add] : []));
    const removes = actions.flatMap((a) => (a.kind === "remove" && a.remove.dataChange ? [a.remove] : []));
    if (cdc.length === 0 && adds.length === 0 && removes.length === 0) continue;
    if (metadata.configuration["delta.enableChangeDataFeed"] !== "true") throw DeltaErrors.changeDataNotRecorded(root, v);
    const stamp = [String(v), String(timestamps.get(v) ?? 0)];
    if (cdc.length) {
      for (const c of cdc) cdcFiles.push({ path: await readableFile(root, c.path), partitionValues: c.partitionValues, extras: stamp });
    } else {
      dataFiles.push(...(await dataChanges(listing, v, adds, removes, stamp)));
    }
  }

  const spec = { schema: endSnapshot.schema, partitionColumns: endSnapshot.partitionColumns, mode: endSnapshot.columnMappingMode };
  const stampColumns = [
    { name: "_commit_version", sql: VERSION_SQL },
    { name: "_commit_timestamp", sql: TIMESTAMP_SQL },
  ];
  const fromCdc = await createScanView(conn, { ...spec, files: cdcFiles, extraColumns: stampColumns, passthroughColumns: [{ name: CHANGE_TYPE, type: "VARCHAR" }] });
  const fromData = await createScanView(conn, {
    ...spec,
    files: dataFiles,
    extraColumns: [{ name: CHANGE_TYPE, sql: (raw) => raw }, ...stampColumns],
  });
  const columns = [...endSnapshot.schema.fields.map((f) => f.name), CHANGE_TYPE, "_commit_version", "_commit_timestamp"].map(quoteIdent).join(", ");
  const view = quoteIdent(uniqueName("changes"));
  await conn.run(`CREATE TEMP VIEW ${view} AS SELECT ${columns} FROM ${fromCdc} UNION ALL SELECT ${columns} FROM ${fromData}`);
  return view;
}

async function dataChanges(listing: LogListing, version: number, adds: AddFile[], removes: RemoveFile[], stamp: string[]): Promise<ScanFile[]> {
  const root = listing.root;
  const rows = (dv: AddFile["deletionVector"]) => (dv ? readDeletionVector(root, dv) : Promise.resolve([] as number[]));
  const withoutDv = async (dv: AddFile["deletionVector"]) => (dv ? { rows: { mode: "exclude" as const, indexes: await rows(dv) } } : {});
  const removedByPath = new Map(removes.map((r) => [r.path, r]));
  const out: ScanFile[] = [];
  let previousFiles: Map<string, AddFile> | null = null;
  const partitionsOf = async (remove: RemoveFile) => {
    if (remove.partitionValues) return remove.partitionValues;
    // Old writers omit partition values on removes; the file's add in the previous version has them.
    previousFiles ??= new Map((await snapshotAt(listing, version - 1)).files.map((f) => [f.path, f]));
    return previousFiles.get(remove.path)?.partitionValues ?? {};
  };
  await mapBounded(adds, 16, async (add) => {
    const path = await readableFile(root, add.path);
    const remove = removedByPath.get(add.path);
    if (!remove) {
      out.push({ path, partitionValues: add.partitionValues, ...(await withoutDv(add.deletionVector)), extras: ["insert", ...stamp] });
      return;
    }
    // Same file, new DV: the difference between the two DVs is what this commit deleted or restored.
    removedByPath.delete(add.path);
    const before = new Set(await rows(remove.deletionVector));
    const after = await rows(add.deletionVector);
    const afterSet = new Set(after);
    const deleted = after.filter((r) => !before.has(r));
    const restored = [...before].filter((r) => !afterSet.has(r)).sort((a, b) => a - b);
    if (deleted.length) out.push({ path, partitionValues: add.partitionValues, rows: { mode: "include", indexes: deleted }, extras: ["delete", ...stamp] });
    if (restored.length) out.push({ path, partitionValues: add.partitionValues, rows: { mode: "include", indexes: restored }, extras: ["insert", ...stamp] });
  });
  for (const remove of removedByPath.values()) {
    out.push({
      path: await readableFile(root, remove.path),
      partitionValues: await partitionsOf(remove),
      ...(await withoutDv(remove.deletionVector)),
      extras: ["delete", ...stamp],
    });
  }
  return out;
}


