import { readFile, rm, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Snapshot } from "./types.js";
import { listLog } from "./log-listing.js";
import { snapshotAt } from "./snapshot-loader.js";
import { withConnection } from "./duck.js";
import { quoteLiteral } from "./sql.js";
import { hasWriterFeature } from "./protocol-support.js";
import { readLastCheckpointHint } from "./last-checkpoint.js";

const DV = `STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, "offset" INTEGER, sizeInBytes INTEGER, cardinality BIGINT)`;
const STRING_MAP = "MAP(VARCHAR, VARCHAR)";

/** The checkpoint schema of PROTOCOL.md "Checkpoint Schema", as DuckDB types. */
export const CHECKPOINT_COLUMNS: Record<string, string> = {
  txn: `STRUCT(appId VARCHAR, "version" BIGINT, lastUpdated BIGINT)`,
  add: `STRUCT(path VARCHAR, partitionValues ${STRING_MAP}, size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags ${STRING_MAP}, deletionVector ${DV}, baseRowId BIGINT, defaultRowCommitVersion BIGINT, clusteringProvider VARCHAR)`,
  remove: `STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues ${STRING_MAP}, size BIGINT, deletionVector ${DV}, baseRowId BIGINT, defaultRowCommitVersion BIGINT)`,
  metaData: `STRUCT(id VARCHAR, "name" VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options ${STRING_MAP}), schemaString VARCHAR, partitionColumns VARCHAR[], configuration ${STRING_MAP}, createdTime BIGINT)`,
  protocol: `STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])`,
  domainMetadata: `STRUCT(domain VARCHAR, configuration VARCHAR, removed BOOLEAN)`,
};
export const V2_COLUMNS: Record<string, string> = { checkpointMetadata: `STRUCT("version" BIGINT, tags ${STRING_MAP})` };

export const checkpointInterval = (properties: Record<string, string>): number => {
  const n = Number(properties["delta.checkpointInterval"] ?? 10);
  return Number.isInteger(n) && n > 0 ? n : 10;
};

/**
 * Writes a checkpoint after commit `version` when the table's checkpoint interval says so (Spark: every 10).
 * The commit has already succeeded, so a failed checkpoint must not turn it into an error the caller
 * would retry (and duplicate): it becomes a process warning, and the next interval tries again.
 */
export async function checkpointIfDue(root: string, version: number, properties: Record<string, string>): Promise<boolean> {
  if (version === 0 || version % checkpointInterval(properties) !== 0) return false;
  try {
    await writeCheckpoint(root, version);
    return true;
  } catch (e) {
    process.emitWarning(`Delta checkpoint of ${root} at version ${version} failed: ${(e as Error).message}`, { code: "DELTA_CHECKPOINT_FAILED" });
    return false;
  }
}

/**
 * A classic single-file checkpoint (`<v>.checkpoint.parquet`) plus `_last_checkpoint`. Tables with the
 * v2Checkpoint feature get the V2 spec in the classic name (a checkpointMetadata row, no sidecars), which
 * the protocol allows and every v2 reader accepts. The checkpoint is created only if absent (another
 * writer's checkpoint of the same version holds the same state); `_last_checkpoint`, a hint, is replaced
 * whole and only by a newer version.
 */
export async function writeCheckpoint(root: string, version: number): Promise<void> {
  const listing = await listLog(root);
  const snapshot = await snapshotAt(listing, version);
  const v2 = hasWriterFeature(snapshot.protocol, "v2Checkpoint");
  const rows = checkpointRows(snapshot, v2);
  const columns = { ...CHECKPOINT_COLUMNS, ...(v2 ? V2_COLUMNS : {}) };
  const name = `${String(version).padStart(20, "0")}.checkpoint.parquet`;
  const staging = path.join(tmpdir(), `delta-checkpoint-${randomUUID()}.json`);
  const scratch = await listing.storage.scratchFolder();
  const aside = path.join(scratch, name);
  await writeFile(staging, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  let sizeInBytes: number;
  try {
    const spec = Object.entries(columns)
      .map(([k, t]) => `${k}: ${quoteLiteral(t)}`)
      .join(", ");
    await withConnection((conn) =>
      conn.run(
        `COPY (SELECT * FROM read_json(${quoteLiteral(staging)}, format = 'newline_delimited', columns = {${spec}})) TO ${quoteLiteral(aside)} (FORMAT parquet, COMPRESSION snappy)`,
      ),
    );
    const bytes = await readFile(aside);
    sizeInBytes = bytes.length;
    await listing.storage.writeIfAbsent(`${listing.logDir}/${name}`, bytes);
  } finally {
    await rm(staging, { force: true });
    await rm(scratch, { recursive: true, force: true });
  }
  const hint = await readLastCheckpointHint(listing.storage, listing.logDir);
  if (hint && hint.version >= version) return;
  const last = { version, size: rows.length, sizeInBytes, numOfAddFiles: snapshot.files.length };
  await listing.storage.replace(`${listing.logDir}/_last_checkpoint`, JSON.stringify(last));
}

function checkpointRows(snapshot: Snapshot, v2: boolean): Record<string, unknown>[] {
  const now = Date.now();
  const retention = retentionMs(snapshot.properties["delta.deletedFileRetentionDuration"]);
  const rows: Record<string, unknown>[] = [{ protocol: snapshot.protocol }, { metaData: snapshot.metadata }];
  if (v2) rows.unshift({ checkpointMetadata: { version: snapshot.version } });
  for (const txn of Object.values(snapshot.transactions)) rows.push({ txn });
  for (const domainMetadata of snapshot.domainMetadata) rows.push({ domainMetadata });
  // Checkpoint file actions carry dataChange=false: they restate state, they do not change it.
  for (const add of snapshot.files) rows.push({ add: { ...add, dataChange: false } });
  for (const remove of snapshot.tombstones) {
    if ((remove.deletionTimestamp ?? 0) + retention < now) continue;
    const { stats: _stats, tags: _tags, ...tombstone } = remove;
    rows.push({ remove: { ...tombstone, dataChange: false } });
  }
  return rows;
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** `delta.deletedFileRetentionDuration` ("interval 7 days"); Spark's default is one week. */
export function retentionMs(value: string | undefined): number {
  const m = /^\s*(?:interval\s+)?(\d+)\s*([a-z]+?)s?\s*$/i.exec(value ?? "");
  const unit = m ? UNIT_MS[m[2].toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : UNIT_MS.week;
}
