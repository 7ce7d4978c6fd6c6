import type { Protocol, StructType } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { generatedColumns } from "./generated-columns.js";
import { identityColumns } from "./identity-columns.js";
import { usesType } from "./schema.js";

/** Features that need reader support too; the rest are writer-only. */
const READER_WRITER_FEATURES = new Set(["columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck", "typeWidening", "variantType"]);
/** Features a legacy (reader <= 2, writer <= 6) protocol implies, by writer version. */
const LEGACY_WRITER_FEATURES: [number, string[]][] = [
  [2, ["appendOnly", "invariants"]],
  [3, ["checkConstraints"]],
  [4, ["changeDataFeed", "generatedColumns"]],
  [5, ["columnMapping"]],
  [6, ["identityColumns"]],
];
const FEATURES_ONLY_IN_V7 = new Set(["deletionVectors", "timestampNtz", "variantType", "v2Checkpoint", "vacuumProtocolCheck", "typeWidening", "inCommitTimestamp", "domainMetadata", "rowTracking", "clustering"]);

const PROTOCOL_PROPERTIES = new Set(["delta.minReaderVersion", "delta.minWriterVersion"]);

export interface ProtocolAndConfiguration {
  protocol: Protocol;
  configuration: Record<string, string>;
}

/**
 * The protocol a table with these properties and this schema needs, as Spark picks it: legacy versions
 * when every needed feature has one, else reader 3 / writer 7 with explicit feature lists. Never lower
 * than `current`. Protocol-shaping properties (delta.minReaderVersion, delta.feature.*) are consumed.
 */
export function deriveProtocol(properties: Record<string, string>, schema: StructType, current?: Protocol): ProtocolAndConfiguration {
  const configuration: Record<string, string> = {};
  const wanted = new Set<string>();
  let minReader = 1;
  let minWriter = 2;
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith("delta.feature.")) {
      if (!["supported", "enabled"].includes(value.toLowerCase())) throw DeltaErrors.invalidArgument(`${key} must be "supported"`);
      wanted.add(key.slice("delta.feature.".length));
    } else if (PROTOCOL_PROPERTIES.has(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw DeltaErrors.invalidArgument(`${key} must be a positive integer`);
      if (key === "delta.minReaderVersion") minReader = Math.max(minReader, n);
      else minWriter = Math.max(minWriter, n);
    } else {
      configuration[key] = value;
    }
  }
  const on = (key: string) => (configuration[key] ?? "").toLowerCase() === "true";
  if (on("delta.enableDeletionVectors")) wanted.add("deletionVectors");
  if (on("delta.enableChangeDataFeed")) wanted.add("changeDataFeed");
  if (on("delta.appendOnly")) wanted.add("appendOnly");
  if (on("delta.enableInCommitTimestamps")) wanted.add("inCommitTimestamp");
  if (on("delta.enableTypeWidening")) wanted.add("typeWidening");
  if ((configuration["delta.checkpointPolicy"] ?? "").toLowerCase() === "v2") wanted.add("v2Checkpoint");
  const mode = (configuration["delta.columnMapping.mode"] ?? "none").toLowerCase();
  if (mode === "name" || mode === "id") wanted.add("columnMapping");
  else if (mode !== "none") throw DeltaErrors.invalidArgument(`delta.columnMapping.mode must be none, name or id, not ${mode}`);
  if (usesType(schema, "timestamp_ntz")) wanted.add("timestampNtz");
  if (usesType(schema, "variant")) wanted.add("variantType");
  if (Object.keys(configuration).some((key) => key.startsWith("delta.constraints."))) wanted.add("checkConstraints");
  if (schema.fields.some((f) => f.metadata?.CURRENT_DEFAULT !== undefined)) wanted.add("allowColumnDefaults");
  if (generatedColumns(schema).length) wanted.add("generatedColumns");
  if (identityColumns(schema).length) wanted.add("identityColumns");

  const base = current ?? { minReaderVersion: minReader, minWriterVersion: minWriter };
  const existing = supportedFeatures(base);
  const needsV7 =
    [...wanted].some((f) => FEATURES_ONLY_IN_V7.has(f)) || base.minWriterVersion === 7 || minWriter === 7 || [...wanted].some((f) => !isLegacy(f));
  if (!needsV7) {
    const reader = Math.max(base.minReaderVersion, minReader, wanted.has("columnMapping") ? 2 : 1);
    const writer = Math.max(
      base.minWriterVersion,
      minWriter,
      wanted.has("columnMapping") ? 5 : 2,
      wanted.has("changeDataFeed") ? 4 : 2,
      wanted.has("checkConstraints") ? 3 : 2,
      wanted.has("generatedColumns") ? 4 : 2,
      wanted.has("identityColumns") ? 6 : 2,
    );
    return { protocol: { minReaderVersion: reader, minWriterVersion: writer }, configuration };
  }
  const all = new Set([...existing, ...wanted]);
  const readerFeatures = [...all].filter((f) => READER_WRITER_FEATURES.has(f));
  const readerVersion = Math.max(base.minReaderVersion, minReader, readerFeatures.some((f) => f !== "columnMapping") ? 3 : readerFeatures.length ? 2 : 1);
  const protocol: Protocol =
    readerVersion >= 3
      ? { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: sorted(readerFeatures), writerFeatures: sorted([...all]) }
      : { minReaderVersion: readerVersion, minWriterVersion: 7, writerFeatures: sorted([...all]) };
  return { protocol, configuration };
}

function isLegacy(feature: string): boolean {
  return LEGACY_WRITER_FEATURES.some(([, names]) => names.includes(feature));
}

/** Features a protocol supports, legacy versions expanded to the features they imply. */
export function supportedFeatures(protocol: Protocol): Set<string> {
  const out = new Set<string>([...(protocol.readerFeatures ?? []), ...(protocol.writerFeatures ?? [])]);
  if (protocol.minWriterVersion < 7) {
    for (const [version, names] of LEGACY_WRITER_FEATURES) if (protocol.minWriterVersion >= version) names.forEach((n) => out.add(n));
  }
  if (protocol.minReaderVersion === 2) out.add("columnMapping");
  return out;
}

const sorted = (names: string[]) => [...new Set(names)].sort();

export const protocolsEqual = (a: Protocol, b: Protocol): boolean =>
  a.minReaderVersion === b.minReaderVersion &&
  a.minWriterVersion === b.minWriterVersion &&
  sorted(a.readerFeatures ?? []).join() === sorted(b.readerFeatures ?? []).join() &&
  sorted(a.writerFeatures ?? []).join() === sorted(b.writerFeatures ?? []).join();
