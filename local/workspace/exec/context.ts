/** What a statement runs with: the command's DuckDB connection, the context's session, the workspace parts. */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Logger } from "pino";
import type { Cluster } from "../cluster/cluster.js";
import type { Metastore } from "../catalog/metastore.js";
import type { TableLocations } from "../catalog/table-locations.js";
import type { TableResult } from "../results/table-result.js";
import type { Token } from "../sql/tokenizer.js";

/** a view as a query reads it: its query's tokens, the names CREATE VIEW gave its columns, the catalog and schema its names resolve in */
export interface ViewDefinition {
  name: string[];
  temporary: boolean;
  query: Token[];
  columns?: string[];
  resolvedIn: { catalog: string; schema: string };
}

/** per execution context, changed by USE, SET and CREATE TEMPORARY VIEW */
export interface Session {
  catalog: string;
  schema: string;
  /** the context's temporary views by lower-cased name */
  temporaryViews?: Map<string, ViewDefinition>;
  /** Spark SQL settings made by SET in this context; a SQL warehouse statement has none (SET is refused there) */
  conf?: Map<string, string>;
}

export interface WorkspaceParts {
  metastore: Metastore;
  /** where path-based and external tables may live */
  locations: TableLocations;
  cluster: Cluster;
  /** maps "acct.blob.core.windows.net" to the account's blob endpoint (path-style, with the account) */
  blobEndpointFor: (accountHost: string) => string;
  /** folder for temporary export files */
  tempDir: string;
  maxResultRows: number;
  /** the workspace's user, whom current_user() names */
  user: string;
  /** the shares that list this table by its name, as `share.schema.table` */
  sharedAs: (catalog: string, schema: string, table: string) => string[];
  /** a slow export, for tests: INSERT OVERWRITE DIRECTORY waits this long before each write (a part, then _SUCCESS) */
  exportWriteDelayMs?: number;
  logger: Logger;
  now: () => number;
  /** CREATE GLOBAL TEMPORARY VIEW's views by lower-cased name, read as global_temp.name from every context until the cluster restarts */
  globalTempViews: Map<string, ViewDefinition>;
}

export interface StatementContext {
  conn: DuckDBConnection;
  session: Session;
  parts: WorkspaceParts;
  signal: AbortSignal;
  /** the views whose queries are being read, outermost first (a view that names one of them is recursive) */
  viewChain?: ViewDefinition[];
  /** a SQL warehouse statement: runs the translated query into a spill file and returns its columns only */
  spillQuery?: (conn: DuckDBConnection, sql: string) => Promise<TableResult>;
  /** translate arithmetic and comparisons as DuckDB's own operators (TranslateContext.duckdbOperators) */
  duckdbOperators?: boolean;
}

/** the columns of a query without running it */
export async function describeQuery(conn: DuckDBConnection, sql: string) {
  const prepared = await conn.prepare(sql);
  try {
    return Array.from({ length: prepared.columnCount }, (_, k) => ({
      name: prepared.columnName(k),
      type: prepared.columnType(k),
    }));
  } finally {
    prepared.destroySync();
  }
}
