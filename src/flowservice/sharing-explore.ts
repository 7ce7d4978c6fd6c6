/**
 * Explore, preview and source checks of a Delta Sharing connection, through the protocol alone:
 *   objectType=root                 → every table the recipient can read, as `share.schema.table`
 *   objectType=folder (no object)   → the shares; object=share → its schemas; object=share.schema → its tables
 *   objectType=table&object=s.s.t   → the columns from the table's metadata (preview=true: 100 rows,
 *                                     read from its files with the project's Delta reader, values loss-free)
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { readSharedVersion, type SharedTableName, withVariantsAsJson } from "../delta-sharing/index.js";
import { formatPath, splitPath } from "../databricks/sql.js";
import { parseJsonType, type SparkType } from "../databricks/spark-types.js";
import { toLosslessValue } from "../databricks/result-values.js";
import { parseLosslessJson } from "../databricks/lossless-json.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { exploreColumn } from "../schemaregistry/databricks-to-xdm.js";
import { type Json, onlyQueryParams, queryFlag, queryString } from "../aep-conventions/request-body.js";
import type { DatabricksAuth } from "./databricks-access.js";
import { withSharing } from "./sharing-connections.js";
import { previewRow } from "./preview-values.js";

const PREVIEW_ROWS = 100;
const EXPLORE_PARAMS = ["objectType", "object", "preview", "filters"];

export interface SharedColumn {
  name: string;
  type: SparkType;
}

export async function exploreSharing(auth: DatabricksAuth, query: Json): Promise<unknown> {
  onlyQueryParams(query, EXPLORE_PARAMS);
  const given = queryString(query, "objectType");
  const objectType = given?.toLowerCase();
  if (objectType !== "root" && objectType !== "table" && objectType !== "folder") throw Errors.objectTypeInvalid(given);
  if (query.filters !== undefined) throw Errors.filterAtSourceUnsupported("delta-sharing");
  const object = queryString(query, "object")?.trim();
  if (objectType === "root") {
    // an object here would be ignored: the answer would be every shared table, not those of the place named
    if (object) {
      throw Errors.paramValueInvalid(
        object,
        "object",
        `objectType=root takes no object: it lists every table the recipient can read; to list a share's schemas, send objectType=folder&object=<share>, a schema's tables objectType=folder&object=<share>.<schema>, and for one table's columns objectType=table&object=<share>.<schema>.<table>`,
      );
    }
    return withSharing(auth, async (client) => {
      const tables: Json[] = [];
      for (const share of await client.listShares()) {
        for (const schema of await client.listSchemas(share)) tables.push(...(await client.listTables(share, schema)).map(tableEntry));
      }
      return tables;
    });
  }
  if (objectType === "folder") {
    const parts = object ? splitPath(object) : [];
    if (!parts || parts.length > 2) throw Errors.paramValueInvalid(String(object), "object", "A folder is a share or share.schema");
    refuseDotNames(parts, object ?? "", "object");
    return withSharing(auth, async (client) => {
      if (parts.length === 0) return (await client.listShares()).map((s) => folder(s, formatPath([s])));
      if (parts.length === 1) return (await client.listSchemas(parts[0])).map((s) => folder(s, formatPath([parts[0], s])));
      return (await client.listTables(parts[0], parts[1])).map(tableEntry);
    });
  }
  if (object === undefined || object === "") throw Errors.exploreParamEmpty("object", "table");
  const table = sharedTableName(object, "object");
  const columns = await sharedColumns(auth, table);
  const body: Json = { format: "flat", schema: { columns: columns.map((c) => exploreColumn(c.name, c.type)) } };
  if (queryFlag(query, "preview")) body.data = await previewRows(auth, table, columns);
  return body;
}

/** `share.schema.table` (backticks quote a part holding a dot), or a 400 naming `property`. */
export function sharedTableName(text: string, property: string): SharedTableName {
  const parts = splitPath(text.trim());
  if (!parts || parts.length !== 3) throw Errors.paramValueInvalid(text, property, "A shared table is share.schema.table");
  refuseDotNames(parts, text, property);
  return { share: parts[0], schema: parts[1], table: parts[2] };
}

/** The protocol names shares, schemas and tables in URL paths, where "." and ".." are not names but a step up the endpoint's path. */
function refuseDotNames(parts: string[], text: string, property: string): void {
  if (parts.some((part) => part === "." || part === "..")) {
    throw Errors.paramValueInvalid(text, property, "A share, schema or table named . or .. cannot be read through the sharing protocol, whose URL paths name them");
  }
}

