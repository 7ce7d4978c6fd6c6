import type { Checks } from "./check-constraints.js";
import type { ConstraintChange } from "./constraint-changes.js";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CommitInfo, Snapshot, StructField, StructType } from "./types.js";
import type { UnreferencedFile } from "./unreferenced-files.js";
import type { RenameSource } from "./renamed-files.js";
import type { DuckType } from "./duckdb-types.js";
import type { OptimizeResult } from "./optimize.js";
import type { Predicate } from "./predicate.js";

export interface TableDefinition {
  schema: StructType;
  partitionColumns?: string[];
  /** table properties (metaData.configuration); `delta.minReaderVersion`, `delta.minWriterVersion` and
   * `delta.feature.<name>=supported` shape the protocol instead, as in Spark */
  properties?: Record<string, string>;
  /** commitInfo.operation, default "CREATE TABLE" */
  operation?: string;
  /** metaData.name and metaData.description */
  name?: string;
  description?: string;
  /** liquid clustering columns, each a path of logical names (`[["a"], ["s", "f"]]`); never beside partitionColumns */
  clusterBy?: string[][];
}

export interface CloneOptions {
  shallow: boolean;
  /** the source as the statement names it, for the commit's operationParameters */
  sourceName: string;
  /** properties set on the clone beside the source's */
  properties?: Record<string, string>;
  /**
   * CREATE OR REPLACE … CLONE over an existing table: its next version becomes the clone, its history kept; a file it already holds
   * as the source does (same path, size and deletion vector) is neither copied again nor removed (Delta's incremental clone)
   */
  replace?: boolean;
}

/** CONVERT TO DELTA of a folder of Parquet files (convert.ts) */
export interface ConvertOptions {
  /** PARTITIONED BY's columns and types: the folders `col=value` the files are in */
  partitionColumns?: StructField[];
  /** statistics of each file in its add action (NO STATISTICS: false) */
  collectStats?: boolean;
  /** the new table's properties */
  properties?: Record<string, string>;
}

export interface CloneResult {
  version: number;
  sourceNumOfFiles: number;
  sourceTableSize: number;
  numCopiedFiles: number;
  copiedFilesSize: number;
}

export interface ReplaceWhereResult {
  version: number | null;
  deletedRows: number;
  insertedRows: number;
}

export interface AppendOptions {
  /** the DuckDB SQL of each of the table's CHECK constraints, which every appended row must make true (check-constraints.ts) */
  checks?: Checks;
  /**
   * identity columns whose values the append generates for every row (the query's values for them are not read), moving their
   * high-water marks in its commit (identity-columns.ts); a GENERATED ALWAYS column must be one of them
   */
  generateIdentity?: readonly string[];
  /** recorded as a `txn` action; if the table's txn for appId is already >= version, nothing is written */
  txn?: { appId: string; version: number };
  /** commitInfo.operation, default "WRITE" */
  operation?: string;
  /** extra commitInfo.operationParameters (merged over {mode: "Append", partitionBy}) */
  operationParameters?: Record<string, unknown>;
  /**
   * Spark's mergeSchema: query columns the table lacks (top-level, or fields of its structs) are added
   * to it as nullable columns by a metaData action in the append's commit; without it they are refused
   */
  mergeSchema?: boolean;
  /**
   * refuse (InexactCastError) a query column whose type the table's column cannot hold exactly, a
   * DECIMAL of larger scale for one, instead of letting the cast round or fail row by row
   */
  exactCasts?: boolean;
  /**
   * INSERT OVERWRITE: the commit also removes every file of the table it was read at (mode
   * "Overwrite"); a lost commit race fails with DELTA_CONCURRENT_MODIFICATION instead of retrying,
   * since the winner's rows would be removed unseen, as Spark fails it with a concurrent append
   */
  overwrite?: boolean;
}

export interface AppendResult {
  /** the version committed; for an already-committed txn, the version that committed it (or the latest version if that commit was cleaned up) */
  version: number;
  /** paths (as in the log) of the data files added */
  files: string[];
  numRecords: number;
  alreadyCommitted: boolean;
}

