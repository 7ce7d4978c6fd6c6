/**
 * Staged text that is not UTF-8. Spark writes whatever bytes a STRING holds (a STRING cast from
 * BINARY, data loaded unchecked), while DuckDB refuses such a value when it reads the file, naming
 * the file and the value but not the column. A group of files DuckDB refuses is read again with its
 * text as bytes (copies of the files with footers that say so), nested text included: each value that
 * is UTF-8 is that text, and each row holding one that is not, in a column the mapping reads, becomes
 * a row error naming the column and the bytes, the other rows committed. Should DuckDB refuse the
 * files all the same, the window fails, its message naming the columns instead of DuckDB's alone.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { describeQuery, type DuckType, holdsPrimitive, parseDuckDbType, quoteIdent, quoteLiteral, writeTextAsBytes } from "../delta/index.js";
import { MappingError, type MappingPlan } from "../dataprep/mapping-sql.js";
import { ROW_ERROR } from "../dataprep/conversion.js";

const INVALID_TEXT = /Invalid string encoding found in Parquet file "([^"]+)": value "(.*)" is not valid UTF8/;

/** Whether `error` is DuckDB's refusal of a staged text value that is not UTF-8. */
export function isInvalidText(error: unknown): boolean {
  return error instanceof Error && INVALID_TEXT.test(error.message);
}

/** A group's files with their text read as bytes, the files they copy, and the columns holding text. */
export interface TextAsBytes {
  files: string[];
  originals: readonly string[];
  columns: ReadonlySet<string>;
}

/** Copies of `files` in `dir` whose text reads as bytes (a file without any is itself); undefined when none has any. */
export async function textAsBytes(files: readonly string[], dir: string): Promise<TextAsBytes | undefined> {
  const columns = new Set<string>();
  const copies = await Promise.all(
    files.map(async (file, index) => {
      // under its own name, for a failure that names the file
      const copy = path.join(dir, String(index), path.basename(file));
      await mkdir(path.dirname(copy), { recursive: true });
      const found = await writeTextAsBytes(file, copy);
      found.forEach((column) => columns.add(column));
      return found.length > 0 ? copy : file;
    }),
  );
  return columns.size === 0 ? undefined : { files: copies, originals: files, columns };
}

/** A staged column as read from the bytes copies: its SQL as the column's own type, and when any of its text is not UTF-8 (SQL, else undefined). */
export interface ReadFromBytes {
  sql: string;
  invalid: string | undefined;
}

/**
 * The column `column`, read from the copies as `read` (its text as BLOB), as its own type `planned`:
 * each text value decoded, NULL where it is not UTF-8 (its row fails through `invalid`), structs,
 * lists and maps rebuilt around them, a NULL kept NULL.
 */
export function fromBytes(column: string, planned: string, read: string): ReadFromBytes {
  const value = valueFromBytes(quoteIdent(column), parseDuckDbType(planned), parseDuckDbType(read), 0);
  return value.invalid === undefined ? { sql: quoteIdent(column), invalid: undefined } : { sql: `CAST(${value.sql} AS ${planned})`, invalid: value.invalid };
}

function valueFromBytes(value: string, planned: DuckType, read: DuckType, depth: number): ReadFromBytes {
  const unchanged = { sql: value, invalid: undefined };
  if (planned.kind === "primitive" || read.kind === "primitive") {
    const text = planned.kind === "primitive" && planned.name === "VARCHAR" && read.kind === "primitive" && read.name === "BLOB";
    return text ? { sql: `try(decode(${value}))`, invalid: `(${value} IS NOT NULL AND try(decode(${value})) IS NULL)` } : unchanged;
  }
  const element = `__bytes_${depth}`;
  if (planned.kind === "struct" && read.kind === "struct" && planned.fields.length === read.fields.length) {
    const members = planned.fields.map((field, i) => valueFromBytes(`struct_extract(${value}, ${quoteLiteral(read.fields[i].name)})`, field.type, read.fields[i].type, depth + 1));
    if (members.every((m) => m.invalid === undefined)) return unchanged;
    const packed = planned.fields.map((field, i) => `${quoteIdent(field.name)} := ${members[i].sql}`).join(", ");
    return { sql: `CASE WHEN ${value} IS NULL THEN NULL ELSE struct_pack(${packed}) END`, invalid: anyOf(members.map((m) => m.invalid)) };
  }
  if ((planned.kind === "list" || planned.kind === "array") && (read.kind === "list" || read.kind === "array")) {
    const item = valueFromBytes(element, planned.element, read.element, depth + 1);
    if (item.invalid === undefined) return unchanged;
    return { sql: `list_transform(${value}, ${element} -> ${item.sql})`, invalid: `coalesce(list_bool_or(list_transform(${value}, ${element} -> ${anyOf([item.invalid])})), false)` };
  }
  if (planned.kind === "map" && read.kind === "map") {
    const key = valueFromBytes(`struct_extract(${element}, 'key')`, planned.key, read.key, depth + 1);
    const entryValue = valueFromBytes(`struct_extract(${element}, 'value')`, planned.value, read.value, depth + 1);
    if (key.invalid === undefined && entryValue.invalid === undefined) return unchanged;
    const entries = `map_entries(${value})`;
    return {
      sql: `map_from_entries(list_transform(${entries}, ${element} -> {'key': ${key.sql}, 'value': ${entryValue.sql}}))`,
      invalid: `coalesce(list_bool_or(list_transform(${entries}, ${element} -> ${anyOf([key.invalid, entryValue.invalid])})), false)`,
    };
  }
  return unchanged;
}

