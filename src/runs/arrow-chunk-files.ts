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
import { holdsAtAnyDepth, stagedDuckDbType, type SparkType } from "../databricks/spark-types.js";
import { exactZerosOptionsOf, quoteIdent, quoteLiteral } from "../delta/index.js";
import { mapBounded } from "../util/map-bounded.js";
import { plainParquetOf } from "./arrow-plain-parquet.js";

type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

/** A chunk written where DuckDB can read it: its columns' bytes as plain Parquet, or its rows as JSON lines. */
interface ReadableChunk {
  file: string;
  reader: "parquet" | "json";
  /** the SELECT list giving each column its staged type */
  projection: string;
  rows: number;
}

/**
 * Consecutive chunks of one result as staged Parquet files: each chunk fetched (`parallel` at a
 * time) and written where DuckDB reads it, then every run of chunks read alike written as one file
 * `${targetBase}-<n>.parquet`, rows in the chunks' order. Returns the files and the rows in them.
 */
export async function arrowChunksToParquet(
  conn: DuckDBConnection,
  count: number,
  fetch: (index: number) => Promise<Uint8Array>,
  columns: readonly SqlColumn[],
  targetBase: string,
  parallel: number,
): Promise<{ files: string[]; rows: number }> {
  const readable: ReadableChunk[] = [];
  try {
    await mapBounded(Array.from({ length: count }, (_, k) => k), parallel, async (k) => {
      readable[k] = await writeReadable(await fetch(k), columns, `${targetBase}.chunk-${k}`);
    });
    const staged: string[] = [];
    for (const run of runsReadAlike(readable)) {
      const target = `${targetBase}-${staged.length}.parquet`;
      const sources = run.map((c) => c.file);
      const from = run[0].reader === "parquet" ? `read_parquet(${fileList(sources)})` : jsonLines(sources, columns);
      const select = `SELECT ${run[0].projection} FROM ${from}`;
      const options = ["FORMAT PARQUET", ...(await exactZerosOptionsOf(conn, select))];
      await conn.run(`COPY (${select}) TO ${quoteLiteral(target)} (${options.join(", ")})`);
      staged.push(target);
    }
    return { files: staged, rows: readable.reduce((n, c) => n + c.rows, 0) };
  } finally {
    await Promise.all(readable.map((c) => c && rm(c.file, { force: true })));
  }
}

/** the chunks cut where the way they are read changes (a result's chunks are all read alike, but for a column too large for a page) */
function runsReadAlike(chunks: readonly ReadableChunk[]): ReadableChunk[][] {
  const runs: ReadableChunk[][] = [];
  for (const chunk of chunks) {
    const last = runs.at(-1);
    if (last && last[0].reader === chunk.reader && last[0].projection === chunk.projection) last.push(chunk);
    else runs.push([chunk]);
  }
  return runs;
}

async function writeReadable(bytes: Uint8Array, columns: readonly SqlColumn[], base: string): Promise<ReadableChunk> {
  const table = arrow.tableFromIPC(bytes);
  const plain = plainParquetOf(table, columns);
  const chunk: ReadableChunk = plain
    ? { file: `${base}.plain`, reader: "parquet", projection: plain.projection, rows: table.numRows }
    : { file: `${base}.jsonl`, reader: "json", projection: jsonProjection(columns), rows: table.numRows };
  try {
    if (plain) await writeFile(chunk.file, plain.pieces);
    else await writeJsonLines(table, columns, chunk.file);
    return chunk;
  } catch (error) {
    await rm(chunk.file, { force: true });
    throw error;
  }
}

const fileList = (files: readonly string[]) => `[${files.map(quoteLiteral).join(", ")}]`;

/** JSON lines files read with the columns' staged types declared */
function jsonLines(files: readonly string[], columns: readonly SqlColumn[]): string {
  const declared = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(jsonType(c.type))}`).join(", ");
  return `read_json(${fileList(files)}, format = 'newline_delimited', columns = {${declared}})`;
}

function jsonProjection(columns: readonly SqlColumn[]): string {
  return columns.map((c) => `${fromJson(c.type, quoteIdent(c.name))} AS ${quoteIdent(c.name)}`).join(", ");
}

/** Any column: each row as a JSON line, which DuckDB reads with the staged types declared. */
async function writeJsonLines(table: arrow.Table, columns: readonly SqlColumn[], file: string): Promise<void> {
  const readers = columns.map((column) => {
    const vector = table.getChild(column.name);
    if (!vector) throw new Error(`a result chunk has no column ${column.name}`);
    return cellReader(vector, column.type);
  });
  const out = createWriteStream(file);
  try {
    for (let row = 0; row < table.numRows; row++) {
      const record: Record<string, Cell> = {};
      columns.forEach((column, k) => (record[column.name] = readers[k](row)));
      if (!out.write(JSON.stringify(record) + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    out.end();
    await finished(out);
  } finally {
    out.destroy();
  }
}

/**
 * How a column travels through the JSON lines: timestamps as µs integers, binary as base64 (also
 * inside arrays, structs and maps, whose JSON text spells a BINARY so), the rest as their staged type.
 */
function jsonType(type: SparkType): string {
  if (type.kind === "primitive" && (type.name === "timestamp" || type.name === "timestamp_ntz")) return "BIGINT";
  return withBase64Binary(type);
}

/** The staged DuckDB type with every BINARY, at any depth, as the VARCHAR of its base64 text. */
function withBase64Binary(type: SparkType): string {
  if (!holdsBinary(type)) return stagedDuckDbType(type);
  switch (type.kind) {
    case "array":
      return `${withBase64Binary(type.element)}[]`;
    case "map":
      return `MAP(${withBase64Binary(type.key)}, ${withBase64Binary(type.value)})`;
    case "struct":
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${withBase64Binary(f.type)}`).join(", ")})`;
    default:
      return "VARCHAR";
  }
}

const holdsBinary = (type: SparkType) => holdsAtAnyDepth(type, (t) => t.kind === "primitive" && t.name === "binary");

function fromJson(type: SparkType, column: string): string {
  if (type.kind === "primitive" && type.name === "timestamp") return `make_timestamp(${column})::TIMESTAMPTZ`;
  if (type.kind === "primitive" && type.name === "timestamp_ntz") return `make_timestamp(${column})`;
  return decodedBinary(column, type);
}

/** A value read as withBase64Binary's type, its base64 BINARY leaves decoded: the staged type. */
function decodedBinary(expr: string, type: SparkType, depth = 0): string {
  if (!holdsBinary(type)) return expr;
  switch (type.kind) {
    case "array": {
      const v = `x${depth}`;
      return `list_transform(${expr}, lambda ${v}: ${decodedBinary(v, type.element, depth + 1)})`;
    }
    case "map": {
      const e = `e${depth}`;
      return `map_from_entries(list_transform(map_entries(${expr}), lambda ${e}: struct_pack(key := ${decodedBinary(`${e}.key`, type.key, depth + 1)}, value := ${decodedBinary(`${e}.value`, type.value, depth + 1)})))`;
    }
    case "struct": {
      const parts = type.fields.map((f) => `${quoteIdent(f.name)} := ${decodedBinary(`struct_extract(${expr}, ${quoteLiteral(f.name)})`, f.type, depth + 1)}`);
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${parts.join(", ")}) END`;
    }
    default:
      return `from_base64(${expr})`;
  }
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
