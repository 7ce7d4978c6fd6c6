/**
 * Table names → metastore entries and Delta tables, and the TranslateContext that turns table
 * references inside queries into Delta scan relations of the right snapshot, or a view's query.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { openDeltaTable, type DeltaTable, type Snapshot } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { isWasbLocation, wasbDeltaTable } from "../wasb/delta-location.js";
import type { TableEntry } from "../catalog/metastore.js";
import { Cursor } from "../sql/cursor.js";
import type { Name, TimeTravel, Tokens } from "../sql/statements.js";
import { tokenize } from "../sql/tokenizer.js";
import { translateQuery, type TranslateContext } from "../sql/translate.js";
import { holdsMap, quoteIdent, type SparkType, sparkSqlType } from "../sql/spark-types.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import type { Session, StatementContext, ViewDefinition } from "./context.js";
import { informationSchemaRelation } from "./information-schema.js";

export interface QualifiedName {
  catalog: string;
  schema: string;
  table: string;
}

export function qualify(name: Name, session: Session): QualifiedName {
  switch (name.length) {
    case 1:
      return { catalog: session.catalog, schema: session.schema, table: name[0] };
    case 2:
      return { catalog: session.catalog, schema: name[0], table: name[1] };
    case 3:
      return { catalog: name[0], schema: name[1], table: name[2] };
    default:
      throw sqlErrors.syntax(`'${name.join(".")}'`, "(a table name has at most three parts)");
  }
}

export const display = (q: QualifiedName) => [q.catalog, q.schema, q.table];

/**
 * Where ALTER TABLE | VIEW … RENAME TO puts a kept table or view of the schema `from` names: a name of that same schema (another is
 * refused, as Spark refuses it) that no table or view has
 */
export function renameTarget(ctx: StatementContext, from: { catalog: string; schema: string }, newName: Name, what: "table" | "view"): QualifiedName {
  const { metastore } = ctx.parts;
  const target = newName.length === 1 ? { catalog: from.catalog, schema: from.schema, table: newName[0] } : qualify(newName, ctx.session);
  if (metastore.canonicalCatalog(target.catalog) !== from.catalog || target.schema.toLowerCase() !== from.schema) throw sqlErrors.renameAcrossSchemas(what);
  if (metastore.findTable(target.catalog, target.schema, target.table) || metastore.findView(target.catalog, target.schema, target.table)) throw sqlErrors.tableExists(display(target));
  return target;
}

/** an absolute path (or file:/ URI) on this machine where tables and the files COPY INTO reads may be (TableLocations) */
export function localPath(ctx: StatementContext, location: string): string {
  const p = location.replace(/^file:(\/\/)?/, "");
  if (!path.isAbsolute(p)) {
    throw sqlErrors.unsupported(`The location '${location}' (only absolute paths on this machine, or file:/…)`);
  }
  return ctx.parts.locations.check(p);
}

/** delta.`/abs/path` or delta.`wasbs://…`: a Delta table by path, outside the metastore (allowed or not: see TableLocations) */
function pathTable(name: Name): string | undefined {
  if (name.length !== 2 || name[0].toLowerCase() !== "delta") return undefined;
  if (isWasbLocation(name[1])) return name[1];
  const p = name[1].replace(/^file:(\/\/)?/, "");
  return path.isAbsolute(p) ? p : undefined;
}

export interface ResolvedTable {
  name: string[];
  entry?: TableEntry;
  table: DeltaTable;
}

export function resolveTable(ctx: StatementContext, name: Name): ResolvedTable {
  const { metastore, locations } = ctx.parts;
  const byPath = pathTable(name);
  if (byPath && isWasbLocation(byPath)) return { name, table: wasbDeltaTable(ctx.parts, byPath) };
  if (byPath) {
    const root = locations.check(byPath);
    if (!existsSync(path.join(root, "_delta_log"))) throw sqlErrors.tableNotFound(name);
    return { name, table: openDeltaTable(root) };
  }
  const view = findView(ctx, name);
  if (view) throw sqlErrors.expectTableNotView(view.name);
  const q = qualify(name, ctx.session);
  const entry = metastore.findTable(q.catalog, q.schema, q.table);
  if (!entry) throw sqlErrors.tableNotFound(display(q));
  if (entry.type === "EXTERNAL" && isWasbLocation(entry.location)) {
    return { name: [entry.catalog, entry.schema, entry.name], entry, table: wasbDeltaTable(ctx.parts, entry.location) };
  }
  // an external table registered before its root was unlisted is out of reach as well
  const root = entry.type === "EXTERNAL" ? locations.check(entry.location) : entry.location;
  return { name: [entry.catalog, entry.schema, entry.name], entry, table: openDeltaTable(root) };
}

/**
 * The view a name names: a temporary view of a one-part name first, then the metastore's. Inside a permanent view's query no
 * temporary view is seen (Spark refuses a permanent view that names one), inside a temporary view's query not itself (Spark
 * keeps the plan it resolved when it was made, where its own name was the table's).
 */
/** the schema global temporary views are named in (Spark's spark.sql.globalTempDatabase) */
export const GLOBAL_TEMP = "global_temp";

/** global_temp.v's view name (lower case), for a two-part name in that schema */
export const globalTempName = (name: Name) => (name.length === 2 && name[0].toLowerCase() === GLOBAL_TEMP ? name[1].toLowerCase() : undefined);