/** Whether any of the conditions holds, a NULL one as false. */
function anyOf(conditions: ReadonlyArray<string | undefined>): string {
  return `(${conditions.filter((c) => c !== undefined).map((c) => `coalesce(${c}, false)`).join(" OR ")})`;
}

/**
 * Those of `columns` the plan's SQL reads: the first name of each column reference DuckDB's parser
 * finds in it (a lambda's parameter or a member of the same name is among them, which only makes a
 * check needless, never one left out); all of them should the parser not read the SQL.
 */
export async function columnsReadBy(conn: DuckDBConnection, plan: MappingPlan, columns: Iterable<string>): Promise<string[]> {
  const lists = [plan.projection, plan.inner, plan.computed, plan.firstError].filter((list) => list !== "");
  const reader = await conn.runAndReadAll(`SELECT json_serialize_sql(${quoteLiteral(`SELECT ${lists.join(", ")}`)}) AS tree`);
  const tree = JSON.parse((reader.getRowObjectsJson()[0] as { tree: string }).tree) as { error?: boolean };
  if (tree.error) return [...columns];
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const { class: kind, column_names: parts } = node as { class?: string; column_names?: string[] };
    if (kind === "COLUMN_REF" && parts?.length) names.add(parts[0]);
    Object.values(node).forEach(walk);
  };
  walk(tree);
  return [...columns].filter((name) => names.has(name));
}

/** How much of a value that is not UTF-8 a row error shows, escaped (\xC3 for a byte that is not text). */
const SHOWN_BYTES = 64;

/** The row's error (or NULL) for columns read as bytes, each with its `invalid` condition (fromBytes): the first holding bytes that are not UTF-8, named with them. */
export function invalidTextCheck(columns: ReadonlyArray<{ column: string; invalid: string }>): string {
  const checks = columns.map(({ column, invalid }) => {
    const message = `${ROW_ERROR}the staged column ${column} holds bytes that are not UTF-8 text, which a string cannot hold exactly: `;
    return `CASE WHEN ${invalid} THEN ${quoteLiteral(message)} || left(CAST(${quoteIdent(column)} AS VARCHAR), ${SHOWN_BYTES}) || ${quoteLiteral(" (correct the value in the source table)")} END`;
  });
  return checks.length === 1 ? checks[0] : `coalesce(${checks.join(", ")})`;
}

/** `work` (reading staged files on `conn`), its refusal of text that is not UTF-8 explained. */
export async function explainingInvalidText<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw (await invalidTextFailure(conn, error)) ?? error;
  }
}

/** The failure naming the columns of the file DuckDB refused, or undefined when `error` is not that refusal. */
async function invalidTextFailure(conn: DuckDBConnection, error: unknown): Promise<MappingError | undefined> {
  const found = error instanceof Error ? INVALID_TEXT.exec(error.message) : null;
  if (!found) return undefined;
  const [, file, value] = found;
  const read = `read_parquet(${quoteLiteral(file)})`;
  const columns = await describeQuery(conn, `SELECT * FROM ${read}`).catch(() => []);
  const holdingText = columns.filter((c) => holdsPrimitive(parseDuckDbType(c.type), (name) => name === "VARCHAR"));
  const invalid: string[] = [];
  for (const { name } of holdingText) {
    // every value decoded: a length of the column's text, nested members included
    const refused = await conn.run(`SELECT max(length(CAST(${quoteIdent(name)} AS VARCHAR))) FROM ${read}`).then(() => false, (e: unknown) => INVALID_TEXT.test(String((e as Error)?.message)));
    if (refused) invalid.push(name);
  }
  const named = invalid.length === 0 ? "a text column" : `${invalid.length === 1 ? "column" : "columns"} ${invalid.join(", ")}`;
  return new MappingError(
    `The staged ${named} of ${path.basename(file)} ${invalid.length > 1 ? "hold" : "holds"} bytes that are not UTF-8 text (such as "${value}"), which a string cannot hold exactly; ` +
      `the cluster wrote them as Spark keeps them (a STRING made from BINARY, or data loaded unchecked). Nothing of this window was written. ` +
      `Correct those values in the source table, or leave the column out of the source connection's columns, then run the flow again.`,
  );
}
