/**
 * One result chunk as an Arrow IPC stream, read column by column from the DuckDB data chunks that
 * hold its rows instead of through the JSON table values: a BIGINT, number, DECIMAL, DATE,
 * TIMESTAMP, VARCHAR or BOOLEAN vector's items are already what the column's Arrow type stores
 * (bigint, number, unscaled bigint, days, µs, string, boolean), so they are laid out as they are.
 * The bytes are those arrowChunk (arrow-chunk.ts) gives for the same rows: a column of any other
 * type, or holding a value the JSON path treats specially (a date outside years 0000–9999, a
 * timestamp beyond JS dates), goes through the JSON table values as before.
 */
import {
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBDateValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBVector,
} from "@duckdb/node-api";
import type * as arrow from "apache-arrow";
import { duckToSpark } from "../results/duck-to-spark.js";
import { toJsonValue, type JsonValue } from "../results/values.js";
import { arrowColumn, columnData, ipcStream, type ArrowValue, type ChunkColumn } from "./arrow-chunk.js";

/** the columns' DuckDB types are those of the data chunks' vectors, in the same order */
export function duckArrowChunk(columns: readonly ChunkColumn[], types: readonly DuckDBType[], chunks: readonly DuckDBDataChunk[]): Uint8Array {
  return ipcStream(
    columns,
    columns.map((column, k) => columnFromVectors(column, types[k], chunks, k)),
  );
}

function columnFromVectors(column: ChunkColumn, type: DuckDBType, chunks: readonly DuckDBDataChunk[], k: number): arrow.Data {
  const form = duckToSpark(type) === column.type ? directForm(type) : null;
  if (form) {
    try {
      return arrowColumn(column.type, new VectorValues(chunks, k, form));
    } catch (error) {
      if (!(error instanceof NoDirectForm)) throw error;
    }
  }
  const json: JsonValue[] = [];
  new VectorValues(chunks, k, (vector, j) => toJsonValue(vector.getItem(j), type)).forEach((v) => json.push(v));
  return columnData(column.type, json);
}

/** reads item j of a vector; undefined when the item has no direct form */
type ItemReader<T> = (vector: DuckDBVector, j: number) => T | undefined;

/** an item the JSON path treats specially: its whole column goes through the JSON path */
class NoDirectForm extends Error {}

/** column k's items across the data chunks, read in order each time they are visited (never held as one array) */
class VectorValues<T> {
  readonly length: number;

  constructor(
    private readonly chunks: readonly DuckDBDataChunk[],
    private readonly k: number,
    private readonly read: ItemReader<T>,
  ) {
    this.length = chunks.reduce((n, chunk) => n + chunk.rowCount, 0);
  }

  forEach(visit: (v: T, i: number) => void): void {
    let i = 0;
    for (const chunk of this.chunks) {
      const vector = chunk.getColumnVector(this.k);
      for (let j = 0; j < vector.itemCount; j++) {
        const value = this.read(vector, j);
        if (value === undefined) throw new NoDirectForm();
        visit(value, i++);
      }
    }
  }
}

/** Date.parse reads "YYYY-MM-DD" for years 0000–9999 only: other days go through the JSON path, as they always did */
const FIRST_DAY = -719_528; // 0000-01-01
const LAST_DAY = 2_932_896; // 9999-12-31
/** formatMicros writes ±"infinity" beyond 100,000,000 days and JS dates end at +100,000,000 days: the JSON path refuses both */
const MICROS_PER_DAY = 86_400_000_000n;
const FIRST_MICROS = -100_000_000n * MICROS_PER_DAY;
const LAST_MICROS = 100_000_000n * MICROS_PER_DAY;

/** a DECIMAL vector of any width: its unscaled values are numbers up to DECIMAL(9,s), bigints beyond */
type DecimalVector = DuckDBVector & { getScaledValue(j: number): number | bigint | null };

/** how an item of a vector of this DuckDB type is read as its ArrowValue, or null when the type has no direct form */
function directForm(type: DuckDBType): ItemReader<ArrowValue> | null {
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.BOOLEAN:
      return (vector, j) => vector.getItem(j) as ArrowValue;
    case DuckDBTypeId.DECIMAL:
      return (vector, j) => {
        const unscaled = (vector as DecimalVector).getScaledValue(j);
        return typeof unscaled === "number" ? BigInt(unscaled) : unscaled;
      };
    case DuckDBTypeId.DATE:
      return (vector, j) => {
        const date = vector.getItem(j) as DuckDBDateValue | null;
        if (date === null) return null;
        return date.days >= FIRST_DAY && date.days <= LAST_DAY ? date.days : undefined;
      };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (vector, j) => {
        const timestamp = vector.getItem(j) as DuckDBTimestampValue | null;
        if (timestamp === null) return null;
        return timestamp.micros >= FIRST_MICROS && timestamp.micros <= LAST_MICROS ? timestamp.micros : undefined;
      };
    default:
      return null;
  }
}
