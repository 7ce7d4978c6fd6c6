/**
 * The netting of a change feed by key (docs/api/runs.md#change-data-capture), as SQL that Spark
 * (cluster, SQL warehouse) and DuckDB (Delta Sharing) both run: one builder, the dialect given as
 * how it quotes a name and how it writes a row image as text.
 *
 * Netting keeps each key's last change, which is right only when the key names one row:
 * - a change whose key (any key column) is NULL names no row: it is kept out of the netting, each
 *   such change on its own, and becomes a row error (keyNullRowChecks) instead of being merged
 *   with every other NULL-key change into one;
 * - a key shared by several rows merges their changes into one, the others lost: the run fails
 *   instead, naming the keys (repeatedKeysSql).
 */
import { ROW_ERROR } from "../dataprep/conversion.js";
import { quoteIdent, quoteLiteral } from "../delta/index.js";

export interface ChangeSqlDialect {
  quote(name: string): string;
  /** a row's values of `columns` as text: equal texts for equal values, distinct texts for distinct ones */
  rowText(columns: readonly string[]): string;
}

/** DuckDB's spelling (a Delta Sharing read); Spark's is export-sql.ts's */
export const DUCKDB: ChangeSqlDialect = {
  quote: quoteIdent,
  rowText: (columns) => `to_json(struct_pack(${columns.map((c) => `${quoteIdent(c)} := ${quoteIdent(c)}`).join(", ")}))`,
};

/** the feed's change types a key's state is rebuilt from */
const CHANGE_TYPES = "('insert', 'update_preimage', 'update_postimage', 'delete')";
const REMOVAL = "_change_type IN ('delete', 'update_preimage')";
/** the columns the change feed adds to a table's rows */
const CHANGE_FEED_COLUMNS = ["_change_type", "_commit_version", "_commit_timestamp"];

/** The columns two row images of a key are compared on: the flow's, or the table's when it lists none (without the feed's own). */
export function comparedColumns(listed: readonly string[], tableColumns: readonly string[]): readonly string[] {
  return listed.length > 0 ? listed : tableColumns.filter((c) => !CHANGE_FEED_COLUMNS.includes(c));
}

/** how many repeated keys a run error names */
export const REPEATED_KEYS_NAMED = 5;

const anyNull = (dialect: ChangeSqlDialect, key: readonly string[]) => key.map((c) => `${dialect.quote(c)} IS NULL`).join(" OR ");

/**
 * One change per key: its last by commit version; within one version an addition (insert, update
 * post-image) wins over a removal (delete, update pre-image): the key exists at the end of that
 * commit. u for additions, d for removals, with their image. An update that changed a row's key
 * leaves its old key only a pre-image: that key's d. A change with a NULL key column is kept as it
 * is, each on its own (ranked first, whatever the rank of its NULL partition), but for an update's
 * pre-image: the update's post-image is the change.
 * `feed` holds the feed's rows with `_change_type` and `_commit_version`; `read` is the select list
 * of the ranked rows, `outer` that of the result.
 */
export function netChangesSql(dialect: ChangeSqlDialect, feed: string, key: readonly string[], read: string, outer: string): string {
  if (key.length === 0) throw new Error("a change feed is read by key");
  const ranked =
    `SELECT ${read}, CASE WHEN ${REMOVAL} THEN 'd' ELSE 'u' END AS _change_request_type, ` +
    `CASE WHEN ${anyNull(dialect, key)} THEN 1 ELSE ROW_NUMBER() OVER (PARTITION BY ${key.map(dialect.quote).join(", ")} ` +
    `ORDER BY _commit_version DESC, CASE WHEN ${REMOVAL} THEN 1 ELSE 0 END) END AS _change_rank ` +
    `FROM ${feed} WHERE _change_type IN ('insert', 'update_postimage', 'delete') OR (_change_type = 'update_preimage' AND NOT (${anyNull(dialect, key)}))`;
  return `SELECT ${outer} FROM (${ranked}) AS changes WHERE _change_rank = 1`;
}

/**
 * The first keys (key columns only) that more than one row of the table holds in the feed's
 * versions. A key naming one row sees its images alternate, in version order, between a removal
 * (delete, update pre-image) and an addition (insert, update post-image; after the removal within
 * one version), each removal the image of the addition before it. Two removals or two additions in
 * a row, or a removal of another image than the key's last addition, are changes of two rows.
 * Alternating changes of one row leave the key, at the feed's last version, to that row alone when
 * the last change is an addition, to none when it is a removal: any other count of the rows
 * `pinned` holds under the key (the table at that version, or at least its rows of the keys the
 * feed changed) is another row under the key, one the feed may not show (say a row inserted under
 * a key another row held before the window). Without `pinned`, only the feed's own changes are
 * compared.
 * `columns` are the row image's columns (the ones the flow reads).
 */
