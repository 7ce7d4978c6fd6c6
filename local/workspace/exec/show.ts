/** SHOW CATALOGS / SCHEMAS / DATABASES / TABLES / VIEWS, with Spark's column names and LIKE patterns. */
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import type { JsonValue } from "../results/values.js";
import type { StatementContext } from "./context.js";
import { GLOBAL_TEMP } from "./resolve.js";

/** Spark's SHOW … LIKE pattern: `*` is any text, `|` separates alternatives, case-insensitive */
export function likePattern(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alternatives = pattern.split("|").map((p) => {
    const body = p.trim().split("*").map((s) => s.replace(/[.+?^${}()[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${body}$`, "i");
  });
  return (name) => alternatives.some((re) => re.test(name));
}

export function showCatalogs(ctx: StatementContext, pattern?: string): TableResult {
  const match = likePattern(pattern);
  const rows = ctx.parts.metastore.catalogs().filter((c) => match(c.name)).map((c) => [c.name]);
  return tableResult([{ name: "catalog", type: "string" }], rows);
}

export function showSchemas(ctx: StatementContext, catalog: string | undefined, pattern?: string): TableResult {
  const match = likePattern(pattern);
  const rows = ctx.parts.metastore
    .schemas(catalog ?? ctx.session.catalog)
    .filter((s) => match(s.name))
    .map((s) => [s.name]);
  return tableResult([{ name: "databaseName", type: "string" }], rows);
}

export function showTables(ctx: StatementContext, schema: string[] | undefined, pattern?: string): TableResult {
  const { metastore } = ctx.parts;
  return tableResult(
    [
      { name: "database", type: "string" },
      { name: "tableName", type: "string" },
      { name: "isTemporary", type: "boolean" },
    ],
    listedIn(ctx, schema, (catalog, name) => [...metastore.tables(catalog, name), ...metastore.views(catalog, name)], pattern),
  );
}

/** SHOW VIEWS [IN schema] [LIKE pattern]: the schema's views, then the context's temporary views, as Spark lists them */
export function showViews(ctx: StatementContext, schema: string[] | undefined, pattern?: string): TableResult {
  return tableResult(
    [
      { name: "namespace", type: "string" },
      { name: "viewName", type: "string" },
      { name: "isTemporary", type: "boolean" },
    ],
    listedIn(ctx, schema, (catalog, name) => ctx.parts.metastore.views(catalog, name), pattern),
  );
}

/** the rows of SHOW TABLES or VIEWS in the schema it names: what `keptIn` lists of a schema of the catalog, or global_temp's views */
function listedIn(ctx: StatementContext, schema: string[] | undefined, keptIn: (catalog: string, schema: string) => { schema: string; name: string }[], pattern: string | undefined): JsonValue[][] {
  const [catalog, schemaName] = shownSchema(ctx, schema);
  const globalTemp = schemaName.toLowerCase() === GLOBAL_TEMP;
  return listed(ctx, globalTemp ? [] : keptIn(catalog, schemaName), pattern, globalTemp);
}

/** the catalog and schema SHOW TABLES or VIEWS names, the session's by default */
export function shownSchema(ctx: StatementContext, schema: string[] | undefined): [string, string] {
  if (schema?.length === 1) return [ctx.session.catalog, schema[0]];
  if (schema?.length === 2) return [schema[0], schema[1]];
  if (schema) throw sqlErrors.syntax(`'${schema.join(".")}'`, "(a schema name has at most two parts)");
  return [ctx.session.catalog, ctx.session.schema];
}

/**
 * The rows of the kept objects whose names match, by name, then (in global_temp, as Spark lists that schema) the global temporary
 * views, then the context's temporary views, which every schema lists, with no schema
 */
function listed(ctx: StatementContext, kept: { schema: string; name: string }[], pattern: string | undefined, globalTemp: boolean): JsonValue[][] {
  const match = likePattern(pattern);
  const names = (views: Map<string, unknown> | undefined) => [...(views?.keys() ?? [])].filter(match).sort();
  return [
    ...kept.filter((t) => match(t.name)).sort((a, b) => a.name.localeCompare(b.name)).map((t) => [t.schema, t.name, false]),
    ...(globalTemp ? names(ctx.parts.globalTempViews).map((name) => [GLOBAL_TEMP, name, true]) : []),
    ...names(ctx.session.temporaryViews).map((name) => ["", name, true]),
  ];
}
