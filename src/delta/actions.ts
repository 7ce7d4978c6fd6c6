import type { Action, AddFile, CdcFile, DeletionVectorDescriptor, DomainMetadata, Metadata, Protocol, RemoveFile, Txn } from "./types.js";
import { DeltaErrors } from "./errors.js";

type Raw = Record<string, unknown>;

/** Parses newline-delimited JSON actions (a commit file or a JSON v2 checkpoint). */
export function parseActionLines(text: string, file: string): Action[] {
  const actions: Action[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw DeltaErrors.corruptLog(file, `line ${i + 1} is not JSON`, e);
    }
    if (!raw || typeof raw !== "object") throw DeltaErrors.corruptLog(file, `line ${i + 1} is not an object`);
    actions.push(...actionsOf(raw as Raw, file));
  }
  return actions;
}

/** One log line or checkpoint row may hold several action columns (a checkpoint row has one non-null). */
export function actionsOf(raw: Raw, file: string): Action[] {
  const out: Action[] = [];
  for (const [kind, value] of Object.entries(raw)) {
    if (value === null || value === undefined || typeof value !== "object") continue;
    const v = value as Raw;
    // Checkpoint rows can carry all-null structs for the columns they do not use.
    if ((kind === "add" || kind === "remove" || kind === "cdc" || kind === "sidecar") && (v.path === null || v.path === undefined)) continue;
    if (kind === "txn" && (v.appId === null || v.appId === undefined)) continue;
    if (kind === "protocol" && (v.minReaderVersion === null || v.minReaderVersion === undefined)) continue;
    if (kind === "metaData" && (v.id === null || v.id === undefined) && (v.schemaString === null || v.schemaString === undefined)) continue;
    switch (kind) {
      case "add":
        out.push({ kind, add: toAdd(v, file) });
        break;
      case "remove":
        out.push({ kind, remove: toRemove(v, file) });
        break;
      case "cdc":
        out.push({ kind, cdc: toCdc(v, file) });
        break;
      case "metaData":
        out.push({ kind, metaData: toMetadata(v, file) });
        break;
      case "protocol":
        out.push({ kind, protocol: toProtocol(v, file) });
        break;
      case "txn":
        out.push({ kind, txn: toTxn(v, file) });
        break;
      case "domainMetadata":
        out.push({ kind, domainMetadata: { domain: String(v.domain), configuration: String(v.configuration ?? ""), removed: v.removed === true } satisfies DomainMetadata });
        break;
      case "commitInfo":
        out.push({ kind, commitInfo: v });
        break;
      case "sidecar":
        out.push({ kind, sidecar: { path: str(v, "path", file), sizeInBytes: num(v.sizeInBytes), modificationTime: num(v.modificationTime) } });
        break;
      case "checkpointMetadata":
        out.push({ kind, checkpointMetadata: { version: num(v.version) } });
        break;
      default:
        // Unknown actions are legal: the protocol requires readers to ignore them.
        break;
    }
  }
  return out;
}

function str(v: Raw, key: string, file: string): string {
  const value = v[key];
  if (typeof value !== "string") throw DeltaErrors.corruptLog(file, `action field ${key} is missing or not a string`);
  return value;
}

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0);
const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : num(v));
const optStr = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function stringMap(v: unknown): Record<string, string | null> {
  if (!v || typeof v !== "object") return {};
  // DuckDB renders parquet MAPs as objects in to_json, but be lenient with key/value entry lists too.
  if (Array.isArray(v)) {
    const out: Record<string, string | null> = {};
    for (const e of v as Raw[]) out[String(e.key)] = e.value === null || e.value === undefined ? null : String(e.value);
    return out;
  }
  const out: Record<string, string | null> = {};
  for (const [k, value] of Object.entries(v as Raw)) out[k] = value === null || value === undefined ? null : String(value);
  return out;
}

function optTags(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== "object") return undefined;
  return stringMap(v) as Record<string, string>;
}

function toDv(v: unknown): DeletionVectorDescriptor | undefined {
  if (!v || typeof v !== "object") return undefined;
  const d = v as Raw;
  if (typeof d.storageType !== "string" || typeof d.pathOrInlineDv !== "string") return undefined;
  return {
    storageType: d.storageType as DeletionVectorDescriptor["storageType"],
    pathOrInlineDv: d.pathOrInlineDv,
    ...(d.offset === null || d.offset === undefined ? {} : { offset: num(d.offset) }),
    sizeInBytes: num(d.sizeInBytes),
    cardinality: num(d.cardinality),
  };
}

