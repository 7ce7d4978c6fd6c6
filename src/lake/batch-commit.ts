/**
 * A batch is one Delta commit of the dataset's table carrying a `txn` action: appId = the flow id,
 * version = the window's sequence number. A retried window finds its txn already in the table and
 * writes nothing, so a batch lands exactly once however often a run is retried. The table is
 * created by the first batch, with the types of what was mapped (BIGINT, DECIMAL and µs timestamps
 * kept as they are); a later batch whose rows carry fields the table lacks (fields added to the
 * dataset's schema since) adds them as nullable columns in its own commit. A column whose type changed
 * since (the source's type widened, DECIMAL(10,2) to DECIMAL(12,4)) is written only when each of its
 * values fits the dataset's column exactly; otherwise the window is refused before any row is written
 * (a MappingError naming the column), never rounded. A batch is written a part at a time (each part's
 * files stored as soon as they are complete) and committed once, so it never has to fit on the
 * worker's disk.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type AppendInParts, type AppendResult, DeltaError, deltaTypeToDuckDb, describeQuery, duckDbTypeToDelta, InexactCastError, openDeltaTable, renamesFitNewTable } from "../delta/index.js";
import type { RenameSource, StructType } from "../delta/index.js";
import { MappingError } from "../dataprep/mapping-types.js";

export interface BatchWriter {
  /** the batch's earlier commit when a retried window finds its txn in the table */
  alreadyCommitted(): AppendResult | undefined;
  /** the dataset's table exists (a first write creates it) */
  hasTable(): boolean;
  /** one part of the batch (rows of a query), stored at once; the first part of a new dataset creates its table */
  write(conn: DuckDBConnection, selectSql: string): Promise<number>;
  /**
   * local Parquet files holding exactly the table's columns under other names, as parts without
   * decoding them (`selectSql`, the same rows as a query, creates a new dataset's table); undefined
   * when they are not (nothing written)
   */
  writeRenamed(conn: DuckDBConnection, sources: readonly RenameSource[], selectSql: string): Promise<{ rows: number; files: number } | undefined>;
  /** every part as one commit with the batch's txn (after at least one write, or when alreadyCommitted) */
  commit(): Promise<AppendResult>;
  /** removes the parts written; nothing is committed */
  discard(): Promise<void>;
}

export async function openBatch(tableRoot: string, txn: { appId: string; version: number }): Promise<BatchWriter> {
  const table = openDeltaTable(tableRoot);
  // a field added to the dataset's schema since the table was created becomes its column in this batch's commit
  const options = { txn, operation: "WRITE", operationParameters: { batchFlowId: txn.appId, batchWindow: txn.version }, mergeSchema: true, exactCasts: true };
  let append: AppendInParts | undefined = (await table.exists()) ? await table.appendInParts(options) : undefined;
  /** the append, the dataset's table first created with `schema` when there is none */
  const started = async (schema: () => Promise<StructType>) => {
    if (!append) {
      await createTable(tableRoot, await schema());
      append = await table.appendInParts(options);
    }
    return append;
  };
  return {
    alreadyCommitted: () => append?.committed,
    hasTable: () => append !== undefined,
    write: async (conn, selectSql) => (await started(() => schemaOf(conn, selectSql))).write(conn, selectSql).catch(refuseTypeChange),
    writeRenamed: async (conn, sources, selectSql) => {
      // a new dataset's table is created only for files that will be renamed into it
      const schema = append ? undefined : await schemaOf(conn, selectSql);
      if (schema && !(await renamesFitNewTable(tableRoot, schema, NEW_TABLE_PROPERTIES, sources))) return undefined;
      return (await started(async () => schema ?? schemaOf(conn, selectSql))).writeRenamed(conn, sources);
    },
    commit: async () => {
      if (!append) throw new Error("internal: a batch commits after its first part");
      return append.commit();
    },
    discard: async () => append?.discard(),
  };
}

/** The batch as one query, in one part. */
export async function commitBatch(
  conn: DuckDBConnection,
  tableRoot: string,
  selectSql: string,
  txn: { appId: string; version: number },
): Promise<AppendResult> {
  const batch = await openBatch(tableRoot, txn);
  const earlier = batch.alreadyCommitted();
  if (earlier) return earlier;
  try {
    await batch.write(conn, selectSql);
  } catch (e) {
    await batch.discard();
    throw e;
  }
  return batch.commit();
}

/** A column type the dataset cannot hold exactly: what the flow's owner can do about it, in the dataset's terms. */
function refuseTypeChange(error: unknown): never {
  if (!(error instanceof InexactCastError)) throw error;
  const [stored, incoming] = [deltaTypeToDuckDb(error.tableType), deltaTypeToDuckDb(error.incomingType)];
  throw new MappingError(
    `The source column mapped to dataset field ${error.column} is ${incoming} in this window, but the dataset stores that field as ${stored} ` +
      `(the type of its first batch), which cannot hold every ${incoming} value exactly; nothing of this window was written, so no value was rounded. ` +
      `Ingest into a new dataset; or map the column to a string field (its exact digits) or to a new field, which takes the type ${incoming}: ` +
      "add the field to the dataset's schema (PATCH its field group or schema in the Schema Registry), map the column to it in a new version of the flow's mapping set " +
      "(PUT /data/foundation/conversion/mappingSets/{id}), point the flow at that version (PATCH /data/foundation/flowservice/flows/{id}, its Mapping transformation's mappingVersion), " +
      "then re-trigger this run: rows the flow ingested before are not read again.",
  );
}

const NEW_TABLE_PROPERTIES = { "delta.appendOnly": "false" };

/** A new dataset's table: the columns of the first batch's rows, every one nullable. */
async function schemaOf(conn: DuckDBConnection, selectSql: string): Promise<StructType> {
  return {
    type: "struct",
    fields: (await describeQuery(conn, selectSql)).map((c) => ({
      name: c.name,
      type: duckDbTypeToDelta(c.type),
      nullable: true,
      metadata: {},
    })),
  };
}

async function createTable(tableRoot: string, schema: StructType): Promise<void> {
  try {
    await openDeltaTable(tableRoot).create({ schema, properties: NEW_TABLE_PROPERTIES });
  } catch (error) {
    // another flow's first batch created it a moment ago: append to that table
    if (!(error instanceof DeltaError) || !(await openDeltaTable(tableRoot).exists())) throw error;
  }
}
