/**
 * Where the proleptic Gregorian calendar and Spark's legacy hybrid one (Julian before 1582-10-15)
 * disagree: a DuckDB condition that finds a date or timestamp before Spark's lines at any depth of a
 * value. Spark's EXCEPTION rebase mode refuses such values when it writes Parquet, its LEGACY mode
 * moves them (src/lake/legacy-calendar.ts; the local workspace's exports apply the same lines).
 */
import { type DuckType } from "./duckdb-types.js";
import { quoteLiteral } from "./sql.js";

export const GREGORIAN_DATES_FROM = "1582-10-15";
export const UNSHIFTED_TIMESTAMPS_FROM = "1900-01-01 00:00:00+00";

/** Which of a primitive DuckDB type's values a legacy calendar may shift: dates, timestamps, or none. */
export type ShiftedKind = (primitive: string) => "date" | "timestamp" | undefined;

/** Every date and every timestamp, with or without a time zone: what a legacy-marked file may hold shifted. */
export const datesAndTimestamps: ShiftedKind = (primitive) => {
  if (primitive === "DATE") return "date";
  return primitive.startsWith("TIMESTAMP") ? "timestamp" : undefined;
};

/** What Spark 3 itself refuses (EXCEPTION) or moves (LEGACY) when it writes: dates, and timestamps with a time zone (never TIMESTAMP_NTZ). */
export const sparkRebasedOnWrite: ShiftedKind = (primitive) => {
  if (primitive === "DATE") return "date";
  return primitive === "TIMESTAMP WITH TIME ZONE" ? "timestamp" : undefined;
};

/**
 * A DuckDB condition, true when the value of `expr` (of `type`) holds a date or timestamp before the
 * lines, at any depth: a member, an element, a map's key or value. Undefined when the type holds none.
 */
export function ancientValueCondition(expr: string, type: DuckType, kind: ShiftedKind, depth = 0): string | undefined {
  switch (type.kind) {
    case "primitive": {
      const shifted = kind(type.name);
      if (shifted === "date") return `${expr} < DATE '${GREGORIAN_DATES_FROM}'`;
      if (shifted === "timestamp") return `${expr}::TIMESTAMP WITH TIME ZONE < TIMESTAMP WITH TIME ZONE '${UNSHIFTED_TIMESTAMPS_FROM}'`;
      return undefined;
    }
    case "struct": {
      const members = type.fields
        .map((f) => ancientValueCondition(`struct_extract(${expr}, ${quoteLiteral(f.name)})`, f.type, kind, depth + 1))
        .filter((c): c is string => c !== undefined);
      return members.length > 0 ? `(${members.map((c) => `coalesce(${c}, false)`).join(" OR ")})` : undefined;
    }
    case "list":
    case "array":
      return anyElement(expr, type.element, kind, depth);
    case "map": {
      const sides = [anyElement(`map_keys(${expr})`, type.key, kind, depth), anyElement(`map_values(${expr})`, type.value, kind, depth)];
      const held = sides.filter((c): c is string => c !== undefined);
      return held.length > 0 ? `(${held.map((c) => `coalesce(${c}, false)`).join(" OR ")})` : undefined;
    }
  }
}

function anyElement(list: string, element: DuckType, kind: ShiftedKind, depth: number): string | undefined {
  const variable = `e${depth}`;
  const condition = ancientValueCondition(variable, element, kind, depth + 1);
  return condition && `list_bool_or(list_transform(${list}, ${variable} -> coalesce(${condition}, false)))`;
}
