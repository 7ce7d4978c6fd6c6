/**
 * The metastore: catalogs, schemas, tables with where each table's Delta folder lives, and views. Managed
 * tables sit in the warehouse folder (<warehouse>/<catalog>/<schema>.db/<table>); external tables
 * point at a Delta folder elsewhere on this machine. Names are kept lower-case, as Hive and Unity
 * Catalog do. The state is one JSON file, rewritten atomically on every change; changes are
 * serialised in-process by `mutate`.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sqlErrors } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../json-file.js";
import type { Token } from "../sql/tokenizer.js";

export interface CatalogEntry {
  name: string;
  createdAt: number;
  comment?: string;
}
export interface SchemaEntry {
  catalog: string;
  name: string;
  createdAt: number;
  comment?: string;
  /** what ALTER SCHEMA … SET DBPROPERTIES set */
  properties?: Record<string, string>;
}
export interface TableEntry {
  catalog: string;
  schema: string;
  name: string;
  type: "MANAGED" | "EXTERNAL";
  location: string;
  createdAt: number;
  comment?: string;
  /** informational PRIMARY KEY and FOREIGN KEY constraints (exec/key-constraints.ts) */
  keys?: StoredKey[];
  /** what ANALYZE TABLE computed last (exec/statistics.ts) */
  statistics?: TableStatistics;
}
/** A table's statistics as ANALYZE TABLE left them: its size, its rows (unless NOSCAN) and the columns it was asked for */
export interface TableStatistics {
  sizeInBytes: number;
  rows?: number;
  columns?: Record<string, ColumnStatistics>;
}
/** One column's statistics, as DESCRIBE TABLE EXTENDED t column shows them */
export type ColumnStatistics = Record<"min" | "max" | "num_nulls" | "distinct_count" | "avg_col_len" | "max_col_len", string | null>;
/** An informational key constraint as the catalog keeps it: named, its columns as the table names them, a foreign key's parent resolved */
export type StoredKey =
  | { kind: "PRIMARY KEY"; name: string; columns: string[]; rely: boolean }
  | { kind: "FOREIGN KEY"; name: string; columns: string[]; parent: string[]; parentColumns: string[]; rely: boolean };
/** A view: its query's tokens as written, read again where a query names the view, with the catalog and schema current when it was made */
export interface ViewEntry {
  catalog: string;
  schema: string;
  name: string;
  query: Token[];
  /** the names CREATE VIEW gave its columns, if it gave any */
  columns?: string[];
  /** the catalog and schema the query's unqualified names resolve in */
  resolvedIn: { catalog: string; schema: string };
  createdAt: number;
  comment?: string;
}
interface MetastoreState {
  catalogs: CatalogEntry[];
  schemas: SchemaEntry[];
  tables: TableEntry[];
  views?: ViewEntry[];
}

/** Databricks' name for the Hive metastore catalog as seen from Spark APIs */
const CATALOG_ALIASES: Record<string, string> = { spark_catalog: "hive_metastore" };

