import type { DuckDBConnection } from "@duckdb/node-api";
import type { AppendResult, TableDefinition } from "./api.js";
import { DeltaErrors } from "./errors.js";
import { newTableActions, createParameters } from "./table-metadata.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { parseSchemaString } from "./schema.js";
import { columnMappingMode } from "./protocol-support.js";
import { listLog } from "./log-listing.js";
import { discardWritten, writeDataFiles } from "./data-files.js";
import { schemaOfQuery, sourceRelation } from "./source-rows.js";

async function assertNoTable(root: string): Promise<void> {
  const exists = await listLog(root).then(
    () => true,
    () => false,
  );
  if (exists) throw DeltaErrors.tableAlreadyExists(root);
}

/** CREATE TABLE: version 0 with protocol and metaData. */
export async function createTable(root: string, def: TableDefinition): Promise<number> {
  await assertNoTable(root);
  const { protocol, metadata } = newTableActions(def);
  const commitInfo = buildCommitInfo({
    operation: def.operation ?? "CREATE TABLE",
    operationParameters: createParameters(metadata),
    isBlindAppend: true,
  });
  const content = serializeActions([{ commitInfo }, { metaData: metadata }, { protocol }]);
  if (!(await tryPublishCommit(root, 0, content))) throw DeltaErrors.tableAlreadyExists(root);
  return 0;
}

/** CREATE TABLE AS SELECT: table definition and data in one commit, as Spark does it. */
export async function createTableAsSelect(root: string, conn: DuckDBConnection, selectSql: string, def: Partial<TableDefinition> = {}): Promise<AppendResult> {
  await assertNoTable(root);
  const schema = def.schema ?? (await schemaOfQuery(conn, selectSql));
  const { protocol, metadata } = newTableActions({ ...def, schema });
  const tableSchema = parseSchemaString(metadata.schemaString);
  const source = await sourceRelation(conn, selectSql, tableSchema);
  const layout = {
    schema: tableSchema,
    partitionColumns: metadata.partitionColumns,
    columnMappingMode: columnMappingMode(protocol, metadata),
    properties: metadata.configuration,
  };
  const written = await writeDataFiles(conn, root, layout, source.relation, "part", { notNull: source.notNull });
  const numRecords = written.reduce((n, w) => n + w.numRecords, 0);
  const commitInfo = buildCommitInfo({
    operation: def.operation ?? "CREATE TABLE AS SELECT",
    operationParameters: createParameters(metadata),
    operationMetrics: {
      numFiles: written.length,
      numOutputRows: numRecords,
      numOutputBytes: written.reduce((n, w) => n + w.add.size, 0),
    },
    isBlindAppend: true,
  });
  const actions = [{ commitInfo }, { metaData: metadata }, { protocol }, ...written.map((w) => ({ add: w.add }))];
  if (!(await tryPublishCommit(root, 0, serializeActions(actions)))) {
    await discardWritten(root, written.map((w) => w.relative));
    throw DeltaErrors.tableAlreadyExists(root);
  }
  return { version: 0, files: written.map((w) => w.add.path), numRecords, alreadyCommitted: false };
}
