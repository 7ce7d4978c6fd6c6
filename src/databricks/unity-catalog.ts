/**
 * The Unity Catalog listings (REST API 2.1): catalogs, the schemas of a catalog, the tables of a
 * schema, each read to the end of its pages. No cluster or warehouse is involved, so browsing works
 * whatever state the compute is in.
 *
 *   GET /api/2.1/unity-catalog/catalogs                                  → {catalogs, next_page_token}
 *   GET /api/2.1/unity-catalog/schemas?catalog_name=C                    → {schemas, next_page_token}
 *   GET /api/2.1/unity-catalog/tables?catalog_name=C&schema_name=S       → {tables, next_page_token}
 */
import { DatabricksProtocolError } from "./errors.js";
import type { WorkspaceHttp } from "./http.js";

export interface CatalogInfo {
  name: string;
  comment?: string;
  catalog_type?: string;
  [key: string]: unknown;
}

export interface SchemaInfo {
  name: string;
  catalog_name: string;
  full_name?: string;
  comment?: string;
  [key: string]: unknown;
}

export interface TableInfo {
  name: string;
  catalog_name: string;
  schema_name: string;
  full_name?: string;
  table_type?: string;
  data_source_format?: string;
  comment?: string;
  [key: string]: unknown;
}

/** A page-reading bound: a workspace that keeps answering next_page_token is cut off, not followed forever. */
const MAX_PAGES = 1000;
const BASE = "/api/2.1/unity-catalog";

export function listCatalogs(http: WorkspaceHttp, signal?: AbortSignal): Promise<CatalogInfo[]> {
  return readAll<CatalogInfo>(http, `${BASE}/catalogs`, {}, "catalogs", "unity-catalog/catalogs", signal);
}

export function listSchemas(http: WorkspaceHttp, catalog: string, signal?: AbortSignal): Promise<SchemaInfo[]> {
  return readAll<SchemaInfo>(http, `${BASE}/schemas`, { catalog_name: catalog }, "schemas", "unity-catalog/schemas", signal);
}

export function listTables(http: WorkspaceHttp, catalog: string, schema: string, signal?: AbortSignal): Promise<TableInfo[]> {
  return readAll<TableInfo>(
    http,
    `${BASE}/tables`,
    { catalog_name: catalog, schema_name: schema, omit_columns: "true", omit_properties: "true" },
    "tables",
    "unity-catalog/tables",
    signal,
  );
}

async function readAll<T extends { name: string }>(
  http: WorkspaceHttp,
  path: string,
  query: Record<string, string>,
  field: string,
  operation: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // max_results=0: pages of the server's size (Databricks' recommendation over one unbounded answer)
    const answer = await http.get<Record<string, unknown>>(path, { ...query, max_results: "0", ...(pageToken ? { page_token: pageToken } : {}) }, operation, signal);
    const list = answer[field] ?? [];
    if (!Array.isArray(list)) throw new DatabricksProtocolError(`${operation} answered ${field} that is not a list`);
    for (const item of list) {
      if (item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string") items.push(item as T);
    }
    pageToken = typeof answer.next_page_token === "string" && answer.next_page_token !== "" ? answer.next_page_token : undefined;
    if (!pageToken) return items;
  }
  throw new DatabricksProtocolError(`${operation} kept answering next_page_token after ${MAX_PAGES} pages`);
}
