import type { DeltaType, Snapshot, StructType } from "./types.js";
import { MAX_COLUMN_ID_KEY } from "./column-mapping.js";
import { DeltaErrors } from "./errors.js";
import { protocolsEqual } from "./table-features.js";
import { listLog, readLogText } from "./log-listing.js";

/**
 * After losing a commit race: a retry is only sound if the winners did not change what our actions
 * assumed. Any metaData or protocol change (schema, partitioning, properties, features) fails the
 * operation, as Spark's MetadataChangedException / ProtocolChangedException do.
 */
export function assertCompatibleWinners(root: string, read: Snapshot, latest: Snapshot): void {
  if (!protocolsEqual(read.protocol, latest.protocol)) {
    throw DeltaErrors.concurrentModification(root, `the protocol changed between version ${read.version} and ${latest.version}; retry the operation`);
  }
  const a = read.metadata;
  const b = latest.metadata;
  if (a.id !== b.id || a.schemaString !== b.schemaString || JSON.stringify(a.partitionColumns) !== JSON.stringify(b.partitionColumns) || JSON.stringify(a.configuration) !== JSON.stringify(b.configuration)) {
    throw DeltaErrors.concurrentModification(root, `the table metadata changed between version ${read.version} and ${latest.version}; retry the operation`);
  }
}

/**
 * After a blind append lost a commit race: winners that only added nullable columns (another
 * append's schema evolution) leave the files it wrote valid, so it retries on top of them; any
 * other metaData or protocol change fails it as assertCompatibleWinners does.
 */
export function assertAppendableWinners(root: string, read: Snapshot, latest: Snapshot): void {
  if (read.metadata.schemaString !== latest.metadata.schemaString && onlyAddedColumns(read, latest)) return;
  assertCompatibleWinners(root, read, latest);
}

function onlyAddedColumns(read: Snapshot, latest: Snapshot): boolean {
  const [a, b] = [read.metadata, latest.metadata];
  const configuration = (m: typeof a) => JSON.stringify({ ...m.configuration, [MAX_COLUMN_ID_KEY]: undefined });
  return (
    protocolsEqual(read.protocol, latest.protocol) &&
    a.id === b.id &&
    JSON.stringify(a.partitionColumns) === JSON.stringify(b.partitionColumns) &&
    configuration(a) === configuration(b) &&
    extendsStruct(read.schema, latest.schema)
  );
}

/** `after` is `before` with nullable fields added at the end of it or of its (nested) structs. */
function extendsStruct(before: StructType, after: StructType): boolean {
  if (after.fields.length < before.fields.length) return false;
  const kept = before.fields.every((f, i) => {
    const g = after.fields[i];
    return f.name === g.name && f.nullable === g.nullable && JSON.stringify(f.metadata) === JSON.stringify(g.metadata) && extendsType(f.type, g.type);
  });
  return kept && after.fields.slice(before.fields.length).every((f) => f.nullable);
}

function extendsType(before: DeltaType, after: DeltaType): boolean {
  if (typeof before === "string" || typeof after === "string") return before === after;
  if (before.type === "struct" && after.type === "struct") return extendsStruct(before, after);
  if (before.type === "array" && after.type === "array") return before.containsNull === after.containsNull && extendsType(before.elementType, after.elementType);
  if (before.type === "map" && after.type === "map") {
    return before.valueContainsNull === after.valueContainsNull && extendsType(before.keyType, after.keyType) && extendsType(before.valueType, after.valueType);
  }
  return false;
}

export interface TxnCommit {
  version: number;
  files: string[];
  numRecords: number;
}

/** The commit that recorded txn (appId, version), searching the JSON commits newest first. */
export async function findTxnCommit(root: string, appId: string, txnVersion: number): Promise<TxnCommit | undefined> {
  const listing = await listLog(root);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a);
  for (const v of versions) {
    const text = await readLogText(listing, listing.commits.get(v)!.path);
    if (!text.includes('"txn"')) continue;
    const lines = text.split("\n").filter((l) => l.trim());
    const found = lines.some((line) => {
      const txn = line.includes('"txn"') ? (JSON.parse(line) as { txn?: { appId?: string; version?: number } }).txn : undefined;
      return txn?.appId === appId && txn.version === txnVersion;
    });
    if (!found) continue;
    const adds = lines.filter((l) => l.startsWith('{"add"')).map((l) => (JSON.parse(l) as { add: { path: string; stats?: string } }).add);
    const numRecords = adds.reduce((n, a) => n + Number(/"numRecords"\s*:\s*(\d+)/.exec(a.stats ?? "")?.[1] ?? 0), 0);
    return { version: v, files: adds.map((a) => a.path), numRecords };
  }
  return undefined;
}

export const MAX_COMMIT_ATTEMPTS = 10;
