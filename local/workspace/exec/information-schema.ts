/**
 * Unity Catalog's INFORMATION_SCHEMA: in each catalog but hive_metastore (which has none, as on Databricks)
 * `<catalog>.information_schema.<view>` describes that catalog, and `system.information_schema.<view>` every such catalog. The
 * views CATALOGS, SCHEMATA, TABLES, COLUMNS and VIEWS are read from the metastore and the tables' latest versions when a query
 * names one, as a relation of their rows (the columns Databricks documents for each; a few it reserves are left out).
 */
import { generationExpression, identityOf, type Snapshot, type StructField } from "../../../src/delta/index.js";
import type { CatalogEntry } from "../catalog/metastore.js";
import { duckToSpark } from "../results/duck-to-spark.js";
import { describedType } from "../sql/char-varchar.js";
import { CURRENT_DEFAULT } from "../sql/column-defaults.js";
import { sparkSqlText } from "../sql/spark-sql-text.js";
import { quoteIdent, quoteString } from "../sql/spark-types.js";
import type { Name } from "../sql/statements.js";
import { sparkColumnName } from "../sql/subscripts.js";
import { SqlError } from "../errors.js";
import { describeQuery, type StatementContext } from "./context.js";

const SCHEMA = "information_schema";
const HIVE_METASTORE = "hive_metastore";
/** the catalog whose information schema describes every catalog */
const SYSTEM = "system";

type Value = string | number | null;
type DuckType = "VARCHAR" | "INTEGER" | "TIMESTAMPTZ";
interface View {
  columns: [name: string, type: DuckType][];
  rows: (ctx: StatementContext, catalogs: CatalogEntry[], relations: Relations) => Promise<Value[][]>;
}

/** what the views read of the tables and views they list (exec/resolve.ts): a table's latest snapshot, a view's relation */
export interface Relations {
  snapshot(name: Name): Promise<Snapshot>;
  view(name: Name): Promise<string>;
}

const stamp = (ms: number) => new Date(ms).toISOString();
const audit = (createdAt: number, owner: string, altered = createdAt): Value[] => [stamp(createdAt), owner, stamp(altered), owner];
const AUDIT_COLUMNS: [string, DuckType][] = [["created", "TIMESTAMPTZ"], ["created_by", "VARCHAR"], ["last_altered", "TIMESTAMPTZ"], ["last_altered_by", "VARCHAR"]];

