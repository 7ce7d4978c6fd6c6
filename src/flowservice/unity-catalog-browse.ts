/**
 * Beyond AEP: explore with objectType=folder walks Unity Catalog — catalogs, then a catalog's
 * schemas, then a schema's tables — through the workspace's Unity Catalog REST listings, so no
 * cluster needs to run. A connection that names a catalog is browsed inside it. Every entry's path
 * is the full `catalog.schema[.table]`, ready for objectType=table, a source connection's tableName
 * or the next folder.
 *
 *   object absent          → the catalogs (or, when the connection names one, its schemas)
 *   object=catalog         → its schemas
 *   object=catalog.schema  → its tables (schema alone when the connection names the catalog)
 */
import { formatPath, splitPath } from "../databricks/sql.js";
import { listCatalogs, listSchemas, listTables } from "../databricks/unity-catalog.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { DatabricksApiError } from "../databricks/errors.js";
import type { WorkspaceHttp } from "../databricks/http.js";
import { type DatabricksAccess, type DatabricksAuth, quotedFrom } from "./databricks-access.js";
import { homeCatalog, LEGACY_CATALOG, locateSchema, schemaElsewhereHint } from "./schema-hints.js";

export interface FolderEntry {
  type: "folder" | "table";
  name: string;
  path: string;
  canPreview: boolean;
  canFetchSchema: boolean;
}

export function browseFolder(databricks: DatabricksAccess, auth: DatabricksAuth, object: string | undefined): Promise<FolderEntry[]> {
  const place = readPlace(auth, object);
  return databricks.withClient(auth, async (client) => {
    if (place.catalog === undefined) {
      return (await listCatalogs(client.http)).map((c) => folder(c.name, formatPath([c.name])));
    }
    const catalog = place.catalog;
    if (place.schema === undefined) {
      const schemas = await listSchemas(client.http, catalog).catch((error: unknown) => rethrowWithSchemaHint(client.http, auth, catalog, error));
      return schemas.map((s) => folder(s.name, formatPath([catalog, s.name])));
    }
    const schema = place.schema;
    const tables = await listTables(client.http, catalog, schema).catch((error: unknown) =>
      isMissing(error, "SCHEMA_DOES_NOT_EXIST") ? rethrowWithCatalogHint(client.http, auth, catalog, schema, error) : rethrowWithSchemaHint(client.http, auth, catalog, error),
    );
    return tables.map((t) => ({
      type: "table" as const,
      name: t.name,
      path: formatPath([catalog, schema, t.name]),
      canPreview: true,
      canFetchSchema: true,
    }));
  });
}

/**
 * A catalog Unity Catalog does not know, named as the connection's database often is (`demo`): when
 * a schema of that name is in hive_metastore (or the connection's catalog), or else in another
 * catalog the workspace lists (`sales` of main), the refusal says where it is.
 */
async function rethrowWithSchemaHint(http: WorkspaceHttp, auth: DatabricksAuth, catalog: string, error: unknown): Promise<never> {
  if (!isMissing(error, "CATALOG_DOES_NOT_EXIST") || catalog.toLowerCase() === LEGACY_CATALOG) throw error;
  const found = await locateSchema(http, homeCatalog(auth), catalog);
  if (!found) throw error;
  const place = formatPath([found.catalog, found.schema.name]);
  throw Errors.databricksFailed(
    quotedFrom(auth, `${error.message} ${catalog} is no catalog but a schema of ${found.catalog}: send objectType=folder&object=${place} to list its tables (a table's path is ${place}.<table>)`),
  );
}

/**
 * A schema the catalog does not have (`demo` on a connection whose catalog is main, or main.demo)
 * that another catalog the workspace lists has: the refusal says which, and the folder to send.
 */
async function rethrowWithCatalogHint(http: WorkspaceHttp, auth: DatabricksAuth, catalog: string, schema: string, error: DatabricksApiError): Promise<never> {
  const hint = await schemaElsewhereHint(http, catalog, schema, (found) => {
    const place = formatPath([found.catalog, found.schema.name]);
    return `send objectType=folder&object=${place} to list its tables (a table's path is ${place}.<table>)`;
  });
  throw hint === undefined ? error : Errors.databricksFailed(quotedFrom(auth, `${error.message} ${hint}`));
}

function isMissing(error: unknown, errorCode: string): error is DatabricksApiError {
  return error instanceof DatabricksApiError && error.errorCode === errorCode;
}

/** Where `object` points: parts quoted with backticks as table paths are; the connection's catalog fills in. */
function readPlace(auth: DatabricksAuth, object: string | undefined): { catalog?: string; schema?: string } {
  if (object === undefined || object.trim() === "") return { catalog: auth.catalog };
  const parts = splitPath(object.trim());
  if (!parts || parts.length > 2) throw Errors.paramValueInvalid(object, "object", "A folder is a catalog or catalog.schema");
  if (parts.length === 2) return { catalog: parts[0], schema: parts[1] };
  return auth.catalog === undefined ? { catalog: parts[0] } : { catalog: auth.catalog, schema: parts[0] };
}

function folder(name: string, path: string): FolderEntry {
  return { type: "folder", name, path, canPreview: false, canFetchSchema: false };
}