export function repeatedKeysSql(dialect: ChangeSqlDialect, feed: string, pinned: string | undefined, key: readonly string[], columns: readonly string[]): string {
  const keys = key.map(dialect.quote).join(", ");
  const of = (alias: string) => key.map((c) => `${alias}.${dialect.quote(c)}`);
  const sameKey = (a: string, b: string) => key.map((c) => `${a}.${dialect.quote(c)} = ${b}.${dialect.quote(c)}`).join(" AND ");
  const kind = `CASE WHEN ${REMOVAL} THEN 'removal' ELSE 'addition' END`;
  const image = dialect.rowText(columns);
  const order = `PARTITION BY ${keys} ORDER BY _commit_version, CASE WHEN ${REMOVAL} THEN 0 ELSE 1 END`;
  const sequenced =
    `SELECT ${keys}, ${kind} AS _change_kind, ${image} AS _change_image, ` +
    `LAG(${kind}) OVER (${order}) AS _previous_kind, LAG(${image}) OVER (${order}) AS _previous_image, ` +
    `LEAD(${kind}) OVER (${order}) AS _next_kind ` +
    keyedChangesSql(dialect, feed, key);
  const twoRows =
    "_previous_kind = _change_kind OR (_change_kind = 'removal' AND _previous_kind = 'addition' AND _previous_image <> _change_image)";
  const lastChanges = `SELECT ${keys}, _change_kind FROM _sequenced_changes WHERE _next_kind IS NULL`;
  // the table's rows joined to the few changed keys, not the other way round: Spark can then
  // broadcast the changed keys; which files `pinned` reads is its caller's (held-key-range.ts)
  const heldRows =
    `SELECT ${of("_changed").join(", ")}, count(*) AS _rows FROM (SELECT ${keys} FROM ${pinned}) AS _pinned ` +
    `JOIN _last_changes AS _changed ON ${sameKey("_pinned", "_changed")} GROUP BY ${of("_changed").join(", ")}`;
  const otherRows =
    `SELECT ${of("_changed").join(", ")} FROM _last_changes AS _changed LEFT JOIN _held_rows AS _held ON ${sameKey("_changed", "_held")} ` +
    `WHERE COALESCE(_held._rows, 0) <> CASE WHEN _changed._change_kind = 'addition' THEN 1 ELSE 0 END`;
  // without the pinned rows, only what the feed itself shows
  const held = pinned === undefined ? "" : `, _held_rows AS (${heldRows})`;
  const fromPinned = pinned === undefined ? "" : ` UNION ALL ${otherRows}`;
  return (
    `WITH _sequenced_changes AS (${sequenced}), _last_changes AS (${lastChanges})${held} ` +
    `SELECT ${keys} FROM (SELECT ${keys} FROM _sequenced_changes WHERE ${twoRows}${fromPinned}) AS _repeated ` +
    `GROUP BY ${keys} ORDER BY ${keys} LIMIT ${REPEATED_KEYS_NAMED}`
  );
}

/**
 * `FROM` and `WHERE` of the feed's rows that change a key (repeatedKeysSql's changed keys): every
 * change type, the key columns all set (a change with a NULL key names no row).
 */
export function keyedChangesSql(dialect: ChangeSqlDialect, feed: string, key: readonly string[]): string {
  return `FROM ${feed} WHERE _change_type IN ${CHANGE_TYPES} AND NOT (${anyNull(dialect, key)})`;
}

/**
 * The row checks (DuckDB, over the staged rows) that turn a change with a NULL key column into a row
 * error: it cannot be applied by key.
 */
export function keyNullRowChecks(key: readonly string[], flowId: string): string[] {
  return key.map(
    (column) =>
      `CASE WHEN ${quoteIdent(column)} IS NULL THEN ${quoteLiteral(
        `${ROW_ERROR}the key column ${column} is NULL: a change without a key cannot be applied by key; ` +
          `give the row a ${column}, or make the source connection's params.primaryKey a column that is never NULL. ` +
          "The change stays in the table's change data feed, where a re-trigger reads it again: once the table is fixed, " +
          `resync the flow (POST /flows/${flowId}/action?op=resync: its next window reads the table as it is then), or let this row fail (the flow's partialIngestionPercent)`,
      )} END`,
  );
}

/** The message of a run refused for keys several rows share. */
export function repeatedKeysMessage(tableName: string, flowId: string, key: readonly string[], values: ReadonlyArray<readonly unknown[]>): string {
  const shown = values.map((row) => (key.length === 1 ? show(row[0]) : `(${row.map(show).join(", ")})`)).join(", ");
  return (
    `The key ${key.join(", ")} is not unique in ${tableName}: more than one row had ${key.length === 1 ? "the key" : "the keys"} ${shown}` +
    `${values.length >= REPEATED_KEYS_NAMED ? " (the first few)" : ""} in the versions this window reads, so netting one change per key would lose rows or changes. ` +
    `The key must be unique in the table: make the source connection's params.primaryKey the columns that identify one row (PATCH) and re-trigger the run, ` +
    `or, once the table's rows are unique by the key, resync the flow (POST /data/foundation/flowservice/flows/${flowId}/action?op=resync) and re-trigger the run.`
  );
}

const show = (value: unknown) => String(value);
