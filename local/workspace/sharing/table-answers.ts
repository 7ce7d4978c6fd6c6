/**
 * The NDJSON lines of a shared table's metadata, query and changes answers, in the protocol's
 * "parquet" response format: a protocol line, a metaData line, then one line per data file with a
 * pre-signed URL. Files are what the Delta log of the pinned version (or of each version of a
 * change range) names; predicate and limit hints are hints, so every file of the version is sent.
 * Tables this format cannot describe without loss are refused by name: deletion vectors and
 * column mapping need the "delta" response format, which this workspace does not serve.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { openDeltaTable, type AddFile, type Snapshot } from "../../../src/delta/index.js";
import { sharingErrors } from "./errors.js";
import { fileId, type FileUrlSigner } from "./file-urls.js";
import type { ResolvedTable } from "./shared-tables.js";

type Line = Record<string, unknown>;

export interface TableAnswers {
  latestVersion(table: ResolvedTable): Promise<number>;
  metadata(table: ResolvedTable): Promise<{ version: number; lines: Line[] }>;
  query(table: ResolvedTable, at: { version?: number; timestamp?: string }, baseUrl: string): Promise<{ version: number; lines: Line[] }>;
  changes(table: ResolvedTable, range: { startingVersion: number; endingVersion?: number }, baseUrl: string): Promise<{ version: number; lines: Line[] }>;
}

export function tableAnswers(signer: FileUrlSigner): TableAnswers {
  const snapshotOf = async (table: ResolvedTable, at: { version?: number; timestamp?: string } = {}) => {
    const delta = openDeltaTable(table.location);
    try {
      return await delta.snapshot({
        ...(at.version !== undefined ? { version: at.version } : {}),
        ...(at.timestamp !== undefined ? { timestamp: parseTimestamp(at.timestamp) } : {}),
      });
    } catch (error) {
      if (at.version !== undefined || at.timestamp !== undefined) throw sharingErrors.versionNotFound(`Table ${table.table} has no version ${at.version ?? `at ${at.timestamp}`}: ${(error as Error).message}`);
      throw error;
    }
  };
  const url = (table: ResolvedTable, file: string, baseUrl: string) => {
    const signed = signer.sign({ share: table.share, schema: table.schema, table: table.table, path: file });
    return { url: `${baseUrl}${signed.pathAndQuery}`, expirationTimestamp: signed.expiresAt };
  };
  return {
    latestVersion: async (table) => openDeltaTable(table.location).latestVersion(),
    async metadata(table) {
      const snapshot = await snapshotOf(table);
      requireParquetFormat(table, snapshot);
      return { version: snapshot.version, lines: [protocolLine(), metadataLine(snapshot)] };
    },
    async query(table, at, baseUrl) {
      const snapshot = await snapshotOf(table, at);
      requireParquetFormat(table, snapshot);
      const files = snapshot.files.map((add) => {
        if (add.deletionVector) throw sharingErrors.unsupportedTable(deletionVectorsRefusal(table, snapshot.version));
        return { file: { ...url(table, add.path, baseUrl), id: fileId(add.path), partitionValues: add.partitionValues, size: add.size, ...(add.stats ? { stats: add.stats } : {}) } };
      });
      return { version: snapshot.version, lines: [protocolLine(), metadataLine(snapshot), ...files] };
    },
    async changes(table, range, baseUrl) {
      const end = await snapshotOf(table, range.endingVersion !== undefined ? { version: range.endingVersion } : {});
      requireParquetFormat(table, end);
      if (range.startingVersion > end.version) throw sharingErrors.versionNotFound(`startingVersion ${range.startingVersion} is after the table's version ${end.version}`);
      const lines: Line[] = [protocolLine(), metadataLine(end)];
      for (let version = range.startingVersion; version <= end.version; version++) {
        const actions = await commitActions(table, version);
        const metaData = actions.find((a) => a.metaData)?.metaData;
        const enabled = (metaData ?? (await snapshotOf(table, { version })).metadata).configuration?.["delta.enableChangeDataFeed"] === "true";
        const timestamp = Number(actions.find((a) => a.commitInfo)?.commitInfo?.timestamp ?? 0);
        const cdc = actions.flatMap((a) => (a.cdc ? [a.cdc] : []));
        const adds = actions.flatMap((a) => (a.add?.dataChange ? [a.add] : []));
        const removes = actions.flatMap((a) => (a.remove?.dataChange ? [a.remove] : []));
        if (cdc.length + adds.length + removes.length === 0) continue;
        if (!enabled) throw sharingErrors.cdfNotEnabled(`${table.share}.${table.schema}.${table.table} at version ${version}`);
        const entry = (f: AddFile) => ({ ...url(table, f.path, baseUrl), id: fileId(f.path), partitionValues: f.partitionValues ?? {}, size: f.size ?? 0, timestamp, version });
        // a commit's change files say everything it changed; its adds and removes are then only the rewrite
        if (cdc.length > 0) {
          lines.push(...cdc.map((f) => ({ cdf: entry(f) })));
          continue;
        }
        for (const f of [...adds, ...removes]) if (f.deletionVector) throw sharingErrors.unsupportedTable(deletionVectorsRefusal(table, version));
        lines.push(...adds.map((f) => ({ add: { ...entry(f), ...(f.stats ? { stats: f.stats } : {}) } })), ...removes.map((f) => ({ remove: entry(f) })));
      }
      return { version: range.startingVersion, lines };
    },
  };
}

function protocolLine(): Line {
  return { protocol: { minReaderVersion: 1 } };
}

function metadataLine(snapshot: Snapshot): Line {
  const m = snapshot.metadata;
  return {
    metaData: {
      id: m.id,
      ...(m.name ? { name: m.name } : {}),
      ...(m.description ? { description: m.description } : {}),
      format: { provider: "parquet" },
      schemaString: m.schemaString,
      partitionColumns: m.partitionColumns,
      configuration: m.configuration,
      version: snapshot.version,
      size: snapshot.files.reduce((sum, f) => sum + f.size, 0),
      numFiles: snapshot.files.length,
    },
  };
}

function requireParquetFormat(table: ResolvedTable, snapshot: Snapshot): void {
  if (snapshot.columnMappingMode !== "none") {
    throw sharingErrors.unsupportedTable(`Table ${table.table} uses column mapping (${snapshot.columnMappingMode}), which only the "delta" response format can share; this server answers in the "parquet" format.`);
  }
}

function deletionVectorsRefusal(table: ResolvedTable, version: number): string {
  return `Table ${table.table} has deletion vectors at version ${version}, which only the "delta" response format can share; this server answers in the "parquet" format (the provider can run REORG TABLE … APPLY (PURGE) or share a table without deletion vectors).`;
}

/** One commit's actions, read from its JSON file in the table's log. */
type LogAction = { add?: AddFile; remove?: AddFile; cdc?: AddFile; metaData?: { configuration?: Record<string, string> }; commitInfo?: { timestamp?: number } };

async function commitActions(table: ResolvedTable, version: number): Promise<LogAction[]> {
  const file = path.join(table.location, "_delta_log", `${String(version).padStart(20, "0")}.json`);
  const text = await readFile(file, "utf8").catch(() => {
    throw sharingErrors.versionNotFound(`Version ${version} of table ${table.table} is no longer in its log (cleaned up by retention); read from a later startingVersion.`);
  });
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

function parseTimestamp(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw sharingErrors.invalidParameter(`timestamp ${text} is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ssZ)`);
  return date;
}
