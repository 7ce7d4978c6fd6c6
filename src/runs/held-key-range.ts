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
 * (integers, decimals, dates, TIMESTAMP_NTZ, whose text has no time zone) or is the value itself
 * (strings without quotes, backslashes or U+FFFD, see STRING_TEXT). A TIMESTAMP's text is in the
 * session's time zone, ambiguous when the clocks go back: its ends are read instead as microseconds
 * since the epoch (unix_micros), in a second statement sent only when a key column is a TIMESTAMP
 * (the first one gives the key columns' types), and written back as `timestamp_micros(<integer>)`,
 * which Spark folds into a literal. Other strings, floating point (NaN, -0.0), binaries and nested
 * types stay unbounded, the count then scanning that column as before.
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

/**
 * The ends of the TIMESTAMP key columns among those the range read (its result holds their types) as
 * microseconds since the epoch, as text so no JSON number rounds them; none when the window changed
 * no key or no key column is a TIMESTAMP.
 */
export function changedInstantsSql(dialect: ChangeSqlDialect, feed: string, key: readonly string[], range: SqlResult): string | undefined {
  const read = oneRow(range, "the changed keys' range");
  if (Number(read(CHANGES).value) === 0) return undefined;
  const columns = key.flatMap((column, i) => {
    if (!isInstant(read(lowest(i)).type)) return [];
    const name = dialect.quote(column);
    return [`CAST(unix_micros(min(${name})) AS STRING) AS ${lowest(i)}_micros`, `CAST(unix_micros(max(${name})) AS STRING) AS ${highest(i)}_micros`];
  });
  return columns.length > 0 ? `SELECT ${columns.join(", ")} ${keyedChangesSql(dialect, feed, key)}` : undefined;
}

/** The range of the keys `feed` changed: read by changedKeyRangeSql, then by changedInstantsSql when a key column is a TIMESTAMP. */
export async function readChangedKeyRange(
  runSql: (sql: string) => Promise<SqlResult>,
  dialect: ChangeSqlDialect,
  feed: string,
  key: readonly string[],
): Promise<ChangedKeyRange> {
  const range = await runSql(changedKeyRangeSql(dialect, feed, key));
  const instants = changedInstantsSql(dialect, feed, key, range);
  return changedKeyRange(range, key, instants === undefined ? undefined : await runSql(instants));
}

/**
 * The range changedKeyRangeSql read (with its TIMESTAMP columns' ends as changedInstantsSql read
 * them, a TIMESTAMP column without them being left unbounded), as a predicate on `key` whose
 * values are literals.
 */
export function changedKeyRange(range: SqlResult, key: readonly string[], instants?: SqlResult): ChangedKeyRange {
  const read = oneRow(range, "the changed keys' range");
  if (Number(read(CHANGES).value) === 0) return { changedKeys: false };
  const readInstant = instants === undefined ? undefined : oneRow(instants, "the changed keys' instants");
  const bounds = key.flatMap((column, i) => {
    const { type } = read(lowest(i));
    const ends = isInstant(type)
      ? readInstant && instantLiterals(readInstant(`${lowest(i)}_micros`).value, readInstant(`${highest(i)}_micros`).value)
      : textLiterals(read(`${lowest(i)}_text`).value, read(`${highest(i)}_text`).value, type);
    if (ends === undefined) return [];
    const name = quoteIdentifier(column);
    return [`${name} >= ${ends[0]}`, `${name} <= ${ends[1]}`];
  });
  return { changedKeys: true, ...(bounds.length > 0 ? { predicate: bounds.join(" AND ") } : {}) };
}

/** The column of that name in an aggregate's answer, which must be one row whatever the feed holds: anything else must not pass for a window without keys. */
function oneRow(result: SqlResult, what: string): (name: string) => { type: SparkType; value: unknown } {
  const [row] = result.rows;
  if (result.rows.length !== 1) throw new Error(`${what} came back as ${result.rows.length} rows`);
  return (name) => {
    const index = result.schema.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`${what} has no column ${name}`);
    return { type: result.schema[index].type, value: row[index] };
  };
}

/** A TIMESTAMP: one instant, whose text depends on the session's time zone (TIMESTAMP_NTZ's does not). */
const isInstant = (type: SparkType) => type.kind === "primitive" && type.name === "timestamp";

/** Two ends read as text, as literals of their type, when that text names them exactly. */
function textLiterals(low: unknown, high: unknown, type: SparkType): [string, string] | undefined {
  if (typeof low !== "string" || typeof high !== "string" || !readBackExactly(low, type) || !readBackExactly(high, type)) return undefined;
  return [literal(low, type), literal(high, type)];
}

/** Two instants read as microseconds since the epoch, as TIMESTAMP values; the integers are checked, so no text can change the statement. */
function instantLiterals(low: unknown, high: unknown): [string, string] | undefined {
  if (typeof low !== "string" || typeof high !== "string" || !INTEGER_TEXT.test(low) || !INTEGER_TEXT.test(high)) return undefined;
  return [`timestamp_micros(${low})`, `timestamp_micros(${high})`];
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
/** Spark's text of a TIMESTAMP_NTZ: no zone, the fraction's trailing zeros left out (a year past 9999 gets a sign, and is refused) */
const TIMESTAMP_NTZ_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
/**
 * A quote or a backslash reads differently where the cluster sets spark.sql.parser.escapedStringLiterals
 * (`'A\'B'` is then the text A\'B), and U+FFFD stands for bytes that were no UTF-8: either would move
 * the bound off the real value, and a key at the end of the range would then not be counted.
 */
const STRING_TEXT = /^[^'\\\uFFFD]*$/;

/**
 * Whether a value's text (Spark's cast to STRING) names it exactly and orders as the column does
 * once written back as a literal: integers, decimals, dates and TIMESTAMP_NTZ values written as their type writes them,
 * strings without the characters a cluster's settings may read otherwise.
 */
function readBackExactly(text: string, type: SparkType): boolean {
  if (type.kind === "decimal") return DECIMAL_TEXT.test(text);
  if (type.kind !== "primitive") return false;
  if (["byte", "short", "int", "long"].includes(type.name)) return INTEGER_TEXT.test(text);
  if (type.name === "date") return DATE_TEXT.test(text);
  if (type.name === "timestamp_ntz") return TIMESTAMP_NTZ_TEXT.test(text);
  return type.name === "string" && STRING_TEXT.test(text);
}

/** A value's text as a literal of its type; the text is quoted as a string, so no value can change the statement. */
function literal(text: string, type: SparkType): string {
  const quoted = quoteString(text);
  return type.kind === "primitive" && type.name === "string" ? quoted : `CAST(${quoted} AS ${simpleString(type)})`;
}
