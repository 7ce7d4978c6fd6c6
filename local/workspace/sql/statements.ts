/** The statements of the supported Spark SQL subset, as the parser hands them to the executor. */
import type { Token } from "./tokenizer.js";
import type { SparkField, SparkType } from "./spark-types.js";

/** A query (or expression) kept as tokens, ending with an eof token; the translator turns it into DuckDB SQL. */
export type Tokens = Token[];

/** A table name as written: 1 to 3 parts, or a path table delta.`/abs/path` */
export type Name = string[];

/** a table's version as a query or a CLONE names it: VERSION AS OF n, or TIMESTAMP AS OF an expression (SQL text) */
export type TimeTravel = { version: number } | { timestamp: string };

export type Statement =
  | { kind: "showCatalogs"; pattern?: string }
  | { kind: "showSchemas"; catalog?: string; pattern?: string }
  | { kind: "showTables"; schema?: Name; pattern?: string }
  | { kind: "showViews"; schema?: Name; pattern?: string }
  | { kind: "showTblProperties"; table: Name; key?: string }
  | { kind: "showColumns"; table: Name }
  | { kind: "showPartitions"; table: Name; partition?: { column: string; value: Tokens }[] }
  | { kind: "showCreateTable"; table: Name }
  /** CACHE TABLE t, UNCACHE TABLE t, REFRESH TABLE t, CLEAR CACHE (no table): nothing to do here but find the table */
  | { kind: "cache"; table?: Name; ifExists?: boolean }
  | { kind: "describeTable"; table: Name; extended: boolean; column?: Name }
  | { kind: "describeDetail"; table: Name }
  | { kind: "describeQuery"; query: Tokens }
  | { kind: "describeSchema"; schema: Name; extended: boolean }
  | { kind: "showCurrentSchema" }
  | { kind: "showTableExtended"; schema?: Name; pattern: string }
  | { kind: "describeHistory"; table: Name; limit?: number }
  | { kind: "query"; query: Tokens }
  | { kind: "use"; target: "catalog" | "schema"; name: Name }
  /** SET (list), SET key (show) or SET key=value */
  | { kind: "setConf"; key?: string; value?: string }
  | { kind: "createCatalog"; name: string; ifNotExists: boolean; comment?: string }
  | { kind: "createSchema"; name: Name; ifNotExists: boolean; comment?: string; properties?: Record<string, string> }
  | CreateTable
  | { kind: "dropTable"; name: Name; ifExists: boolean }
  | CreateView
  | { kind: "dropView"; name: Name; ifExists: boolean }
  /** ALTER VIEW v AS query */
  | { kind: "alterView"; name: Name; query: Tokens }
  | { kind: "renameView"; name: Name; newName: Name }
  | { kind: "dropSchema"; name: Name; ifExists: boolean; cascade: boolean }
  | Insert
  | { kind: "truncate"; table: Name }
  | { kind: "insertOverwriteDirectory"; path: string; format: string; options: Record<string, string>; query: Tokens }
  | { kind: "delete"; table: Name; where?: Tokens }
  | Update
  | Merge
  | { kind: "setProperties"; table: Name; properties: Record<string, string> }
  | { kind: "unsetProperties"; table: Name; keys: string[]; ifExists: boolean }
  | { kind: "renameTable"; name: Name; newName: Name }
  /** ALTER TABLE … CLUSTER BY (cols) | NONE (no columns) */
  | { kind: "clusterBy"; table: Name; columns: string[][] }
  | { kind: "addColumns"; table: Name; columns: AddedColumn[] }
  | { kind: "renameColumn"; table: Name; column: Name; newName: string }
  /** ALTER TABLE … ALTER|CHANGE [COLUMN] c …, and COMMENT ON COLUMN */
  | { kind: "alterColumn"; table: Name; column: Name; change: ColumnChange }
  /** ALTER TABLE … ADD CONSTRAINT name CHECK (condition) */
  | { kind: "addConstraint"; table: Name; name: string; check: Tokens }
  | { kind: "dropConstraint"; table: Name; name: string; ifExists: boolean }
  | { kind: "addKey"; table: Name; key: KeyConstraint }
  | { kind: "dropKey"; table: Name; key: "PRIMARY KEY" | { foreignKey: string[] }; ifExists: boolean; cascade: boolean }
  /** COMMENT ON TABLE t IS '…' | NULL */
  | { kind: "commentOnTable"; table: Name; comment: string | null }
  | { kind: "commentOnNamespace"; target: "schema" | "catalog"; name: Name; comment: string | null }
  | { kind: "setSchemaProperties"; schema: Name; properties: Record<string, string> }
  | { kind: "describeCatalog"; catalog: string; extended: boolean }
  | { kind: "dropColumns"; table: Name; columns: Name[]; ifExists: boolean }
  | { kind: "restore"; table: Name; version: number }
  | { kind: "vacuum"; table: Name; retainHours?: number; dryRun: boolean }
  | { kind: "optimize"; table: Name; zOrderBy: string[] }
  | { kind: "reorgPurge"; table: Name }
  | { kind: "explain"; query: Tokens }
  /** ANALYZE TABLE … COMPUTE STATISTICS: the table's size (and rows, unless NOSCAN), and the columns' statistics it names */
  | { kind: "analyze"; table: Name; columns: "none" | "all" | string[]; scan: boolean }
  | { kind: "convertToDelta"; location: string; collectStats: boolean; partitionedBy: SparkField[] }
  | {
      kind: "copyInto";
      table: Name;
      /** BY POSITION, or (column, …): a headerless CSV's columns into the table's by their order, not by name */
      target?: "position" | string[];
      /** the expressions of (SELECT … FROM 'location'), over the files' columns */
      select?: Tokens;
      location: string;
      /** VALIDATE [ALL | n ROWS]: the rows checked as the load would check them, nothing written */
      validate?: { rows?: number };
      format: string;
      files?: string[];
      pattern?: string;
      formatOptions: Record<string, string>;
      copyOptions: Record<string, string>;
    };