const VIEWS: ReadonlyMap<string, View> = new Map(Object.entries({
  catalogs: {
    columns: [["catalog_name", "VARCHAR"], ["catalog_owner", "VARCHAR"], ["comment", "VARCHAR"], ...AUDIT_COLUMNS],
    rows: async (ctx, catalogs) => catalogs.map((c) => [c.name, ctx.parts.user, c.comment ?? null, ...audit(c.createdAt, ctx.parts.user)]),
  },
  schemata: {
    columns: [["catalog_name", "VARCHAR"], ["schema_name", "VARCHAR"], ["schema_owner", "VARCHAR"], ["comment", "VARCHAR"], ...AUDIT_COLUMNS],
    rows: async (ctx, catalogs) =>
      catalogs.flatMap((c) => [
        ...ctx.parts.metastore.schemas(c.name).map((s) => [s.catalog, s.name, ctx.parts.user, s.comment ?? null, ...audit(s.createdAt, ctx.parts.user)]),
        [c.name, SCHEMA, ctx.parts.user, "Information schema (auto-created)", ...audit(c.createdAt, ctx.parts.user)],
      ]),
  },
  tables: {
    columns: [
      ["table_catalog", "VARCHAR"], ["table_schema", "VARCHAR"], ["table_name", "VARCHAR"], ["table_type", "VARCHAR"], ["is_insertable_into", "VARCHAR"],
      ["commit_action", "VARCHAR"], ["table_owner", "VARCHAR"], ["comment", "VARCHAR"], ...AUDIT_COLUMNS, ["data_source_format", "VARCHAR"], ["storage_sub_directory", "VARCHAR"],
    ],
    rows: async (ctx, catalogs, relations) => {
      const rows: Value[][] = [];
      for (const { catalog, schema, name, type, createdAt, comment } of keptTables(ctx, catalogs)) {
        const timestamp = (await readable(relations.snapshot([catalog, schema, name])))?.timestamp ?? createdAt;
        // the catalog records a table once its first version is committed: its last change is that version's or a later one's
        rows.push([catalog, schema, name, type, "YES", "PRESERVE", ctx.parts.user, comment ?? null, ...audit(createdAt, ctx.parts.user, Math.max(createdAt, timestamp)), "DELTA", null]);
      }
      for (const v of keptViews(ctx, catalogs)) rows.push([v.catalog, v.schema, v.name, "VIEW", "NO", "PRESERVE", ctx.parts.user, v.comment ?? null, ...audit(v.createdAt, ctx.parts.user), null, null]);
      return rows;
    },
  },
  views: {
    columns: [
      ["table_catalog", "VARCHAR"], ["table_schema", "VARCHAR"], ["table_name", "VARCHAR"], ["view_definition", "VARCHAR"], ["check_option", "VARCHAR"],
      ["is_updatable", "VARCHAR"], ["is_insertable_into", "VARCHAR"], ["sql_path", "VARCHAR"],
    ],
    rows: async (ctx, catalogs) =>
      keptViews(ctx, catalogs).map((v) => [v.catalog, v.schema, v.name, sparkSqlText(v.query.filter((t) => t.kind !== "eof")), "NONE", "NO", "NO", null]),
  },
  columns: {
    columns: [
      ["table_catalog", "VARCHAR"], ["table_schema", "VARCHAR"], ["table_name", "VARCHAR"], ["column_name", "VARCHAR"], ["ordinal_position", "INTEGER"],
      ["column_default", "VARCHAR"], ["is_nullable", "VARCHAR"], ["full_data_type", "VARCHAR"], ["data_type", "VARCHAR"], ["numeric_precision", "INTEGER"],
      ["numeric_precision_radix", "INTEGER"], ["numeric_scale", "INTEGER"], ["datetime_precision", "INTEGER"], ["is_identity", "VARCHAR"],
      ["identity_generation", "VARCHAR"], ["identity_start", "VARCHAR"], ["identity_increment", "VARCHAR"], ["is_generated", "VARCHAR"],
      ["generation_expression", "VARCHAR"], ["is_updatable", "VARCHAR"], ["partition_index", "INTEGER"], ["comment", "VARCHAR"],
    ],
    rows: async (ctx, catalogs, relations) => {
      const rows: Value[][] = [];
      for (const { catalog, schema, name } of keptTables(ctx, catalogs)) {
        const snap = await readable(relations.snapshot([catalog, schema, name]));
        snap?.schema.fields.forEach((field, k) => rows.push([catalog, schema, name, ...columnValues(field, k, snap.partitionColumns)]));
      }
      for (const v of keptViews(ctx, catalogs)) {
        const columns = await readable(relations.view([v.catalog, v.schema, v.name]).then((relation) => describeQuery(ctx.conn, relation)));
        columns?.forEach((c, k) => rows.push([v.catalog, v.schema, v.name, ...columnValues({ name: sparkColumnName(c.name), type: duckToSpark(c.type), nullable: true, metadata: {} }, k, [])]));
      }
      return rows;
    },
  },
} satisfies Record<string, View>));

/**
 * what a table or view answers, undefined where it cannot be read now (a view of a dropped table, a table whose files are gone):
 * its columns are left out, the others still listed
 */
async function readable<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    // the workspace's refusal or DuckDB's binder's; a fault of this code, or the statement's interruption, is not hidden
    if (e instanceof SqlError || (e instanceof Error && e.constructor === Error && !/^INTERRUPT/i.test(e.message))) return undefined;
    throw e;
  }
}

/** the bits of the base-2 numeric types, as COLUMNS' numeric_precision counts them */
const BITS: Record<string, number> = { byte: 8, short: 16, integer: 32, long: 64, float: 24, double: 53 };