export class Metastore {
  private state: MetastoreState;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    readonly warehouse: string,
    readonly defaultCatalog: string,
    now: number,
  ) {
    mkdirSync(warehouse, { recursive: true });
    this.state = readJsonFile<MetastoreState>(file) ?? { catalogs: [], schemas: [], tables: [] };
    if (!this.findCatalog(defaultCatalog)) {
      this.state.catalogs.push({ name: defaultCatalog, createdAt: now });
      this.state.schemas.push({ catalog: defaultCatalog, name: "default", createdAt: now });
      this.save();
    }
  }

  /** runs a change after every earlier one has finished */
  mutate<T>(change: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }

  canonicalCatalog(name: string): string {
    const lower = name.toLowerCase();
    return CATALOG_ALIASES[lower] ?? lower;
  }

  findCatalog(name: string): CatalogEntry | undefined {
    const n = this.canonicalCatalog(name);
    return this.state.catalogs.find((c) => c.name === n);
  }
  catalogs(): CatalogEntry[] {
    return [...this.state.catalogs].sort((a, b) => a.name.localeCompare(b.name));
  }
  requireCatalog(name: string): CatalogEntry {
    const c = this.findCatalog(name);
    if (!c) throw sqlErrors.catalogNotFound(name);
    return c;
  }

  findSchema(catalog: string, schema: string): SchemaEntry | undefined {
    const c = this.canonicalCatalog(catalog);
    const s = schema.toLowerCase();
    return this.state.schemas.find((e) => e.catalog === c && e.name === s);
  }
  schemas(catalog: string): SchemaEntry[] {
    const c = this.requireCatalog(catalog).name;
    return this.state.schemas.filter((s) => s.catalog === c).sort((a, b) => a.name.localeCompare(b.name));
  }
  requireSchema(catalog: string, schema: string): SchemaEntry {
    this.requireCatalog(catalog);
    const s = this.findSchema(catalog, schema);
    if (!s) throw sqlErrors.schemaNotFound([catalog, schema]);
    return s;
  }

  findTable(catalog: string, schema: string, table: string): TableEntry | undefined {
    const c = this.canonicalCatalog(catalog);
    const s = schema.toLowerCase();
    const t = table.toLowerCase();
    return this.state.tables.find((e) => e.catalog === c && e.schema === s && e.name === t);
  }
  tables(catalog: string, schema: string): TableEntry[] {
    const s = this.requireSchema(catalog, schema);
    return this.state.tables
      .filter((t) => t.catalog === s.catalog && t.schema === s.name)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  findView(catalog: string, schema: string, view: string): ViewEntry | undefined {
    const c = this.canonicalCatalog(catalog);
    const s = schema.toLowerCase();
    const v = view.toLowerCase();
    return (this.state.views ?? []).find((e) => e.catalog === c && e.schema === s && e.name === v);
  }
  views(catalog: string, schema: string): ViewEntry[] {
    const s = this.requireSchema(catalog, schema);
    return (this.state.views ?? []).filter((v) => v.catalog === s.catalog && v.schema === s.name).sort((a, b) => a.name.localeCompare(b.name));
  }
  /** adds the view, or replaces the one of its name */
  putView(entry: ViewEntry): void {
    const view = { ...entry, catalog: this.canonicalCatalog(entry.catalog), schema: entry.schema.toLowerCase(), name: entry.name.toLowerCase() };
    const others = (this.state.views ?? []).filter((e) => !(e.catalog === view.catalog && e.schema === view.schema && e.name === view.name));
    this.state.views = [...others, view];
    this.save();
  }
  /** the view under another name in its schema, in one save */
  renameView(entry: ViewEntry, name: string): void {
    this.state.views = [...(this.state.views ?? []).filter((e) => e !== entry), { ...entry, name: name.toLowerCase() }];
    this.save();
  }
  removeView(entry: ViewEntry): void {
    this.state.views = (this.state.views ?? []).filter((e) => e !== entry);
    this.save();
  }

  /** the folder of a schema's managed tables */
  schemaLocation(catalog: string, schema: string): string {
    return path.join(this.warehouse, this.canonicalCatalog(catalog), `${schema.toLowerCase()}.db`);
  }
  managedLocation(catalog: string, schema: string, table: string): string {
    return path.join(this.schemaLocation(catalog, schema), table.toLowerCase());
  }

  addCatalog(entry: CatalogEntry): void {
    this.state.catalogs.push({ ...entry, name: entry.name.toLowerCase() });
    this.state.schemas.push({ catalog: entry.name.toLowerCase(), name: "default", createdAt: entry.createdAt });
    this.save();
  }
  addSchema(entry: SchemaEntry): void {
    this.state.schemas.push({ ...entry, catalog: this.canonicalCatalog(entry.catalog), name: entry.name.toLowerCase() });
    this.save();
  }
  /** the schema's entry replaced by one with its comment (COMMENT ON SCHEMA) or properties changed (found in the same change: see mutate) */
  updateSchema(entry: SchemaEntry, changes: Partial<Pick<SchemaEntry, "comment" | "properties">>): void {
    this.state.schemas = this.state.schemas.map((e) => (e === entry ? { ...e, ...changes } : e));
    this.save();
  }
  /** the catalog's entry replaced by one with its comment changed (COMMENT ON CATALOG; found in the same change: see mutate) */
  updateCatalog(entry: CatalogEntry, changes: Partial<Pick<CatalogEntry, "comment">>): void {
    this.state.catalogs = this.state.catalogs.map((e) => (e === entry ? { ...e, ...changes } : e));
    this.save();
  }
  removeSchema(catalog: string, schema: string): void {
    const c = this.canonicalCatalog(catalog);
    const s = schema.toLowerCase();
    this.state.schemas = this.state.schemas.filter((e) => !(e.catalog === c && e.name === s));
    this.state.tables = this.state.tables.filter((e) => !(e.catalog === c && e.schema === s));
    this.state.views = (this.state.views ?? []).filter((e) => !(e.catalog === c && e.schema === s));
    this.save();
  }
  addTable(entry: TableEntry): void {
    this.state.tables.push({
      ...entry,
      catalog: this.canonicalCatalog(entry.catalog),
      schema: entry.schema.toLowerCase(),
      name: entry.name.toLowerCase(),
    });
    this.save();
  }
  /** every table of every catalog */
  allTables(): TableEntry[] {
    return [...this.state.tables];
  }
  /** the table's entry with its comment (CREATE OR REPLACE TABLE) or keys changed, in place */
  updateTable(entry: TableEntry, changes: Partial<Pick<TableEntry, "comment" | "keys" | "statistics">>): void {
    this.state.tables = this.state.tables.map((e) => (e === entry ? { ...e, ...changes } : e));
    this.save();
  }
  /** ALTER TABLE … RENAME TO: the entry under its new name (in its schema) and, a managed table's folder having moved, location */
  renameTable(entry: TableEntry, name: string, location: string): void {
    this.state.tables = [...this.state.tables.filter((e) => e !== entry), { ...entry, name: name.toLowerCase(), location }];
    this.save();
  }
  removeTable(entry: TableEntry): void {
    this.state.tables = this.state.tables.filter((e) => e !== entry);
    this.save();
  }

  private save(): void {
    writeJsonFile(this.file, this.state);
  }
}
