/**
 * One result chunk as an Arrow IPC stream (format ARROW_STREAM): a schema message and one record
 * batch. Values arrive as the workspace's loss-free JSON (results/values.ts) and are encoded
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
  const children: Record<string, arrow.Data> = {};
  columns.forEach((column, k) => {
    children[column.name] = columnData(column.type, rows.map((row) => row[k] ?? null));
  });
  const table = new arrow.Table([new arrow.RecordBatch(children)]);
  return arrow.tableToIPC(table, "stream");
}

function columnData(type: SparkType, values: JsonValue[]): arrow.Data {
  if (typeof type !== "string") return utf8(values.map((v) => (v === null ? null : JSON.stringify(v))));
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    let view: DataView | undefined;
    return fixedWidth(new arrow.Decimal(scale, precision, 128), values, 4, (words, i, v) => {
      view ??= new DataView(words.buffer, words.byteOffset, words.byteLength);
      writeInt128(view, i, scaledDecimal(String(v), scale));
    });
  }
  switch (type) {
    case "long":
      return fixedWidth(new arrow.Int64(), values, 1, (out, i, v) => ((out as BigInt64Array)[i] = BigInt(v as string | number)));
    case "integer":
      return fixedWidth(new arrow.Int32(), values, 1, (out, i, v) => ((out as Int32Array)[i] = Number(v)));
    case "short":
      return fixedWidth(new arrow.Int16(), values, 1, (out, i, v) => ((out as Int16Array)[i] = Number(v)));
    case "byte":
      return fixedWidth(new arrow.Int8(), values, 1, (out, i, v) => ((out as Int8Array)[i] = Number(v)));
    case "float":
      return fixedWidth(new arrow.Float32(), values, 1, (out, i, v) => ((out as Float32Array)[i] = Number(v)));
    case "double":
      return fixedWidth(new arrow.Float64(), values, 1, (out, i, v) => ((out as Float64Array)[i] = Number(v)));
    case "date":
      return fixedWidth(new arrow.DateDay(), values, 1, (out, i, v) => ((out as Int32Array)[i] = Math.round(Date.parse(`${v}T00:00:00Z`) / 86_400_000)));
    case "timestamp":
    case "timestamp_ntz": {
      const zone = type === "timestamp" ? "Etc/UTC" : null;
      return fixedWidth(new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, zone), values, 1, (out, i, v) => ((out as BigInt64Array)[i] = isoMicros(String(v))));
    }
    case "boolean":
      return vector(new arrow.Bool(), values.map((v) => (v === null ? null : v === true || v === "true")));
    case "binary":
      return vector(new arrow.Binary(), values.map((v) => (v === null ? null : new Uint8Array(Buffer.from(String(v), "base64")))));
    default:
      return utf8(values.map((v) => (v === null ? null : typeof v === "string" ? v : JSON.stringify(v))));
  }
}

/** A Utf8 column laid out directly (offsets and one data buffer): far faster than Arrow's builders. */
function utf8(values: Array<string | null>): arrow.Data<arrow.Utf8> {
  const offsets = new Int32Array(values.length + 1);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let bytes = 0;
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else {
      validity[i >> 3] |= 1 << (i & 7);
      bytes += Buffer.byteLength(v);
    }
    offsets[i + 1] = bytes;
  });
  const data = Buffer.allocUnsafe(bytes);
  values.forEach((v, i) => {
    if (v !== null) data.write(v, offsets[i], "utf8");
  });
  return arrow.makeData({ type: new arrow.Utf8(), length: values.length, nullCount, nullBitmap: nullCount > 0 ? validity : null, valueOffsets: offsets, data: new Uint8Array(data.buffer, data.byteOffset, bytes) });
}

function vector<T extends arrow.DataType>(type: T, values: unknown[]): arrow.Data<T> {
  return arrow.vectorFromArray(values as never, type).data[0] as arrow.Data<T>;
}

type Values = BigInt64Array | Int32Array | Int16Array | Int8Array | Float32Array | Float64Array | Uint32Array;

/** A fixed-width column written value by value into its typed array, with a validity bitmap. */
function fixedWidth<T extends arrow.DataType>(type: T, values: JsonValue[], stride: number, write: (out: Values, i: number, v: JsonValue) => void): arrow.Data<T> {
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

function writeInt128(view: DataView, index: number, value: bigint): void {
  const u = BigInt.asUintN(128, value);
  view.setBigUint64(index * 16, u & 0xffff_ffff_ffff_ffffn, true);
  view.setBigUint64(index * 16 + 8, u >> 64n, true);
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