/** An append written a part at a time and committed as one version (one txn). */
export interface AppendInParts {
  /** set when the txn is already in the table: nothing is to be written, commit() returns this */
  readonly committed?: AppendResult;
  /** writes the rows of a query as data files of this append (stored, not yet visible); returns how many rows */
  write(conn: DuckDBConnection, selectSql: string): Promise<number>;
  /**
   * local Parquet files that hold exactly the table's columns under other names, as data files of this
   * append without decoding them (renamed-files.ts); undefined, with nothing written, when any is not
   */
  writeRenamed(conn: DuckDBConnection, sources: readonly RenameSource[]): Promise<{ rows: number; files: number } | undefined>;
  /** publishes every part written as one commit (a lost race retries at the next version, as append does) */
  commit(): Promise<AppendResult>;
  /** removes the parts written; nothing is committed */
  discard(): Promise<void>;
}

export interface DeleteResult {
  /** null when no row matched and nothing was committed */
  version: number | null;
  deletedRows: number;
}

export interface UpdateResult {
  /** null when no row matched and nothing was committed */
  version: number | null;
  updatedRows: number;
}

/** MERGE INTO: every SQL text is DuckDB's, over the target's and the source's columns qualified by their aliases */
export interface MergeSpec {
  /** a query: the source rows */
  source: string;
  targetAlias: string;
  sourceAlias: string;
  /** the merge condition */
  on: Predicate;
  /** in order: each joined row takes the first clause of its kind whose condition holds */
  clauses: MergeClause[];
  /** columns the table lacks (the source's, with their DuckDB types), added after its own in the MERGE's commit: schema evolution */
  addColumns?: readonly { name: string; type: DuckType }[];
  /** the DuckDB SQL of each of the table's CHECK constraints, which every row the MERGE writes must make true */
  checks?: Checks;
}

/** `set` and `values` map the table's column names to values; an UPDATE keeps, an INSERT nulls, the columns they leave out */
export type MergeClause =
  | { when: "matched" | "notMatchedBySource"; condition?: Predicate; action: "update"; set: Record<string, string> }
  | { when: "matched" | "notMatchedBySource"; condition?: Predicate; action: "delete" }
  | { when: "notMatched"; condition?: Predicate; action: "insert"; values: Record<string, string> };

export interface MergeResult {
  /** null when no row changed and nothing was committed */
  version: number | null;
  numAffectedRows: number;
  numTargetRowsUpdated: number;
  numTargetRowsDeleted: number;
  numTargetRowsInserted: number;
}