export interface CreateTable {
  kind: "createTable";
  name: Name;
  ifNotExists: boolean;
  orReplace: boolean;
  columns?: SparkField[];
  /** informational PRIMARY KEY and FOREIGN KEY constraints among the columns, or on one of them */
  keys?: KeyConstraint[];
  format: string;
  partitionedBy: string[];
  /** CREATE TABLE … LIKE source: its definition, no rows */
  like?: Name;
  /** CREATE TABLE … [SHALLOW | DEEP] CLONE source [VERSION | TIMESTAMP AS OF …] */
  clone?: { source: Name; shallow: boolean; travel?: TimeTravel };
  /** CLUSTER BY's columns, each a path of names (`s.f` is ["s", "f"]) */
  clusterBy?: string[][];
  location?: string;
  comment?: string;
  properties: Record<string, string>;
  asQuery?: Tokens;
}

/**
 * An informational (not enforced) constraint as written: `[CONSTRAINT name] PRIMARY KEY (cols)` or `[CONSTRAINT name] FOREIGN KEY
 * (cols) REFERENCES parent [(cols)]`; `rely` is its RELY option
 */
export type KeyConstraint =
  | { kind: "PRIMARY KEY"; name?: string; columns: string[]; rely: boolean }
  | { kind: "FOREIGN KEY"; name?: string; columns: string[]; parent: Name; parentColumns?: string[]; rely: boolean };

/** CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] name [(col [COMMENT …], …)] [COMMENT …] [TBLPROPERTIES (…)] AS query */
export interface CreateView {
  kind: "createView";
  name: Name;
  orReplace: boolean;
  ifNotExists: boolean;
  temporary: boolean;
  /** GLOBAL TEMPORARY: shared by every context, named global_temp.name */
  global?: boolean;
  columns?: string[];
  comment?: string;
  query: Tokens;
}

/** What ALTER COLUMN changes of a column: its type, its comment (null: none), whether it may hold NULL, or its place among its siblings */
export type ColumnChange =
  | { type: SparkType }
  | { comment: string | null }
  | { nullable: boolean }
  | { position: { first: true } | { after: string } }
  /** SET DEFAULT's expression as Spark SQL text, or DROP DEFAULT's null */
  | { default: string | null }
  /** SYNC IDENTITY: an identity column's high-water mark moved past the values the table holds */
  | { syncIdentity: true };

/** A column of ALTER TABLE … ADD COLUMNS: `path` is its parent struct's path as written (empty for a top-level column) */
export interface AddedColumn {
  path: Name;
  field: SparkField;
  position?: { first: true } | { after: string };
}

/** INSERT INTO, or INSERT OVERWRITE (the query's rows replace the table's) */
export interface Insert {
  kind: "insert";
  table: Name;
  columns?: string[];
  /** INSERT … BY NAME: the query's columns go to the table's columns of their names */
  byName?: boolean;
  /** INSERT … PARTITION (p = v, q, …): partition columns with their values, the query giving the others (q's too) */
  partition?: { column: string; value?: Tokens }[];
  /** INSERT INTO … REPLACE WHERE predicate query */
  replaceWhere?: Tokens;
  query: Tokens;
  overwrite: boolean;
}

/** UPDATE table [[AS] alias] SET col = expr, … [WHERE cond]; targets and expressions as written (qualifiers kept) */
export interface Update {
  kind: "update";
  table: Name;
  alias?: string;
  assignments: { target: Name; value: Tokens }[];
  where?: Tokens;
}

/** MERGE INTO target [[AS] alias] USING source [[AS] alias] ON cond WHEN …; expressions as written */
export interface Merge {
  kind: "merge";
  target: Name;
  targetAlias?: string;
  /** the source as a query: a table name becomes SELECT * FROM it */
  source: Tokens;
  /** the source's table name, when it is one (its alias by default) */
  sourceTable?: Name;
  sourceAlias?: string;
  on: Tokens;
  clauses: MergeWhen[];
  /** MERGE WITH SCHEMA EVOLUTION: `UPDATE SET *` and `INSERT *` add the source's columns the table lacks */
  schemaEvolution: boolean;
}

export type MergeWhen = { when: "matched" | "notMatched" | "notMatchedBySource"; condition?: Tokens } & (
  | { action: "delete" }
  /** `*`: every column of the target from the source's column of its name */
  | { action: "update"; set: { target: Name; value: Tokens }[] | "*" }
  | { action: "insert"; columns: string[] | "*"; values: Tokens[] }
);
