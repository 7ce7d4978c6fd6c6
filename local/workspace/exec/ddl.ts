/** CREATE CATALOG / SCHEMA / TABLE, DROP, ALTER TABLE … SET TBLPROPERTIES and USE. */
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { clusteringColumns, IDENTITY_HIGH_WATER_MARK, openDeltaTable, withoutColumnMapping, type DeltaTable, type TableDefinition } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { isWasbLocation, wasbDeltaTable } from "../wasb/delta-location.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { emptyResult, sparkColumnName, type TableResult } from "../results/table-result.js";
import type { SparkField } from "../sql/spark-types.js";
import type { SchemaEntry, TableEntry } from "../catalog/metastore.js";
import type { CreateTable, Name } from "../sql/statements.js";
import { describeQuery, type StatementContext } from "./context.js";
import { display, findView, localPath, qualify, renameTarget, resolveTable, snapshotAt, translate, viewRelation, type QualifiedName } from "./resolve.js";
import { castToSchema, engineFailure } from "./dml.js";
import { checkDefaultValue } from "./column-defaults.js";
import { checkGenerationExpressions } from "./generated-columns.js";
import { newKeys } from "./key-constraints.js";
import { defaultOf } from "../sql/column-defaults.js";

/** Databricks turns deletion vectors on for new Delta tables */
const NEW_TABLE_DEFAULTS: Record<string, string> = { "delta.enableDeletionVectors": "true" };

export async function createCatalog(ctx: StatementContext, name: string, ifNotExists: boolean, comment?: string): Promise<TableResult> {
  const { metastore } = ctx.parts;
  return metastore.mutate(() => {
    if (metastore.findCatalog(name)) {
      if (ifNotExists) return emptyResult();
      throw sqlErrors.catalogExists(name);
    }
    metastore.addCatalog({ name, createdAt: ctx.parts.now(), comment });
    return emptyResult();
  });
}

export async function createSchema(ctx: StatementContext, name: Name, ifNotExists: boolean, comment?: string, properties?: Record<string, string>): Promise<TableResult> {
  if (name.length > 2) throw sqlErrors.syntax(`'${name.join(".")}'`, "(a schema name has at most two parts)");
  const catalog = name.length === 2 ? name[0] : ctx.session.catalog;
  const schema = name[name.length - 1];
  const { metastore } = ctx.parts;
  return metastore.mutate(() => {
    metastore.requireCatalog(catalog);
    if (metastore.findSchema(catalog, schema)) {
      if (ifNotExists) return emptyResult();
      throw sqlErrors.schemaExists([catalog, schema]);
    }
    metastore.addSchema({ catalog, name: schema, createdAt: ctx.parts.now(), comment, ...(properties ? { properties } : {}) });
    return emptyResult();
  });
}


export async function createTable(ctx: StatementContext, s: CreateTable): Promise<TableResult> {
  const q = qualify(s.name, ctx.session);
  const { metastore } = ctx.parts;
  if (s.columns && s.asQuery) {
    throw sqlErrors.syntax("AS", "(Operation not allowed: Schema may not be specified in a Create Table As Select (CTAS) statement)");
  }
  return metastore.mutate(async () => {
    metastore.requireSchema(q.catalog, q.schema);
    const existing = metastore.findTable(q.catalog, q.schema, q.table);
    if (existing || metastore.findView(q.catalog, q.schema, q.table)) {
      if (s.ifNotExists) return emptyResult();
      if (s.orReplace && existing && s.clone) return replaceWithClone(ctx, s, s.clone, existing);
      if (s.orReplace && existing) return replaceTable(ctx, s, existing);
      if (s.orReplace) throw sqlErrors.expectTableNotView(display(q));
      throw sqlErrors.tableExists(display(q));
    }
    const external = s.location !== undefined;
    const named = { catalog: metastore.canonicalCatalog(q.catalog), schema: q.schema.toLowerCase(), name: q.table.toLowerCase() };
    const keys = s.keys ? await newKeys(ctx, named, s.columns ?? [], s.keys) : undefined;
    const remote = external && isWasbLocation(s.location!);
    const root = remote ? s.location!.trim() : external ? localPath(ctx, s.location!) : metastore.managedLocation(q.catalog, q.schema, q.table);
    const table = remote ? wasbDeltaTable(ctx.parts, root) : openDeltaTable(root);
    const logExists = remote ? await table.exists() : existsSync(path.join(root, "_delta_log"));

    if (external && logExists) {
      // bring an existing Delta folder into the metastore as it is
      if (s.asQuery || s.like || s.clone) throw sqlErrors.delta(`Cannot create table ${display(q).join(".")}: the location ${root} already holds a Delta table (DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION)`);
      if (Object.keys(s.properties).length > 0 || s.partitionedBy.length > 0) {
        throw sqlErrors.unsupported("TBLPROPERTIES or PARTITIONED BY on CREATE TABLE over an existing Delta location (use ALTER TABLE … SET TBLPROPERTIES)");
      }
      const snapshot = await table.snapshot({});
      if (s.columns) checkSameColumns(s.columns, snapshot.schema.fields.map((f) => f.name), display(q));
    } else {
      if (!external && logExists) {
        throw sqlErrors.delta(`Cannot create table ${display(q).join(".")}: the managed location ${root} is not empty (DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION)`);
      }
      if (!s.columns && !s.asQuery && !s.like && !s.clone) {
        throw external ? sqlErrors.noTxnLog(display(q), root) : sqlErrors.schemaNotGiven();
      }
      await createDeltaTable(ctx, s, table, root, external);
    }
    metastore.addTable({
      catalog: q.catalog,
      schema: q.schema,
      name: q.table,
      type: external ? "EXTERNAL" : "MANAGED",
      location: root,
      createdAt: ctx.parts.now(),
      comment: s.comment,
      ...(keys ? { keys } : {}),
    });
    return emptyResult();
  });
}