/** The table's columns with their Spark types, from its metadata. */
export async function sharedColumns(auth: DatabricksAuth, table: SharedTableName): Promise<SharedColumn[]> {
  const { metadata } = await withSharing(auth, (client) => client.metadata(table));
  const schema = JSON.parse(metadata.schemaString) as { fields: Array<{ name: string; type: unknown }> };
  if (schema.fields.length === 0) throw Errors.noColumns(formatPath([table.share, table.schema, table.table]));
  return schema.fields.map((f) => ({ name: f.name, type: parseJsonType(f.type) }));
}

/** Whether the shared table carries its change data feed (the provider's table property). */
export async function sharedChangeDataFeed(auth: DatabricksAuth, table: SharedTableName): Promise<boolean> {
  const { metadata } = await withSharing(auth, (client) => client.metadata(table));
  return metadata.configuration["delta.enableChangeDataFeed"]?.toLowerCase() === "true";
}

/** Up to 100 rows as objects, each value exact: top-level values go through DuckDB as text, then as preview spells them. */
async function previewRows(auth: DatabricksAuth, table: SharedTableName, columns: SharedColumn[]): Promise<Json[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), "sharing-preview-"));
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: "256MB", temp_directory: path.join(work, "spill") });
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const read = await withSharing(auth, (client) => readSharedVersion(conn, client, table, path.join(work, "files"), undefined, { limitRows: PREVIEW_ROWS }));
    const relation = `(${await withVariantsAsJson(conn, `SELECT * FROM ${read.relation}`)})`;
    const select = columns.map((c, i) => `${asText(`"${c.name.replaceAll('"', '""')}"`, c.type)} AS c${i}`).join(", ");
    const rows = (await conn.runAndReadAll(`SELECT ${select} FROM ${relation} LIMIT ${PREVIEW_ROWS}`)).getRowsJson() as Array<Array<string | null>>;
    return rows.map((row) => previewRow(columns, columns.map((c, i) => toLosslessValue(fromText(row[i], c.type), c.type))));
  } finally {
    conn.closeSync();
    instance.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}

/** A column as the text preview reads back exactly: timestamps in ISO 8601 with microseconds, nested values as JSON. */
function asText(column: string, type: SparkType): string {
  if (type.kind === "primitive" && type.name === "timestamp") return `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (type.kind === "primitive" && type.name === "timestamp_ntz") return `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%f')`;
  if (type.kind === "primitive" && type.name === "binary") return `to_base64(${column})`;
  if (type.kind !== "primitive") return `CAST(to_json(${column}) AS VARCHAR)`;
  return `CAST(${column} AS VARCHAR)`;
}

function fromText(value: string | null, type: SparkType): unknown {
  if (value === null) return null;
  // a nested NaN or ±Infinity is bare in DuckDB's JSON: read as text, which previewValue spells as every preview does
  if (type.kind !== "primitive") return parseLosslessJson(value, { nonFiniteAsText: true });
  return value;
}

function tableEntry(t: SharedTableName): Json {
  const p = formatPath([t.share, t.schema, t.table]);
  return { type: "table", name: p, path: p, canPreview: true, canFetchSchema: true };
}

function folder(name: string, p: string): Json {
  return { type: "folder", name, path: p, canPreview: false, canFetchSchema: false };
}

/** A source connection's table on a Delta Sharing connection: shared with the recipient, with the columns and key named, and its change data feed when asked for. */
export async function checkSharedSource(auth: DatabricksAuth, tableName: string, wanted: { columns?: Array<{ name: string }>; primaryKey?: string[]; cdcEnabled?: boolean }): Promise<void> {
  const table = sharedTableName(tableName, "params.tableName");
  const known = new Set((await sharedColumns(auth, table)).map((c) => c.name.toLowerCase()));
  for (const column of wanted.columns ?? []) {
    if (!known.has(column.name.toLowerCase())) throw Errors.paramValueInvalid(column.name, "params.columns[].name", `Shared table ${tableName} has no such column`);
  }
  for (const column of wanted.primaryKey ?? []) {
    if (!known.has(column.toLowerCase())) throw Errors.paramValueInvalid(column, "params.primaryKey", `Shared table ${tableName} has no such column`);
  }
  if (wanted.cdcEnabled && !(await sharedChangeDataFeed(auth, table))) {
    throw Errors.paramValueInvalid("true", "params.cdcEnabled", `Shared table ${tableName} does not have delta.enableChangeDataFeed = true; the provider must turn it on (and share the table with its history)`);
  }
}
