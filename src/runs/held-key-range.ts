/**
 * The range of a change window's keys, which bounds the held-key count on a cluster or a SQL
 * warehouse (net-changes.ts repeatedKeysSql counts, at the pinned version, the rows of each key the
 * window changed). Without it that count scans the key columns of the whole pinned table every
 * window: Spark's join on the changed keys prunes files only through dynamic file pruning, which
 * Databricks applies to large tables alone.
 *
 * The range is read first, in a statement of its own (changedKeyRangeSql), and written into the
 * count as literals (`key >= lowest AND key <= highest` per key column): Delta's data skipping
 * compares a file's min/max statistics with literals only, and sets aside a filter holding a
 * subquery. Both statements read the same pinned versions, so the count is the one of the whole
 * table: a row outside the range holds no changed key, since each of its key columns lies outside
 * the changed keys' values of that column, and a row with a NULL key column never matches a key.
 *
 * A column is bounded only when its values' text is read back exactly by a cast to its type
 * (integers, decimals, dates) or is the value itself (strings without quotes, backslashes or
 * U+FFFD, see STRING_TEXT). Other strings, floating point (NaN, -0.0), timestamps (text in the
 * session's time zone, ambiguous when the clocks go back), binaries and nested types stay
 * unbounded, the count then scanning that column as before.
 */
import type { SqlResult } from "../databricks/client.js";
import { quoteIdentifier, quoteString } from "../databricks/sql.js";
import { simpleString, type SparkType } from "../databricks/spark-types.js";
import { type ChangeSqlDialect, keyedChangesSql } from "./net-changes.js";

/** The range of the keys a window changed: none when it changed no key (only NULL keys, or no row), else a predicate on the table's key columns (undefined when no column can be bounded). */
export type ChangedKeyRange = { changedKeys: false } | { changedKeys: true; predicate?: string };

const CHANGES = "_keyed_changes";
const lowest = (i: number) => `_lowest_${i}`;
const highest = (i: number) => `_highest_${i}`;

/** The lowest and highest value of each key column over the window's keyed changes, each as the column's type (its type in the result) and as Spark writes it as text. */
export function changedKeyRangeSql(dialect: ChangeSqlDialect, feed: string, key: readonly string[]): string {
  const columns = key.flatMap((column, i) => {
    const name = dialect.quote(column);
    return [
      `min(${name}) AS ${lowest(i)}`,
      `CAST(min(${name}) AS STRING) AS ${lowest(i)}_text`,
      `max(${name}) AS ${highest(i)}`,
      `CAST(max(${name}) AS STRING) AS ${highest(i)}_text`,
    ];
  });
  return `SELECT count(*) AS ${CHANGES}, ${columns.join(", ")} ${keyedChangesSql(dialect, feed, key)}`;
}

/** The range changedKeyRangeSql read, as a predicate on `key` whose values are literals. */
export function changedKeyRange(result: SqlResult, key: readonly string[]): ChangedKeyRange {
  // an aggregate without GROUP BY answers one row, whatever the feed holds: anything else must not pass for a window without keys
  const [row] = result.rows;
  if (result.rows.length !== 1) throw new Error(`the changed keys' range came back as ${result.rows.length} rows`);
  const at = (name: string) => {
    const index = result.schema.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`the changed keys' range has no column ${name}`);
    return { type: result.schema[index].type, value: row[index] };
  };
  if (Number(at(CHANGES).value) === 0) return { changedKeys: false };
  const bounds = key.flatMap((column, i) => {
    const { type } = at(lowest(i));
    const [low, high] = [at(`${lowest(i)}_text`).value, at(`${highest(i)}_text`).value];
    if (typeof low !== "string" || typeof high !== "string" || !readBackExactly(low, type) || !readBackExactly(high, type)) return [];
    const name = quoteIdentifier(column);
    return [`${name} >= ${literal(low, type)}`, `${name} <= ${literal(high, type)}`];
  });
  return { changedKeys: true, ...(bounds.length > 0 ? { predicate: bounds.join(" AND ") } : {}) };
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A quote or a backslash reads differently where the cluster sets spark.sql.parser.escapedStringLiterals
 * (`'A\'B'` is then the text A\'B), and U+FFFD stands for bytes that were no UTF-8: either would move
 * the bound off the real value, and a key at the end of the range would then not be counted.
 */
const STRING_TEXT = /^[^'\\\uFFFD]*$/;

/**
 * Whether a value's text (Spark's cast to STRING) names it exactly and orders as the column does
 * once written back as a literal: integers, decimals and dates written as their type writes them,
 * strings without the characters a cluster's settings may read otherwise.
 */
function readBackExactly(text: string, type: SparkType): boolean {
  if (type.kind === "decimal") return DECIMAL_TEXT.test(text);
  if (type.kind !== "primitive") return false;
  if (["byte", "short", "int", "long"].includes(type.name)) return INTEGER_TEXT.test(text);
  if (type.name === "date") return DATE_TEXT.test(text);
  return type.name === "string" && STRING_TEXT.test(text);
}

/** A value's text as a literal of its type; the text is quoted as a string, so no value can change the statement. */
function literal(text: string, type: SparkType): string {
  const quoted = quoteString(text);
  return type.kind === "primitive" && type.name === "string" ? quoted : `CAST(${quoted} AS ${simpleString(type)})`;
}