/**
 * CREATE TABLE's DEFAULT clauses, checked as Spark and Delta check them: the table must name the allowColumnDefaults feature, and
 * each default must be a value of its column's type that needs no row (a constant, or a function such as current_date())
 */
async function checkNewDefaults(ctx: StatementContext, fields: readonly SparkField[], properties: Record<string, string>): Promise<void> {
  const declared = fields.filter((f) => defaultOf(f) !== undefined);
  if (declared.length === 0) return;
  if (!["supported", "enabled"].includes((properties["delta.feature.allowColumnDefaults"] ?? "").toLowerCase())) throw sqlErrors.columnDefaultsNotEnabled();
  for (const field of declared) await checkDefaultValue(ctx, field, defaultOf(field)!, "CREATE TABLE");
}

/** the new table's definition and, for CREATE TABLE … AS SELECT, the query that writes its rows in its columns */
async function newDefinition(ctx: StatementContext, s: CreateTable): Promise<{ definition: TableDefinition; select?: string }> {
  let fields = s.columns ?? [];
  let select: string | undefined;
  if (s.asQuery) {
    const query = await translate(ctx, s.asQuery);
    const columns = await describeQuery(ctx.conn, query);
    fields = fieldsOf(columns);
    select = castToSchema(query, fields, fields.map((_, k) => k));
  }
  const properties = { ...NEW_TABLE_DEFAULTS, ...s.properties };
  await checkNewDefaults(ctx, fields, properties);
  await checkGenerationExpressions(ctx, fields);
  return { definition: { partitionColumns: s.partitionedBy, clusterBy: s.clusterBy, properties, description: s.comment, schema: { type: "struct", fields } }, select };
}

/**
 * CREATE OR REPLACE TABLE over a table: its next version has the new definition and the query's rows (none without one), its
 * history kept, as on Databricks; its location stays (another one is refused)
 */
/** CREATE OR REPLACE TABLE … CLONE over a table: Delta's incremental clone, the table's history kept */
async function replaceWithClone(ctx: StatementContext, s: CreateTable, clone: NonNullable<CreateTable["clone"]>, entry: TableEntry): Promise<TableResult> {
  if (s.location !== undefined && s.location.trim() !== entry.location) {
    throw sqlErrors.unsupported(`CREATE OR REPLACE TABLE at another location than the table's (${entry.location})`);
  }
  await cloneInto(ctx, clone, s, resolveTable(ctx, s.name).table, true);
  ctx.parts.metastore.updateTable(entry, { comment: s.comment });
  return emptyResult();
}

