import type { DuckDBConnection } from "@duckdb/node-api";
import type { AppendResult, TableDefinition } from "./api.js";
import type { Metadata, Protocol } from "./types.js";
import { DeltaErrors } from "./errors.js";
import { newTableActions, createParameters, definitionProperties } from "./table-metadata.js";
import { clusteringColumns, clusteringDomain } from "./clustering.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { parseSchemaString } from "./schema.js";
import { listLog } from "./log-listing.js";
import { discardWritten, writeDataFiles } from "./data-files.js";
import { schemaOfQuery, sourceRelation } from "./source-rows.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { checkWritable, columnMappingMode } from "./protocol-support.js";
import { deriveProtocol, protocolsEqual } from "./table-features.js";
import { removeOf } from "./dml-files.js";
import { checkpointIfDue } from "./checkpoint-writer.js";

export async function assertNoTable(root: string): Promise<void> {
  const exists = await listLog(root).then(
    () => true,
    () => false,
  );
  if (exists) throw DeltaErrors.tableAlreadyExists(root);
}

/** CREATE TABLE: version 0 with protocol and metaData. */
export async function createTable(root: string, def: TableDefinition): Promise<number> {
  await assertNoTable(root);
  const { protocol, metadata, domains } = newTableActions(def);
  const commitInfo = buildCommitInfo({
    operation: def.operation ?? "CREATE TABLE",
    operationParameters: createParameters(metadata, def.clusterBy),
    isBlindAppend: true,
    created: metadata.configuration,
  });
  const content = serializeActions([{ commitInfo }, { metaData: metadata }, { protocol }, ...domains.map((domainMetadata) => ({ domainMetadata }))]);
  if (!(await tryPublishCommit(root, 0, content))) throw DeltaErrors.tableAlreadyExists(root);
  return 0;
}

/** CREATE TABLE AS SELECT: table definition and data in one commit, as Spark does it. */
export async function createTableAsSelect(root: string, conn: DuckDBConnection, selectSql: string, def: Partial<TableDefinition> = {}): Promise<AppendResult> {
  await assertNoTable(root);
  const schema = def.schema ?? (await schemaOfQuery(conn, selectSql));
  const { protocol, metadata, domains } = newTableActions({ ...def, schema });
  const { written, numRecords, metrics } = await writeQueryRows(root, conn, selectSql, protocol, metadata);
  const commitInfo = buildCommitInfo({
    operation: def.operation ?? "CREATE TABLE AS SELECT",
    operationParameters: createParameters(metadata, def.clusterBy),
    operationMetrics: metrics,
    isBlindAppend: true,
    created: metadata.configuration,
  });
  const actions = [{ commitInfo }, { metaData: metadata }, { protocol }, ...domains.map((domainMetadata) => ({ domainMetadata })), ...written.map((w) => ({ add: w.add }))];
  if (!(await tryPublishCommit(root, 0, serializeActions(actions)))) {
    await discardWritten(root, written.map((w) => w.relative));
    throw DeltaErrors.tableAlreadyExists(root);
  }
  return { version: 0, files: written.map((w) => w.add.path), numRecords, alreadyCommitted: false };
}

/**
 * CREATE OR REPLACE TABLE [AS SELECT] over an existing table: its next version holds the new definition (schema, partitioning,
 * properties) and only the query's rows (none without one), every file of the version before removed, in one commit, as Delta
 * replaces a table. The history stays, and so does the table's id: it is the same table. The protocol keeps every feature the table
 * had (Delta never takes one back) beside those the new definition needs. A commit race lost fails, as an overwrite's does: the
 * query may have read the table.
 */
export async function replaceTable(root: string, conn: DuckDBConnection, selectSql: string | undefined, def: Partial<TableDefinition>): Promise<AppendResult> {
  const snapshot = await loadSnapshot(root);
  checkWritable(root, snapshot.protocol, snapshot.metadata, snapshot.schema, "no new values");
  const schema = def.schema ?? (selectSql === undefined ? undefined : await schemaOfQuery(conn, selectSql));
  if (!schema) throw DeltaErrors.invalidArgument("CREATE OR REPLACE TABLE needs a schema or a query");
  const { metadata: fresh, domains } = newTableActions({ ...def, schema });
  const metadata = { ...fresh, id: snapshot.metadata.id };
  const newSchema = parseSchemaString(metadata.schemaString);
  const { protocol } = deriveProtocol(definitionProperties(def), newSchema, snapshot.protocol);
  // a table clustered before and not now keeps the feature, with no clustering columns, as Delta replaces one
  const unclustered = domains.length === 0 && clusteringColumns(snapshot) !== undefined;
  const clustering = unclustered ? [clusteringDomain([], newSchema, columnMappingMode(protocol, metadata), metadata.configuration)] : domains;
  const { written, numRecords, metrics } =
    selectSql === undefined ? { written: [], numRecords: 0, metrics: { numFiles: 0, numOutputRows: 0, numOutputBytes: 0 } } : await writeQueryRows(root, conn, selectSql, protocol, metadata);
  const version = snapshot.version + 1;
  const commitInfo = buildCommitInfo({
    operation: def.operation ?? (selectSql === undefined ? "CREATE OR REPLACE TABLE" : "CREATE OR REPLACE TABLE AS SELECT"),
    operationParameters: createParameters(metadata, def.clusterBy),
    operationMetrics: { ...metrics, numRemovedFiles: snapshot.files.length },
    readVersion: snapshot.version,
    isBlindAppend: false,
    base: snapshot,
  });
  const now = commitInfo.timestamp as number;
  const actions = [
    { commitInfo },
    { metaData: metadata },
    ...(protocolsEqual(protocol, snapshot.protocol) ? [] : [{ protocol }]),
    ...clustering.map((domainMetadata) => ({ domainMetadata })),
    ...snapshot.files.map((add) => ({ remove: removeOf(add, now) })),
    ...written.map((w) => ({ add: w.add })),
  ];
  if (!(await tryPublishCommit(root, version, serializeActions(actions)))) {
    await discardWritten(root, written.map((w) => w.relative));
    throw DeltaErrors.concurrentModification(root, `version ${version} was committed by another writer while this table was replaced; run it again`);
  }
  await checkpointIfDue(root, version, metadata.configuration);
  return { version, files: written.map((w) => w.add.path), numRecords, alreadyCommitted: false };
}

/** the query's rows written as data files of a table of this protocol and metadata (not committed), and the metrics of a write */
async function writeQueryRows(root: string, conn: DuckDBConnection, selectSql: string, protocol: Protocol, metadata: Metadata) {
  const schema = parseSchemaString(metadata.schemaString);
  const source = await sourceRelation(conn, selectSql, schema);
  const layout = { schema, partitionColumns: metadata.partitionColumns, columnMappingMode: columnMappingMode(protocol, metadata), properties: metadata.configuration };
  const written = await writeDataFiles(conn, root, layout, source.relation, "part", { notNull: source.notNull });
  const numRecords = written.reduce((n, w) => n + w.numRecords, 0);
  return { written, numRecords, metrics: { numFiles: written.length, numOutputRows: numRecords, numOutputBytes: written.reduce((n, w) => n + w.add.size, 0) } };
}