/** a column's values from column_name on, as COLUMNS lists them */
function columnValues(field: StructField, k: number, partitionColumns: string[]): Value[] {
  const type = field.type;
  const decimal = typeof type === "string" ? /^decimal\((\d+),\s*(\d+)\)$/.exec(type) : null;
  const full = describedType(field);
  const simple = full.replace(/[<(].*$/s, "").toUpperCase();
  const numeric = typeof type === "string" && (decimal || BITS[type] !== undefined);
  const identity = identityOf(field);
  const generated = generationExpression(field);
  const partition = partitionColumns.findIndex((p) => p.toLowerCase() === field.name.toLowerCase());
  const integral = typeof type === "string" && ["byte", "short", "integer", "long"].includes(type);
  return [
    field.name,
    k + 1,
    typeof field.metadata[CURRENT_DEFAULT] === "string" ? (field.metadata[CURRENT_DEFAULT] as string) : null,
    field.nullable ? "YES" : "NO",
    full,
    simple,
    decimal ? Number(decimal[1]) : typeof type === "string" ? (BITS[type] ?? null) : null,
    numeric ? (decimal ? 10 : 2) : null,
    decimal ? Number(decimal[2]) : integral ? 0 : null,
    type === "date" ? 0 : type === "timestamp" || type === "timestamp_ntz" ? 3 : null,
    identity ? "YES" : "NO",
    identity ? (identity.allowExplicitInsert ? "BY DEFAULT" : "ALWAYS") : null,
    identity ? String(identity.start) : null,
    identity ? String(identity.step) : null,
    generated ? "ALWAYS" : "NEVER",
    generated ?? null,
    generated || identity ? "NO" : "YES",
    partition >= 0 ? partition : null,
    typeof field.metadata.comment === "string" ? field.metadata.comment : null,
  ];
}

const keptTables = (ctx: StatementContext, catalogs: CatalogEntry[]) => catalogs.flatMap((c) => ctx.parts.metastore.schemas(c.name).flatMap((s) => ctx.parts.metastore.tables(c.name, s.name)));
const keptViews = (ctx: StatementContext, catalogs: CatalogEntry[]) => catalogs.flatMap((c) => ctx.parts.metastore.schemas(c.name).flatMap((s) => ctx.parts.metastore.views(c.name, s.name)));

/**
 * the relation of an information schema's view a name resolves to (`information_schema.tables` in a catalog of Unity Catalog,
 * `system.information_schema.columns`), undefined for any other name
 */
export async function informationSchemaRelation(ctx: StatementContext, name: Name, relations: Relations): Promise<string | undefined> {
  const [catalog, schema, view] = name.length === 3 ? name : name.length === 2 ? [ctx.session.catalog, ...name] : [];
  const found = view === undefined ? undefined : VIEWS.get(view.toLowerCase());
  if (!found || schema.toLowerCase() !== SCHEMA) return undefined;
  const { metastore } = ctx.parts;
  const system = catalog.toLowerCase() === SYSTEM && !metastore.findCatalog(SYSTEM);
  const named = system ? undefined : metastore.findCatalog(catalog);
  if (!system && (!named || named.name === HIVE_METASTORE)) return undefined;
  const catalogs = system ? metastore.catalogs().filter((c) => c.name !== HIVE_METASTORE) : [named!];
  return relation(found.columns, await found.rows(ctx, catalogs, relations));
}

/** `(SELECT CAST(c1 AS type) AS name, … FROM (VALUES …) AS information(c1, …))`, or its columns over no row */
function relation(columns: [string, DuckType][], rows: Value[][]): string {
  const literal = (v: Value) => (v === null ? "NULL" : typeof v === "number" ? String(v) : quoteString(v));
  const cast = (value: string, [name, type]: [string, DuckType]) => `CAST(${value} AS ${type}) AS ${quoteIdent(name)}`;
  if (rows.length === 0) return `(SELECT ${columns.map((c) => cast("NULL", c)).join(", ")} WHERE false)`;
  const values = rows.map((row) => `(${row.map(literal).join(", ")})`).join(", ");
  const inner = columns.map((_, k) => `c${k}`);
  return `(SELECT ${columns.map((c, k) => cast(inner[k], c)).join(", ")} FROM (VALUES ${values}) AS information(${inner.join(", ")}))`;
}