async function replaceTable(ctx: StatementContext, s: CreateTable, entry: TableEntry): Promise<TableResult> {
  if (s.location !== undefined && s.location.trim() !== entry.location) {
    throw sqlErrors.unsupported(`CREATE OR REPLACE TABLE at another location than the table's (${entry.location})`);
  }
  if (!s.columns && !s.asQuery) throw sqlErrors.schemaNotGiven();
  const { definition, select } = await newDefinition(ctx, s);
  const keys = await newKeys(ctx, entry, definition.schema.fields, s.keys ?? []);
  const { table } = resolveTable(ctx, s.name);
  try {
    await table.replace(ctx.conn, select, { ...definition, operation: select ? "CREATE OR REPLACE TABLE AS SELECT" : "CREATE OR REPLACE TABLE" });
  } catch (e) {
    throw engineFailure(e) ?? e;
  }
  ctx.parts.metastore.updateTable(entry, { comment: s.comment, keys: keys.length ? keys : undefined });
  return emptyResult();
}

async function createDeltaTable(
  ctx: StatementContext,
  s: CreateTable,
  table: ReturnType<typeof openDeltaTable>,
  root: string,
  external: boolean,
): Promise<void> {
  try {
    if (s.clone) {
      await cloneInto(ctx, s.clone, s, table);
      return;
    }
    const { definition, select } = s.like ? await likeDefinition(ctx, s.like, s) : await newDefinition(ctx, s);
    // CTAS is one commit (version 0), as on Databricks
    if (select) await table.createAsSelect(ctx.conn, select, { ...definition, operation: "CREATE TABLE AS SELECT" });
    else await table.create({ ...definition, operation: "CREATE TABLE" });
  } catch (e) {
    // a managed table that failed half-way leaves nothing behind
    if (!external) await rm(root, { recursive: true, force: true });
    throw e;
  }
}

/**
 * CREATE TABLE … CLONE: version 0 holds the source version's definition and files, copied (DEEP) or named where they are (SHALLOW);
 * CREATE OR REPLACE … CLONE over a table (`replace`) makes that its next version, copying only the files it lacks
 */
async function cloneInto(ctx: StatementContext, clone: NonNullable<CreateTable["clone"]>, s: CreateTable, table: DeltaTable, replace = false): Promise<void> {
  if (s.partitionedBy.length > 0 || s.clusterBy || s.asQuery) throw sqlErrors.syntax("CLONE", "(a clone has its source's columns, partitioning and clustering)");
  const { table: source, name } = resolveTable(ctx, clone.source);
  const snapshot = await snapshotAt(ctx, source, clone.travel);
  if (snapshot.root === table.root) throw sqlErrors.unsupported("CLONE of a table onto itself");
  await table.cloneOf(snapshot, { shallow: clone.shallow, sourceName: name.join("."), properties: s.properties, replace });
}

/**
 * CREATE TABLE … LIKE: the source's columns (with their comments and NOT NULL), partitioning, clustering and table properties (the
 * statement's own over them), and no rows; a view's columns as its query types them
 */
async function likeDefinition(ctx: StatementContext, like: Name, s: CreateTable): Promise<{ definition: TableDefinition; select?: string }> {
  const view = findView(ctx, like);
  if (view) {
    const fields = fieldsOf(await describeQuery(ctx.conn, await viewRelation(ctx, view)));
    return { definition: { schema: { type: "struct", fields }, properties: { ...NEW_TABLE_DEFAULTS, ...s.properties } } };
  }
  const snapshot = await resolveTable(ctx, like).table.snapshot({});
  const properties = Object.fromEntries(Object.entries(snapshot.metadata.configuration).filter(([key]) => !TABLE_OWN_PROPERTIES.test(key)));
  const clustering = clusteringColumns(snapshot);
  return {
    definition: {
      // an identity column of the new table starts again: the values the source handed out are not its own
      schema: withoutColumnMapping(snapshot.schema, [IDENTITY_HIGH_WATER_MARK]),
      partitionColumns: snapshot.partitionColumns,
      clusterBy: clustering?.length ? clustering.map((c) => c.split(".")) : undefined,
      properties: { ...properties, ...s.properties },
      description: s.comment,
    },
  };
}

/** a new table's columns for a query's (CREATE TABLE AS SELECT, LIKE a view): Spark's names and types, nullable */
function fieldsOf(columns: Awaited<ReturnType<typeof describeQuery>>): SparkField[] {
  return columns.map((c) => ({ name: sparkColumnName(c.name), type: duckToSpark(c.type), nullable: true, metadata: {} }));
}

