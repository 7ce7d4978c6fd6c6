/**
 * DuckDB values as the JSON a Databricks table result carries. Precision never passes through a
 * JS number: BIGINT beyond 2^53 and every DECIMAL become strings, timestamps keep microseconds
 * (ISO 8601, `Z` for Spark TIMESTAMP, none for TIMESTAMP_NTZ), BINARY is base64.
 */
import {
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBArrayValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampNanosecondsValue,
} from "@duckdb/node-api";

import { variantNodeOf } from "../engine/variant-duck-values.js";
import { formatDate } from "../../../src/delta/java-text.js";
import { variantJson } from "../../../src/delta/variant-json.js";

export { formatDate };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MICROS_PER_DAY = 86_400_000_000n;

export function toJsonValue(value: DuckDBValue, type: DuckDBType): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.UINTEGER: {
      const big = typeof value === "bigint" ? value : BigInt(String(value));
      return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : big.toString();
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE: {
      const n = value as number;
      if (Number.isNaN(n)) return "NaN";
      // JSON has no -0 (JSON.stringify writes 0): its text, as for NaN and the infinities
      if (Object.is(n, -0)) return "-0.0";
      if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
      return type.typeId === DuckDBTypeId.FLOAT ? shortestFloat32(n) : n;
    }
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toString();
    case DuckDBTypeId.DATE:
      return formatDate((value as DuckDBDateValue).days);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return formatMicros((value as DuckDBTimestampTZValue).micros, true);
    case DuckDBTypeId.TIMESTAMP:
      return formatMicros((value as DuckDBTimestampValue).micros, false);
    case DuckDBTypeId.TIMESTAMP_MS:
      return formatMicros((value as DuckDBTimestampMillisecondsValue).millis * 1000n, false);
    case DuckDBTypeId.TIMESTAMP_S:
      return formatMicros((value as DuckDBTimestampSecondsValue).seconds * 1_000_000n, false);
    case DuckDBTypeId.TIMESTAMP_NS:
      return formatMicros((value as DuckDBTimestampNanosecondsValue).nanos / 1000n, false);
    case DuckDBTypeId.BLOB:
      return Buffer.from((value as DuckDBBlobValue).bytes).toString("base64");
    case DuckDBTypeId.VARIANT:
      // a result shows a VARIANT as its JSON, its timestamps in UTC (DEVIATIONS.md)
      return variantJson(variantNodeOf(value, type), "UTC");
    case DuckDBTypeId.LIST:
      return (value as DuckDBListValue).items.map((v) => toJsonValue(v, type.valueType));
    case DuckDBTypeId.ARRAY:
      return (value as DuckDBArrayValue).items.map((v) => toJsonValue(v, type.valueType));
    case DuckDBTypeId.STRUCT: {
      const entries = (value as DuckDBStructValue).entries;
      const out: Record<string, JsonValue> = {};
      type.entryNames.forEach((name, k) => {
        out[name] = toJsonValue(entries[name] ?? null, type.entryTypes[k]);
      });
      return out;
    }
    case DuckDBTypeId.MAP: {
      const out: Record<string, JsonValue> = {};
      for (const { key, value: v } of (value as DuckDBMapValue).entries) {
        const k = toJsonValue(key, type.keyType);
        out[typeof k === "string" ? k : JSON.stringify(k)] = toJsonValue(v, type.valueType);
      }
      return out;
    }
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return value as boolean | number;
    default:
      return typeof value === "string" ? value : String(value);
  }
}

/** the shortest decimal that reads back as the same 32-bit float (16.848, not 16.847999572753906) */
function shortestFloat32(n: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(n.toPrecision(digits));
    if (Math.fround(candidate) === n) return candidate;
  }
  return n;
}

const pad = (n: number | bigint, width: number) => String(n).padStart(width, "0");

/** µs since the epoch → 2024-01-01T00:00:00.123456[Z] (always six fraction digits, like Spark's JSON) */
export function formatMicros(micros: bigint, utc: boolean): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  if (days > 100_000_000n || days < -100_000_000n) return micros > 0n ? "infinity" : "-infinity";
  const secondsOfDay = Number(rest / 1_000_000n);
  const fraction = rest % 1_000_000n;
  const hh = Math.floor(secondsOfDay / 3600);
  const mm = Math.floor((secondsOfDay % 3600) / 60);
  const ss = secondsOfDay % 60;
  return `${formatDate(Number(days))}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${pad(fraction, 6)}${utc ? "Z" : ""}`;
}
