/**
 * The NDJSON lines of a shared table's metadata, query and changes answers: a protocol line, a
 * metaData line, then one line per data file with a pre-signed URL. Files are what the Delta log
 * of the pinned version (or of each version of a change range) names; predicate and limit hints
 * are hints, so every file of the version is sent. Metadata, query and changes answer in the protocol's
 * "delta" response format when the client asks for it (`delta-sharing-capabilities`) and either
 * offers no other or the table has column mapping or deletion vectors, which only that format
 * carries: Delta's own protocol, metadata and file actions, each path and each deletion vector file
 * a pre-signed URL. Otherwise the "parquet" format.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type AddFile, type DeletionVectorDescriptor, dvFilePath, openDeltaTable, type Snapshot } from "../../../src/delta/index.js";
import type { Capabilities } from "./capabilities.js";
import { sharingErrors } from "./errors.js";
import { fileId, type FileUrlSigner } from "./file-urls.js";
import type { ResolvedTable } from "./shared-tables.js";

type Line = Record<string, unknown>;

export type ResponseFormat = "parquet" | "delta";

export interface Answer {
  version: number;
  lines: Line[];
  format: ResponseFormat;
}

export interface TableAnswers {
  latestVersion(table: ResolvedTable): Promise<number>;
  metadata(table: ResolvedTable, capabilities: Capabilities): Promise<Answer>;
  query(table: ResolvedTable, at: { version?: number; timestamp?: string }, baseUrl: string, capabilities: Capabilities): Promise<Answer>;
  changes(table: ResolvedTable, range: VersionRange, baseUrl: string, capabilities: Capabilities): Promise<Answer>;
  /** a query with startingVersion: every version's data-changing adds and removes, change data feed or not, and the metadata a version of the range changed */
  dataChanges(table: ResolvedTable, range: VersionRange, baseUrl: string, capabilities: Capabilities): Promise<Answer>;
}

export interface VersionRange {
  startingVersion: number;
  endingVersion?: number;
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
    async metadata(table, capabilities) {
      const snapshot = await snapshotOf(table);
      const format = formatFor(table, snapshot, snapshot.version, hasVectors(snapshot), capabilities);
      return { version: snapshot.version, format, lines: headLines(format, snapshot) };
    },
    async query(table, at, baseUrl, capabilities) {
      const snapshot = await snapshotOf(table, at);
      const format = formatFor(table, snapshot, snapshot.version, hasVectors(snapshot), capabilities);
      const line = fileLines(format, (file) => url(table, file, baseUrl), table);
      return { version: snapshot.version, format, lines: [...headLines(format, snapshot), ...snapshot.files.map((add) => line("add", add))] };
    },
    async changes(table, range, baseUrl, capabilities) {
      return rangeAnswer(table, range, baseUrl, capabilities, async (version, actions, cdc) => {
        const metaData = actions.find((a) => a.metaData)?.metaData;
        const enabled = (metaData ?? (await snapshotOf(table, { version })).metadata).configuration?.["delta.enableChangeDataFeed"] === "true";
        if (!enabled) throw sharingErrors.cdfNotEnabled(`${table.share}.${table.schema}.${table.table} at version ${version}`);
        // a commit's change files say everything it changed; its adds and removes are then only the rewrite
        return cdc.length > 0 ? cdc.map((f) => ["cdc", f] as const) : undefined;
      });
    },
    async dataChanges(table, range, baseUrl, capabilities) {
      return rangeAnswer(table, range, baseUrl, capabilities, async () => undefined, true);
    },
  };

  /**
   * The answer of a version range: the head lines (the end version's), then each version's files —
   * what `own` makes of them, else its data-changing adds and removes — with their commit, and
   * (`withMetadata`) a metaData line for each version of the range that changed the metadata.
   */
  async function rangeAnswer(
    table: ResolvedTable,
    range: VersionRange,
    baseUrl: string,
    capabilities: Capabilities,
    own: (version: number, actions: LogAction[], cdc: AddFile[]) => Promise<ChangedCommit["files"] | undefined>,
    withMetadata = false,
  ): Promise<Answer> {
    const end = await snapshotOf(table, range.endingVersion !== undefined ? { version: range.endingVersion } : {});
    if (range.startingVersion > end.version) throw sharingErrors.versionNotFound(`startingVersion ${range.startingVersion} is after the table's version ${end.version}`);
    const commits: ChangedCommit[] = [];
    const changedMetadata: Snapshot[] = [];
    const timestamps = await commitTimestamps(table, range.startingVersion);
    for (let version = range.startingVersion; version <= end.version; version++) {
      const actions = await commitActions(table, version);
      if (withMetadata && actions.some((a) => a.metaData)) changedMetadata.push(await snapshotOf(table, { version }));
      const timestamp = timestamps.get(version) ?? 0;
      const cdc = actions.flatMap((a) => (a.cdc ? [a.cdc] : []));
      const adds = actions.flatMap((a) => (a.add?.dataChange ? [a.add] : []));
      const removes = actions.flatMap((a) => (a.remove?.dataChange ? [a.remove] : []));
      if (cdc.length + adds.length + removes.length === 0) continue;
      const files = (await own(version, actions, cdc)) ?? [...adds.map((f) => ["add", f] as const), ...removes.map((f) => ["remove", f] as const)];
      commits.push({ version, timestamp, files });
    }
    const withVectors = commits.find((c) => c.files.some(([, f]) => f.deletionVector));
    const format = formatFor(table, end, withVectors?.version ?? end.version, withVectors !== undefined, capabilities);
    const line = fileLines(format, (file) => url(table, file, baseUrl), table);
    const files = commits.flatMap(({ version, timestamp, files }) => files.map(([kind, f]) => line(kind, f, { version, timestamp })));
    const metadata = changedMetadata.map((snapshot) => headLines(format, snapshot)[1]);
    return { version: range.startingVersion, format, lines: [...headLines(format, end), ...metadata, ...files] };
  }
}

