/**
 * Databricks' collations of a STRING, `name COLLATE UTF8_LCASE` and `collate(name, 'UTF8_LCASE')`, as DuckDB's: UTF8_BINARY, the
 * default, compares bytes (DuckDB's C); UTF8_LCASE compares the strings lower-cased (DuckDB's NOCASE). The ICU collations (UNICODE,
 * UNICODE_CI, a locale's) are refused by name.
 */
import { sqlErrors } from "../errors.js";
import { argBody, type Call, tokenMakers } from "./call.js";
import type { Token } from "./tokenizer.js";

const DUCKDB_COLLATIONS: Readonly<Record<string, string>> = { UTF8_BINARY: "C", UTF8_LCASE: "NOCASE" };

/** DuckDB's collation of a Databricks collation's name */
export function duckdbCollation(name: string): string {
  const collation = DUCKDB_COLLATIONS[name.toUpperCase()];
  if (!collation) throw sqlErrors.unsupported(`The collation ${name} (UTF8_BINARY and UTF8_LCASE are)`);
  return collation;
}

/** collate(x, 'name') as (x) COLLATE name, which the translator reads again; a name that is no string literal is left to fail */
export function collateCall(call: Call): Token[] | undefined {
  const name = call.args[1] ? argBody(call.args[1]) : [];
  if (call.args.length !== 2 || name.length !== 1 || name[0].kind !== "string") return undefined;
  const { op, ident } = tokenMakers(call);
  return [op("("), ...argBody(call.args[0]), op(")"), ident("COLLATE"), ident(name[0].value)];
}
