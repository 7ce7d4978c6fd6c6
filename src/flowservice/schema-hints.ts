/**
 * Where a schema named in the wrong place is: a folder `demo` (read as a catalog) or a table `demo`
 * (read as the table demo.demo of the connection's database) that names no catalog or table, but a
 * schema, gets a refusal that says how to name it. The schema is looked for in the connection's
 * catalog (hive_metastore when it names none) and then in the other catalogs the workspace lists
 * (Unity Catalog's main…). Only a refusal pays for the look-up: an explore that succeeds makes no
 * extra request. Any other failure, or listings that fail or take too long, leave the workspace's
 * words as they were.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { formatPath, splitPath } from "../databricks/sql.js";
import { listCatalogs, listSchemas, type SchemaInfo } from "../databricks/unity-catalog.js";
import type { WorkspaceHttp } from "../databricks/http.js";
import type { DatabricksAccess, DatabricksAuth } from "./databricks-access.js";

/** Where a workspace keeps the schemas of no Unity Catalog catalog (the local workspace's demo among them). */
export const LEGACY_CATALOG = "hive_metastore";

/** How many other catalogs are searched, their listings all at once; a workspace with more is searched in the first it lists. */
const MOST_OTHER_CATALOGS = 50;
/** How long the look-up may add to a refusal; past it the refusal keeps the workspace's words alone. */
const LOOKUP_BUDGET_MS = 3_000;

/** A schema found, and the catalog it was found in. */
export interface FoundSchema {
  catalog: string;
  schema: SchemaInfo;
}

/** The schema of `catalog` called `name` (in any case), or undefined, also when the listing fails. */
export async function findSchema(http: WorkspaceHttp, catalog: string, name: string, signal?: AbortSignal): Promise<SchemaInfo | undefined> {
  const schemas = await listSchemas(http, catalog, signal).catch(() => []);
  return schemas.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/**
 * The schema called `name`: in `first` when it has one, else in the first of the workspace's other
 * catalogs, in the order it lists them, that has one. The catalogs are listed while `first` is
 * searched, and their schemas at once, so a miss costs two round trips, not one per catalog.
 */
export async function locateSchema(http: WorkspaceHttp, first: string, name: string): Promise<FoundSchema | undefined> {
  const done = new AbortController();
  const signal = AbortSignal.any([done.signal, AbortSignal.timeout(LOOKUP_BUDGET_MS)]);
  const catalogs = listCatalogs(http, signal).catch(() => []);
  try {
    const here = await findSchema(http, first, name, signal);
    if (here) return { catalog: first, schema: here };
    const others = (await catalogs)
      .map((c) => c.name)
      .filter((c) => c.toLowerCase() !== first.toLowerCase())
      .slice(0, MOST_OTHER_CATALOGS);
    const found = await Promise.all(others.map((catalog) => findSchema(http, catalog, name, signal)));
    const index = found.findIndex((schema) => schema !== undefined);
    return index < 0 ? undefined : { catalog: others[index], schema: found[index]! };
  } finally {
    // a listing still under way (the catalogs, when `first` had the schema) is not waited for
    done.abort();
  }
}

/** `error` with `hint` after its message, as the same code and report. */
export function withHint(error: ApiError, hint: string): ApiError {
  return new ApiError({ family: error.family, code: error.code, status: error.status, title: error.title, message: `${error.message} ${hint}`, report: error.report, headers: error.headers });
}

/**
 * Runs `work` (a describe of the table `text` names); a table of one part that is not found but is
 * the name of a schema of the connection's catalog (hive_metastore when it names none), or of
 * another catalog of the workspace, is refused saying so. A schema of the connection's catalog is
 * named as `schema.<table>`, one of another catalog by its full path.
 */
export async function hintingSchemaNamedAsTable<T>(databricks: DatabricksAccess, auth: DatabricksAuth, text: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const parts = splitPath(text.trim());
    if (!(error instanceof ApiError) || !error.message.includes("TABLE_OR_VIEW_NOT_FOUND") || parts?.length !== 1) throw error;
    const home = auth.catalog ?? LEGACY_CATALOG;
    const found = await databricks.withClient(auth, (client) => locateSchema(client.http, home, parts[0])).catch(() => undefined);
    if (!found) throw error;
    const place = formatPath([found.catalog, found.schema.name]);
    const named = found.catalog === home ? formatPath([found.schema.name]) : place;
    throw withHint(error, `${parts[0]} is a schema, not a table: name one of its tables, as ${named}.<table> (objectType=folder&object=${place} lists them)`);
  }
}