/** One commit of a change range: its change files, or else its data-changing adds and removes. */
interface ChangedCommit {
  version: number;
  timestamp: number;
  files: Array<readonly ["add" | "remove" | "cdc", AddFile]>;
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

const hasVectors = (snapshot: Snapshot) => snapshot.files.some((add) => add.deletionVector);
/** whether the table's protocol has deletion vectors as a reader feature: a client offering both formats then gets the delta one, as it may come to need it */
const vectorsOn = (snapshot: Snapshot) => (snapshot.protocol.readerFeatures ?? []).includes("deletionVectors");
/** whether the table's protocol has VARIANT columns as a reader feature: a reader must know Spark's layout of one to read its files */
const variantsOn = (snapshot: Snapshot) => (snapshot.protocol.readerFeatures ?? []).includes("variantType");

/**
 * The delta format when the client reads it and offers nothing else, or the table has column
 * mapping or deletion vectors on (the answer has some, the first at `version`, or may come to);
 * the parquet format otherwise. What the parquet format cannot carry, or the client does not list
 * among its reader features, is refused saying what to ask for.
 */
function formatFor(table: ResolvedTable, snapshot: Snapshot, version: number, withVectors: boolean, capabilities: Capabilities): ResponseFormat {
  const mapped = snapshot.columnMappingMode !== "none";
  const variants = variantsOn(snapshot);
  const delta = capabilities.formats.has("delta") && (withVectors || mapped || variants || vectorsOn(snapshot) || !capabilities.formats.has("parquet"));
  const needed = [
    ...(mapped ? [{ feature: "columnmapping", what: `column mapping (${snapshot.columnMappingMode})` }] : []),
    ...(withVectors ? [{ feature: "deletionvectors", what: `deletion vectors at version ${version}` }] : []),
    ...(variants ? [{ feature: "varianttype", what: "VARIANT columns" }] : []),
  ];
  for (const { feature, what } of needed) {
    if (!delta) {
      throw sharingErrors.unsupportedTable(
        `Table ${table.table} has ${what}, which only the "delta" response format carries: ask with the header delta-sharing-capabilities: responseformat=delta;readerfeatures=${needed.map((n) => n.feature).join(",")}.`,
      );
    }
    if (!capabilities.readerFeatures.has(feature)) throw sharingErrors.unsupportedTable(`Table ${table.table} has ${what}, and the client does not list ${feature} in the readerfeatures of its delta-sharing-capabilities header.`);
  }
  return delta ? "delta" : "parquet";
}

/** The protocol and metaData lines: the parquet format's own, or Delta's actions wrapped in the delta format. */
function headLines(format: ResponseFormat, snapshot: Snapshot): Line[] {
  if (format === "parquet") return [protocolLine(), metadataLine(snapshot)];
  return [
    { protocol: { deltaProtocol: snapshot.protocol } },
    { metaData: { version: snapshot.version, size: snapshot.files.reduce((sum, f) => sum + f.size, 0), numFiles: snapshot.files.length, deltaMetadata: snapshot.metadata } },
  ];
}

type FileKind = "add" | "remove" | "cdc";
type Signed = { url: string; expirationTimestamp: number };

/**
 * One line per file of an answer. A query's file (no commit) is a `file` line in the parquet
 * format, a change range's an `add`, `remove` or `cdf` line saying its commit; in the delta format
 * every one is a `file` line wrapping Delta's own action, the pre-signed URL as its path and its
 * deletion vector's file signed too.
 */
function fileLines(format: ResponseFormat, sign: (file: string) => Signed, table: ResolvedTable) {
  return (kind: FileKind, action: AddFile, commit?: { version: number; timestamp: number }): Line => {
    const signed = sign(action.path);
    if (format === "parquet") {
      const key = commit === undefined ? "file" : kind === "cdc" ? "cdf" : kind;
      const stats = kind === "add" && action.stats ? { stats: action.stats } : {};
      return { [key]: { ...signed, id: fileId(action.path, action.deletionVector), partitionValues: action.partitionValues ?? {}, size: action.size ?? 0, ...(commit ?? {}), ...stats } };
    }
    const { path: _path, deletionVector: dv, ...rest } = action;
    const vector = dv && sharedDeletionVector(table, dv, sign);
    return {
      file: {
        id: fileId(action.path, dv),
        ...(vector?.id ? { deletionVectorFileId: vector.id } : {}),
        ...(commit ?? {}),
        expirationTimestamp: signed.expirationTimestamp,
        deltaSingleAction: { [kind]: { ...rest, path: signed.url, ...(vector ? { deletionVector: vector.descriptor } : {}) } },
      },
    };
  };
}

/**
 * A deletion vector as a recipient reads it: inline as it is, a file as a pre-signed URL (storage type "p"): the table's own, or the
 * one a shallow clone names by its path (its source's)
 */
function sharedDeletionVector(
  table: ResolvedTable,
  dv: DeletionVectorDescriptor,
  sign: (file: string) => { url: string },
): { id?: string; descriptor: DeletionVectorDescriptor } {
  if (dv.storageType === "i") return { descriptor: dv };
  if (dv.storageType !== "u" && dv.storageType !== "p") throw sharingErrors.unsupportedTable(`Table ${table.table} has a deletion vector of storage type ${dv.storageType}, which this server does not share.`);
  const file = dv.storageType === "p" ? dv.pathOrInlineDv : dvFilePath("", dv).split(path.sep).map(encodeURIComponent).join("/");
  return { id: fileId(file), descriptor: { ...dv, storageType: "p", pathOrInlineDv: sign(file).url } };
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

/**
 * The commit times of the versions from `startingVersion` on, as DESCRIBE HISTORY and
 * table_changes give them (src/delta/commit-timestamps.ts: the log file's modification time
 * without in-commit timestamps), not commitInfo.timestamp: a sharing flow and a cluster flow of one
 * table then stamp a change with the same `_commit_timestamp`.
 */
async function commitTimestamps(table: ResolvedTable, startingVersion: number): Promise<Map<number, number>> {
  const delta = openDeltaTable(table.location);
  const history = await delta.history((await delta.latestVersion()) - startingVersion + 1);
  return new Map(history.map((commit) => [commit.version, commit.timestamp]));
}

function parseTimestamp(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw sharingErrors.invalidParameter(`timestamp ${text} is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ssZ)`);
  return date;
}
