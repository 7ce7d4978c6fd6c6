/**
 * A date's zone, as AEP's ZonedDateTime carries one: the instant stays a TIMESTAMPTZ, and beside it
 * the zone its fields are read in (format, date_part, set_date_part) and written with (the ISO
 * text). A named zone is always known when compiling (zone_date_to_zone and make_date_time take a
 * literal); an offset comes per row from the string a date was parsed from. No zone is UTC.
 */
import { quoteLiteral } from "../../delta/index.js";
import { lambdaParameter } from "./lambda-parameter.js";
import { nullOnError } from "./null-on-error.js";

export type Zone = { id: string } | { offsetMinutes: string };

/** The zone a function's zone name gives a date: none for UTC, which is how a date without one is read. */
export function namedZone(id: string): Zone | undefined {
  return id === "UTC" ? undefined : { id };
}

/** The UTC wall time of an instant, whatever the session's time zone (cheaper than AT TIME ZONE, which goes through ICU). */
export function utcWallTime(instant: string): string {
  return `make_timestamp(epoch_us(${instant}))`;
}

/** The wall time (a TIMESTAMP) of an instant in its zone; null where it is past TIMESTAMP's range (an instant near its end, moved by the offset). */
export function localWallTime(instant: string, zone: Zone | undefined): string {
  if (!zone) return utcWallTime(instant);
  if ("id" in zone) return nullOnError(`timezone(${quoteLiteral(zone.id)}, ${instant})`);
  return nullOnError(`(${utcWallTime(instant)} + to_minutes(coalesce(${zone.offsetMinutes}, 0)))`);
}

/** The instant a wall time names in a zone (a wall time in a spring-forward gap moves forward, as Java's ZonedDateTime does). */
export function instantOfWallTime(wallTime: string, zone: Zone | undefined): string {
  if (!zone) return `timezone('UTC', ${wallTime})`;
  if ("id" in zone) return `timezone(${quoteLiteral(zone.id)}, ${wallTime})`;
  return `timezone('UTC', ${wallTime} - to_minutes(coalesce(${zone.offsetMinutes}, 0)))`;
}

/** SQL: the zone's offset from UTC at the instant, in minutes; undefined for no zone (0). */
export function offsetMinutes(instant: string, zone: Zone | undefined): string | undefined {
  if (!zone) return undefined;
  if ("id" in zone) return `((epoch_us(${localWallTime(instant, zone)}) - epoch_us(${instant})) // 60000000)`;
  return `coalesce(${zone.offsetMinutes}, 0)`;
}

/** A date a value may be, and the SQL condition under which it is that value (the choices are tried in order). */
export interface DateChoice {
  when: string;
  date: { sql: string; type: string; zone?: Zone };
}

/**
 * The zone of a value that is one of several dates (a branch of `? :`, an argument of coalesce):
 * their zone when they share one, a per-row offset (each named zone's offset at that date, 0 for
 * UTC) otherwise. A null literal has no zone to give.
 */
export function zoneOfChoice(choices: readonly DateChoice[]): Zone | undefined {
  const dates = choices.filter((c) => c.date.type !== "NULL");
  // lists of dates (each list's zone is its elements') keep only a zone they all share
  if (dates.some((c) => c.date.type.endsWith("[]"))) return sharedZone(dates.map((c) => c.date));
  const zones = dates.map((c) => c.date.zone);
  if (zones.every((z) => !z)) return undefined;
  const [first] = zones;
  if (zones.length === 1 || zones.every((z) => z && first && "id" in z && "id" in first && z.id === first.id)) return first;
  return { offsetMinutes: `(CASE ${dates.map((c) => `WHEN ${c.when} THEN ${offsetMinutes(c.date.sql, c.date.zone) ?? "0"}`).join(" ")} END)` };
}

/** The zone of a value that is one of two dates, as zoneOfChoice. */
export function eitherZone(condition: string, whenTrue: DateChoice["date"], whenFalse: DateChoice["date"]): Zone | undefined {
  return zoneOfChoice([
    { when: condition, date: whenTrue },
    { when: "true", date: whenFalse },
  ]);
}

