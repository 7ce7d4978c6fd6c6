/**
 * One result chunk as an Arrow IPC stream (format ARROW_STREAM): a schema message and one record
 * batch. Values arrive as the workspace's loss-free JSON (results/values.ts), or already in their
 * Arrow form (ArrowValue; duck-arrow-chunk.ts reads them so from DuckDB's vectors), and are encoded
 * exactly: BIGINT as Int64, DECIMAL(p,s) as Decimal128 with scale s, TIMESTAMP as Timestamp(µs,
 * "Etc/UTC") and TIMESTAMP_NTZ as Timestamp(µs), DATE as Date32 days. ARRAY, STRUCT and MAP
 * columns are Utf8 holding the value's JSON text, as a warehouse sends complex types by default.
 */
import * as arrow from "apache-arrow";
import type { JsonValue } from "../results/values.js";
import type { SparkType } from "../sql/spark-types.js";

export interface ChunkColumn {
  name: string;
  type: SparkType;
}

export function arrowChunk(columns: readonly ChunkColumn[], rows: readonly JsonValue[][]): Uint8Array {
  return ipcStream(
    columns,
    columns.map((column, k) => columnData(column.type, rows.map((row) => row[k] ?? null))),
  );
}

/** the IPC stream of one record batch whose columns are laid out already */
export function ipcStream(columns: readonly ChunkColumn[], data: readonly arrow.Data[]): Uint8Array {
  const children: Record<string, arrow.Data> = {};
  columns.forEach((column, k) => {
    children[column.name] = data[k];
  });
  const table = new arrow.Table([new arrow.RecordBatch(children)]);
  return arrow.tableToIPC(table, "stream");
}

/**
 * A value in the form its column's Arrow type stores: bigint for BIGINT, TIMESTAMP (µs) and DECIMAL
 * (the unscaled integer), number for the smaller numbers and DATE (days), boolean, Uint8Array for
 * BINARY, string for STRING and the JSON text of complex values.
 */
export type ArrowValue = number | bigint | boolean | string | Uint8Array | null;

/** a column's values in order, visited as often as its layout needs (an array is one) */
export interface ArrowValues {
  readonly length: number;
  forEach(visit: (v: ArrowValue, i: number) => void): void;
}

/** a column of JSON table values as Arrow */
export function columnData(type: SparkType, values: readonly JsonValue[]): arrow.Data {
  const convert = fromJson(type);
  return arrowColumn(type, values.map((v) => (v === null ? null : convert(v))));
}

/** how a (non-null) JSON table value of a Spark type becomes its ArrowValue */
function fromJson(type: SparkType): (v: JsonValue) => ArrowValue {
  if (typeof type !== "string") return (v) => JSON.stringify(v);
  const decimal = decimalType(type);
  if (decimal) return (v) => scaledDecimal(String(v), decimal.scale);
  switch (type) {
    case "long":
      return (v) => BigInt(v as string | number);
    case "integer":
    case "short":
    case "byte":
    case "float":
    case "double":
      return (v) => Number(v);
    case "date":
      return (v) => Math.round(Date.parse(`${v}T00:00:00Z`) / 86_400_000);
    case "timestamp":
    case "timestamp_ntz":
      return (v) => isoMicros(String(v));
    case "boolean":
      return (v) => v === true || v === "true";
    case "binary":
      return (v) => new Uint8Array(Buffer.from(String(v), "base64"));
    default:
      return (v) => (typeof v === "string" ? v : JSON.stringify(v));
  }
}

/** the Arrow types of the Spark types stored as JS numbers */
const NUMBER_TYPES: Record<string, () => arrow.DataType> = {
  integer: () => new arrow.Int32(),
  short: () => new arrow.Int16(),
  byte: () => new arrow.Int8(),
  float: () => new arrow.Float32(),
  double: () => new arrow.Float64(),
  date: () => new arrow.DateDay(),
};

