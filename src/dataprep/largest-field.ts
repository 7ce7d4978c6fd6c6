/**
 * The field of a mapped row that takes the most of its JSON text, so that a preview refusing the
 * row for its size names what made it so. A struct's members are fields of their own; an array or
 * map is one field, as a destination names it.
 */
import { type DuckType, parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { exactJson } from "./exact-json.js";
import type { Connection } from "./scratch-duckdb.js";
import type { SourceColumn } from "./mapping-types.js";

interface Leaf {
  path: string;
  sql: string;
  type: DuckType;
}

/** The largest field of the `row`-th row (from 0) of `relation` and its bytes as JSON. */
export async function largestField(conn: Connection, relation: string, row: number, columns: readonly SourceColumn[]): Promise<{ path: string; bytes: number } | undefined> {
  const fields = columns.flatMap((c) => leaves(c.name, quoteIdent(c.name), parseDuckDbType(c.type)));
  if (fields.length === 0) return undefined;
  const sizes = fields.map((leaf) => `coalesce(strlen(CAST(${exactJson(leaf.sql, leaf.type)} AS VARCHAR)), 0)`);
  const [found] = (await conn.runAndReadAll(`SELECT ${sizes.join(", ")} FROM ${relation} LIMIT 1 OFFSET ${row}`)).getRows();
  if (!found) return undefined;
  const bytes = found.map(Number);
  const largest = bytes.indexOf(Math.max(...bytes));
  return { path: fields[largest].path, bytes: bytes[largest] };
}

function leaves(path: string, sql: string, type: DuckType): Leaf[] {
  if (type.kind !== "struct") return [{ path, sql, type }];
  return type.fields.flatMap((field) => leaves(`${path}.${field.name}`, `struct_extract(${sql}, ${quoteLiteral(field.name)})`, field.type));
}
