/** SHOW CATALOGS / SCHEMAS / DATABASES / TABLES, with Spark's column names and LIKE patterns. */
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import type { StatementContext } from "./context.js";

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
  let catalog = ctx.session.catalog;
  let schemaName = ctx.session.schema;
  if (schema?.length === 1) schemaName = schema[0];
  else if (schema?.length === 2) [catalog, schemaName] = schema;
  else if (schema) throw sqlErrors.syntax(`'${schema.join(".")}'`, "(a schema name has at most two parts)");
  const match = likePattern(pattern);
  const { metastore } = ctx.parts;
  const kept = [...metastore.tables(catalog, schemaName), ...metastore.views(catalog, schemaName)].sort((a, b) => a.name.localeCompare(b.name));
  // the context's temporary views follow, in any schema, with no database
  const temporary = [...(ctx.session.temporaryViews?.keys() ?? [])].sort();
  const rows = [...kept.filter((t) => match(t.name)).map((t) => [t.schema, t.name, false]), ...temporary.filter(match).map((name) => ["", name, true])];
  return tableResult(
    [
      { name: "database", type: "string" },
      { name: "tableName", type: "string" },
      { name: "isTemporary", type: "boolean" },
    ],
    rows,
  );
}
