import { checkIdentityColumns } from "./identity-columns.js";
import { randomUUID } from "node:crypto";
import type { DomainMetadata, Metadata, Protocol, StructType } from "./types.js";
import type { TableDefinition } from "./api.js";
import { deriveProtocol } from "./table-features.js";
import { assignColumnMapping, MAX_COLUMN_ID_KEY } from "./column-mapping.js";
import { serializeSchema, validateSchema, findField } from "./schema.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";
import { DeltaErrorCode, DeltaErrors } from "./errors.js";
import { CLUSTERING_FEATURES, clusteringDomain } from "./clustering.js";
import { columnMappingMode } from "./protocol-support.js";

/** protocol and metaData actions of a new table, and its domains (a clustered table's clustering columns). */
export function newTableActions(def: TableDefinition): { protocol: Protocol; metadata: Metadata; domains: DomainMetadata[] } {
  const partitionColumns = (def.partitionColumns ?? []).map((p) => {
    const field = findField(def.schema.fields, p);
    if (!field) throw DeltaErrors.invalidSchema(`partition column ${p} is not in the schema`);
    return field.name;
  });
  validateSchema(def.schema, partitionColumns);
  checkIdentityColumns(def.schema, partitionColumns);
  deltaTypeToDuckDb(def.schema); // every type must be one we can read back
  validateProperties(def.properties ?? {});
  if (def.clusterBy && partitionColumns.length > 0) throw DeltaErrors.rule(DeltaErrorCode.ClusterByWithPartitionedBy, "Cannot specify both CLUSTER BY and PARTITIONED BY.");
  const { protocol, configuration } = deriveProtocol(definitionProperties(def), def.schema);
  let schema: StructType = def.schema;
  const mode = (configuration["delta.columnMapping.mode"] ?? "none").toLowerCase();
  if (mode === "name" || mode === "id") {
    const mapped = assignColumnMapping(schema, 0);
    schema = mapped.schema;
    configuration[MAX_COLUMN_ID_KEY] = String(mapped.maxColumnId);
  }
  const metadata: Metadata = {
    id: randomUUID(),
    ...(def.name !== undefined ? { name: def.name } : {}),
    ...(def.description !== undefined ? { description: def.description } : {}),
    format: { provider: "parquet", options: {} },
    schemaString: serializeSchema(schema),
    partitionColumns,
    configuration,
    createdTime: Date.now(),
  };
  const domains = def.clusterBy ? [clusteringDomain(def.clusterBy, schema, columnMappingMode(protocol, metadata), configuration)] : [];
  return { protocol, metadata, domains };
}

/** the properties that shape a new definition's protocol: its own, and a clustered table's features */
export function definitionProperties(def: Pick<TableDefinition, "properties" | "clusterBy">): Record<string, string> {
  return def.clusterBy ? { ...def.properties, ...CLUSTERING_FEATURES } : (def.properties ?? {});
}

const BOOLEAN_PROPERTIES = ["delta.enableDeletionVectors", "delta.enableChangeDataFeed", "delta.appendOnly", "delta.enableInCommitTimestamps", "delta.enableTypeWidening"];

export function validateProperties(props: Record<string, string>): void {
  for (const [key, value] of Object.entries(props)) {
    if (typeof value !== "string") throw DeltaErrors.invalidArgument(`table property ${key} must be a string`);
    if (BOOLEAN_PROPERTIES.includes(key) && !["true", "false"].includes(value.toLowerCase())) {
      throw DeltaErrors.invalidArgument(`table property ${key} must be true or false, not ${value}`);
    }
    if (key === "delta.checkpointInterval" && !(Number.isInteger(Number(value)) && Number(value) > 0)) {
      throw DeltaErrors.invalidArgument(`delta.checkpointInterval must be a positive integer, not ${value}`);
    }
  }
}

/** operationParameters Spark records for CREATE TABLE and CREATE TABLE AS SELECT. */
export function createParameters(metadata: Metadata, clusterBy: readonly string[][] = []): Record<string, unknown> {
  return {
    partitionBy: JSON.stringify(metadata.partitionColumns),
    clusterBy: JSON.stringify(clusterBy.map((path) => path.join("."))),
    description: metadata.description ?? null,
    isManaged: "false",
    properties: JSON.stringify(metadata.configuration),
  };
}