/** a column of values already in their ArrowValue form, laid out as the Arrow type of its Spark type */
export function arrowColumn(type: SparkType, values: ArrowValues): arrow.Data {
  if (typeof type !== "string") return utf8(values);
  const decimal = decimalType(type);
  if (decimal) {
    let halves: BigInt64Array | undefined;
    return fixedWidth(new arrow.Decimal(decimal.scale, decimal.precision, 128), values, 4, (words, i, v) => {
      halves ??= new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
      writeInt128(halves, i, v as bigint);
    });
  }
  if (type in NUMBER_TYPES) return fixedWidth(NUMBER_TYPES[type](), values, 1, (out, i, v) => ((out as Float64Array)[i] = v as number));
  switch (type) {
    case "long":
      return fixedWidth(new arrow.Int64(), values, 1, (out, i, v) => ((out as BigInt64Array)[i] = v as bigint));
    case "timestamp":
    case "timestamp_ntz": {
      const zone = type === "timestamp" ? "Etc/UTC" : null;
      return fixedWidth(new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, zone), values, 1, (out, i, v) => ((out as BigInt64Array)[i] = v as bigint));
    }
    case "boolean":
      return vector(new arrow.Bool(), values);
    case "binary":
      return vector(new arrow.Binary(), values);
    default:
      return utf8(values);
  }
}

function decimalType(type: string): { precision: number; scale: number } | null {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  return decimal ? { precision: Number(decimal[1]), scale: Number(decimal[2]) } : null;
}

/** A Utf8 column laid out directly (offsets and one data buffer): far faster than Arrow's builders. */
function utf8(values: ArrowValues): arrow.Data<arrow.Utf8> {
  const offsets = new Int32Array(values.length + 1);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let bytes = 0;
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else {
      validity[i >> 3] |= 1 << (i & 7);
      bytes += Buffer.byteLength(v as string);
    }
    offsets[i + 1] = bytes;
  });
  const data = Buffer.allocUnsafe(bytes);
  values.forEach((v, i) => {
    if (v !== null) data.write(v as string, offsets[i], "utf8");
  });
  return arrow.makeData({ type: new arrow.Utf8(), length: values.length, nullCount, nullBitmap: nullCount > 0 ? validity : null, valueOffsets: offsets, data: new Uint8Array(data.buffer, data.byteOffset, bytes) });
}

function vector<T extends arrow.DataType>(type: T, values: ArrowValues): arrow.Data<T> {
  const array: ArrowValue[] = new Array(values.length);
  values.forEach((v, i) => {
    array[i] = v;
  });
  return arrow.vectorFromArray(array as never, type).data[0] as arrow.Data<T>;
}

type Values = BigInt64Array | Int32Array | Int16Array | Int8Array | Float32Array | Float64Array | Uint32Array;

/** A fixed-width column written value by value into its typed array, with a validity bitmap. */
function fixedWidth<T extends arrow.DataType>(type: T, values: ArrowValues, stride: number, write: (out: Values, i: number, v: ArrowValue) => void): arrow.Data<T> {
  const ArrayType = (type as unknown as { ArrayType: new (n: number) => Values }).ArrayType;
  const out = new ArrayType(values.length * stride);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) {
      nullCount++;
      return;
    }
    validity[i >> 3] |= 1 << (i & 7);
    write(out, i, v);
  });
  return arrow.makeData({ type, length: values.length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data: out } as never) as arrow.Data<T>;
}

/** "123.4500" with scale 6 → 123450000n (the digits as the unscaled integer) */
export function scaledDecimal(text: string, scale: number): bigint {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[-+]/, "").split(".");
  const digits = `${whole}${fraction.padEnd(scale, "0").slice(0, scale)}`;
  const value = BigInt(digits === "" ? "0" : digits);
  return negative ? -value : value;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** two's complement as two 64-bit halves, low first; a value within 64 bits (most) is written without new bigints */
function writeInt128(halves: BigInt64Array, index: number, value: bigint): void {
  if (value >= INT64_MIN && value <= INT64_MAX) {
    halves[2 * index] = value;
    halves[2 * index + 1] = value < 0n ? -1n : 0n;
    return;
  }
  halves[2 * index] = BigInt.asIntN(64, value);
  halves[2 * index + 1] = BigInt.asIntN(64, value >> 64n);
}

/** "2024-01-01T00:00:00.123456[Z]" → µs since the epoch, exactly (years beyond JS dates included) */
export function isoMicros(text: string): bigint {
  // the common shape, read without a regular expression
  if (text.length >= 26 && text[4] === "-" && text[10] === "T" && text[19] === ".") {
    const ms = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10), +text.slice(11, 13), +text.slice(14, 16), +text.slice(17, 19));
    const micros = ms * 1000 + Number(text.slice(20, 26));
    if (text.slice(0, 4) >= "0100" && Number.isSafeInteger(micros)) return BigInt(micros);
  }
  const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(text);
  if (!m) throw new Error(`not a timestamp: ${text}`);
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  return BigInt(date.getTime()) * 1000n + BigInt((m[7] ?? "").padEnd(6, "0"));
}
