/**
 * Staged text that is not UTF-8. Spark writes whatever bytes a STRING holds (a STRING cast from
 * BINARY, data loaded unchecked), while DuckDB refuses such a value when it reads the file, naming
 * the file and the value but not the column. This finds the columns, so the run's failure says which
 * column to fix instead of DuckDB's message alone.
 */
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { holdsPrimitive, parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { MappingError } from "../dataprep/mapping-sql.js";

const INVALID_TEXT = /Invalid string encoding found in Parquet file "([^"]+)": value "(.*)" is not valid UTF8/;

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
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`).then((r) => r.getRowObjectsJson(), () => []);
  const columns = described as Array<{ column_name: string; column_type: string }>;
  const holdingText = columns.filter((c) => holdsPrimitive(parseDuckDbType(c.column_type), (name) => name === "VARCHAR"));
  const invalid: string[] = [];
  for (const { column_name: name } of holdingText) {
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