export function findView(ctx: StatementContext, name: Name): ViewDefinition | undefined {
  const global = globalTempName(name);
  if (global !== undefined) return ctx.parts.globalTempViews.get(global);
  const chain = ctx.viewChain ?? [];
  if (name.length === 1 && chain.every((v) => v.temporary)) {
    const temporary = ctx.session.temporaryViews?.get(name[0].toLowerCase());
    if (temporary && !chain.includes(temporary)) return temporary;
  }
  if (name.length > 3) return undefined;
  const q = qualify(name, ctx.session);
  const entry = ctx.parts.metastore.findView(q.catalog, q.schema, q.table);
  return entry && { name: [entry.catalog, entry.schema, entry.name], temporary: false, query: entry.query, columns: entry.columns, resolvedIn: entry.resolvedIn };
}

/** the view's query translated as a relation, its columns named as CREATE VIEW named them; a view that reaches itself fails */
export async function viewRelation(ctx: StatementContext, view: ViewDefinition): Promise<string> {
  const chain = ctx.viewChain ?? [];
  const same = (v: ViewDefinition) => v.temporary === view.temporary && v.name.join(".") === view.name.join(".");
  if (chain.some(same)) throw sqlErrors.recursiveView([...chain, view].map((v) => v.name));
  const inView: StatementContext = { ...ctx, session: { ...ctx.session, ...view.resolvedIn }, viewChain: [...chain, view] };
  const query = await translate(inView, view.query);
  const columns = view.columns ? `(${view.columns.map(quoteIdent).join(", ")})` : "";
  return `(SELECT * FROM (${query}) AS spark_view${columns})`;
}

/** a query's columns and their Spark types, typed by DuckDB's binder alone: nothing is read */
async function typedColumns(ctx: StatementContext, query: string): Promise<{ name: string; type: SparkType }[]> {
  const prepared = await ctx.conn.prepare(query);
  try {
    return Array.from({ length: prepared.columnCount }, (_, k) => ({ name: prepared.columnName(k), type: duckToSpark(prepared.columnType(k)) }));
  } finally {
    prepared.destroySync();
  }
}

/** milliseconds of a timestamp SQL expression, evaluated by DuckDB (Spark casts the same way) */
async function timestampMillis(ctx: StatementContext, expr: string): Promise<number> {
  const reader = await ctx.conn.runAndReadAll(`SELECT CAST(epoch_ms(CAST((${expr}) AS TIMESTAMPTZ)) AS DOUBLE)`);
  const value = reader.getRows()[0]?.[0];
  if (typeof value !== "number") throw sqlErrors.timeTravel(`The timestamp expression ${expr} is not a timestamp`);
  return value;
}

/** the table's version a time travel names (its latest without one) */
export async function snapshotAt(ctx: StatementContext, table: DeltaTable, travel?: TimeTravel): Promise<Snapshot> {
  if (travel === undefined) return table.snapshot({});
  return table.snapshot("version" in travel ? { version: travel.version } : { timestamp: new Date(await timestampMillis(ctx, travel.timestamp)) });
}

export function translateContext(ctx: StatementContext): TranslateContext {
  return {
    currentCatalog: ctx.session.catalog,
    currentSchema: ctx.session.schema,
    currentUser: ctx.parts.user,
    duckdbOperators: ctx.duckdbOperators,
    table: async (name: Name, travel?: TimeTravel) => {
      const information = await informationSchemaRelation(ctx, name, {
        snapshot: (table) => resolveTable(ctx, table).table.snapshot({}),
        view: (view) => viewRelation(ctx, findView(ctx, view)!),
      });
      if (information !== undefined && travel !== undefined) throw sqlErrors.viewTimeTravel(name);
      if (information !== undefined) return information;
      const view = findView(ctx, name);
      if (view && travel !== undefined) throw sqlErrors.viewTimeTravel(view.name);
      if (view) return viewRelation(ctx, view);
      const { table } = resolveTable(ctx, name);
      return table.scanRelation(ctx.conn, await snapshotAt(ctx, table, travel));
    },
    changes: async (nameText: string, start: number | string, end?: number | string) => {
      const c = new Cursor(tokenize(nameText));
      const name = c.qualifiedName();
      if (!c.atEnd()) throw sqlErrors.syntax(`'${nameText}'`, "(table_changes takes a table name)");
      const { table } = resolveTable(ctx, name);
      const startVersion = typeof start === "number" ? start : await versionAt(ctx, table, start, "start");
      const endVersion = end === undefined ? undefined : typeof end === "number" ? end : await versionAt(ctx, table, end, "end");
      return table.changesRelation(ctx.conn, startVersion, endVersion);
    },
    mapColumn: async (query: string) => {
      const column = (await typedColumns(ctx, query)).find((c) => holdsMap(c.type));
      return column && { name: column.name, type: sparkSqlType(column.type) };
    },
    columns: (query: string) => typedColumns(ctx, query),
    bindError: async (query: string) => {
      try {
        (await ctx.conn.prepare(query)).destroySync();
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  };
}

/** table_changes bounds given as timestamps: the first commit at or after (start), the last at or before (end) */
async function versionAt(ctx: StatementContext, table: DeltaTable, expr: string, bound: "start" | "end"): Promise<number> {
  const ms = await timestampMillis(ctx, expr);
  const history = await table.history();
  const ordered = [...history].sort((a, b) => a.version - b.version);
  const hit = bound === "start" ? ordered.find((h) => h.timestamp >= ms) : [...ordered].reverse().find((h) => h.timestamp <= ms);
  if (!hit) throw sqlErrors.timeTravel(`No commit ${bound === "start" ? "at or after" : "at or before"} ${new Date(ms).toISOString()}`);
  return hit.version;
}

/** `asQuery` makes a query of a translated expression (`SELECT (e) FROM relation`), for DuckDB's binder to type its subscripts; called only when it has one */
export function translate(ctx: StatementContext, tokens: Tokens, asQuery?: (sql: string) => string | Promise<string>): Promise<string> {
  return translateQuery(tokens, translateContext(ctx), asQuery);
}
