/**
 * A SQL warehouse's result chunks (Arrow IPC streams) as the Parquet files the ingestion reads,
 * with the DuckDB types a cluster's export would have given (stagedDuckDbType), so the mapping,
 * validation and commit are the same whatever the compute. Values never pass through a lossy
 * form. A chunk of flat columns is copied buffer by buffer into a plain Parquet file
 * (arrow-plain-parquet.ts); a chunk with a nested column goes through JSON lines, where Int64 and
 * Timestamp(µs) stay 64-bit integers, Decimal128 becomes its exact digits, and the JSON text of
 * ARRAY, STRUCT and MAP columns is read with every number kept as text.
 */
import { createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { finished } from "node:stream/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import * as arrow from "apache-arrow";
import type { SqlColumn } from "../databricks/client.js";
import { parseLosslessJson } from "../databricks/lossless-json.js";
import { stagedDuckDbType, type SparkType } from "../databricks/spark-types.js";
import { quoteIdent, quoteLiteral } from "../delta/index.js";
import { type PlainChunk, plainParquetOf } from "./arrow-plain-parquet.js";

type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

/** Writes one chunk as `target` (Parquet); returns its row count. */
export async function arrowChunkToParquet(conn: DuckDBConnection, bytes: Uint8Array, columns: readonly SqlColumn[], target: string): Promise<number> {
  const table = arrow.tableFromIPC(bytes);
  const plain = plainParquetOf(table, columns);
  if (plain) await throughPlainParquet(conn, plain, target);
  else await throughJsonLines(conn, table, columns, target);
  return table.numRows;
}

/** Flat columns: their bytes as a plain Parquet file, which DuckDB gives the staged types. */
async function throughPlainParquet(conn: DuckDBConnection, plain: PlainChunk, target: string): Promise<void> {
  const raw = `${target}.plain`;
  try {
    await writeFile(raw, plain.pieces);
    await conn.run(`COPY (SELECT ${plain.projection} FROM read_parquet(${quoteLiteral(raw)})) TO ${quoteLiteral(target)} (FORMAT PARQUET)`);
  } finally {
    await rm(raw, { force: true });
  }
}

/** Any column: each row as a JSON line, which DuckDB reads with the staged types declared. */
async function throughJsonLines(conn: DuckDBConnection, table: arrow.Table, columns: readonly SqlColumn[], target: string): Promise<void> {
  const readers = columns.map((column) => {
    const vector = table.getChild(column.name);
    if (!vector) throw new Error(`a result chunk has no column ${column.name}`);
    return cellReader(vector, column.type);
  });
  const lines = `${target}.jsonl`;
  const out = createWriteStream(lines);
  try {
    for (let row = 0; row < table.numRows; row++) {
      const record: Record<string, Cell> = {};
      columns.forEach((column, k) => (record[column.name] = readers[k](row)));
      if (!out.write(JSON.stringify(record) + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    out.end();
    await finished(out);
    const declared = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(jsonType(c.type))}`).join(", ");
    const projection = columns.map((c) => `${fromJson(c.type, quoteIdent(c.name))} AS ${quoteIdent(c.name)}`).join(", ");
    await conn.run(
      `COPY (SELECT ${projection} FROM read_json(${quoteLiteral(lines)}, format = 'newline_delimited', columns = {${declared}})) ` +
        `TO ${quoteLiteral(target)} (FORMAT PARQUET)`,
    );
  } finally {
    out.destroy();
    await rm(lines, { force: true });
  }
}

/** How a column travels through the JSON lines: timestamps as µs integers, binary as base64, the rest as their staged type. */
function jsonType(type: SparkType): string {
  if (type.kind === "primitive" && (type.name === "timestamp" || type.name === "timestamp_ntz")) return "BIGINT";
  if (type.kind === "primitive" && type.name === "binary") return "VARCHAR";
  return stagedDuckDbType(type);
}

function fromJson(type: SparkType, column: string): string {
  if (type.kind === "primitive" && type.name === "timestamp") return `make_timestamp(${column})::TIMESTAMPTZ`;
  if (type.kind === "primitive" && type.name === "timestamp_ntz") return `make_timestamp(${column})`;
  if (type.kind === "primitive" && type.name === "binary") return `from_base64(${column})`;
  return column;
}

function cellReader(vector: arrow.Vector, type: SparkType): (row: number) => Cell {
  const arrowType = vector.type as arrow.DataType;
  const valid = (row: number) => vector.isValid(row);
  if (arrow.DataType.isDecimal(arrowType)) {
    const scale = arrowType.scale;
    return (row) => (valid(row) ? decimalText(vector, row, scale) : null);
  }
  if (arrow.DataType.isTimestamp(arrowType)) {
    const perUnit = [1_000_000n, 1000n, 1n, 1n][arrowType.unit];
    const divisor = arrowType.unit === arrow.TimeUnit.NANOSECOND ? 1000n : 1n;
    return (row) => (valid(row) ? String((int64At(vector, row) * perUnit) / divisor) : null);
  }
  if (arrow.DataType.isInt(arrowType) && arrowType.bitWidth === 64) return (row) => (valid(row) ? String(int64At(vector, row)) : null);
  if (arrow.DataType.isDate(arrowType)) return (row) => (valid(row) ? new Date(vector.get(row) as number).toISOString().slice(0, 10) : null);
  if (arrow.DataType.isBinary(arrowType)) return (row) => (valid(row) ? Buffer.from(vector.get(row) as Uint8Array).toString("base64") : null);
  if (arrow.DataType.isFloat(arrowType)) {
    return (row) => {
      if (!valid(row)) return null;
      const n = vector.get(row) as number;
      // JSON has no -0 (JSON.stringify writes 0), NaN or Infinity: their text, which DuckDB casts exactly
      if (Object.is(n, -0)) return "-0.0";
      return Number.isFinite(n) ? n : String(n);
    };
  }
  if (arrow.DataType.isUtf8(arrowType) && (type.kind === "array" || type.kind === "struct" || type.kind === "map")) {
    return (row) => (valid(row) ? numbersAsText(parseLosslessJson(vector.get(row) as string)) : null);
  }
  if (arrow.DataType.isUtf8(arrowType) || arrow.DataType.isBool(arrowType) || arrow.DataType.isInt(arrowType)) {
    return (row) => (valid(row) ? (vector.get(row) as Cell) : null);
  }
  // native nested Arrow types (a warehouse asked for them): their JSON form, numbers as text
  return (row) => (valid(row) ? numbersAsText(parseLosslessJson(JSON.stringify(vector.get(row), (_k, v) => (typeof v === "bigint" ? v.toString() : v)))) : null);
}

/** the row's 64-bit value, read from the column's chunk that holds it (a slice's values start at its first row) */
function int64At(vector: arrow.Vector, row: number): bigint {
  const { data, index } = locate(vector, row);
  return BigInt((data.values as BigInt64Array)[index]);
}

function decimalText(vector: arrow.Vector, row: number, scale: number): string {
  const { data, index } = locate(vector, row);
  const words = data.values as Uint32Array;
  const at = index * 4;
  let value = 0n;
  for (let k = 3; k >= 0; k--) value = (value << 32n) | BigInt(words[at + k]);
  value = BigInt.asIntN(128, value);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const text = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return negative ? `-${text}` : text;
}

function locate(vector: arrow.Vector, row: number): { data: arrow.Data; index: number } {
  let index = row;
  for (const data of vector.data) {
    if (index < data.length) return { data, index };
    index -= data.length;
  }
  throw new RangeError(`row ${row} is beyond the column's ${vector.length} values`);
}

/** numbers become their text, which DuckDB casts to the declared type exactly (0.1 into a DECIMAL is 0.1) */
function numbersAsText(value: unknown): Cell {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(numbersAsText);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsText(v)]));
  return value as Cell;
}
