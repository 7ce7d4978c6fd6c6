/**
 * A struct, list or map with each date-time it holds (at any depth) rewritten as its ISO 8601 text
 * in UTC, so that its JSON text (to_json) writes the date as a date alone is written, never in
 * DuckDB's own spelling (`2019-10-17 19:55:12+00`). Built from the value's DuckDB type: one
 * expression over the row, no extra pass.
 */
import { type DuckType, holdsPrimitive, parseDuckDbType, quoteIdent, quoteLiteral } from "../../delta/index.js";
import { isoText } from "./zoned-date.js";

const DATE_TIMES = new Set(["TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"]);
const holdsDateTime = (type: DuckType) => holdsPrimitive(type, (name) => DATE_TIMES.has(name));

/** The value's SQL with its date-times as ISO text; the SQL unchanged when its type holds none. */
export function withIsoDates(sql: string, type: string): string {
  const parsed = parseDuckDbType(type);
  return holdsDateTime(parsed) ? rewritten(sql, parsed, 0) : sql;
}

function rewritten(sql: string, type: DuckType, depth: number): string {
  if (!holdsDateTime(type)) return sql;
  // the lambda's body reads only its parameter, so the name cannot hide a column it needs
  const element = `json_date_e${depth}`;
  switch (type.kind) {
    case "primitive":
      return isoText(type.name === "TIMESTAMP WITH TIME ZONE" ? sql : `make_timestamptz(epoch_us(CAST(${sql} AS TIMESTAMP)))`);
    case "list":
    case "array":
      return `list_transform(${sql}, ${element} -> ${rewritten(element, type.element, depth + 1)})`;
    case "struct": {
      // the struct is named once by a lambda, so its SQL is not repeated for each member
      const struct = `json_date_s${depth}`;
      const members = type.fields.map(({ name, type: field }) => `${quoteIdent(name)} := ${rewritten(`struct_extract(${struct}, ${quoteLiteral(name)})`, field, depth + 1)}`);
      return `list_transform([${sql}], ${struct} -> CASE WHEN ${struct} IS NOT NULL THEN struct_pack(${members.join(", ")}) END)[1]`;
    }
    case "map": {
      const entry = (part: "key" | "value", of: DuckType) => rewritten(`struct_extract(${element}, '${part}')`, of, depth + 1);
      return `map_from_entries(list_transform(map_entries(${sql}), ${element} -> struct_pack(key := ${entry("key", type.key)}, value := ${entry("value", type.value)})))`;
    }
  }
}