/** Keeps only protocol fields, dropping checkpoint-only extras (stats_parsed, partitionValues_parsed) and nulls. */
function toAdd(v: Raw, file: string): AddFile {
  const add: AddFile = {
    path: str(v, "path", file),
    partitionValues: stringMap(v.partitionValues),
    size: num(v.size),
    modificationTime: num(v.modificationTime),
    dataChange: v.dataChange !== false,
  };
  const stats = optStr(v.stats);
  if (stats !== undefined) add.stats = stats;
  const tags = optTags(v.tags);
  if (tags) add.tags = tags;
  const dv = toDv(v.deletionVector);
  if (dv) add.deletionVector = dv;
  const baseRowId = optNum(v.baseRowId);
  if (baseRowId !== undefined) add.baseRowId = baseRowId;
  const defaultRowCommitVersion = optNum(v.defaultRowCommitVersion);
  if (defaultRowCommitVersion !== undefined) add.defaultRowCommitVersion = defaultRowCommitVersion;
  const clusteringProvider = optStr(v.clusteringProvider);
  if (clusteringProvider !== undefined) add.clusteringProvider = clusteringProvider;
  return add;
}

function toRemove(v: Raw, file: string): RemoveFile {
  const remove: RemoveFile = { path: str(v, "path", file), dataChange: v.dataChange !== false };
  const deletionTimestamp = optNum(v.deletionTimestamp);
  if (deletionTimestamp !== undefined) remove.deletionTimestamp = deletionTimestamp;
  if (typeof v.extendedFileMetadata === "boolean") remove.extendedFileMetadata = v.extendedFileMetadata;
  if (v.partitionValues && typeof v.partitionValues === "object") remove.partitionValues = stringMap(v.partitionValues);
  const size = optNum(v.size);
  if (size !== undefined) remove.size = size;
  const stats = optStr(v.stats);
  if (stats !== undefined) remove.stats = stats;
  const tags = optTags(v.tags);
  if (tags) remove.tags = tags;
  const dv = toDv(v.deletionVector);
  if (dv) remove.deletionVector = dv;
  const baseRowId = optNum(v.baseRowId);
  if (baseRowId !== undefined) remove.baseRowId = baseRowId;
  const defaultRowCommitVersion = optNum(v.defaultRowCommitVersion);
  if (defaultRowCommitVersion !== undefined) remove.defaultRowCommitVersion = defaultRowCommitVersion;
  return remove;
}

function toCdc(v: Raw, file: string): CdcFile {
  const cdc: CdcFile = { path: str(v, "path", file), partitionValues: stringMap(v.partitionValues), size: num(v.size), dataChange: v.dataChange === true };
  const tags = optTags(v.tags);
  if (tags) cdc.tags = tags;
  return cdc;
}

function toMetadata(v: Raw, _file: string): Metadata {
  const format = (v.format && typeof v.format === "object" ? v.format : {}) as Raw;
  const metadata: Metadata = {
    id: typeof v.id === "string" ? v.id : "",
    format: { provider: typeof format.provider === "string" ? format.provider : "parquet", options: stringMap(format.options) as Record<string, string> },
    schemaString: typeof v.schemaString === "string" ? v.schemaString : "",
    partitionColumns: Array.isArray(v.partitionColumns) ? v.partitionColumns.map(String) : [],
    configuration: Object.fromEntries(Object.entries(stringMap(v.configuration)).filter(([, value]) => value !== null)) as Record<string, string>,
  };
  if (v.name !== undefined) metadata.name = (v.name as string | null) ?? null;
  if (v.description !== undefined) metadata.description = (v.description as string | null) ?? null;
  if (v.createdTime !== undefined) metadata.createdTime = v.createdTime === null ? null : num(v.createdTime);
  return metadata;
}

function toProtocol(v: Raw, file: string): Protocol {
  if (v.minReaderVersion === undefined || v.minReaderVersion === null) throw DeltaErrors.corruptLog(file, "protocol action has no minReaderVersion");
  const protocol: Protocol = { minReaderVersion: num(v.minReaderVersion), minWriterVersion: num(v.minWriterVersion) };
  if (Array.isArray(v.readerFeatures)) protocol.readerFeatures = v.readerFeatures.map(String);
  if (Array.isArray(v.writerFeatures)) protocol.writerFeatures = v.writerFeatures.map(String);
  return protocol;
}

function toTxn(v: Raw, file: string): Txn {
  const txn: Txn = { appId: str(v, "appId", file), version: num(v.version) };
  const lastUpdated = optNum(v.lastUpdated);
  if (lastUpdated !== undefined) txn.lastUpdated = lastUpdated;
  return txn;
}
