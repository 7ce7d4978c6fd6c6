/**
 * A batch is one Delta commit of the dataset's table carrying a `txn` action: appId = the flow id,
 * version = the window's sequence number. A retried window finds its txn already in the table and
 * writes nothing, so a batch lands exactly once however often a run is retried. The table is
 * created by the first batch, with the types of what was mapped (BIGINT, DECIMAL and µs timestamps
 * kept as they are).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type AppendResult, DeltaError, duckDbTypeToDelta, openDeltaTable } from "../delta/index.js";
import type { StructType } from "../delta/index.js";

export async function commitBatch(
  conn: DuckDBConnection,
  tableRoot: string,
  selectSql: string,
  txn: { appId: string; version: number },
): Promise<AppendResult> {
  const table = openDeltaTable(tableRoot);
  if (!(await table.exists())) await createFrom(conn, tableRoot, selectSql);
  return table.append(conn, selectSql, { txn, operation: "WRITE", operationParameters: { batchFlowId: txn.appId, batchWindow: txn.version } });
}

async function createFrom(conn: DuckDBConnection, tableRoot: string, selectSql: string): Promise<void> {
  const described = await conn.runAndReadAll(`DESCRIBE ${selectSql}`);
  const schema: StructType = {
    type: "struct",
    fields: (described.getRowObjectsJson() as Array<{ column_name: string; column_type: string }>).map((c) => ({
      name: c.column_name,
      type: duckDbTypeToDelta(c.column_type),
      nullable: true,
      metadata: {},
    })),
  };
  try {
    await openDeltaTable(tableRoot).create({ schema, properties: { "delta.appendOnly": "false" } });
  } catch (error) {
    // another flow's first batch created it a moment ago: append to that table
    if (!(error instanceof DeltaError) || !(await openDeltaTable(tableRoot).exists())) throw error;
  }
}