export interface DeltaTable {
  root: string;
  exists(): Promise<boolean>;
  /** throws DELTA_TABLE_NOT_FOUND if there is no table */
  latestVersion(): Promise<number>;
  snapshot(at?: { version?: number; timestamp?: Date }): Promise<Snapshot>;
  /** newest first */
  history(limit?: number): Promise<CommitInfo[]>;
  /** SQL text of a DuckDB relation (a temp view on conn) with the logical columns of the snapshot */
  scanRelation(conn: DuckDBConnection, snapshot: Snapshot): Promise<string>;
  /** change data feed between versions (inclusive): table columns + _change_type, _commit_version, _commit_timestamp */
  changesRelation(conn: DuckDBConnection, startVersion: number, endVersion?: number): Promise<string>;
  create(def: TableDefinition): Promise<number>;
  /** CREATE TABLE AS SELECT in one commit; the schema defaults to the query's */
  createAsSelect(conn: DuckDBConnection, selectSql: string, def?: Partial<TableDefinition>): Promise<AppendResult>;
  /** CREATE OR REPLACE TABLE [AS SELECT] over this table: the new definition and the query's rows in its next version, its history kept */
  replace(conn: DuckDBConnection, selectSql: string | undefined, def: Partial<TableDefinition>): Promise<AppendResult>;
  append(conn: DuckDBConnection, selectSql: string, opts?: AppendOptions): Promise<AppendResult>;
  /** an append written in parts (see AppendInParts): reads the table's state once, now */
  appendInParts(opts?: AppendOptions): Promise<AppendInParts>;
  /** append with a required txn: exactly-once per (appId, version); a replay returns the original commit with alreadyCommitted */
  appendOnce(conn: DuckDBConnection, selectSql: string, txn: { appId: string; version: number }, opts?: Omit<AppendOptions, "txn">): Promise<AppendResult>;
  /** the predicate's SQL is a DuckDB boolean expression over the logical column names; `alias` the name a subquery of it calls the table's rows by */
  deleteWhere(conn: DuckDBConnection, predicate: Predicate, alias?: string): Promise<DeleteResult>;
  /**
   * UPDATE … SET … WHERE …: `assignments` maps column names to DuckDB expressions over the logical columns; the predicate's SQL a
   * DuckDB boolean expression (undefined = every row); `alias` the name the expressions call the table's rows by, in a subquery (`t.id`).
   */
  updateWhere(conn: DuckDBConnection, assignments: Record<string, string>, predicate?: Predicate, alias?: string, checks?: Checks): Promise<UpdateResult>;
  merge(conn: DuckDBConnection, spec: MergeSpec): Promise<MergeResult>;
  /** OPTIMIZE [ZORDER BY (sortBy)]: each partition's files compacted into one, changing no data (see optimize.ts) */
  optimize(conn: DuckDBConnection, sortBy?: readonly string[]): Promise<OptimizeResult>;
  /** REORG TABLE … APPLY (PURGE): the files with deletion vectors written again without their deleted rows (optimize.ts) */
  purge(conn: DuckDBConnection): Promise<OptimizeResult>;
  /** CREATE TABLE … [SHALLOW | DEEP] CLONE: this (new) table made a copy of the source's version (clone.ts) */
  cloneOf(source: Snapshot, opts: CloneOptions): Promise<CloneResult>;
  /** CONVERT TO DELTA: this folder's Parquet files made the table's version 0, where they are (convert.ts) */
  convertFromParquet(conn: DuckDBConnection, opts: ConvertOptions): Promise<{ version: number; numFiles: number }>;
  /** INSERT … REPLACE WHERE (Delta's replaceWhere): the rows matching the predicate replaced by the query's, which must match it too, in one commit */
  replaceWhere(conn: DuckDBConnection, selectSql: string, predicate: Predicate, opts?: Pick<AppendOptions, "checks" | "generateIdentity">): Promise<ReplaceWhereResult>;
  /** INSERT OVERWRITE in dynamic partition overwrite mode: the partitions the query's rows fall in replaced by them, in one commit */
  overwritePartitions(conn: DuckDBConnection, selectSql: string, opts?: Pick<AppendOptions, "checks" | "generateIdentity">): Promise<ReplaceWhereResult>;
  /** ALTER TABLE … ADD | DROP CONSTRAINT (constraint-changes.ts); null when DROP … IF EXISTS drops nothing */
  changeConstraint(change: ConstraintChange, verify?: (snapshot: Snapshot) => Promise<void>): Promise<number | null>;
  /** ALTER TABLE … CLUSTER BY: the table clustered by these columns from its next version (none: no longer clustered) */
  clusterBy(columns: string[][]): Promise<number>;
  /** TRUNCATE TABLE: removes every data file in one commit; returns its version */
  truncate(): Promise<number>;
  setProperties(props: Record<string, string>): Promise<number>;
  /** ALTER TABLE UNSET TBLPROPERTIES [IF EXISTS] (properties.ts); returns the version committed */
  unsetProperties(keys: readonly string[], ifExists: boolean): Promise<number>;
  /**
   * Data files under the root that no commit or checkpoint of the log names (add, remove, cdc or
   * deletion vector): leftovers of writes that never committed. Files removed by a later commit
   * stay referenced while their commit is in the log (time travel reads them). `modifiedBefore`
   * (epoch ms) leaves out files written since, which a writer may be about to commit.
   */
  unreferencedFiles(options?: { modifiedBefore?: number }): Promise<UnreferencedFile[]>;
  /** deletes what unreferencedFiles finds (same options); returns what it deleted */
  removeUnreferencedFiles(options?: { modifiedBefore?: number }): Promise<UnreferencedFile[]>;
  txnVersion(appId: string): Promise<number | undefined>;
}
