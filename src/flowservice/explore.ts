/**
 * Explore and preview (docs/api/flowservice.md#explore-and-preview): the tables of the
 * connection's database, a table's columns with their XDM types, and up to 100 rows. The cluster
 * must be RUNNING (AEP's rule); beyond AEP, autoStart=true starts a terminated cluster and waits
 * for it, within a bound. Also beyond AEP, objectType=folder browses Unity Catalog (unity-catalog-browse.ts).
 *
 * Paths: `database.table`, or `catalog.database.table` when the connection names a catalog
 * (backticks quote a part holding a dot). `object` may also be a bare table name, read in the
 * connection's database, and any path may be a full `catalog.schema.table`.
 */
import type { SqlResult } from "../databricks/client.js";
import {
  describeTable,
  formatTablePath,
  parseTablePath,
  readDescribedColumns,
  readTableNames,
  selectPreview,
  showTables,
  type TableName,
} from "../databricks/sql.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { exploreColumn } from "../schemaregistry/databricks-to-xdm.js";
import type { DatabricksAccess, DatabricksAuth } from "./databricks-access.js";
import { type Json, onlyQueryParams, queryFlag, queryString } from "../aep-conventions/request-body.js";
import { browseFolder } from "./unity-catalog-browse.js";
import { hintingDatabaseElsewhere, hintingMisplacedTable } from "./schema-hints.js";
import { previewRow } from "./preview-values.js";

export const PREVIEW_ROWS = 100;
const EXPLORE_PARAMS = ["objectType", "object", "preview", "filters", "autoStart"];
const HINTS = {
  hint: "start it in Databricks, or pass autoStart=true to explore",
  startingHint: "it becomes RUNNING by itself: wait until Databricks shows it RUNNING and try again, or pass autoStart=true to explore once it is",
};

export async function explore(databricks: DatabricksAccess, auth: DatabricksAuth, query: Json): Promise<unknown> {
  onlyQueryParams(query, EXPLORE_PARAMS);
  const given = queryString(query, "objectType");
  const objectType = given?.toLowerCase();
  if (objectType !== "root" && objectType !== "table" && objectType !== "folder") throw Errors.objectTypeInvalid(given);
  if (query.filters !== undefined) throw Errors.filterAtSourceUnsupported("databricks");
  if (objectType === "folder") return browseFolder(databricks, auth, queryString(query, "object"));
  const preview = queryFlag(query, "preview");
  const autoStart = queryFlag(query, "autoStart");

  if (objectType === "root") {
    // an object here would be ignored: the answer would be the connection's database, not the one named
    const named = queryString(query, "object");
    if (named !== undefined && named.trim() !== "") {
      throw Errors.paramValueInvalid(
        named,
        "object",
        `objectType=root takes no object: it lists the tables of the connection's database (${auth.database}); to list another schema's tables, send objectType=folder&object=<catalog>.<schema>, and for one table's columns objectType=table&object=${named}`,
      );
    }
    return hintingDatabaseElsewhere(databricks, auth, () =>
      databricks.withSql(auth, { autoStart, ...HINTS }, async (sql) => {
        const names = readTableNames(await sql.run(showTables(auth)));
        return names.map((table) => {
          const path = formatTablePath({ catalog: auth.catalog, database: auth.database, table }, auth.catalog !== undefined);
          return { type: "table", name: path, path, canPreview: true, canFetchSchema: true };
        });
      }),
    );
  }

  const object = queryString(query, "object");
  if (object === undefined || object.trim() === "") throw Errors.exploreParamEmpty("object", "table");
  const table = parseTablePath(object, auth);
  if (!table) throw Errors.paramValueInvalid(object, "object", "It must be table, database.table or catalog.database.table");
  return hintingMisplacedTable(databricks, auth, object, () =>
    databricks.withSql(auth, { autoStart, ...HINTS }, async (sql) => {
      const columns = readDescribedColumns(await sql.run(describeTable(table)));
      if (columns.length === 0) throw Errors.noColumns(formatTablePath(table, true));
      const body: Json = { format: "flat", schema: { columns: columns.map((c) => exploreColumn(c.name, c.type)) } };
      if (preview) body.data = previewRows(await sql.run(selectPreview(table, PREVIEW_ROWS)));
      return body;
    }),
  );
}

/** Rows as objects keyed by column name (as AEP's preview shows them), values loss-free and spelled as every preview spells them. */
function previewRows(result: SqlResult): Json[] {
  return result.rows.slice(0, PREVIEW_ROWS).map((row) => previewRow(result.schema, row));
}

/** The columns of a table, for source connection checks. */
export async function describeColumns(sql: { run(sql: string): Promise<SqlResult> }, table: TableName) {
  return readDescribedColumns(await sql.run(describeTable(table)));
}
