/**
 * Unity Catalog REST 2.1, the read side: list and get catalogs, schemas and tables, in Databricks'
 * documented shapes (CatalogInfo, SchemaInfo, TableInfo) and paging (max_results: unset = all,
 * 0 = the server's page size, n > 0 = at most n; next_page_token while more remain). Tables are
 * listed without columns (as with omit_columns=true); hive_metastore is listed beside the Unity
 * Catalog catalogs (DEVIATIONS.md).
 */
import type { FastifyInstance } from "fastify";
import type { CatalogEntry, Metastore, SchemaEntry, StoredKey, TableEntry } from "../catalog/metastore.js";
import { apiErrors } from "../errors.js";
import { fields, optionalInteger, optionalString, requiredString, type Fields } from "./params.js";

const BASE = "/api/2.1/unity-catalog";
const SERVER_PAGE = 1000;
const METASTORE_ID = "00000000-0000-4000-8000-00000000000a";
const HIVE = "hive_metastore";

export function unityCatalogRoutes(app: FastifyInstance, metastore: Metastore, owner: string): void {
  const catalogInfo = (c: CatalogEntry) => ({
    name: c.name,
    full_name: c.name,
    owner,
    ...(c.comment ? { comment: c.comment } : {}),
    catalog_type: c.name === HIVE ? undefined : "MANAGED_CATALOG",
    metastore_id: METASTORE_ID,
    securable_type: "CATALOG",
    isolation_mode: "OPEN",
    browse_only: false,
    created_at: c.createdAt,
    created_by: owner,
    updated_at: c.createdAt,
    updated_by: owner,
  });
  const schemaInfo = (s: SchemaEntry) => ({
    name: s.name,
    catalog_name: s.catalog,
    full_name: `${s.catalog}.${s.name}`,
    owner,
    ...(s.comment ? { comment: s.comment } : {}),
    catalog_type: s.catalog === HIVE ? undefined : "MANAGED_CATALOG",
    metastore_id: METASTORE_ID,
    securable_type: "SCHEMA",
    browse_only: false,
    created_at: s.createdAt,
    created_by: owner,
    updated_at: s.createdAt,
    updated_by: owner,
  });
  const tableInfo = (t: TableEntry) => ({
    name: t.name,
    catalog_name: t.catalog,
    schema_name: t.schema,
    full_name: `${t.catalog}.${t.schema}.${t.name}`,
    table_type: t.type,
    data_source_format: "DELTA",
    storage_location: `file://${t.location}`,
    owner,
    ...(t.comment ? { comment: t.comment } : {}),
    ...(t.keys?.length ? { table_constraints: t.keys.map(constraintInfo) } : {}),
    metastore_id: METASTORE_ID,
    securable_type: "TABLE",
    browse_only: false,
    created_at: t.createdAt,
    created_by: owner,
    updated_at: t.createdAt,
    updated_by: owner,
  });
  const catalogOf = (name: string) => {
    const c = metastore.findCatalog(name);
    if (!c) throw apiErrors.catalogNotFound(name);
    return c;
  };
  const schemaOf = (catalog: string, schema: string) => {
    const s = metastore.findSchema(catalogOf(catalog).name, schema);
    if (!s) throw apiErrors.schemaNotFound(`${catalog}.${schema}`);
    return s;
  };

  app.get(`${BASE}/catalogs`, async (req) => page(fields(req), "catalogs", metastore.catalogs().map(catalogInfo)));
  app.get(`${BASE}/catalogs/:name`, async (req) => catalogInfo(catalogOf((req.params as { name: string }).name)));
  app.get(`${BASE}/schemas`, async (req) => {
    const f = fields(req);
    const catalog = catalogOf(requiredString(f, "catalog_name"));
    return page(f, "schemas", metastore.schemas(catalog.name).map(schemaInfo));
  });
  app.get(`${BASE}/schemas/:full_name`, async (req) => {
    const [catalog, schema, ...rest] = (req.params as { full_name: string }).full_name.split(".");
    if (schema === undefined || rest.length > 0) throw apiErrors.invalidParameter("full_name must be catalog.schema");
    return schemaInfo(schemaOf(catalog, schema));
  });
  app.get(`${BASE}/tables`, async (req) => {
    const f = fields(req);
    const schema = schemaOf(requiredString(f, "catalog_name"), requiredString(f, "schema_name"));
    return page(f, "tables", metastore.tables(schema.catalog, schema.name).map(tableInfo));
  });
  app.get(`${BASE}/tables/:full_name`, async (req) => {
    const [catalog, schema, table, ...rest] = (req.params as { full_name: string }).full_name.split(".");
    if (table === undefined || rest.length > 0) throw apiErrors.invalidParameter("full_name must be catalog.schema.table");
    const found = metastore.findTable(schemaOf(catalog, schema).catalog, schema, table);
    if (!found) throw apiErrors.tableNotFound(`${catalog}.${schema}.${table}`);
    return tableInfo(found);
  });
}

/** One page of a listing; the page token is the offset of the next item, opaque to clients. */
function page<T>(f: Fields, field: string, items: T[]): Record<string, unknown> {
  const maxResults = optionalInteger(f, "max_results");
  if (maxResults !== undefined && maxResults < 0) throw apiErrors.invalidParameter("max_results must be greater than or equal to 0");
  const token = optionalString(f, "page_token");
  const offset = token === undefined ? 0 : readToken(token);
  const size = maxResults === undefined ? items.length : maxResults === 0 ? SERVER_PAGE : Math.min(maxResults, SERVER_PAGE);
  const end = offset + size;
  return { [field]: items.slice(offset, end), ...(end < items.length ? { next_page_token: Buffer.from(`o:${end}`).toString("base64url") } : {}) };
}

function readToken(token: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw apiErrors.invalidParameter("page_token is not a token this listing gave");
  return Number(match[1]);
}

/** a key constraint as Unity Catalog's TableInfo lists it in table_constraints */
function constraintInfo(key: StoredKey) {
  return key.kind === "PRIMARY KEY"
    ? { primary_key_constraint: { name: key.name, child_columns: key.columns } }
    : { foreign_key_constraint: { name: key.name, child_columns: key.columns, parent_table: key.parent.join("."), parent_columns: key.parentColumns } };
}
