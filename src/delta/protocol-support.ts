import type { ColumnMappingMode, Metadata, Protocol, StructType, DeltaType } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { uncheckedRules, type RowsWritten } from "./check-constraints.js";
import { GENERATION_EXPRESSION } from "./generated-columns.js";
import { IDENTITY_START } from "./identity-columns.js";

export const MAX_READER_VERSION = 3;
export const MAX_WRITER_VERSION = 7;

/** Reader features whose semantics this reader implements (typeWidening: every column is cast to the table type). */
export const SUPPORTED_READER_FEATURES = new Set([
  "columnMapping",
  "deletionVectors",
  "timestampNtz",
  "v2Checkpoint",
  "vacuumProtocolCheck",
  "typeWidening",
  "typeWidening-preview",
  // VARIANT columns: Spark's Parquet struct of a value and a metadata buffer, read and written as DuckDB's VARIANT
  "variantType",
  "variantType-preview",
]);

/**
 * Writer features this writer honours. CHECK constraints and generated columns are enforced with the SQL a writer gives for them,
 * identity columns' values generated where a writer asks (identity-columns.ts); invariants are accepted only while the table does not
 * use them.
 */
export const SUPPORTED_WRITER_FEATURES = new Set([
  ...SUPPORTED_READER_FEATURES,
  "appendOnly",
  "invariants",
  "checkConstraints",
  "generatedColumns",
  "identityColumns",
  "allowColumnDefaults",
  "changeDataFeed",
  "domainMetadata",
  "clustering",
  "inCommitTimestamp",
]);

export function checkReadable(root: string, protocol: Protocol): void {
  if (protocol.minReaderVersion > MAX_READER_VERSION) {
    throw DeltaErrors.readerVersionTooHigh(root, protocol.minReaderVersion, MAX_READER_VERSION);
  }
  if (protocol.minReaderVersion === 3) {
    const unsupported = (protocol.readerFeatures ?? []).filter((f) => !SUPPORTED_READER_FEATURES.has(f));
    if (unsupported.length) throw DeltaErrors.unsupportedReaderFeatures(root, unsupported);
  }
}

/**
 * Whether this writer may write the table: the protocol's features are ones it honours, and a write that adds values names the SQL of
 * each CHECK constraint and generated column (`rows`; check-constraints.ts). Invariants, and identity and generated columns inside
 * structs (which Delta does not make), are not written here.
 */
export function checkWritable(root: string, protocol: Protocol, metadata: Metadata, schema: StructType, rows?: RowsWritten): void {
  checkReadable(root, protocol);
  if (protocol.minWriterVersion > MAX_WRITER_VERSION) {
    throw DeltaErrors.unsupportedWriterFeatures(root, `writer version ${protocol.minWriterVersion} is above ${MAX_WRITER_VERSION}`);
  }
  if (protocol.minWriterVersion === 7) {
    const unsupported = (protocol.writerFeatures ?? []).filter((f) => !SUPPORTED_WRITER_FEATURES.has(f));
    if (unsupported.length) throw DeltaErrors.unsupportedWriterFeatures(root, `unsupported writer features ${unsupported.join(", ")}`);
  }
  const unchecked = uncheckedRules(metadata.configuration, schema, rows);
  if (unchecked.length) throw DeltaErrors.unsupportedWriterFeatures(root, `the writer was given no check of the table's CHECK constraints or generated columns ${unchecked.join(", ")}`);
  // generated and identity columns are enforced at the top level (generated-columns.ts, identity-columns.ts), where Delta allows them
  const nested = { ...schema, fields: schema.fields.map((f) => ({ ...f, metadata: withoutKeys(f.metadata, [GENERATION_EXPRESSION, IDENTITY_START]) })) };
  const enforced = columnsWithMetadata(nested, ["delta.invariants", GENERATION_EXPRESSION, IDENTITY_START]);
  if (enforced.length) throw DeltaErrors.unsupportedWriterFeatures(root, `invariants, generated or identity columns are not supported (${enforced.join(", ")})`);
}

function withoutKeys(metadata: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([key]) => !keys.includes(key)));
}

function columnsWithMetadata(schema: StructType, keys: string[]): string[] {
  const out: string[] = [];
  const walk = (type: DeltaType, prefix: string): void => {
    if (typeof type === "string") return;
    if (type.type === "array") return walk(type.elementType, prefix);
    if (type.type === "map") {
      walk(type.keyType, prefix);
      return walk(type.valueType, prefix);
    }
    for (const f of type.fields) {
      if (keys.some((k) => k in (f.metadata ?? {}))) out.push(prefix + f.name);
      walk(f.type, `${prefix}${f.name}.`);
    }
  };
  walk(schema, "");
  return out;
}

/** The mode property counts only when the protocol supports column mapping (reader v2, or the v3 feature). */
export function columnMappingMode(protocol: Protocol, metadata: Metadata): ColumnMappingMode {
  const supported =
    protocol.minReaderVersion === 2 || (protocol.minReaderVersion === 3 && (protocol.readerFeatures ?? []).includes("columnMapping"));
  if (!supported) return "none";
  const mode = (metadata.configuration["delta.columnMapping.mode"] ?? "none").toLowerCase();
  return mode === "name" || mode === "id" ? mode : "none";
}

export function hasWriterFeature(protocol: Protocol, feature: string): boolean {
  return protocol.minWriterVersion === 7 && (protocol.writerFeatures ?? []).includes(feature);
}

export function deletionVectorsEnabled(protocol: Protocol, metadata: Metadata): boolean {
  return (
    (protocol.readerFeatures ?? []).includes("deletionVectors") &&
    hasWriterFeature(protocol, "deletionVectors") &&
    metadata.configuration["delta.enableDeletionVectors"] === "true"
  );
}

/** Writers v4-6 always honour delta.enableChangeDataFeed; v7 only with the changeDataFeed feature. */
export function changeDataFeedEnabled(protocol: Protocol, metadata: Metadata): boolean {
  if (metadata.configuration["delta.enableChangeDataFeed"] !== "true") return false;
  return protocol.minWriterVersion === 7 ? hasWriterFeature(protocol, "changeDataFeed") : protocol.minWriterVersion >= 4;
}