/** properties that describe one table's own history, not its definition */
const TABLE_OWN_PROPERTIES = /^delta\.(columnMapping\.maxColumnId|inCommitTimestampEnablement(Version|Timestamp))$/;

function checkSameColumns(declared: SparkField[], actual: string[], name: string[]): void {
  const a = actual.map((n) => n.toLowerCase()).join(",");
  const d = declared.map((f) => f.name.toLowerCase()).join(",");
  if (a !== d) {
    throw sqlErrors.delta(
      `The specified schema does not match the existing schema at the location of ${name.join(".")}: declared (${d}), existing (${a}) (DELTA_CREATE_TABLE_SCHEME_MISMATCH)`,
    );
  }
}

/** the metastore's table of that name, if any; a view of that name is refused, naming the statement for views */
function keptTable(ctx: StatementContext, q: QualifiedName, operation: string, forViews: string): TableEntry | undefined {
  const { metastore } = ctx.parts;
  const entry = metastore.findTable(q.catalog, q.schema, q.table);
  if (!entry && metastore.findView(q.catalog, q.schema, q.table)) throw sqlErrors.wrongCommandForObject(operation, "EXTERNAL or MANAGED", display(q), "VIEW", forViews);
  return entry;
}

export async function dropTable(ctx: StatementContext, name: Name, ifExists: boolean): Promise<TableResult> {
  const q = qualify(name, ctx.session);
  const { metastore } = ctx.parts;
  return metastore.mutate(async () => {
    const entry = keptTable(ctx, q, "DROP TABLE", "DROP VIEW");
    if (!entry) {
      if (ifExists) return emptyResult();
      throw sqlErrors.tableNotFound(display(q));
    }
    metastore.removeTable(entry);
    if (entry.type === "MANAGED") await rm(entry.location, { recursive: true, force: true });
    return emptyResult();
  });
}

/**
 * ALTER TABLE t RENAME TO u, within t's schema (a one-part new name is in it): the metastore entry renamed and, for a managed table, its
 * folder moved to the new name's managed location, as the Hive metastore moves it; the Delta log is not written. A table a share
 * lists by name is refused here (Unity Catalog shares follow the table; these settings name it).
 */
export async function renameTable(ctx: StatementContext, name: Name, newName: Name): Promise<TableResult> {
  const q = qualify(name, ctx.session);
  const { metastore } = ctx.parts;
  return metastore.mutate(async () => {
    const entry = keptTable(ctx, q, "ALTER TABLE … RENAME TO", "ALTER VIEW … RENAME TO");
    if (!entry) throw sqlErrors.tableNotFound(display(q));
    const target = renameTarget(ctx, entry, newName, "table");
    const shares = ctx.parts.sharedAs(entry.catalog, entry.schema, entry.name);
    if (shares.length > 0) throw sqlErrors.unsupported(`ALTER TABLE … RENAME TO of a table the workspace's Delta Sharing settings list by name (${shares.join(", ")})`);
    let location = entry.location;
    if (entry.type === "MANAGED") {
      location = metastore.managedLocation(target.catalog, target.schema, target.table);
      if (existsSync(location)) throw sqlErrors.locationAlreadyExists(display(target), location);
      await rename(entry.location, location);
    }
    metastore.renameTable(entry, target.table, location);
    return emptyResult();
  });
}

export async function dropSchema(ctx: StatementContext, name: Name, ifExists: boolean, cascade: boolean): Promise<TableResult> {
  const catalog = name.length === 2 ? name[0] : ctx.session.catalog;
  const schema = name[name.length - 1];
  const { metastore } = ctx.parts;
  return metastore.mutate(async () => {
    if (!metastore.findSchema(catalog, schema)) {
      if (ifExists) return emptyResult();
      throw sqlErrors.schemaNotFound([catalog, schema]);
    }
    if (schema.toLowerCase() === "default") throw sqlErrors.unsupported("Dropping the default schema");
    const tables = metastore.tables(catalog, schema);
    if ((tables.length > 0 || metastore.views(catalog, schema).length > 0) && !cascade) throw sqlErrors.schemaNotEmpty([catalog, schema]);
    metastore.removeSchema(catalog, schema);
    for (const t of tables) if (t.type === "MANAGED") await rm(t.location, { recursive: true, force: true });
    return emptyResult();
  });
}

