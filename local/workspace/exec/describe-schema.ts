/** DESCRIBE SCHEMA [EXTENDED] s and SHOW CURRENT SCHEMA, with Spark's columns. */
import { tableResult, type TableResult } from "../results/table-result.js";
import { sqlErrors } from "../errors.js";
import type { Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";

/** DESCRIBE SCHEMA [EXTENDED] [catalog.]schema: its catalog, name, comment, location and owner (EXTENDED: and its properties, none here) */
export function describeSchema(ctx: StatementContext, name: Name, extended: boolean): TableResult {
  if (name.length > 2) throw sqlErrors.syntax(`'${name.join(".")}'`, "(a schema name has at most two parts)");
  const [catalog, schema] = name.length === 2 ? name : [ctx.session.catalog, name[0]];
  const { metastore } = ctx.parts;
  const entry = metastore.requireSchema(catalog, schema);
  const rows = [
    ["Catalog Name", entry.catalog],
    ["Namespace Name", entry.name],
    ["Comment", entry.comment ?? ""],
    ["Location", `file:${metastore.schemaLocation(entry.catalog, entry.name)}`],
    ["Owner", ctx.parts.user],
    ...(extended ? [["Properties", ""]] : []),
  ];
  return tableResult(
    [
      { name: "database_description_item", type: "string" },
      { name: "database_description_value", type: "string" },
    ],
    rows,
  );
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
