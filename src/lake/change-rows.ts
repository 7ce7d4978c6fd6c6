/**
 * Change-data-capture rows in a dataset (docs/api/runs.md#change-data-capture): each row carries
 * `_change_request_type` (u or d), `_commit_version` and `_commit_timestamp` of the source table's
 * commit, so a consumer applies them in version order. A resync reads the table whole again; the
 * keys the dataset still holds that the table no longer has get a delete in the same batch, so no
 * deleted row comes back.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDeltaTable, quoteIdent, quoteLiteral } from "../delta/index.js";

export const CHANGE_TYPE = "_change_request_type";
export const COMMIT_VERSION = "_commit_version";
export const COMMIT_TIMESTAMP = "_commit_timestamp";
/** the staged columns a change-data flow carries into its dataset unchanged */
export const CHANGE_COLUMNS = [CHANGE_TYPE, COMMIT_VERSION, COMMIT_TIMESTAMP];

export interface Resync {
  /** the dataset fields (dotted paths) that hold the key */
  keyPaths: readonly string[];
  /** the source version the snapshot read, and its commit time (epoch ms) */
  version: number;
  commitTimestamp: number;
}

/** A field of a row by dotted path, nested structs included. */
export function fieldSql(row: string, dotted: string): string {
  const [first, ...rest] = dotted.split(".");
  return rest.reduce((sql, name) => `struct_extract(${sql}, ${quoteLiteral(name)})`, `${row}.${quoteIdent(first)}`);
}

/**
 * The dataset's net state: per key, its last row (by commit version; within one version an upsert
 * before a delete), unless that row is a delete. Rows written without the change columns count as
 * upserts older than any version. Undefined while the dataset has no table.
 */
export async function netStateRelation(conn: DuckDBConnection, tableRoot: string, keyPaths: readonly string[]): Promise<{ relation: string; columns: Set<string> } | undefined> {
  const table = openDeltaTable(tableRoot);
  if (!(await table.exists())) return undefined;
  const snapshot = await table.snapshot();
  const rows = await table.scanRelation(conn, snapshot);
  const columns = new Set(snapshot.schema.fields.map((f) => f.name));
  if (keyPaths.some((p) => !columns.has(p.split(".")[0]))) return undefined;
  const version = columns.has(COMMIT_VERSION) ? `held.${quoteIdent(COMMIT_VERSION)}` : "NULL::BIGINT";
  const type = columns.has(CHANGE_TYPE) ? `coalesce(held.${quoteIdent(CHANGE_TYPE)}, 'u')` : "'u'";
  const keys = keyPaths.map((p) => fieldSql("held", p));
  const relation =
    `(SELECT held.* FROM ${rows} AS held WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} ` +
    `QUALIFY row_number() OVER (PARTITION BY ${keys.join(", ")} ORDER BY ${version} DESC NULLS LAST, CASE WHEN ${type} = 'd' THEN 1 ELSE 0 END) = 1 ` +
    `AND ${type} <> 'd')`;
  return { relation, columns };
}

/**
 * A resync's deletes: every key of the dataset's net state that `freshKeys` (the keys of the
 * snapshot's rows mapped to the dataset's fields: columns k0, k1, … in keyPaths' order) does not
 * hold, as its last row tagged d at the snapshot's version. Undefined when the dataset has nothing
 * to compare.
 */
export async function resyncDeletesSql(conn: DuckDBConnection, tableRoot: string, freshKeys: string, resync: Resync): Promise<string | undefined> {
  const held = await netStateRelation(conn, tableRoot, resync.keyPaths);
  if (!held) return undefined;
  const present = CHANGE_COLUMNS.filter((c) => held.columns.has(c));
  const exclude = present.length > 0 ? ` EXCLUDE (${present.map(quoteIdent).join(", ")})` : "";
  const matches = resync.keyPaths.map((p, i) => `fresh.k${i} = ${fieldSql("gone", p)}`).join(" AND ");
  return (
    `SELECT gone.*${exclude}, 'd' AS ${quoteIdent(CHANGE_TYPE)}, CAST(${resync.version} AS BIGINT) AS ${quoteIdent(COMMIT_VERSION)}, ` +
    `CAST(epoch_ms(CAST(${resync.commitTimestamp} AS BIGINT)) AS TIMESTAMPTZ) AS ${quoteIdent(COMMIT_TIMESTAMP)} ` +
    `FROM ${held.relation} AS gone WHERE NOT EXISTS (SELECT 1 FROM ${freshKeys} AS fresh WHERE ${matches})`
  );
}
