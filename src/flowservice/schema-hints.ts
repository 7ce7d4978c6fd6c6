/**
 * Where a schema named in the wrong place is: a folder `demo` (read as a catalog) or a table `demo`
 * (read as the table demo.demo of the connection's database) that names no catalog or table, but a
 * schema, gets a refusal that says how to name it. Any other failure, or a schema listing that fails
 * itself, leaves the workspace's words as they were.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { formatPath, splitPath } from "../databricks/sql.js";
import { listSchemas, type SchemaInfo } from "../databricks/unity-catalog.js";
import type { WorkspaceHttp } from "../databricks/http.js";
import type { DatabricksAccess, DatabricksAuth } from "./databricks-access.js";

/** Where a workspace keeps the schemas of no Unity Catalog catalog (the local workspace's demo among them). */
export const LEGACY_CATALOG = "hive_metastore";

/** The schema of `catalog` called `name` (in any case), or undefined, also when the listing fails. */
export async function findSchema(http: WorkspaceHttp, catalog: string, name: string): Promise<SchemaInfo | undefined> {
  const schemas = await listSchemas(http, catalog).catch(() => []);
  return schemas.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** `error` with `hint` after its message, as the same code and report. */
export function withHint(error: ApiError, hint: string): ApiError {
  return new ApiError({ family: error.family, code: error.code, status: error.status, title: error.title, message: `${error.message} ${hint}`, report: error.report, headers: error.headers });
}

/**
 * Runs `work` (a describe of the table `text` names); a table of one part that is not found but is
 * the name of a schema of the connection's catalog (hive_metastore when it names none) is refused
 * saying so.
 */
export async function hintingSchemaNamedAsTable<T>(databricks: DatabricksAccess, auth: DatabricksAuth, text: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const parts = splitPath(text.trim());
    if (!(error instanceof ApiError) || !error.message.includes("TABLE_OR_VIEW_NOT_FOUND") || parts?.length !== 1) throw error;
    const catalog = auth.catalog ?? LEGACY_CATALOG;
    const schema = await databricks.withClient(auth, (client) => findSchema(client.http, catalog, parts[0])).catch(() => undefined);
    if (!schema) throw error;
    const place = formatPath([catalog, schema.name]);
    throw withHint(error, `${parts[0]} is a schema, not a table: name one of its tables, as ${formatPath([schema.name])}.<table> (objectType=folder&object=${place} lists them)`);
  }
}
