/**
 * Where a schema named in the wrong place is: a folder `demo` (read as a catalog) or a table `demo`
 * (read as the table demo.demo of the connection's database) that names no catalog or table, but a
 * schema, gets a refusal that says how to name it. So does a schema looked for in one catalog (the
 * connection's, or the one a path names) that is in another: a table demo.customers, a folder demo
 * or a connection's database demo on a connection whose catalog is main, when demo is a schema of
 * hive_metastore. The schema is looked for in the catalog it was named in (the connection's,
 * hive_metastore when it names none) and then in the other catalogs the workspace lists (Unity
 * Catalog's main…). Only a refusal pays for the look-up: an explore that succeeds makes no extra
 * request. Any other failure, or listings that fail or take too long, leave the workspace's words
 * as they were.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { formatPath, parseTablePath, splitPath } from "../databricks/sql.js";
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
  return schemaNamed(await listSchemas(http, catalog, signal).catch(() => []), name);
}

/** The schema of a catalog's listing called `name`, in any case. */
export function schemaNamed(schemas: SchemaInfo[], name: string): SchemaInfo | undefined {
  return schemas.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/**
 * The schema called `name`: in `first` when it has one, else in the first of the workspace's other
 * catalogs, in the order it lists them, that has one. The catalogs are listed while `first` is
 * searched, and their schemas at once, so a miss costs two round trips, not one per catalog.
 * `firstSchemas`, when the caller has listed `first` already, spares listing it again.
 */
export async function locateSchema(http: WorkspaceHttp, first: string, name: string, firstSchemas?: SchemaInfo[]): Promise<FoundSchema | undefined> {
  const done = new AbortController();
  const signal = AbortSignal.any([done.signal, AbortSignal.timeout(LOOKUP_BUDGET_MS)]);
  const catalogs = listCatalogs(http, signal).catch(() => []);
  try {
    const here = firstSchemas ? schemaNamed(firstSchemas, name) : await findSchema(http, first, name, signal);
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
 * Runs `work` (a read of the table `text` names, as explore, a source connection and a flow read
 * it); a table not found is refused saying where to look when its name is wrong in a way the
 * workspace can tell: one part that names a schema (schemaNamedAsTableHint), or a schema that is not
 * in the catalog it was looked for in but in another (schemaElsewhereHint).
 */
export async function hintingMisplacedTable<T>(databricks: DatabricksAccess, auth: DatabricksAuth, text: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApiError) || !MISSING_TABLE.test(error.message)) throw error;
    const parts = splitPath(text.trim());
    const table = parseTablePath(text, auth);
    if (!parts || !table) throw error;
    const hint =
      parts.length === 1
        ? await schemaNamedAsTableHint(databricks, auth, parts[0])
        : await lookUp(databricks, auth, (http) =>
            schemaElsewhereHint(http, table.catalog ?? homeCatalog(auth), table.database, (found) => `name the table as ${formatPath([found.catalog, found.schema.name, table.table])}`),
          );
    throw hint === undefined ? error : withHint(error, hint);
  }
}

/** What Databricks answers for a table whose table, schema or catalog is not there (its SQL error classes). */
const MISSING_TABLE = /\[(?:TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND)\b/;

/** The catalog the connection's names are read in: its own, or hive_metastore when it names none. */
export function homeCatalog(auth: Pick<DatabricksAuth, "catalog">): string {
  return auth.catalog ?? LEGACY_CATALOG;
}

/**
 * When the schema `schema`, looked for in `catalog`, is not there but in another catalog of the
 * workspace: "demo is a schema of hive_metastore, not of main: " and how to name it there (`fix`).
 * Undefined when it is in `catalog` after all (something else is missing), nowhere, or the
 * listings fail. `listed` is `catalog`'s listing when the caller has read it.
 */
export async function schemaElsewhereHint(
  http: WorkspaceHttp,
  catalog: string,
  schema: string,
  fix: (found: FoundSchema) => string,
  listed?: SchemaInfo[],
): Promise<string | undefined> {
  const found = await locateSchema(http, catalog, schema, listed).catch(() => undefined);
  if (!found || found.catalog.toLowerCase() === catalog.toLowerCase()) return undefined;
  return `${schema} is a schema of ${found.catalog}, not of ${catalog}: ${fix(found)}`;
}

/**
 * A table of one part that is not found but is the name of a schema of the connection's catalog
 * (hive_metastore when it names none), or of another catalog of the workspace: a schema of the
 * connection's catalog is named as `schema.<table>`, one of another catalog by its full path.
 */
async function schemaNamedAsTableHint(databricks: DatabricksAccess, auth: DatabricksAuth, name: string): Promise<string | undefined> {
  const home = homeCatalog(auth);
  const found = await lookUp(databricks, auth, (http) => locateSchema(http, home, name));
  if (!found) return undefined;
  const place = formatPath([found.catalog, found.schema.name]);
  const named = found.catalog === home ? formatPath([found.schema.name]) : place;
  return `${name} is a schema, not a table: name one of its tables, as ${named}.<table> (objectType=folder&object=${place} lists them)`;
}

/**
 * Runs `work` (a listing of the connection's database, as creating or testing a connection and
 * explore's objectType=root do);
 * a database its catalog does not have (SCHEMA_NOT_FOUND) but another catalog of the workspace has
 * is refused saying which, and that auth.params.catalog names it.
 */
export async function hintingDatabaseElsewhere<T>(databricks: DatabricksAccess, auth: DatabricksAuth, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApiError) || !MISSING_SCHEMA.test(error.message)) throw error;
    const hint = await lookUp(databricks, auth, (http) => schemaElsewhereHint(http, homeCatalog(auth), auth.database, (found) => `set auth.params.catalog to ${found.catalog}`));
    throw hint === undefined ? error : withHint(error, hint);
  }
}

const MISSING_SCHEMA = /\[SCHEMA_NOT_FOUND\b/;

/** A look-up in the connection's workspace for a refusal's hint: undefined when it fails, as if nothing was found. */
function lookUp<T>(databricks: DatabricksAccess, auth: DatabricksAuth, find: (http: WorkspaceHttp) => Promise<T | undefined>): Promise<T | undefined> {
  return databricks.withClient(auth, (client) => find(client.http)).catch(() => undefined);
}