export async function setProperties(ctx: StatementContext, name: Name, properties: Record<string, string>): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  await table.setProperties(properties);
  return emptyResult();
}

/** CONVERT TO DELTA parquet.`/path`: the folder's Parquet files made a Delta table in place (src/delta/convert.ts) */
export async function convertToDelta(ctx: StatementContext, location: string, collectStats: boolean, partitionedBy: SparkField[]): Promise<TableResult> {
  const root = localPath(ctx, location);
  await openDeltaTable(root).convertFromParquet(ctx.conn, { partitionColumns: partitionedBy, collectStats, properties: NEW_TABLE_DEFAULTS });
  return emptyResult();
}

export async function unsetProperties(ctx: StatementContext, name: Name, keys: string[], ifExists: boolean): Promise<TableResult> {
  await resolveTable(ctx, name).table.unsetProperties(keys, ifExists);
  return emptyResult();
}

/** ALTER TABLE … CLUSTER BY: the columns OPTIMIZE clusters the table's files by from now on */
export async function clusterBy(ctx: StatementContext, name: Name, columns: string[][]): Promise<TableResult> {
  const { table } = resolveTable(ctx, name);
  await table.clusterBy(columns);
  return emptyResult();
}

/** COMMENT ON TABLE t IS '…' | NULL: the comment DESCRIBE DETAIL, DESCRIBE TABLE EXTENDED and the Unity Catalog listing show */
export async function commentOnTable(ctx: StatementContext, name: Name, comment: string | null): Promise<TableResult> {
  const { entry } = resolveTable(ctx, name);
  if (!entry) throw sqlErrors.unsupported("COMMENT ON TABLE of a table named by its path (only the metastore keeps a table's comment)");
  await ctx.parts.metastore.mutate(() => ctx.parts.metastore.updateTable(entry, { comment: comment ?? undefined }));
  return emptyResult();
}

/** COMMENT ON SCHEMA s IS … and COMMENT ON CATALOG c IS …: the comment kept in the metastore (NULL: none) */
export async function commentOnNamespace(ctx: StatementContext, target: "schema" | "catalog", name: Name, comment: string | null): Promise<TableResult> {
  const { metastore } = ctx.parts;
  if (target === "catalog" && name.length !== 1) throw sqlErrors.syntax(`'${name.join(".")}'`, "(a catalog's name has one part)");
  // each entry found and changed inside one change of the metastore, which replaces it: a change before it is never lost
  await metastore.mutate(() =>
    target === "catalog" ? metastore.updateCatalog(metastore.requireCatalog(name[0]), { comment: comment ?? undefined }) : metastore.updateSchema(schemaEntry(ctx, name), { comment: comment ?? undefined }),
  );
  return emptyResult();
}

/** ALTER SCHEMA s SET DBPROPERTIES (k = v, …): the properties added to the schema's, a key given again taking its new value */
export async function setSchemaProperties(ctx: StatementContext, name: Name, properties: Record<string, string>): Promise<TableResult> {
  const { metastore } = ctx.parts;
  await metastore.mutate(() => {
    const entry = schemaEntry(ctx, name);
    metastore.updateSchema(entry, { properties: { ...entry.properties, ...properties } });
  });
  return emptyResult();
}

/** the metastore's entry of the schema `[catalog.]schema` names, the session's catalog by default */
export function schemaEntry(ctx: StatementContext, name: Name): SchemaEntry {
  if (name.length > 2) throw sqlErrors.syntax(`'${name.join(".")}'`, "(a schema name has at most two parts)");
  const [catalog, schema] = name.length === 2 ? name : [ctx.session.catalog, name[0]];
  return ctx.parts.metastore.requireSchema(catalog, schema);
}

export function use(ctx: StatementContext, target: "catalog" | "schema", name: Name): TableResult {
  const { metastore } = ctx.parts;
  if (target === "catalog") {
    ctx.session.catalog = metastore.requireCatalog(name[0]).name;
    ctx.session.schema = "default";
    return emptyResult();
  }
  if (name.length > 2) throw sqlErrors.syntax(`'${name.join(".")}'`, "(a schema name has at most two parts)");
  const catalog = name.length === 2 ? name[0] : ctx.session.catalog;
  const schema = metastore.requireSchema(catalog, name[name.length - 1]);
  ctx.session.catalog = schema.catalog;
  ctx.session.schema = schema.name;
  return emptyResult();
}
