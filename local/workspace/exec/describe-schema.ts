/** DESCRIBE SCHEMA [EXTENDED] s, DESCRIBE CATALOG [EXTENDED] c and SHOW CURRENT SCHEMA, with Spark's columns. */
import { tableResult, type TableResult } from "../results/table-result.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { schemaEntry } from "./ddl.js";
import { infoRows } from "./describe.js";

/** DESCRIBE SCHEMA [EXTENDED] [catalog.]schema: its catalog, name, comment, location and owner (EXTENDED: and its properties, by key) */
export function describeSchema(ctx: StatementContext, name: Name, extended: boolean): TableResult {
  const { metastore } = ctx.parts;
  const entry = schemaEntry(ctx, name);
  // Spark's text of a schema's properties: ((key,value), (key,value))
  const properties = `(${Object.entries(entry.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => `(${key},${value})`).join(", ")})`;
  const rows = [
    ["Catalog Name", entry.catalog],
    ["Namespace Name", entry.name],
    ["Comment", entry.comment ?? ""],
    ["Location", `file:${metastore.schemaLocation(entry.catalog, entry.name)}`],
    ["Owner", ctx.parts.user],
    ...(extended ? [["Properties", entry.properties && Object.keys(entry.properties).length > 0 ? properties : ""]] : []),
  ];
  return tableResult(
    [
      { name: "database_description_item", type: "string" },
      { name: "database_description_value", type: "string" },
    ],
    rows,
  );
}

/** DESCRIBE CATALOG [EXTENDED] c: its name, comment, owner and type (EXTENDED: and when it was made) */
export function describeCatalog(ctx: StatementContext, name: string, extended: boolean): TableResult {
  const entry = ctx.parts.metastore.requireCatalog(name);
  const rows = [
    ["Catalog Name", entry.name],
    ["Comment", entry.comment ?? ""],
    ["Owner", ctx.parts.user],
    ["Catalog Type", entry.name === "hive_metastore" ? "Hive Metastore" : "Regular"],
    ...(extended ? [["Created Time", new Date(entry.createdAt).toISOString()]] : []),
  ];
  return infoRows(rows);
}

/** SHOW CURRENT SCHEMA: the session's catalog and schema */
export function showCurrentSchema(ctx: StatementContext): TableResult {
  return tableResult(
    [
      { name: "catalog", type: "string" },
      { name: "namespace", type: "string" },
    ],
    [[ctx.session.catalog, ctx.session.schema]],
  );
}