export interface OffsetStyle {
  /** "Z" for a zero offset */
  zulu: boolean;
  /** minutes after a colon (+02:00) rather than straight after the hours (+0200) */
  colon: boolean;
  /** minutes written only when not zero (+02, +0530), as Java's X and x */
  minutesWhenNonZero?: boolean;
}

/** An offset as Java writes one; a constant when the date has no zone. */
export function offsetText(minutes: string | undefined, style: OffsetStyle): { constant: string } | { sql: string } {
  const separator = style.colon ? ":" : "";
  if (minutes === undefined) return { constant: style.zulu ? "Z" : `+00${style.minutesWhenNonZero ? "" : `${separator}00`}` };
  const pad = (n: string) => `lpad((${n})::VARCHAR, 2, '0')`;
  const hours = `(CASE WHEN ${minutes} < 0 THEN '-' ELSE '+' END) || ${pad(`abs(${minutes}) // 60`)}`;
  const rest = `${quoteLiteral(separator)} || ${pad(`abs(${minutes}) % 60`)}`;
  const written = style.minutesWhenNonZero ? `${hours} || (CASE WHEN ${minutes} % 60 = 0 THEN '' ELSE ${rest} END)` : `${hours} || ${rest}`;
  return { sql: style.zulu ? `(CASE WHEN ${minutes} = 0 THEN 'Z' ELSE ${written} END)` : `(${written})` };
}

const sqlOf = (text: { constant: string } | { sql: string }) => ("sql" in text ? text.sql : quoteLiteral(text.constant));

/**
 * A date as AEP writes one, Java's ZonedDateTime spelling: ISO 8601 in its zone, fractional seconds
 * only when there are some, `Z` in UTC, the offset otherwise (`2019-10-17T11:55:12-08:00`), and a
 * named zone's ID after it (`2021-10-26T17:43:59+02:00[Europe/Paris]`).
 */
export function isoText(instant: string, zone?: Zone): string {
  const wall = localWallTime(instant, zone);
  const offset = sqlOf(offsetText(offsetMinutes(instant, zone), { zulu: true, colon: true }));
  const zoneId = zone && "id" in zone ? ` || ${quoteLiteral(`[${zone.id}]`)}` : "";
  return `(strftime(${wall}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN microsecond(${wall}) % 1000000 = 0 THEN '' ELSE rtrim(strftime(${wall}, '.%f'), '0') END || ${offset}${zoneId})`;
}

/** SQL: the minutes of an offset as written in a string (`Z`, `+08`, `-0800`, `-08:00`); NULL for an empty one. */
export function minutesOfOffsetText(offset: string): string {
  const hours = `TRY_CAST(substr(${offset}, 2, 2) AS INTEGER)`;
  const minutes = `coalesce(TRY_CAST(nullif(replace(substr(${offset}, 4), ':', ''), '') AS INTEGER), 0)`;
  return `(CASE WHEN ${offset} = 'Z' THEN 0 WHEN ${offset} <> '' THEN (CASE WHEN starts_with(${offset}, '-') THEN -1 ELSE 1 END) * (${hours} * 60 + ${minutes}) END)`;
}

/**
 * The zone every date of a list shares, which the list keeps: its elements are read and written in
 * it. Undefined when the dates' zones differ (the list's dates are then in UTC) or none has one.
 */
export function sharedZone(dates: ReadonlyArray<{ type: string; zone?: Zone }>): Zone | undefined {
  const zones = dates.filter((d) => d.type !== "NULL").map((d) => JSON.stringify(d.zone ?? null));
  return zones.length > 0 && zones.every((z) => z === zones[0]) ? dates.find((d) => d.type !== "NULL")!.zone : undefined;
}

/** A list of instants as the list of their texts (isoText) in the zone the list's dates share. */
export function isoTexts(list: string, zone?: Zone): string {
  // the parameter must not hide a column the zone's offset reads (a per-row offset names its columns)
  const columns = zone && "offsetMinutes" in zone ? [...zone.offsetMinutes.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"')) : [];
  const date = lambdaParameter("date_e", columns);
  return `list_transform(${list}, ${date} -> ${isoText(date, zone)})`;
}
