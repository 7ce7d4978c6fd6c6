/**
 * A struct, list or map with each date-time it holds (at any depth) rewritten as its ISO 8601 text
 * in UTC, so that its JSON text (to_json) writes the date as a date alone is written, never in
 * DuckDB's own spelling (`2019-10-17 19:55:12+00`). Built from the value's DuckDB type: one
 * expression over the row, no extra pass.
 */
import { parseDuckDbType } from "../../delta/index.js";
import { type LeafRewrite, leavesRewritten } from "./leaves-rewritten.js";
import { isoText } from "./zoned-date.js";

const DATE_TIMES = new Set(["TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"]);

const ISO_DATES: LeafRewrite = {
  rewrite: (sql, name) => (DATE_TIMES.has(name) ? isoText(name === "TIMESTAMP WITH TIME ZONE" ? sql : `make_timestamptz(epoch_us(CAST(${sql} AS TIMESTAMP)))`) : undefined),
  type: "VARCHAR",
  prefix: "json_date",
};

/** The value's SQL with its date-times as ISO text; the SQL unchanged when its type holds none. */
export function withIsoDates(sql: string, type: string): string {
  return leavesRewritten(sql, parseDuckDbType(type), ISO_DATES);
}
